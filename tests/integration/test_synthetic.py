"""Synthetic sector data (readiness seed-synthetic), on SQLite and PostgreSQL.

What benchmarks and load tests rely on: exactly the requested numbers of corporations,
rounds, respondents and answers; scores that differ between corporations, grow over
the years and follow the handreiking's build-up; improvement plans with mixed
statuses; only fictional names; the same data for the same seed; and nothing written
when anything fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from readiness import planning
from readiness.cli import main as cli_main
from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import ActionStatus, AnswerKind, Organisation, RoundStatus
from readiness.privacy import check_free_text
from readiness.services import App, assessment, publications
from readiness.services.assessment import ValidationError
from readiness.services.demo import seed_demo
from readiness.services.synthetic import OWNERS, seed_synthetic

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(database_url="unused://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path)
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


def contents(app: App) -> list[tuple]:
    """Everything a user can see of the synthetic corporations, without database ids."""
    out: list[tuple] = []
    for org in assessment.list_organisations(app):
        out.append((org.slug, org.name, org.size_class, org.region, org.is_demo))
        for round_ in assessment.list_rounds(app, org.id):
            out.append((round_.label, round_.date, round_.status, round_.finalised_at))
            data = assessment.round_data(app, round_.id)
            by_respondent = {r.id: (r.role, r.label) for r in data.respondents}
            out += [(by_respondent[a.respondent_id], a.item_id, a.kind, a.score) for a in data.answers]
        rounds = {r.id: r.label for r in assessment.list_rounds(app, org.id)}
        for action in app.repo.list_actions(org.id):
            out.append(
                (action.item_id, action.description, action.owner, action.due_date, action.status,
                 action.priority, rounds.get(action.origin_round_id), rounds.get(action.closed_round_id))
            )  # fmt: skip
    return out


def latest_results(app: App):
    """Per corporation: the score results of all its rounds, oldest first."""
    return {
        org.slug: [assessment.round_result(app, r.id) for r in assessment.list_rounds(app, org.id)]
        for org in assessment.list_organisations(app)
    }


# --------------------------------------------------------------------------- counts


def test_writes_exactly_the_requested_numbers(app: App) -> None:
    progress: list[int] = []
    summary = seed_synthetic(app, 7, 3, 4, seed=1, batch_size=3, progress=progress.append)

    n_items = len(app.checklist.items)
    assert (summary.corporations, summary.rounds, summary.respondents, summary.answers) == (
        7, 7 * 3, 7 * 3 * 4, 7 * 3 * 4 * n_items
    )
    assert progress == [3, 6, 7]  # three batches, one transaction
    orgs = assessment.list_organisations(app)
    assert len(orgs) == 7
    n_actions = 0
    for org in orgs:
        rounds = assessment.list_rounds(app, org.id)
        assert len(rounds) == 3
        # yearly rounds, the oldest one is the baseline
        assert [r.date.year for r in rounds] == [rounds[0].date.year + i for i in range(3)]
        assert rounds[0].label.startswith("Nulmeting")
        assert all(r.date <= TODAY for r in rounds)
        # every round final except at most the latest one
        assert all(r.status == RoundStatus.FINAL for r in rounds[:-1])
        for round_ in rounds:
            data = assessment.round_data(app, round_.id)
            assert len(data.respondents) == 4
            assert len(data.answers) == 4 * n_items
            assert not any(assessment.unanswered(app, round_.id).values())
            if round_.is_final:
                assert round_.date < round_.finalised_at.date() <= TODAY
        n_actions += len(app.repo.list_actions(org.id))
    assert n_actions == summary.actions


def test_the_sector_comparison_counts_every_final_round(app: App) -> None:
    seed_synthetic(app, 12, 2, 3, seed=5)
    finals = [
        r for org in assessment.list_organisations(app) for r in assessment.list_rounds(app, org.id) if r.is_final
    ]
    records, demo = publications._records(app, TODAY)
    assert not demo  # synthetic corporations are not demo data
    assert len(records) == len(finals)
    # and the records carry the same scores and phase as the questionnaire's own scoring
    first = finals[0]
    expected = assessment.round_result(app, first.id)
    own = [r for r in records if r.round_key == first.id]
    assert own[0].overall == pytest.approx(expected.overall)
    assert own[0].phase == expected.phase.level


def test_the_query_planner_knows_the_loaded_sizes(app: App) -> None:
    """Right after a bulk load the database must plan with the real table sizes (on
    PostgreSQL a round's answers were otherwise read with a full scan until autovacuum ran)."""
    summary = seed_synthetic(app, 5, 2, 3, seed=2)
    with app.repo.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            rows = connection.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'answers'").scalar_one()
        else:
            stat = connection.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'answers'").scalars().first()
            rows = int(stat.split()[0])
    assert rows == summary.answers


def test_counts_out_of_range_are_refused_with_a_dutch_message(app: App) -> None:
    with pytest.raises(ValidationError, match="aantal corporaties is 0"):
        seed_synthetic(app, 0, 8, 6)
    with pytest.raises(ValidationError, match="metingen per corporatie is 31"):
        seed_synthetic(app, 3, 31, 6)
    with pytest.raises(ValidationError, match="respondenten per meting is -1"):
        seed_synthetic(app, 3, 2, -1)
    assert assessment.list_organisations(app) == []


# --------------------------------------------------------------------------- realism


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_scores_vary_grow_and_follow_the_build_up(app: App) -> None:
    seed_synthetic(app, 40, 4, 4, seed=11)
    results = latest_results(app)

    latest = [rs[-1].overall for rs in results.values()]
    assert statistics.pstdev(latest) > 8  # corporations differ (0-100 scale)
    assert len({r[-1].phase.level for r in results.values()}) >= 3  # in several phases
    growth = [rs[-1].overall - rs[0].overall for rs in results.values()]
    assert statistics.mean(growth) > 5  # most corporations improve over the years
    assert any(g <= 0 for g in growth) or min(growth) < statistics.mean(growth) / 3  # not all alike

    # build-up: the first sections of the checklist are further along than the last ones
    sections = [s.id for s in app.checklist.sections]
    first = [r.section(sections[0]).score for rs in results.values() for r in rs]
    last_two = [r.section(s).score for rs in results.values() for r in rs for s in sections[-2:]]
    assert statistics.mean(first) > statistics.mean(s for s in last_two if s is not None) + 10

    kinds = Counter(
        a.kind
        for org in assessment.list_organisations(app)
        for r in assessment.list_rounds(app, org.id)
        for a in assessment.round_data(app, r.id).answers
    )
    total = sum(kinds.values())
    assert 0.03 < kinds[AnswerKind.DONT_KNOW] / total < 0.3
    assert kinds[AnswerKind.NOT_APPLICABLE] > 0
    na_items = {i.id for i in app.checklist.items if i.allows_na}
    assert all(
        a.item_id in na_items
        for org in assessment.list_organisations(app)
        for r in assessment.list_rounds(app, org.id)
        for a in assessment.round_data(app, r.id).answers
        if a.kind == AnswerKind.NOT_APPLICABLE
    )

    roles = Counter(
        r.role
        for org in assessment.list_organisations(app)
        for rd in assessment.list_rounds(app, org.id)
        for r in assessment.list_respondents(app, rd.id)
    )
    assert set(roles) >= {"bestuur", "management", "uitvoering"} and len(roles) >= 4

    sizes = Counter(o.size_class for o in assessment.list_organisations(app))
    regions = Counter(o.region for o in assessment.list_organisations(app))
    assert len(sizes) >= 4 and len(regions) >= 15


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_corporation_gets_a_plan_with_mixed_statuses(app: App) -> None:
    seed_synthetic(app, 30, 4, 3, seed=3)
    items = {i.id for i in app.checklist.items}
    statuses: Counter[ActionStatus] = Counter()
    overdue = 0
    with_plan = 0
    for org in assessment.list_organisations(app):
        actions = app.repo.list_actions(org.id)
        with_plan += bool(actions)
        round_ids = {r.id for r in assessment.list_rounds(app, org.id)}
        assert len({a.item_id for a in actions}) == len(actions)  # one action per item
        for action in actions:
            assert action.item_id in items
            assert action.origin_round_id in round_ids  # proposed from its own round
            assert action.owner in OWNERS  # a function, never a name
            suggested = {s.text for s in app.checklist.item(action.item_id).actions}
            assert action.description in suggested
            # remembers its suggestion, like an action accepted in the app (bulk_insert keeps it)
            assert action.suggestion_key == planning.suggestion_key(action.item_id, action.description)
            if action.status == ActionStatus.DONE and action.closed_round_id is not None:
                assert action.closed_round_id in round_ids
            statuses[action.status] += 1
            overdue += action.is_overdue(TODAY)
    assert with_plan >= 25
    assert set(statuses) == set(ActionStatus)
    assert overdue > 0


def test_only_fictional_names(app: App) -> None:
    seed_synthetic(app, 5, 2, 6, seed=9)
    for org in assessment.list_organisations(app):
        assert re.fullmatch(r"Synthetische corporatie \d{4}", org.name)
        assert org.slug == "synth-" + org.name.rsplit(" ", 1)[1]
        assert not org.is_demo
        for round_ in assessment.list_rounds(app, org.id):
            assert re.fullmatch(r"(Nulmeting|Meting) \d{4}", round_.label)
            for respondent in assessment.list_respondents(app, round_.id):
                role = app.checklist.role_label(respondent.role)
                assert re.fullmatch(rf"{re.escape(role)} \d+", respondent.label)
            assert all(a.note == "" for a in assessment.round_data(app, round_.id).answers)
        for action in app.repo.list_actions(org.id):
            for text in (action.description, action.owner, action.notes):
                check_free_text(text, "test")  # raises on personal data


# --------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_the_same_data(app: App, tmp_path: Path, checklist) -> None:
    from readiness.store import Repository, make_engine, migrate

    def fresh(name: str) -> App:
        engine = make_engine(f"sqlite:///{tmp_path / name}")
        migrate(engine)
        return dataclasses.replace(app, repo=Repository(engine))

    seed_synthetic(app, 4, 3, 3, seed=42, batch_size=2)
    again = fresh("again.db")
    seed_synthetic(again, 4, 3, 3, seed=42)
    other = fresh("other.db")
    seed_synthetic(other, 4, 3, 3, seed=43)

    assert contents(app) == contents(again)
    assert contents(app) != contents(other)


# --------------------------------------------------------------------------- all or nothing


def test_a_failure_halfway_leaves_nothing_behind(app: App, monkeypatch) -> None:
    real = app.repo.bulk_insert
    calls = []

    def failing_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(app.repo, "bulk_insert", failing_second_batch)
    with pytest.raises(RuntimeError, match="disk full"):
        seed_synthetic(app, 6, 2, 2, seed=1, batch_size=3)
    assert len(calls) == 2  # the first batch had been written inside the transaction
    assert assessment.list_organisations(app) == []


def test_a_clashing_short_name_rolls_back_the_whole_batch(app: App) -> None:
    from readiness.services.synthetic import _Generator

    batch = next(_Generator(app, 2, 2, seed=1).batches(3, 3))
    clash = batch.organisations[2].slug
    app.repo.add_organisation(Organisation(slug=clash, name="Al aanwezig", size_class="S", region="Utrecht", is_demo=True))
    with pytest.raises(ValueError, match="korte namen .* bestaan al"):
        app.repo.bulk_insert(batch.organisations, batch.rounds, batch.respondents, batch.answers, batch.actions)
    assert [o.slug for o in assessment.list_organisations(app)] == [clash]
    assert app.repo.list_rounds(assessment.get_organisation(app, clash).id) == []


def test_refuses_a_database_with_earlier_synthetic_data(app: App) -> None:
    seed_demo(app)  # demo corporations may stay: they never mix with real sector figures
    seed_synthetic(app, 2, 1, 1, seed=1)
    before = contents(app)
    with pytest.raises(ValidationError, match="al 2 synthetische corporaties"):
        seed_synthetic(app, 2, 1, 1, seed=1)
    assert contents(app) == before


def test_refuses_a_database_with_real_corporations(app: App) -> None:
    assessment.create_organisation(app, "Woonstichting Echt", "M", "Utrecht")
    with pytest.raises(ValidationError, match="1 echte corporaties .*Woonstichting Echt"):
        seed_synthetic(app, 2, 1, 1, seed=2)
    assert [o.slug for o in assessment.list_organisations(app)] == ["woonstichting-echt"]


def test_only_who_may_add_corporations_may_seed(app: App) -> None:
    from readiness.access import AccessDenied, Actor, Kind

    for kind in (Kind.DENKTANK, Kind.ANONYMOUS):
        with pytest.raises(AccessDenied):
            seed_synthetic(app.as_actor(Actor(kind=kind, username="iemand")), 2, 1, 1)
    assert assessment.list_organisations(app) == []
    seed_synthetic(app, 2, 1, 1, seed=4)
    entries = [e for e in app.repo.list_audit() if e.entity == "synthetische gegevens"]
    assert len(entries) == 1 and "2 synthetische corporaties" in entries[0].change


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_command_line(db_url: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert cli_main(["seed-synthetic", "--corporations", "3", "--rounds", "2", "--respondents", "2", "--seed", "7"]) == 0
    out = capsys.readouterr()
    assert "3 synthetische corporaties toegevoegd: 6 metingen, 12 respondenten" in out.out
    assert "3 van 3 corporaties klaar" in out.err

    assert cli_main(["seed-synthetic", "--corporations", "3"]) == 2
    assert "al 3 synthetische corporaties" in capsys.readouterr().err

    assert cli_main(["seed-synthetic", "--corporations", "0"]) == 2
    assert "aantal corporaties is 0" in capsys.readouterr().err
