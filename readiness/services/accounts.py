"""Accounts, logging in, respondent invitations and the audit trail (shared mode).

Passwords: only an argon2id hash (argon2-cffi's defaults) is stored; the password itself
is never stored, logged, printed or put in the audit trail. The policy: at least
:data:`MIN_PASSWORD_LENGTH` characters, not a well-known password, not the username.

Logging in: after :data:`MAX_FAILED_ATTEMPTS` wrong passwords in a row the account is
locked for :data:`LOCK_MINUTES` minutes (kept in the database, so it holds across
processes and restarts). The refusal is the same sentence whatever went wrong (unknown
name, wrong password, locked, deactivated), and an unknown name costs the same hashing
work as a known one, so neither the text nor the time tells whether an account exists.

Invitations: a respondent gets a personal link ``<base url>/?uitnodiging=<token>`` with a
token from :func:`secrets.token_urlsafe` (32 bytes). Only the token's SHA-256 is
stored, so the database cannot hand out working links. A link stops working when it is
revoked or when its round is finalised.

Audit: every change of an answer, action, round or account is recorded by the use case
that makes it (who, what, when). :func:`list_audit` and :func:`audit_csv` show it to
coordinators (their own corporation) and beheerders (everything).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from readiness.access import (
    ACCOUNT_ROLES,
    ROLE_LABELS,
    AccessDenied,
    Actor,
    Kind,
    Permission,
    can,
    require,
)
from readiness.export.safety import neutralise_formula
from readiness.models import NotFoundError, Respondent, Round
from readiness.services import App, assessment, authorise
from readiness.services.assessment import ValidationError
from readiness.store import AccountRecord, AuditEntry, InvitationRecord

__all__ = [
    "INVITATION_PARAM",
    "LOCK_MINUTES",
    "LOGIN_FAILED",
    "MAX_FAILED_ATTEMPTS",
    "MIN_PASSWORD_LENGTH",
    "AccountInfo",
    "InvitationInfo",
    "InvitationInvalid",
    "InvitationLink",
    "LoginFailed",
    "activate_account",
    "audit_csv",
    "authenticate",
    "authenticate_sso",
    "check_password",
    "create_account",
    "create_invitation",
    "deactivate_account",
    "has_active_beheerder",
    "invite_respondent",
    "list_accounts",
    "list_audit",
    "list_invitations",
    "new_invitation",
    "refresh_actor",
    "resolve_invitation",
    "revoke_invitation",
    "set_password",
]

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
INVITATION_PARAM = "uitnodiging"  # the URL parameter of a respondent's link

LOGIN_FAILED = (
    "Inloggen is niet gelukt. Controleer uw naam en wachtwoord. Na "
    f"{MAX_FAILED_ATTEMPTS} mislukte pogingen is een account {LOCK_MINUTES} minuten geblokkeerd; "
    "een uitgeschakeld account kan niet inloggen."
)
SSO_NO_ACCOUNT = (
    "U bent aangemeld als {email}, maar voor dit adres is geen actief account in Voordeurcheck. "
    "Vraag de beheerder om een account met precies dit e-mailadres."
)
INVITATION_UNKNOWN = (
    "Deze uitnodigingslink is niet geldig. Controleer of u de hele link hebt gekopieerd, of vraag "
    "de coördinator van uw corporatie om een nieuwe link."
)
INVITATION_REVOKED = (
    "Deze uitnodigingslink is ingetrokken. Vraag de coördinator van uw corporatie om een nieuwe link."
)
INVITATION_EXPIRED = (
    "Deze uitnodigingslink is verlopen: de meting is afgerond, er kan niets meer worden ingevuld. "
    "Dank voor uw medewerking."
)

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@+\-]{2,253}$")

# Well-known passwords (long enough to pass the length rule, so worth refusing by name),
# Dutch and international. Compared in lower case, also with trailing digits/signs removed.
COMMON_PASSWORDS = frozenset(
    """
    123456789012 1234567890123 12345678901234 123456123456 111111111111 000000000000
    qwertyuiop12 qwertyuiopasdf qwerty123456 1q2w3e4r5t6y 1qaz2wsx3edc password1234
    password12345 passwordpassword iloveyou1234 administrator admin1234567 adminadmin123
    welcome12345 letmein12345 changeme1234 trustno11234 football1234 baseball1234
    sunshine1234 princess1234 dragon123456 monkey123456 superman1234 starwars1234
    wachtwoord wachtwoord123 wachtwoord1234 welkom123456 welkomwelkom geheimgeheim
    voordeurcheck voordeurcheck1 voordeurcheck123 woningcorporatie corporatie123
    beheerder123 coordinator123 denktank1234 zomer2024zomer winter2024winter
    """.split()
)
_COMMON_STEMS = frozenset({"password", "wachtwoord", "welkom", "welcome", "qwerty", "admin", "letmein",
                           "geheim", "voordeurcheck", "beheerder", "iloveyou", "changeme"})


class LoginFailed(ValueError):
    """Logging in did not work; the Dutch message says nothing about which part was wrong."""


class InvitationInvalid(ValueError):
    """An invitation link that is unknown, revoked or expired (Dutch message)."""


# --------------------------------------------------------------------------- hashing


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the username is unknown (same work, same timing)."""
    return _hasher().hash(secrets.token_urlsafe(16))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- accounts


@dataclass(frozen=True)
class AccountInfo:
    """An account as shown to a beheerder: never its password hash."""

    id: int
    username: str
    role: str
    org_id: int | None
    org_name: str | None
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and _aware(self.locked_until) > now


def _info(app: App, record: AccountRecord, names: dict[int, str] | None = None) -> AccountInfo:
    org_name = None
    if record.org_id is not None:
        org_name = (names or {}).get(record.org_id) or app.repo.get_organisation_by_id(record.org_id).name
    return AccountInfo(
        id=record.id,
        username=record.username,
        role=record.role,
        org_id=record.org_id,
        org_name=org_name,
        active=record.active,
        created_at=record.created_at,
        last_login_at=record.last_login_at,
        locked_until=record.locked_until,
    )


def normalise_username(username: str) -> str:
    """Usernames (often e-mail addresses) compare without case and outer spaces."""
    return (username or "").strip().lower()


def check_password(password: str, username: str = "") -> None:
    """Raise ValidationError (Dutch) when `password` does not meet the policy."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Het wachtwoord is te kort ({len(password)} tekens): gebruik er minstens "
            f"{MIN_PASSWORD_LENGTH}. Een zin van een paar woorden is sterk en goed te onthouden."
        )
    if password != password.strip():
        raise ValidationError("Het wachtwoord begint of eindigt met een spatie; haal die weg.")
    lower = password.lower()
    stem = lower.rstrip("0123456789!?.#@$%&*-_ ")
    if lower in COMMON_PASSWORDS or stem in _COMMON_STEMS or stem in COMMON_PASSWORDS:
        raise ValidationError("Dit wachtwoord is te bekend en wordt snel geraden. Kies een ander wachtwoord.")
    if len(set(password)) < 5:
        raise ValidationError("Het wachtwoord bestaat uit te weinig verschillende tekens. Kies een ander wachtwoord.")
    name = normalise_username(username).split("@")[0]
    if name and len(name) >= 3 and name in lower:
        raise ValidationError("Het wachtwoord bevat de gebruikersnaam. Kies een ander wachtwoord.")


def _check_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise ValidationError(
            "Kies als gebruikersnaam een e-mailadres of een inlognaam van minstens 3 tekens: "
            "letters, cijfers en . _ @ + - (geen spaties)."
        )
    return name


def create_account(
    app: App, username: str, password: str, role: str, org_slug: str | None = None
) -> AccountInfo:
    """A new account. A coordinator belongs to one corporation (`org_slug`); a beheerder
    or denktank member to none."""
    require(app.actor, Permission.ACCOUNTS_MANAGE)
    name = _check_username(username)
    if role not in ACCOUNT_ROLES:
        raise ValidationError(f"Onbekende rol '{role}'. Kies uit: {', '.join(ACCOUNT_ROLES)}.")
    org_id = None
    if role == Kind.COORDINATOR:
        if not org_slug:
            raise ValidationError("Een coördinator hoort bij één corporatie: geef de korte naam van de corporatie op.")
        try:
            org_id = app.repo.get_organisation(org_slug).id
        except NotFoundError:
            raise ValidationError(
                f"Er is geen corporatie met de korte naam '{org_slug}' (zie: readiness orgs)."
            ) from None
    elif org_slug:
        raise ValidationError(f"Een account met de rol {role} hoort niet bij één corporatie; laat de corporatie weg.")
    check_password(password, name)
    password_hash = _hasher().hash(password)
    with app.writing():
        record = app.repo.add_account(name, password_hash, role, org_id)
        app.audit(org_id, "account", record.id, f"account '{name}' aangemaakt met de rol {role}")
    return _info(app, record)


def list_accounts(app: App) -> list[AccountInfo]:
    require(app.actor, Permission.ACCOUNTS_MANAGE)
    names = {o.id: o.name for o in app.repo.list_organisations()}
    return [_info(app, r, names) for r in app.repo.list_accounts()]


def _account(app: App, username: str) -> AccountRecord:
    record = app.repo.find_account(normalise_username(username))
    if record is None:
        raise ValidationError(f"Er is geen account met de naam '{username}'.")
    return record


def deactivate_account(app: App, username: str) -> AccountInfo:
    """Switch an account off (it stays for the audit trail). Its sessions end at their next step."""
    require(app.actor, Permission.ACCOUNTS_MANAGE)
    with app.writing():
        record = _account(app, username)
        if record.role == Kind.BEHEERDER and record.active and app.repo.count_active_accounts(Kind.BEHEERDER) <= 1:
            raise ValidationError(
                "Dit is de laatste actieve beheerder. Maak eerst een andere beheerder aan; "
                "zonder beheerder start de gedeelde installatie niet."
            )
        changed = app.repo.set_account_active(record.id, False)
        app.audit(record.org_id, "account", record.id, f"account '{record.username}' uitgeschakeld")
    return _info(app, changed)


def activate_account(app: App, username: str) -> AccountInfo:
    """Switch an account on again (this also lifts a lock)."""
    require(app.actor, Permission.ACCOUNTS_MANAGE)
    with app.writing():
        record = _account(app, username)
        changed = app.repo.set_account_active(record.id, True)
        app.audit(record.org_id, "account", record.id, f"account '{record.username}' ingeschakeld")
    return _info(app, changed)


def set_password(app: App, username: str, password: str) -> None:
    """Give an account a new password (this also lifts a lock)."""
    require(app.actor, Permission.ACCOUNTS_MANAGE)
    record = _account(app, username)
    check_password(password, record.username)
    with app.writing():
        app.repo.set_password_hash(record.id, _hasher().hash(password))
        app.audit(record.org_id, "account", record.id, f"wachtwoord van '{record.username}' opnieuw ingesteld")


def has_active_beheerder(app: App) -> bool:
    """Whether the shared installation can start: at least one active beheerder."""
    return app.repo.count_active_accounts(Kind.BEHEERDER) > 0


# --------------------------------------------------------------------------- logging in


def _actor(record: AccountRecord) -> Actor:
    return Actor(kind=Kind(record.role), username=record.username, account_id=record.id, org_id=record.org_id)


def authenticate(app: App, username: str, password: str) -> Actor:
    """The actor for a correct username and password; :class:`LoginFailed` otherwise.

    Counts failures and locks the account after MAX_FAILED_ATTEMPTS of them.
    """
    name = normalise_username(username)
    record = app.repo.find_account(name) if name else None
    if record is None:
        _verify(_dummy_hash(), password or "")  # the same work as for a real account
        raise LoginFailed(LOGIN_FAILED)
    correct = _verify(record.password_hash, password or "")
    now = _now()
    locked = record.locked_until is not None and _aware(record.locked_until) > now
    if locked or not record.active:
        raise LoginFailed(LOGIN_FAILED)  # not even a correct password opens it now
    if not correct:
        with app.writing():
            after = app.repo.record_login_failure(
                record.id, MAX_FAILED_ATTEMPTS, now + dt.timedelta(minutes=LOCK_MINUTES)
            )
            if after.locked_until is not None and _aware(after.locked_until) > now:
                app.repo.record_audit(
                    record.username, record.org_id, "account", record.id,
                    f"{MAX_FAILED_ATTEMPTS} mislukte inlogpogingen: {LOCK_MINUTES} minuten geblokkeerd",
                )  # fmt: skip
        raise LoginFailed(LOGIN_FAILED)
    with app.writing():
        if _hasher().check_needs_rehash(record.password_hash):
            app.repo.set_password_hash(record.id, _hasher().hash(password))
        app.repo.record_login_success(record.id, now)
        app.repo.record_audit(record.username, record.org_id, "account", record.id, "ingelogd")
    return _actor(record)


def authenticate_sso(app: App, email: str) -> Actor:
    """The actor for an identity confirmed by single sign-on (st.login): the account whose
    username is that e-mail address. Only call this with an e-mail from a verified token."""
    name = normalise_username(email)
    record = app.repo.find_account(name) if name else None
    now = _now()
    if record is None or not record.active or (
        record.locked_until is not None and _aware(record.locked_until) > now
    ):
        raise LoginFailed(SSO_NO_ACCOUNT.format(email=email or "(geen e-mailadres)"))
    with app.writing():
        app.repo.record_login_success(record.id, now)
        app.repo.record_audit(record.username, record.org_id, "account", record.id, "ingelogd (single sign-on)")
    return _actor(record)


def refresh_actor(app: App, actor: Actor) -> Actor | None:
    """The actor again if its account is still active and unchanged (role, corporation);
    None when the session must end. Actors without an account are returned as they are."""
    if actor.account_id is None:
        return actor
    try:
        record = app.repo.get_account(actor.account_id)
    except NotFoundError:
        return None
    if not record.active or record.role != actor.kind or record.org_id != actor.org_id:
        return None
    return actor


# --------------------------------------------------------------------------- invitations


@dataclass(frozen=True)
class InvitationLink:
    """A new invitation: the link is shown once (its token is not stored anywhere)."""

    id: int
    link: str
    respondent: Respondent
    round: Round


@dataclass(frozen=True)
class InvitationInfo:
    id: int
    round_id: int
    respondent_id: int
    respondent_label: str
    role: str
    created_at: dt.datetime
    revoked: bool
    mailed_at: dt.datetime | None = None  # when it (or its last reminder) was mailed
    reminders: int = 0
    by_mail: bool = False  # an (encrypted) address is kept for reminders; never the address


def _link(app: App, token: str) -> str:
    return f"{app.settings.base_url}/?{INVITATION_PARAM}={token}"


def new_invitation(
    app: App, round_: Round, respondent: Respondent, *, email: str | None = None, reminders: int = 0
) -> InvitationLink:
    """A new link for `respondent` of `round_`. `email` is the *encrypted* address it is
    mailed to (readiness.services.mailing)."""
    authorise(app, Permission.ORG_WRITE, round_id=round_.id, respondent_id=respondent.id)
    return _new_invitation(app, round_, respondent, email=email, reminders=reminders)


def _new_invitation(
    app: App, round_: Round, respondent: Respondent, *, email: str | None = None, reminders: int = 0
) -> InvitationLink:
    token = secrets.token_urlsafe(32)
    record = app.repo.add_invitation(_token_hash(token), round_.id, respondent.id, email=email, reminders=reminders)
    app.audit(
        round_.org_id, "uitnodiging", record.id,
        f"uitnodiging gemaakt voor respondent '{respondent.label}' in meting '{round_.label}'",
    )  # fmt: skip
    return InvitationLink(id=record.id, link=_link(app, token), respondent=respondent, round=round_)


def create_invitation(
    app: App, org_slug: str, round_label: str, role: str, label: str = ""
) -> InvitationLink:
    """A new respondent with `role` in the round named `round_label`, and their link."""
    org = assessment.get_organisation(app, org_slug)  # refuses someone else's corporation
    authorise(app, Permission.ORG_WRITE, org_id=org.id)
    round_ = app.repo.find_round(org.id, round_label)
    if round_ is None:
        known = ", ".join(f"'{r.label}'" for r in app.repo.list_rounds(org.id)) or "geen"
        raise ValidationError(f"{org.name} heeft geen meting met de naam '{round_label}'. Metingen: {known}.")
    if round_.is_final:
        raise ValidationError(
            f"De meting '{round_.label}' is definitief; er kunnen geen respondenten meer worden uitgenodigd."
        )
    with app.writing():
        respondent = assessment.add_respondent(app, round_.id, role, label)
        return _new_invitation(app, round_, respondent)


def invite_respondent(app: App, respondent_id: int) -> InvitationLink:
    """A new link for an existing respondent (e.g. when the first one was lost).
    Earlier links keep working until they are revoked."""
    authorise(app, Permission.ORG_WRITE, respondent_id=respondent_id)
    place = app.repo.respondent_place(respondent_id)
    round_ = app.repo.get_round(place.respondent.round_id)
    if round_.is_final:
        raise ValidationError(f"De meting '{round_.label}' is definitief; een uitnodiging heeft geen zin meer.")
    with app.writing():
        return _new_invitation(app, round_, place.respondent)


def list_invitations(app: App, round_id: int) -> list[InvitationInfo]:
    authorise(app, Permission.ORG_READ, round_id=round_id)
    respondents = {r.id: r for r in app.repo.list_respondents(round_id)}
    out = []
    for record in app.repo.list_invitations(round_id):
        respondent = respondents.get(record.respondent_id)
        out.append(
            InvitationInfo(
                id=record.id,
                round_id=record.round_id,
                respondent_id=record.respondent_id,
                respondent_label=respondent.label if respondent else "",
                role=respondent.role if respondent else "",
                created_at=record.created_at,
                revoked=record.revoked,
                mailed_at=record.mailed_at,
                reminders=record.reminders,
                by_mail=record.email is not None,
            )
        )
    return out


def revoke_invitation(app: App, invitation_id: int) -> None:
    """Make a link stop working at once (the respondent and their answers stay)."""
    try:
        record = app.repo.get_invitation(invitation_id)
    except NotFoundError:
        if can(app.actor, Permission.ORG_WRITE):
            raise  # lokaal / beheerder: it does not exist
        raise AccessDenied() from None
    org_id = authorise(app, Permission.ORG_WRITE, round_id=record.round_id, resolve=True)
    with app.writing():
        app.repo.revoke_invitation(invitation_id)
        app.repo.clear_invitation_email(invitation_id)  # a revoked link keeps no address
        app.audit(org_id, "uitnodiging", invitation_id, "uitnodiging ingetrokken")


def _invitation_record(app: App, token: str) -> InvitationRecord:
    token = (token or "").strip()
    record = app.repo.find_invitation(_token_hash(token)) if 20 <= len(token) <= 200 else None
    if record is None:
        raise InvitationInvalid(INVITATION_UNKNOWN)
    if record.revoked:
        raise InvitationInvalid(INVITATION_REVOKED)
    return record


def resolve_invitation(app: App, token: str) -> Actor:
    """The respondent actor of a valid invitation token; InvitationInvalid (Dutch) otherwise."""
    record = _invitation_record(app, token)
    try:
        place = app.repo.respondent_place(record.respondent_id)
    except NotFoundError:
        raise InvitationInvalid(INVITATION_UNKNOWN) from None
    if place.round_final:
        raise InvitationInvalid(INVITATION_EXPIRED)
    if place.closes_on is not None and app.today() > place.closes_on:
        from readiness.services.responses import closed_message

        raise InvitationInvalid(closed_message(app.repo.get_round(place.respondent.round_id)))
    return Actor(
        kind=Kind.RESPONDENT,
        username=f"respondent via uitnodiging {record.id}",
        org_id=place.org_id,
        round_id=place.respondent.round_id,
        respondent_id=place.respondent.id,
        invitation_id=record.id,
    )


# --------------------------------------------------------------------------- audit trail

AUDIT_COLUMNS = ("tijdstip_utc", "wie", "corporatie", "onderdeel", "nummer", "wijziging")


def list_audit(app: App, org_id: int | None = None) -> list[AuditEntry]:
    """The audit trail, newest first: of one corporation, or (org_id None) of everything,
    which only lokaal and beheerder may see."""
    if org_id is None:
        require(app.actor, Permission.AUDIT_READ)
    else:
        authorise(app, Permission.AUDIT_READ, org_id=org_id)
    return list(reversed(app.repo.list_audit(org_id)))


def audit_csv(app: App, org_id: int | None = None) -> bytes:
    """The audit trail (as :func:`list_audit`) as CSV, safe to open in a spreadsheet."""
    entries = list_audit(app, org_id)
    slugs = {o.id: o.slug for o in assessment.list_organisations(app)}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    for e in entries:
        org = slugs.get(e.org_id, "" if e.org_id is None else str(e.org_id))
        writer.writerow(
            [
                e.at.astimezone(dt.UTC).replace(microsecond=0).isoformat(),
                *(neutralise_formula(v) for v in (e.actor, org, e.entity, e.entity_id, e.change)),
            ]
        )
    return buffer.getvalue().encode("utf-8")
