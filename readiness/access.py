"""Who may do what: actors, permissions and the one table of rules.

Pure domain (standard library and pydantic only). The services layer asks
:func:`require` before every use case; the UI may ask :func:`can` to decide what to
show, but hiding a button is never the protection.

Roles (see ``RULES``):

- ``lokaal``: local mode, no login. The one user on this machine manages everything
  (the app then only listens on the loopback address). The command line also runs as
  this actor: whoever can run it can open the database file anyway.
- ``beheerder``: runs the shared platform: corporations, accounts, settings, every
  corporation's data and the whole audit trail.
- ``denktank``: only the anonymised sector view.
- ``coordinator``: everything of their own corporation (rounds, respondents, answers,
  plan, exports, import, its audit trail) and the anonymised sector view; nothing of
  another corporation.
- ``respondent``: reads and writes only their own answers in their own round, through
  a personal invitation link, and only while that round is not final.
- ``anoniem``: not logged in (shared mode): nothing at all.

A refusal never says whether a corporation, round or respondent of someone else
exists: the message is the same for "not yours" and "not there".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    LOCAL = "lokaal"
    BEHEERDER = "beheerder"
    DENKTANK = "denktank"
    COORDINATOR = "coordinator"
    RESPONDENT = "respondent"
    ANONYMOUS = "anoniem"


#: Roles an account can have (a respondent needs no account; lokaal/anoniem are no accounts).
ACCOUNT_ROLES: tuple[str, ...] = (Kind.BEHEERDER, Kind.DENKTANK, Kind.COORDINATOR)

ROLE_LABELS: dict[str, str] = {
    Kind.LOCAL: "lokaal (geen inlog)",
    Kind.BEHEERDER: "beheerder",
    Kind.DENKTANK: "denktank",
    Kind.COORDINATOR: "coördinator",
    Kind.RESPONDENT: "respondent",
    Kind.ANONYMOUS: "niet ingelogd",
}


class Permission(StrEnum):
    ORG_CREATE = "org_create"  # add a corporation
    ORG_READ = "org_read"  # rounds, results, plan, progress of a corporation
    ORG_WRITE = "org_write"  # start/finalise rounds, respondents, invitations
    ANSWER_READ = "answer_read"  # the questionnaire: its corporation, round, respondent(s), answers
    ANSWER_WRITE = "answer_write"  # save an answer
    PLAN_WRITE = "plan_write"  # add and change improvement actions
    EXPORT = "export"  # reports and data files of a corporation
    IMPORT = "import"  # read answers or an export into a corporation
    SECTOR_READ = "sector_read"  # the sector publications: view and download every format
    SECTOR_PUBLISH = "sector_publish"  # create a sector publication (spends privacy budget)
    ACCOUNTS_MANAGE = "accounts_manage"  # create, list, deactivate accounts
    AUDIT_READ = "audit_read"  # the audit trail


class Scope(StrEnum):
    """How far a permission reaches."""

    ALL = "alle"  # every corporation (and platform-wide calls without a corporation)
    OWN_ORG = "eigen corporatie"  # only the actor's corporation
    OWN_RESPONDENT = "eigen vragenlijst"  # only the actor's own respondent, round not final
    PUBLIC = "openbaar"  # no corporation involved (e.g. the anonymised sector view)


_EVERYTHING = {p: Scope.ALL for p in Permission}

#: THE rules: per kind of actor, the permissions it has and how far they reach.
#: Anything not listed is refused.
RULES: dict[Kind, dict[Permission, Scope]] = {
    Kind.LOCAL: dict(_EVERYTHING),
    Kind.BEHEERDER: dict(_EVERYTHING),
    Kind.DENKTANK: {Permission.SECTOR_READ: Scope.PUBLIC},
    Kind.COORDINATOR: {
        Permission.ORG_READ: Scope.OWN_ORG,
        Permission.ORG_WRITE: Scope.OWN_ORG,
        Permission.ANSWER_READ: Scope.OWN_ORG,
        Permission.ANSWER_WRITE: Scope.OWN_ORG,
        Permission.PLAN_WRITE: Scope.OWN_ORG,
        Permission.EXPORT: Scope.OWN_ORG,
        Permission.IMPORT: Scope.OWN_ORG,
        Permission.AUDIT_READ: Scope.OWN_ORG,
        Permission.SECTOR_READ: Scope.PUBLIC,
    },
    Kind.RESPONDENT: {
        Permission.ANSWER_READ: Scope.OWN_RESPONDENT,
        Permission.ANSWER_WRITE: Scope.OWN_RESPONDENT,
    },
    Kind.ANONYMOUS: {},
}

DENIED = (
    "U heeft geen toegang tot deze gegevens of deze handeling. "
    "Neem contact op met de beheerder als u denkt dat dit niet klopt."
)
ROUND_CLOSED = (
    "Deze vragenlijst kan niet meer worden ingevuld of bekeken: de meting is afgerond "
    "of de uitnodiging is niet meer geldig."
)


class AccessDenied(PermissionError, ValueError):
    """The actor may not do this. The message is Dutch and reveals nothing about others.

    Also a ValueError, so every place that shows a user error (the pages' forms, the
    command line) shows this calmly instead of a traceback.
    """

    def __init__(self, message: str = DENIED) -> None:
        super().__init__(message)

    def __str__(self) -> str:  # OSError would print "[Errno ...]"-style tuples otherwise
        return self.args[0] if self.args else DENIED


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking. Built by the services (login, invitation) or as LOCAL_ACTOR."""

    kind: Kind
    username: str
    account_id: int | None = None
    org_id: int | None = None  # coordinator, respondent
    round_id: int | None = None  # respondent
    respondent_id: int | None = None  # respondent
    invitation_id: int | None = None  # respondent: the link it came in with (re-checked on every write)

    def __post_init__(self) -> None:
        kind = Kind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not self.username:
            raise ValueError("an actor needs a name for the audit trail")
        if kind == Kind.COORDINATOR and self.org_id is None:
            raise ValueError("a coordinator belongs to one corporation (org_id)")
        if kind == Kind.RESPONDENT and None in (self.org_id, self.round_id, self.respondent_id):
            raise ValueError("a respondent needs org_id, round_id and respondent_id")
        if kind not in (Kind.COORDINATOR, Kind.RESPONDENT) and self.org_id is not None:
            raise ValueError(f"a {kind.value} does not belong to one corporation")

    @property
    def label(self) -> str:
        """How the actor appears in the audit trail."""
        return self.username

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.kind]


LOCAL_ACTOR = Actor(kind=Kind.LOCAL, username="lokaal")
ANONYMOUS = Actor(kind=Kind.ANONYMOUS, username="anoniem")


def scope_of(actor: Actor, permission: Permission) -> Scope | None:
    """How far `permission` reaches for this actor; None when it does not have it."""
    return RULES[actor.kind].get(Permission(permission))


def can(
    actor: Actor,
    permission: Permission,
    org_id: int | None = None,
    respondent_id: int | None = None,
    *,
    round_id: int | None = None,
    round_final: bool | None = None,
) -> bool:
    """Whether `actor` may use `permission` on the given corporation / respondent / round.

    ``org_id=None`` asks for the permission across corporations (e.g. "list every
    corporation's audit trail"): only actors with scope ALL or PUBLIC have that.
    For a respondent every id that is given must be their own, and ``round_final``
    must not be True.
    """
    scope = scope_of(actor, permission)
    if scope is None:
        return False
    if scope in (Scope.ALL, Scope.PUBLIC):
        return True
    if org_id is None or org_id != actor.org_id:
        return False
    if scope == Scope.OWN_ORG:
        return True
    # OWN_RESPONDENT
    if respondent_id is not None and respondent_id != actor.respondent_id:
        return False
    if round_id is not None and round_id != actor.round_id:
        return False
    return round_final is not True


def require(
    actor: Actor,
    permission: Permission,
    org_id: int | None = None,
    respondent_id: int | None = None,
    *,
    round_id: int | None = None,
    round_final: bool | None = None,
) -> None:
    """Raise :class:`AccessDenied` unless :func:`can` says yes."""
    if not can(actor, permission, org_id, respondent_id, round_id=round_id, round_final=round_final):
        if actor.kind == Kind.RESPONDENT and round_final and org_id == actor.org_id:
            raise AccessDenied(ROUND_CLOSED)
        raise AccessDenied()


def may_publish(actor: Actor, publishers: frozenset[str] | tuple[str, ...] = ()) -> bool:
    """Whether `actor` may create a sector publication: anyone with SECTOR_PUBLISH
    (beheerder, lokaal), or a denktank account whose username the installation lists
    as a publisher (``VOORDEURCHECK_SECTOR_PUBLISHERS``)."""
    if can(actor, Permission.SECTOR_PUBLISH):
        return True
    names = {name.strip().lower() for name in publishers}
    return actor.kind == Kind.DENKTANK and actor.username.strip().lower() in names


def sees_everything(actor: Actor, permission: Permission) -> bool:
    """True when the permission reaches every corporation (no lookup needed to check it)."""
    return scope_of(actor, permission) == Scope.ALL


def permission_table() -> list[tuple[str, str, str]]:
    """(role, permission, scope) rows of :data:`RULES`, for documentation and the UI."""
    return [
        (ROLE_LABELS[kind], permission.value, scope.value)
        for kind, rules in RULES.items()
        for permission, scope in rules.items()
    ]


__all__ = [
    "ACCOUNT_ROLES",
    "ANONYMOUS",
    "DENIED",
    "LOCAL_ACTOR",
    "ROLE_LABELS",
    "ROUND_CLOSED",
    "RULES",
    "AccessDenied",
    "Actor",
    "Kind",
    "Permission",
    "Scope",
    "can",
    "may_publish",
    "permission_table",
    "require",
    "scope_of",
    "sees_everything",
]
