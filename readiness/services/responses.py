"""Who has answered: the response of a round per role, and its closing date.

A round can have a closing date (``Round.closes_on``): answers are accepted through that
date; after it the invitation links refuse with :data:`ROUND_CLOSED_ON` and no
respondent can save. The coordinator can move the date (extend) or remove it; a final
round has no use for one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readiness.access import Permission
from readiness.export.labels import long_date
from readiness.models import Round
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError

ROUND_CLOSED_ON = (
    "De meting '{label}' is gesloten na {date}: er kunnen geen antwoorden meer worden ingevuld of "
    "gewijzigd. Denkt u dat dit niet klopt? Vraag de coördinator van uw corporatie om de sluitingsdatum "
    "te verlengen."
)


def closed_message(round_: Round) -> str:
    """The Dutch refusal for a link or a save after the round's closing date."""
    return ROUND_CLOSED_ON.format(label=round_.label, date=long_date(round_.closes_on))


@dataclass(frozen=True)
class RoleResponse:
    """One role's response: respondents, of whom invited (a valid link), started (at
    least one answer) and finished (every question answered)."""

    role: str
    label: str
    respondents: int
    invited: int
    started: int
    finished: int

    @property
    def unfinished(self) -> int:
        return self.respondents - self.finished


@dataclass(frozen=True)
class RoundResponse:
    round: Round
    roles: list[RoleResponse]
    today: dt.date

    @property
    def days_left(self) -> int | None:
        """Days until the closing date (0: it is today; negative: closed); None: no date."""
        return None if self.round.closes_on is None else (self.round.closes_on - self.today).days

    @property
    def closed(self) -> bool:
        return self.round.is_closed(self.today)

    @property
    def total(self) -> RoleResponse:
        return RoleResponse(
            "", "Totaal", *(sum(getattr(r, f) for r in self.roles) for f in ("respondents", "invited", "started", "finished"))
        )

    def closing_text(self) -> str:
        """``sluit 20 maart 2026 (nog 5 dagen)`` and the like; one wording everywhere."""
        if self.round.is_final:
            return "afgerond"
        days = self.days_left
        if days is None:
            return "geen sluitingsdatum"
        date = long_date(self.round.closes_on)
        if days < 0:
            return f"gesloten na {date}"
        if days == 0:
            return f"sluit vandaag ({date})"
        return f"sluit {date} (nog {days} {'dag' if days == 1 else 'dagen'})"


def response(app: App, round_id: int) -> RoundResponse:
    """The round's response per role, in the checklist's order of roles."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    data = app.repo.round_data(round_id)
    n_items = len(app.checklist.items)
    item_ids = {i.id for i in app.checklist.items}
    answered: dict[int, set[str]] = {r.id: set() for r in data.respondents}
    for a in data.answers:
        if a.item_id in item_ids:
            answered.setdefault(a.respondent_id, set()).add(a.item_id)
    invited = {i.respondent_id for i in app.repo.list_invitations(round_id) if not i.revoked}
    order = [r.id for r in app.checklist.roles]
    roles_seen = sorted({r.role for r in data.respondents}, key=lambda role: (order.index(role) if role in order else len(order), role))
    roles = []
    for role in roles_seen:
        members = [r for r in data.respondents if r.role == role]
        roles.append(
            RoleResponse(
                role=role,
                label=app.checklist.role_label(role),
                respondents=len(members),
                invited=sum(1 for r in members if r.id in invited),
                started=sum(1 for r in members if answered[r.id]),
                finished=sum(1 for r in members if len(answered[r.id]) >= n_items),
            )
        )
    return RoundResponse(round=data.round, roles=roles, today=app.today())


def finished_respondents(app: App, round_id: int) -> set[int]:
    """Ids of the round's respondents who answered every question."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    item_ids = {i.id for i in app.checklist.items}
    answered: dict[int, set[str]] = {}
    for a in app.repo.list_answers(round_id):
        if a.item_id in item_ids:
            answered.setdefault(a.respondent_id, set()).add(a.item_id)
    return {rid for rid, seen in answered.items() if len(seen) >= len(item_ids)}


def set_closing_date(app: App, round_id: int, closes_on: dt.date | None) -> Round:
    """Set, move (extend) or with None remove the round's closing date."""
    org_id = authorise(app, Permission.ORG_WRITE, round_id=round_id, resolve=True)
    round_ = app.repo.get_round(round_id)
    if round_.is_final:
        raise ValidationError(f"De meting '{round_.label}' is definitief; een sluitingsdatum heeft geen zin meer.")
    if closes_on is not None and closes_on < app.today():
        raise ValidationError(
            f"De sluitingsdatum {long_date(closes_on)} ligt in het verleden. Kies vandaag of een latere datum; "
            "wilt u de meting nu afsluiten, rond haar dan af."
        )
    with app.writing():
        changed = app.repo.set_round_closes_on(round_id, closes_on)
        what = "verwijderd" if closes_on is None else f"op {closes_on.isoformat()} gezet"
        app.audit(org_id if org_id is not None else round_.org_id, "meting", round_id,
                  f"sluitingsdatum van meting '{round_.label}' {what}")  # fmt: skip
    return changed
