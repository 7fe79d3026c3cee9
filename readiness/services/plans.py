"""Improvement plans (verbeterplan): proposals from a round, the plan and its follow-up.

Rules the UI and the CLI rely on:

- every free text (description, owner, notes) goes through the privacy guard;
- the owner is a function ("sociaal consulent"), never a person's name. Names cannot be
  recognised reliably, so the UI shows :data:`OWNER_HINT`; e-mail addresses, phone
  numbers and other obvious personal data are refused by the guard;
- nothing a user wrote is overwritten by proposals or by a new round: proposals only
  add new actions, and closing after a round only sets the status and the round;
- every change of an existing action names the version it was based on (optimistic
  lock): a stale version raises :class:`ConflictError` and nothing is written;
- status changes follow the life cycle in :mod:`readiness.planning`;
- an action accepted from a proposal remembers the checklist suggestion it came from
  (``suggestion_key``); rewriting its text or moving it to another item keeps that link,
  so the suggestion is not proposed again. An action from before the link existed is
  linked when it is first edited, if its stored text is still a suggestion of its item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from readiness.models import (
    ActionStatus,
    ConflictError,
    ImprovementAction,
    Priority,
    Round,
)
from readiness.planning import (
    Proposal,
    check_transition,
    closable_actions,
    propose_actions,
    same_action,
    suggestion_key,
)
from readiness.access import AccessDenied, Permission
from readiness.formatting import format_date
from readiness.privacy import check_free_text
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError, round_result

__all__ = [
    "CONFLICT_MESSAGE",
    "OWNER_HINT",
    "ConflictError",
    "accept_proposal",
    "accept_proposals",
    "add_action",
    "close_action",
    "close_suggestions",
    "drop_action",
    "get_action",
    "latest_final_round",
    "list_plan",
    "proposals_for_round",
    "set_status",
    "update_action",
]

OWNER_HINT = "Vul een functie in, geen naam: bijvoorbeeld 'sociaal consulent' of 'manager wonen'."
CONFLICT_MESSAGE = (
    "Deze verbeteractie is intussen door iemand anders gewijzigd. "
    "Uw wijziging is niet opgeslagen; laad de actie opnieuw en voer de wijziging nog eens in."
)

MAX_DESCRIPTION = 500
MAX_OWNER = 100
MAX_NOTES = 2000

FIELD_DESCRIPTION = "Actie"
FIELD_OWNER = "Eigenaar (functie)"
FIELD_NOTES = "Notities"


# --------------------------------------------------------------------------- reading


def list_plan(app: App, org_id: int) -> list[ImprovementAction]:
    """The corporation's actions: high priority first, then by due date (none last)."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    return app.repo.list_actions(org_id)


def get_action(app: App, action_id: int) -> ImprovementAction:
    authorise(app, Permission.ORG_READ, action_id=action_id)
    return app.repo.get_action(action_id)


def latest_final_round(app: App, org_id: int) -> Round | None:
    """The most recent finalised round of a corporation, if any."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    final = [r for r in app.repo.list_rounds(org_id) if r.is_final]
    return final[-1] if final else None


def proposals_for_round(app: App, round_id: int) -> list[Proposal]:
    """Suggested actions for the gaps of a round that are not yet in the plan."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    round_ = app.repo.get_round(round_id)
    return propose_actions(
        app.checklist,
        round_result(app, round_id),
        app.repo.list_actions(round_.org_id),
        app.settings.target_level,
    )


def close_suggestions(app: App, org_id: int, round_id: int) -> list[ImprovementAction]:
    """Open actions whose item reached the target in this round (the user decides).

    Only actions that predate the round are offered: those proposed from an earlier
    round, and own actions created before the round was finalised (or, for a draft
    round, before its date). An action planned after the round knows its result.
    """
    authorise(app, Permission.ORG_READ, org_id=org_id)
    round_ = _round_of(app, org_id, round_id)
    rounds = {r.id: r for r in app.repo.list_rounds(org_id)}

    def predates(action: ImprovementAction) -> bool:
        origin = rounds.get(action.origin_round_id) if action.origin_round_id is not None else None
        if origin is not None:
            return (origin.date, origin.id) < (round_.date, round_.id)
        if action.created_at is None:
            return True
        if round_.finalised_at is not None:
            return _aware(action.created_at) < _aware(round_.finalised_at)
        return action.created_at.date() <= round_.date

    candidates = [a for a in app.repo.list_actions(org_id) if predates(a)]
    return closable_actions(round_result(app, round_id), candidates, app.settings.target_level)


def _aware(moment: dt.datetime) -> dt.datetime:
    """Treat naive timestamps (SQLite) as UTC, so they compare with aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- validation


def _round_of(app: App, org_id: int, round_id: int) -> Round:
    """The round, when it belongs to the corporation. A round of another corporation and
    a round that does not exist get the same refusal (AccessDenied), so ids cannot be
    probed; only lokaal and beheerder, who see every corporation, hear "not found"."""
    authorise(app, Permission.ORG_READ, org_id=org_id, round_id=round_id, resolve=True)
    return app.repo.get_round(round_id)


def _clean_text(value: str | None, field: str, limit: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"Vul het veld '{field}' in: beschrijf wat er moet gebeuren.")
    if len(text) > limit:
        raise ValidationError(
            f"Het veld '{field}' is te lang ({len(text)} tekens); houd het bij maximaal {limit} tekens."
        )
    check_free_text(text, field)
    return text


def _check_item(app: App, item_id: str) -> None:
    if not item_id:
        raise ValidationError("Kies het checklistpunt waar de actie bij hoort.")
    try:
        app.checklist.item(item_id)
    except KeyError:
        raise ValidationError(
            f"Onbekend checklistpunt '{item_id}'. Kies een punt uit de checklist."
        ) from None


def _check_new_due_date(app: App, due_date: dt.date | None) -> None:
    if due_date is not None and due_date < app.today():
        raise ValidationError(
            f"De streefdatum {format_date(due_date)} ligt in het verleden. "
            "Kies vandaag of een datum in de toekomst."
        )


def _check_not_planned(
    existing: Iterable[ImprovementAction],
    item_id: str,
    description: str,
    key: str | None = None,
) -> None:
    """Refuse an action that is already in the plan: same text, or the same suggestion."""
    for action in existing:
        if same_action(action.item_id, action.description, item_id, description) or (
            key is not None and action.suggestion_key == key
        ):
            raise ValidationError(
                f"Deze actie staat al in het verbeterplan (status '{action.status.value}')."
            )


def _suggestion_of(app: App, item_id: str, description: str) -> str | None:
    """The key of the item's checklist suggestion with this text, if there is one."""
    try:
        suggestions = app.checklist.item(item_id).actions
    except KeyError:  # an item of an older checklist version
        return None
    for suggestion in suggestions:
        if same_action(item_id, suggestion.text, item_id, description):
            return suggestion_key(item_id, suggestion.text)
    return None


# --------------------------------------------------------------------------- adding


def accept_proposal(
    app: App,
    org_id: int,
    round_id: int,
    proposal: Proposal,
    owner: str = "",
    due_date: dt.date | None = None,
) -> ImprovementAction:
    """Put a proposal in the plan (status gepland), linked to the round it came from."""
    return accept_proposals(app, org_id, round_id, [proposal], owner=owner, due_date=due_date)[0]


def accept_proposals(
    app: App,
    org_id: int,
    round_id: int,
    proposals: Iterable[Proposal],
    owner: str = "",
    due_date: dt.date | None = None,
) -> list[ImprovementAction]:
    """Put several proposals in the plan at once: all of them, or none on an error."""
    authorise(app, Permission.PLAN_WRITE, org_id=org_id)
    proposals = list(proposals)
    _round_of(app, org_id, round_id)
    owner = _clean_text(owner, FIELD_OWNER, MAX_OWNER)
    _check_new_due_date(app, due_date)
    added: list[ImprovementAction] = []
    with app.writing():
        existing = list(app.repo.list_actions(org_id))
        for proposal in proposals:
            _check_item(app, proposal.item_id)
            description = _clean_text(proposal.description, FIELD_DESCRIPTION, MAX_DESCRIPTION, required=True)
            _check_not_planned([*existing, *added], proposal.item_id, description, proposal.key)
            added.append(
                app.repo.add_action(
                    ImprovementAction(
                        org_id=org_id,
                        item_id=proposal.item_id,
                        description=description,
                        owner=owner,
                        due_date=due_date,
                        status=ActionStatus.PLANNED,
                        priority=proposal.priority,
                        origin_round_id=round_id,
                        suggestion_key=proposal.key,
                    )
                )
            )
            _audit(app, added[-1], "overgenomen uit de voorstellen")
    return added


def add_action(
    app: App,
    org_id: int,
    item_id: str,
    description: str,
    owner: str = "",
    due_date: dt.date | None = None,
    priority: Priority | str = Priority.MEDIUM,
    notes: str = "",
) -> ImprovementAction:
    """Add an action of the corporation's own, linked to a checklist item."""
    authorise(app, Permission.PLAN_WRITE, org_id=org_id)
    _check_item(app, item_id)
    description = _clean_text(description, FIELD_DESCRIPTION, MAX_DESCRIPTION, required=True)
    owner = _clean_text(owner, FIELD_OWNER, MAX_OWNER)
    notes = _clean_text(notes, FIELD_NOTES, MAX_NOTES)
    _check_new_due_date(app, due_date)
    priority = _priority(priority)
    with app.writing():
        _check_not_planned(app.repo.list_actions(org_id), item_id, description)
        added = app.repo.add_action(
            ImprovementAction(
                org_id=org_id,
                item_id=item_id,
                description=description,
                owner=owner,
                due_date=due_date,
                priority=priority,
                notes=notes,
            )
        )
        _audit(app, added, "toegevoegd")
        return added


def _priority(value: Priority | str) -> Priority:
    try:
        return Priority(value)
    except ValueError:
        options = ", ".join(p.value for p in Priority)
        raise ValidationError(f"Onbekende prioriteit '{value}'. Kies uit: {options}.") from None


def _status(value: ActionStatus | str) -> ActionStatus:
    try:
        return ActionStatus(value)
    except ValueError:
        options = ", ".join(s.value for s in ActionStatus)
        raise ValidationError(f"Onbekende status '{value}'. Kies uit: {options}.") from None


# --------------------------------------------------------------------------- changing


def update_action(app: App, action: ImprovementAction, expected_version: int) -> ImprovementAction:
    """Save the user's edits of an action (text, owner, due date, status, priority, notes).

    The corporation, origin round, creation time and the suggestion it came from are
    kept as stored (an action without that link whose stored text is still a checklist
    suggestion of its item gets linked now, before the text may change). Reopening a
    finished action clears the round it was closed in.
    """
    if action.id is None:
        raise ValidationError("Deze actie is nog niet opgeslagen en kan dus niet worden gewijzigd.")
    authorise(app, Permission.PLAN_WRITE, action_id=action.id)
    _check_item(app, action.item_id)
    description = _clean_text(action.description, FIELD_DESCRIPTION, MAX_DESCRIPTION, required=True)
    owner = _clean_text(action.owner, FIELD_OWNER, MAX_OWNER)
    notes = _clean_text(action.notes, FIELD_NOTES, MAX_NOTES)
    status = _status(action.status)
    priority = _priority(action.priority)
    with app.writing():
        stored = app.repo.get_action(action.id)
        if stored.version != expected_version:
            raise ConflictError(CONFLICT_MESSAGE)
        _transition(stored.status, status)
        if action.due_date != stored.due_date:
            _check_new_due_date(app, action.due_date)
        others = [a for a in app.repo.list_actions(stored.org_id) if a.id != stored.id]
        if not same_action(stored.item_id, stored.description, action.item_id, description):
            _check_not_planned(others, action.item_id, description)
        closed_round_id = stored.closed_round_id if status == ActionStatus.DONE else None
        source = stored.suggestion_key or _suggestion_of(app, stored.item_id, stored.description)
        changed = stored.model_copy(
            update={
                "suggestion_key": source,
                "item_id": action.item_id,
                "description": description,
                "owner": owner,
                "due_date": action.due_date,
                "status": status,
                "priority": priority,
                "notes": notes,
                "closed_round_id": closed_round_id,
            }
        )
        return _save(app, changed, expected_version)


class GridRejected(ValidationError):
    """Edits of several actions refused together; ``problems`` names each row (Dutch)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        n = len(problems)
        super().__init__(
            f"Er is niets opgeslagen: {'1 rij klopt' if n == 1 else f'{n} rijen kloppen'} niet. "
            + " ".join(problems)
        )


def update_actions(
    app: App, org_id: int, edits: list[tuple[int, ImprovementAction, int]]
) -> list[ImprovementAction]:
    """Save the edits of several actions at once (the plan as one table): all or nothing.

    `edits` holds (row number as the user sees it, edited action, version the user saw).
    Every row is checked as :func:`update_action` checks one (the privacy guard on every
    text, the due date, the status, conflicts); when any row is refused, nothing is saved
    and :class:`GridRejected` names every refused row with its reason.
    """
    authorise(app, Permission.PLAN_WRITE, org_id=org_id)
    problems: list[str] = []
    saved: list[ImprovementAction] = []
    with app.writing():
        for row, action, version in edits:
            if action.org_id != org_id:  # every row must be the plan's own: refused as a whole
                raise AccessDenied()
            try:
                saved.append(update_action(app, action, version))  # checks the action's corporation
            except AccessDenied:
                raise  # never a row's reason: someone else's action and a missing one read alike
            except (ValueError, ConflictError) as exc:  # ValidationError, PersonalDataError, a stale row
                problems.append(f"Rij {row} (actie bij vraag {_item_number(app, action.item_id)}): {exc}")
        if problems:
            raise GridRejected(problems)  # leaves the transaction: the rows that were fine roll back too
    return saved


def _item_number(app: App, item_id: str) -> str:
    try:
        return str(app.checklist.item(item_id).number)
    except KeyError:
        return item_id


def set_status(
    app: App,
    action_id: int,
    status: ActionStatus | str,
    expected_version: int,
    *,
    closed_round_id: int | None = None,
) -> ImprovementAction:
    """Move an action through its life cycle; only the status (and closing round) change."""
    authorise(app, Permission.PLAN_WRITE, action_id=action_id)
    status = _status(status)
    with app.writing():
        stored = app.repo.get_action(action_id)
        if stored.version != expected_version:
            raise ConflictError(CONFLICT_MESSAGE)
        _transition(stored.status, status)
        if status == ActionStatus.DONE:
            closed = closed_round_id if closed_round_id is not None else stored.closed_round_id
        else:
            closed = None
        changed = stored.model_copy(update={"status": status, "closed_round_id": closed})
        return _save(app, changed, expected_version)


def drop_action(app: App, action_id: int, expected_version: int) -> ImprovementAction:
    """Mark an action as no longer needed (vervallen); it stays in the plan's history."""
    authorise(app, Permission.PLAN_WRITE, action_id=action_id)
    return set_status(app, action_id, ActionStatus.DROPPED, expected_version)


def close_action(
    app: App, action_id: int, expected_version: int, round_id: int | None = None
) -> ImprovementAction:
    """Mark an action as done (gereed), optionally recording the round that showed it."""
    authorise(app, Permission.PLAN_WRITE, action_id=action_id)
    if round_id is not None:
        action = app.repo.get_action(action_id)
        _round_of(app, action.org_id, round_id)
    return set_status(app, action_id, ActionStatus.DONE, expected_version, closed_round_id=round_id)


def _transition(current: ActionStatus, new: ActionStatus) -> None:
    try:
        check_transition(current, new)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _save(app: App, action: ImprovementAction, expected_version: int) -> ImprovementAction:
    try:
        saved = app.repo.update_action(action, expected_version)
    except ConflictError:
        raise ConflictError(CONFLICT_MESSAGE) from None
    _audit(app, saved, f"gewijzigd (status {saved.status.value})")
    return saved


def _audit(app: App, action: ImprovementAction, what: str) -> None:
    """One line in the audit trail (called inside the change's unit of work)."""
    app.audit(action.org_id, "verbeteractie", action.id, f"actie bij {action.item_id} {what}")
