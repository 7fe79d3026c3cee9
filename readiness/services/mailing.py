"""Invitations and reminders by e-mail, with the privacy of the addresses kept.

The coordinator pastes a list of addresses for one role; every address becomes a new
respondent with that role (labelled by role and number, never by the address) and a
personal invitation link, mailed to that address alone. Reminders go to the invited
respondents who have not answered every question yet.

What is stored of an address: only on its invitation, encrypted with
VOORDEURCHECK_MAIL_KEY (:class:`readiness.mail.AddressBox`), never in the audit trail,
an export, the sector data or a page next to answers. It is removed when the invitation
is revoked or its round is finalised (in the store, so no path forgets it). A reminder
carries a new link (the token of the first is not stored anywhere): the address moves
to that new invitation, the first link keeps working.

Without a mail server (VOORDEURCHECK_SMTP_HOST not set) nothing is mailed and no
address is stored: the invitations are made and their links returned to copy by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from readiness.access import Permission
from readiness.export.labels import long_date
from readiness.mail import (
    DEFAULT_TEXTS,
    KINDS,
    AddressBox,
    MailError,
    Mailer,
    Message,
    check_template,
    parse_addresses,
    render,
    INVITATION,
    REMINDER,
)
from readiness.models import Organisation, Round
from readiness.privacy import check_free_text
from readiness.services import App, accounts, assessment, authorise
from readiness.services.accounts import InvitationLink
from readiness.services.assessment import ValidationError
from readiness.services.responses import finished_respondents

__all__ = [
    "InviteOutcome",
    "MailText",
    "RemindOutcome",
    "invite_by_email",
    "mail_configured",
    "mail_text",
    "remind",
    "reset_mail_text",
    "save_mail_text",
]


def mail_configured(app: App) -> bool:
    return app.settings.smtp is not None


@dataclass(frozen=True)
class InviteOutcome:
    """What :func:`invite_by_email` did. ``links`` (address, link) only without a mail
    server: to copy by hand, shown once, stored nowhere."""

    mailed: list[str] = field(default_factory=list)  # respondent labels, e.g. "Uitvoering 3"
    failed: list[str] = field(default_factory=list)  # respondent labels whose mail did not go out
    links: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""  # why the failed ones failed (Dutch)


@dataclass(frozen=True)
class RemindOutcome:
    reminded: list[str] = field(default_factory=list)  # respondent labels
    failed: list[str] = field(default_factory=list)
    skipped_finished: int = 0  # invited by mail, but already done
    error: str = ""


@dataclass(frozen=True)
class MailText:
    kind: str
    subject: str
    body: str
    own: bool  # the corporation's own text (False: the built-in one)


# --------------------------------------------------------------------------- texts


def mail_text(app: App, org_id: int, kind: str) -> MailText:
    """The text the corporation's messages of `kind` use: its own, or the built-in one."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    _check_kind(kind)
    own = app.repo.get_mail_template(org_id, kind)
    if own is None:
        subject, body = DEFAULT_TEXTS[kind]
        return MailText(kind, subject, body, own=False)
    return MailText(kind, own.subject, own.body, own=True)


def save_mail_text(app: App, org_id: int, kind: str, subject: str, body: str) -> MailText:
    """Store the corporation's own text; refused (Dutch) when it cannot be sent as is."""
    authorise(app, Permission.ORG_WRITE, org_id=org_id)
    _check_kind(kind)
    subject, body = subject.strip(), body.strip() + "\n"
    check_template(subject, body)
    check_free_text(subject, "Onderwerp van het bericht")
    check_free_text(body, "Tekst van het bericht")
    with app.writing():
        app.repo.save_mail_template(org_id, kind, subject, body)
        app.audit(org_id, "berichttekst", kind, f"eigen tekst van de {kind} opgeslagen")
    return MailText(kind, subject, body, own=True)


def reset_mail_text(app: App, org_id: int, kind: str) -> MailText:
    """Go back to the built-in text."""
    authorise(app, Permission.ORG_WRITE, org_id=org_id)
    _check_kind(kind)
    with app.writing():
        app.repo.delete_mail_template(org_id, kind)
        app.audit(org_id, "berichttekst", kind, f"standaardtekst van de {kind} teruggezet")
    return mail_text(app, org_id, kind)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError(f"Onbekend soort bericht '{kind}'. Kies uit: {', '.join(KINDS)}.")


def _message(app: App, org: Organisation, round_: Round, role: str, kind: str, to: str, link: str) -> Message:
    text = mail_text(app, org.id, kind)
    values = {
        "corporatie": org.name,
        "meting": round_.label,
        "rol": app.checklist.role_label(role),
        "sluitingsdatum": long_date(round_.closes_on) if round_.closes_on else "nog niet vastgesteld",
        "link": link,
    }
    return Message(to=to, subject=render(text.subject, values), body=render(text.body, values))


# --------------------------------------------------------------------------- inviting


def invite_by_email(app: App, org_slug: str, round_label: str, role: str, addresses: str) -> InviteOutcome:
    """Invite every address in the pasted list as a respondent with `role`.

    The invitations are made in one transaction (all or none); then each message is
    sent. A message that does not go out leaves its invitation unsent: the reminder
    button sends it later."""
    parsed = parse_addresses(addresses)
    org = assessment.get_organisation(app, org_slug)
    authorise(app, Permission.ORG_WRITE, org_id=org.id)
    if role not in {r.id for r in app.checklist.roles}:
        raise ValidationError(f"Onbekende rol '{role}'. Kies uit: {', '.join(r.id for r in app.checklist.roles)}.")
    round_ = app.repo.find_round(org.id, round_label)
    if round_ is None:
        raise ValidationError(f"{org.name} heeft geen meting met de naam '{round_label}'.")
    if round_.is_final:
        raise ValidationError(f"De meting '{round_.label}' is definitief; er kan niemand meer worden uitgenodigd.")
    _refuse_if_closed(app, round_)
    smtp = app.settings.smtp
    box = AddressBox(smtp.mail_key) if smtp else None
    made: list[tuple[str, InvitationLink]] = []
    with app.writing():
        for address in parsed:
            respondent = assessment.add_respondent(app, round_.id, role)
            made.append(
                (address, accounts.new_invitation(app, round_, respondent, email=box.seal(address) if box else None))
            )
    if smtp is None:
        return InviteOutcome(links=[(address, link.link) for address, link in made])
    sent, failed, error = _send(app, org, round_, made, INVITATION)
    return InviteOutcome(mailed=sent, failed=failed, error=error)


def _send(
    app: App, org: Organisation, round_: Round, made: list[tuple[str, InvitationLink]], kind: str
) -> tuple[list[str], list[str], str]:
    """Mail each (address, invitation); mark the ones that went out. Returns the labels
    sent and failed, and why the failed ones failed."""
    sent: list[str] = []
    failed: list[str] = []
    error = ""
    try:
        with Mailer(app.settings.smtp).connect() as send:
            for address, invitation in made:
                try:
                    send(_message(app, org, round_, invitation.respondent.role, kind, address, invitation.link))
                except MailError as exc:
                    failed.append(invitation.respondent.label)
                    error = str(exc)
                    continue
                with app.writing():
                    app.repo.mark_invitation_mailed(invitation.id, dt.datetime.now(dt.UTC), reminder=kind == REMINDER)
                sent.append(invitation.respondent.label)
    except MailError as exc:
        error = str(exc)
        failed.extend(i.respondent.label for _, i in made if i.respondent.label not in sent)
    with app.writing():
        if sent:
            word = "uitnodiging" if kind == INVITATION else "herinnering"
            app.audit(round_.org_id, "uitnodiging", round_.id,
                      f"{len(sent)} keer een {word} gemaild voor meting '{round_.label}'")  # fmt: skip
    return sent, failed, error


# --------------------------------------------------------------------------- reminding


def _refuse_if_closed(app: App, round_) -> None:
    """Inviting and reminding stop at the round's closing date, until it is extended."""
    if round_.is_closed(app.today()):
        raise ValidationError(
            f"De meting '{round_.label}' is gesloten na {long_date(round_.closes_on)}. Verleng eerst de "
            "sluitingsdatum."
        )


def remind(app: App, round_id: int) -> RemindOutcome:
    """Mail a reminder, with a fresh personal link, to every respondent of the round who
    was invited by mail and has not answered every question. Nobody else hears of it."""
    org_id = authorise(app, Permission.ORG_WRITE, round_id=round_id, resolve=True)
    round_ = app.repo.get_round(round_id)
    if round_.is_final:
        raise ValidationError(f"De meting '{round_.label}' is definitief; herinneren heeft geen zin meer.")
    _refuse_if_closed(app, round_)
    smtp = app.settings.smtp
    if smtp is None:
        raise ValidationError(
            "Er is geen mailserver ingesteld (VOORDEURCHECK_SMTP_HOST), dus herinneringen kunnen niet per e-mail. "
            "Stuur de respondenten die nog niet klaar zijn zelf een bericht."
        )
    box = AddressBox(smtp.mail_key)
    org = app.repo.get_organisation_by_id(org_id if org_id is not None else round_.org_id)
    done = finished_respondents(app, round_id)
    respondents = {r.id: r for r in app.repo.list_respondents(round_id)}
    mailed = [i for i in app.repo.list_invitations(round_id) if i.email and not i.revoked]
    skipped = sum(1 for i in mailed if i.respondent_id in done)
    made: dict[str, list[tuple[str, InvitationLink]]] = {INVITATION: [], REMINDER: []}
    unreadable = 0
    with app.writing():
        for record in mailed:
            if record.respondent_id in done or record.respondent_id not in respondents:
                continue
            address = box.open(record.email)
            if address is None:
                unreadable += 1
                continue
            invitation = accounts.new_invitation(
                app, round_, respondents[record.respondent_id], email=record.email, reminders=record.reminders
            )
            app.repo.clear_invitation_email(record.id)  # the address moves to the newest link
            # whose invitation never went out (the mail server was down) gets the invitation now
            made[INVITATION if record.mailed_at is None else REMINDER].append((address, invitation))
    sent, failed, error = [], [], ""
    for kind, batch in made.items():
        if batch:
            s, f, e = _send(app, org, round_, batch, kind)
            sent, failed, error = sent + s, failed + f, e or error
    if unreadable:
        error = (error + " " if error else "") + (
            f"{unreadable} adres(sen) zijn met een andere sleutel versleuteld en konden niet worden gelezen "
            "(is VOORDEURCHECK_MAIL_KEY veranderd?)."
        )
    return RemindOutcome(reminded=sent, failed=failed, skipped_finished=skipped, error=error)


def mailed_respondents(app: App, round_id: int) -> set[int]:
    """Ids of the round's respondents who can be reminded by mail (an address is kept)."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    return {i.respondent_id for i in app.repo.list_invitations(round_id) if i.email and not i.revoked}
