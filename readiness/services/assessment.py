"""Corporations, rounds, respondents and answers: filling in the questionnaire."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from readiness.models import (
    SIZE_CLASSES,
    Answer,
    AnswerKind,
    NotFoundError,
    Organisation,
    Respondent,
    Round,
    RoundData,
    RoundStatus,
)
from readiness.consensus import apply_consensus, compare_like_for_like
from readiness.access import AccessDenied, Permission, can, require
from readiness.privacy import check_free_text
from readiness.scoring import Comparison, RoundResult, provisional_result, score_round
from readiness.services import App, authorise


class ValidationError(ValueError):
    """Input a user can correct; the message is Dutch and says what and where."""


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ----------------------------------------------------------------- corporations


def list_organisations(app: App) -> list[Organisation]:
    """The corporations the actor may see: all (lokaal, beheerder), its own
    (coordinator, respondent) or none (denktank)."""
    actor = app.actor
    if can(actor, Permission.ANSWER_READ):
        return app.repo.list_organisations()
    if actor.org_id is not None and can(actor, Permission.ANSWER_READ, actor.org_id):
        return [app.repo.get_organisation_by_id(actor.org_id)]
    return []


def get_organisation(app: App, slug: str) -> Organisation:
    actor = app.actor
    if can(actor, Permission.ANSWER_READ):
        return app.repo.get_organisation(slug)
    if actor.org_id is not None and can(actor, Permission.ANSWER_READ, actor.org_id):
        own = app.repo.get_organisation_by_id(actor.org_id)
        if own.slug == slug:
            return own
    raise AccessDenied()  # the same for "someone else's" and "does not exist"


def create_organisation(
    app: App, name: str, size_class: str, region: str, *, slug: str | None = None, is_demo: bool = False
) -> Organisation:
    require(app.actor, Permission.ORG_CREATE)
    name = name.strip()
    if not name:
        raise ValidationError("Vul de naam van de corporatie in.")
    check_free_text(name, "Naam van de corporatie")
    if size_class not in SIZE_CLASSES:
        raise ValidationError(f"Kies een grootteklasse: {', '.join(SIZE_CLASSES)}.")
    if not region.strip():
        raise ValidationError("Kies een regio.")
    check_free_text(region, "Regio")
    slug = slug or slugify(name)
    if not slug:
        raise ValidationError("De naam moet minstens één letter of cijfer bevatten.")
    org = Organisation(slug=slug, name=name, size_class=size_class, region=region.strip(), is_demo=is_demo)
    with app.writing():
        created = app.repo.add_organisation(org)
        app.audit(created.id, "corporatie", created.id, f"corporatie '{created.name}' toegevoegd")
    return created


# ----------------------------------------------------------------- rounds


def list_rounds(app: App, org_id: int) -> list[Round]:
    """The corporation's rounds; a respondent sees only their own round."""
    authorise(app, Permission.ANSWER_READ, org_id=org_id)
    rounds = app.repo.list_rounds(org_id)
    if not can(app.actor, Permission.ORG_READ, org_id):
        rounds = [r for r in rounds if r.id == app.actor.round_id]
    return rounds


def get_round(app: App, round_id: int) -> Round:
    authorise(app, Permission.ANSWER_READ, round_id=round_id)
    return app.repo.get_round(round_id)


def find_round(app: App, org_id: int, label: str) -> Round:
    authorise(app, Permission.ORG_READ, org_id=org_id)
    found = app.repo.find_round(org_id, label)
    if found is None:
        raise NotFoundError(f"Deze corporatie heeft geen meting met de naam '{label}'.")
    return found


def start_round(
    app: App,
    org_id: int,
    label: str,
    date: dt.date | None = None,
    *,
    copy_respondents_from: int | None = None,
) -> Round:
    """Open a new round; optionally with the same respondent roles as an earlier round."""
    authorise(app, Permission.ORG_WRITE, org_id=org_id)
    if copy_respondents_from is not None:
        authorise(app, Permission.ORG_READ, org_id=org_id, round_id=copy_respondents_from)
    label = label.strip()
    if not label:
        raise ValidationError("Geef de meting een naam, bijvoorbeeld 'Nulmeting 2026'.")
    check_free_text(label, "Naam van de meting")
    if app.repo.find_round(org_id, label) is not None:
        raise ValidationError(f"Er bestaat al een meting met de naam '{label}'. Kies een andere naam.")
    with app.writing():
        new = app.repo.add_round(
            Round(org_id=org_id, label=label, date=date or app.today(), checklist_version=app.checklist.version)
        )
        if copy_respondents_from is not None:
            for r in app.repo.list_respondents(copy_respondents_from):
                app.repo.add_respondent(Respondent(round_id=new.id, role=r.role, label=r.label))
        app.audit(org_id, "meting", new.id, f"meting '{label}' gestart")
    return new


def previous_round(app: App, round_: Round) -> Round | None:
    """The round of the same corporation that came just before this one."""
    authorise(app, Permission.ORG_READ, org_id=round_.org_id)
    rounds = app.repo.list_rounds(round_.org_id)
    earlier = [r for r in rounds if (r.date, r.id) < (round_.date, round_.id)]
    return earlier[-1] if earlier else None


def previous_final_round(app: App, round_: Round) -> Round | None:
    """The latest *final* round of the same corporation before this one: what a round is
    compared with (a concept is never the yardstick)."""
    authorise(app, Permission.ORG_READ, org_id=round_.org_id)
    return previous_final_of(app.repo.list_rounds(round_.org_id), round_)


def previous_final_of(rounds: list[Round], round_: Round) -> Round | None:
    """:func:`previous_final_round` among ``rounds``: the corporation's rounds as listed
    (ordered by date), for a caller that has already read them."""
    earlier = [r for r in rounds if r.is_final and (r.date, r.id) < (round_.date, round_.id)]
    return earlier[-1] if earlier else None


def latest_final_round(app: App, org_id: int) -> Round | None:
    """The corporation's latest final round, or None."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    final = [r for r in app.repo.list_rounds(org_id) if r.is_final]
    return final[-1] if final else None


def shown_result(
    checklist, round_: Round, data: RoundData, target_level: int, consensus: tuple = (None, ())
) -> RoundResult:
    """The scores of a round as they may be shown: the agreed levels of its consensus
    meeting (``consensus`` = (meeting, agreed levels), see :func:`with_consensus`) take
    precedence over the respondents' mean; then a concept round goes through the concept
    rule (:func:`readiness.scoring.provisional_result`), a final round as it is."""
    result = score_round(checklist, data.respondents, data.answers, target_level)
    result = apply_consensus(checklist, result, *consensus)
    return result if round_.is_final else provisional_result(result)


def with_consensus(repo, checklist, round_id: int, result: RoundResult) -> RoundResult:
    """The result with the round's consensus meeting applied: agreed levels take precedence
    over the respondents' mean (:func:`readiness.consensus.apply_consensus`). Every place
    that shows or exports a round's result goes through this or :func:`shown_result`, so it
    is the same everywhere. Not a use case (no actor check): callers have checked access."""
    meeting, levels = repo.consensus_of(round_id)
    return apply_consensus(checklist, result, meeting, levels)


def unanswered(app: App, round_id: int) -> dict[int, list[str]]:
    """Per respondent id: the item ids nobody has answered yet for that respondent
    (a respondent gets only their own entry)."""
    authorise(app, Permission.ANSWER_READ, round_id=round_id)
    data = _visible(app, app.repo.round_data(round_id))
    done: dict[int, set[str]] = {r.id: set() for r in data.respondents}
    for a in data.answers:
        done.setdefault(a.respondent_id, set()).add(a.item_id)
    ids = [i.id for i in app.checklist.items]
    return {rid: [i for i in ids if i not in seen] for rid, seen in done.items()}


def finalise_round(app: App, round_id: int, *, confirm_incomplete: bool = False) -> Round:
    """Lock a round. With open items this needs `confirm_incomplete=True`."""
    authorise(app, Permission.ORG_WRITE, round_id=round_id)
    round_ = app.repo.get_round(round_id)
    if round_.is_final:
        return round_
    if not app.repo.list_respondents(round_id):
        raise ValidationError("Voeg eerst minstens één respondent toe voordat u de meting afrondt.")
    open_items = {rid: items for rid, items in unanswered(app, round_id).items() if items}
    if open_items and not confirm_incomplete:
        n = sum(len(v) for v in open_items.values())
        raise ValidationError(
            f"Er staan nog {n} onbeantwoorde vragen open. Bevestig dat u de meting toch wilt afronden."
        )
    with app.writing():
        app.repo.set_round_status(round_id, RoundStatus.FINAL, dt.datetime.now(dt.UTC))
        note = " (met open vragen)" if open_items else ""
        app.audit(round_.org_id, "meting", round_id, f"meting '{round_.label}' afgerond{note}")
    return app.repo.get_round(round_id)


# ----------------------------------------------------------------- respondents


def list_respondents(app: App, round_id: int) -> list[Respondent]:
    """The round's respondents; a respondent sees only themselves."""
    authorise(app, Permission.ANSWER_READ, round_id=round_id)
    respondents = app.repo.list_respondents(round_id)
    if _is_limited(app):
        respondents = [r for r in respondents if r.id == app.actor.respondent_id]
    return respondents


def add_respondent(app: App, round_id: int, role: str, label: str = "") -> Respondent:
    org_id = authorise(app, Permission.ORG_WRITE, round_id=round_id, resolve=True)
    if role not in {r.id for r in app.checklist.roles}:
        raise ValidationError(f"Onbekende rol '{role}'.")
    round_ = app.repo.get_round(round_id)
    if round_.is_final:
        raise ValidationError("Deze meting is definitief; er kunnen geen respondenten meer bij.")
    label = label.strip()
    if label:
        check_free_text(label, "Omschrijving respondent")
    else:
        same = sum(1 for r in app.repo.list_respondents(round_id) if r.role == role)
        label = f"{app.checklist.role_label(role)} {same + 1}"
    with app.writing():
        added = app.repo.add_respondent(Respondent(round_id=round_id, role=role, label=label))
        app.audit(org_id, "respondent", added.id, f"respondent '{label}' ({role}) toegevoegd aan meting '{round_.label}'")
    return added


# ----------------------------------------------------------------- answers


def answers_of(app: App, respondent_id: int) -> dict[str, Answer]:
    authorise(app, Permission.ANSWER_READ, respondent_id=respondent_id)
    return {a.item_id: a for a in app.repo.list_answers_of(respondent_id)}


def save_answer(
    app: App,
    respondent_id: int,
    item_id: str,
    kind: AnswerKind,
    score: int | None = None,
    note: str = "",
    *,
    expected_version: int | None,
) -> Answer:
    """Save one answer at once (optimistic lock: raises ConflictError on a stale version).

    One transaction, one database session (issue 24: this runs on every answer click):
    :meth:`App.writing` checks (and share-locks) that the actor may still write, the
    record is looked up and authorised inside it, and the audit row is written without
    :meth:`App.audit`'s second check: nothing in this transaction changes the account,
    invitation or round rows that check reads, and their share locks hold until commit.
    """
    with app.writing() as repo:
        org_id = authorise(app, Permission.ANSWER_WRITE, respondent_id=respondent_id, resolve=True)
        item = app.checklist.item(item_id)
        if kind == AnswerKind.NOT_APPLICABLE and not item.allows_na:
            raise ValidationError(f"Vraag {item.number} kan niet met 'niet van toepassing' worden beantwoord.")
        note = note.strip()
        if note:
            check_free_text(note, "Toelichting")
        answer = Answer(respondent_id=respondent_id, item_id=item_id, kind=kind, score=score, note=note)
        saved = repo.save_answer(answer, expected_version)
        value = str(score) if kind == AnswerKind.SCORE else AnswerKind(kind).value
        repo.record_audit(
            app.actor.label, org_id, "antwoord", f"{respondent_id}/{item_id}",
            f"vraag {item.number}: {value}" + (" (met toelichting)" if note else ""),
        )  # fmt: skip
    return saved


# ----------------------------------------------------------------- results


def round_data(app: App, round_id: int) -> RoundData:
    """The round with its respondents and answers (a respondent: only their own)."""
    authorise(app, Permission.ANSWER_READ, round_id=round_id)
    return _visible(app, app.repo.round_data(round_id))


def _is_limited(app: App) -> bool:
    """True for an actor who may answer but not read the corporation (a respondent)."""
    actor = app.actor
    return actor.respondent_id is not None and not can(actor, Permission.ORG_READ, actor.org_id)


def _visible(app: App, data: RoundData) -> RoundData:
    """The part of a round the actor may see: a respondent only their own answers."""
    if not _is_limited(app):
        return data
    own = app.actor.respondent_id
    return RoundData(
        round=data.round,
        respondents=[r for r in data.respondents if r.id == own],
        answers=[a for a in data.answers if a.respondent_id == own],
    )


def round_result(app: App, round_id: int) -> RoundResult:
    """The round's scores as they may be shown (a concept: through the concept rule)."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    data = app.repo.round_data(round_id)
    consensus = app.repo.consensus_of(round_id)
    return shown_result(app.checklist, data.round, data, app.settings.target_level, consensus)


def change_since_previous(app: App, round_id: int) -> tuple[Round, Comparison] | None:
    """The change since the previous *final* round; None when there is none, or when this
    round is a concept without enough answers (a comparison would then be a verdict)."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    current = app.repo.get_round(round_id)
    before = previous_final_round(app, current)
    if before is None or not all(
        app.checklist.is_comparable_version(r.checklist_version) for r in (before, current)
    ):
        return None
    now = round_result(app, round_id)
    if not now.is_complete:
        return None
    return before, compare_like_for_like(app.checklist, round_result(app, before.id), now)
