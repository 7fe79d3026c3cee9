"""Progress of one corporation, through the services on SQLite and PostgreSQL: scores of
every round, two rounds compared, and the improvement plan as it stood at each round."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.access import AccessDenied

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ImprovementAction,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.services import App, assessment, progress
from readiness.services.assessment import ValidationError

TODAY = dt.date(2026, 11, 1)
UTC = dt.UTC


@pytest.fixture
def app(repo, checklist, tmp_path) -> App:
    settings = Settings(database_url=str(repo.engine.url), checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path)
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


def add_org(app: App, slug: str = "woonstede") -> Organisation:
    return app.repo.add_organisation(
        Organisation(slug=slug, name=slug.title(), size_class="M", region="Utrecht")
    )


def add_round(app: App, org: Organisation, label: str, date: dt.date, answers: dict, *, final: bool = True) -> Round:
    """A round with respondents answering per item: answers[item_id] = list of 0-4 / AnswerKind
    (one entry per respondent); items not listed get a 2 from everyone."""
    n = max((len(v) for v in answers.values()), default=1)
    with app.repo.unit_of_work():
        round_ = app.repo.add_round(
            Round(org_id=org.id, label=label, date=date, checklist_version=app.checklist.version)
        )
        people = [
            app.repo.add_respondent(Respondent(round_id=round_.id, role="uitvoering", label=f"Uitvoering {i + 1}"))
            for i in range(n)
        ]
        for item in app.checklist.items:
            given = answers.get(item.id, [2] * n)
            for person, value in zip(people, given, strict=True):
                if isinstance(value, AnswerKind):
                    answer = Answer(respondent_id=person.id, item_id=item.id, kind=value)
                else:
                    answer = Answer(respondent_id=person.id, item_id=item.id, kind=AnswerKind.SCORE, score=value)
                app.repo.save_answer(answer, None)
        if final:
            app.repo.set_round_status(round_.id, RoundStatus.FINAL)
    return round_


def moment(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# --------------------------------------------------------------------------- scores


def test_scores_of_every_round_match_the_round_results(app):
    org = add_org(app)
    first = add_round(app, org, "Nulmeting 2024", dt.date(2024, 3, 1), {"dra-01": [1, 1]})
    second = add_round(app, org, "Meting 2025", dt.date(2025, 3, 1), {"dra-01": [4, 3]}, final=False)
    scores = progress.round_scores(app, org.id)
    assert [s.round_id for s in scores] == [first.id, second.id]
    assert [s.is_final for s in scores] == [True, False]
    for s in scores:
        result = assessment.round_result(app, s.round_id)
        assert s.overall == pytest.approx(result.overall)
        assert s.sections == {x.section_id: x.score for x in result.sections}
        assert (s.phase_level, s.n_respondents) == (result.phase.level, 2)
    assert scores[1].sections["draagvlak"] > scores[0].sections["draagvlak"]


def test_scores_of_all_rounds_come_from_one_batch_of_queries(app, monkeypatch):
    org = add_org(app)
    for year in (2023, 2024, 2025, 2026):
        add_round(app, org, f"Meting {year}", dt.date(year, 3, 1), {"dra-01": [year - 2022, 1]})
    calls = []
    for name in ("round_data", "list_answers", "list_respondents", "rounds_data"):
        original = getattr(app.repo, name)
        monkeypatch.setattr(app.repo, name, lambda *a, _n=name, _o=original, **k: calls.append(_n) or _o(*a, **k))
    scores = progress.round_scores(app, org.id)
    assert len(scores) == 4
    assert calls == ["rounds_data"]  # not three queries per round


def test_one_round_only_gives_scores_but_no_default_comparison(app):
    org = add_org(app)
    only = add_round(app, org, "Nulmeting 2026", dt.date(2026, 3, 1), {})
    data = progress.progress(app, org.id)
    assert data.n_rounds == 1 and data.rounds[0].overall == pytest.approx(50)
    assert progress.default_pair([r.round_id for r in data.rounds]) is None
    assert [(p.label, p.round_id) for p in data.plan] == [("Nulmeting 2026", only.id), ("Vandaag", None)]
    assert all(p.total == 0 for p in data.plan)


def test_a_corporation_without_rounds_and_an_unknown_corporation(app):
    org = add_org(app)
    data = progress.progress(app, org.id)
    assert data.rounds == [] and [p.label for p in data.plan] == ["Vandaag"]
    with pytest.raises(ValidationError, match="geen corporatie met nummer 999"):
        progress.progress(app, 999)


# --------------------------------------------------------------------------- comparison


def test_comparing_two_rounds_lists_items_up_down_and_newly_unknown(app, checklist):
    org = add_org(app)
    dk = AnswerKind.DONT_KNOW
    before = add_round(
        app, org, "Nulmeting 2024", dt.date(2024, 3, 1),
        {"dra-01": [1, 1, 1], "dra-02": [4, 4, 4], "stp-01": [3, 3, 3], "stp-02": [0, 0, 0]},
    )
    middle = add_round(app, org, "Meting 2025", dt.date(2025, 3, 1), {})
    after = add_round(
        app, org, "Meting 2026", dt.date(2026, 3, 1),
        {"dra-01": [4, 3, 3], "dra-02": [2, 2, 2], "stp-01": [dk, dk, 3], "stp-02": [0, 0, 0]},
    )
    assert progress.default_pair([before.id, middle.id, after.id]) == (middle.id, after.id)

    result = progress.compare_rounds(app, org.id, before.id, after.id)
    assert (result.before.id, result.after.id) == (before.id, after.id)
    up = {m.item_id: m for m in result.up}
    down = {m.item_id: m for m in result.down}
    assert up["dra-01"].before == pytest.approx(25) and up["dra-01"].after == pytest.approx(250 / 3)
    assert up["dra-01"].number == checklist.item("dra-01").number
    assert up["dra-01"].question == checklist.item("dra-01").question
    assert down["dra-02"].delta == pytest.approx(-50)
    assert "stp-02" not in up and "stp-02" not in down  # unchanged
    assert [m.item_id for m in result.newly_unknown] == ["stp-01"]
    assert result.newly_unknown[0].before == pytest.approx(75)
    assert result.overall_delta == pytest.approx(result.overall_after - result.overall_before)
    assert result.up == sorted(result.up, key=lambda m: -m.delta)

    # Order of the arguments does not matter: the older round is "before".
    swapped = progress.compare_rounds(app, org.id, after.id, before.id)
    assert (swapped.before.id, swapped.after.id) == (before.id, after.id)


def test_comparison_refuses_the_same_round_and_another_corporations_round(app):
    org, other = add_org(app), add_org(app, "andere")
    mine = add_round(app, org, "Nulmeting 2024", dt.date(2024, 3, 1), {})
    theirs = add_round(app, other, "Nulmeting 2024", dt.date(2024, 3, 1), {})
    with pytest.raises(ValidationError, match="twee verschillende metingen"):
        progress.compare_rounds(app, org.id, mine.id, mine.id)
    with pytest.raises(AccessDenied):  # the same refusal as for a round that does not exist
        progress.compare_rounds(app, org.id, mine.id, theirs.id)


# --------------------------------------------------------------------------- plan progress


def test_plan_progress_counts_actions_as_they_stood_at_each_round(app):
    org = add_org(app)
    r1 = add_round(app, org, "Nulmeting 2024", dt.date(2024, 6, 1), {})
    r2 = add_round(app, org, "Meting 2025", dt.date(2025, 6, 1), {})

    def action(item, status, created, updated, due=None, closed=None):
        app.repo.add_action(
            ImprovementAction(
                org_id=org.id, item_id=item, description=f"Actie {item}", status=status,
                due_date=due, created_at=created, updated_at=updated, closed_round_id=closed,
            )
        )

    # before the first round, finished between the rounds
    action("dra-01", ActionStatus.DONE, moment(2024, 1, 1), moment(2024, 9, 1), dt.date(2024, 12, 1))
    # created before round 1, still open, due between the rounds: overdue at round 2
    action("dra-02", ActionStatus.IN_PROGRESS, moment(2024, 2, 1), moment(2024, 2, 1), dt.date(2025, 1, 1))
    # created after round 1, closed *in* round 2 although the status changed later
    action("stp-01", ActionStatus.DONE, moment(2024, 7, 1), moment(2025, 9, 1), None, r2.id)
    # dropped after round 2
    action("stp-02", ActionStatus.DROPPED, moment(2024, 7, 1), moment(2025, 8, 1), dt.date(2026, 1, 1))
    # created after the last round, due in the future
    action("stp-03", ActionStatus.PLANNED, moment(2026, 1, 1), moment(2026, 1, 1), dt.date(2027, 1, 1))

    plan = {p.label: p for p in progress.plan_progress(app, org.id)}
    assert list(plan) == ["Nulmeting 2024", "Meting 2025", "Vandaag"]
    at1, at2, now = plan["Nulmeting 2024"], plan["Meting 2025"], plan["Vandaag"]
    assert (at1.round_id, at2.round_id, now.round_id) == (r1.id, r2.id, None)
    assert (at1.total, at1.done, at1.open, at1.overdue, at1.dropped) == (2, 0, 2, 0, 0)
    assert (at2.total, at2.done, at2.open, at2.overdue, at2.dropped) == (4, 2, 2, 1, 0)
    assert (now.total, now.done, now.open, now.overdue, now.dropped) == (5, 2, 2, 1, 1)
    assert now.date == TODAY
    assert all(p.total == p.done + p.open + p.dropped for p in plan.values())


def test_plan_status_rule_for_a_reopened_action_errs_on_not_done():
    """No history is kept: an action reopened after a round counts as open at that round."""
    reopened = ImprovementAction(
        org_id=1, item_id="dra-01", description="x", status=ActionStatus.IN_PROGRESS,
        created_at=moment(2024, 1, 1), updated_at=moment(2025, 3, 1), due_date=dt.date(2024, 6, 1),
    )
    assert progress.plan_status_at([reopened], dt.date(2024, 12, 1), {}) == (1, 0, 1, 1, 0)
    assert progress.plan_status_at([reopened], dt.date(2023, 12, 1), {}) == (0, 0, 0, 0, 0)
