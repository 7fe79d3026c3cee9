"""The store against real databases, part two: sector figures, suggestion keys, and final
rounds kept across reads. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from readiness.models import (
    AnswerKind,
    ImprovementAction,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.store import ItemMeans, Repository, current_revision, make_engine, migrate
from tests.integration.store_helpers import (  # noqa: F401 - `respondent` is a fixture
    HEAD, make_org, make_respondent, make_round, other, respondent, score,
)


# --------------------------------------------------------------------------- sector figures


def test_item_means_are_computed_in_sql_over_final_rounds_only(repo: Repository) -> None:
    north = make_org(repo, "noord", size_class="S", region="Noord")
    final = make_round(repo, north.id, "2023", date=dt.date(2023, 5, 1))
    a, b, c = (make_respondent(repo, final.id, role) for role in ("bestuur", "management", "mt"))
    # visie-01: 4, 2 and "weet ik niet" -> mean 3.0 over 2 scores, 1 don't know
    repo.save_answer(score(a.id, "visie-01", 4), None)
    repo.save_answer(score(b.id, "visie-01", 2), None)
    repo.save_answer(other(c.id, "visie-01", AnswerKind.DONT_KNOW), None)
    # visie-02: n.v.t. twice and a 1 -> mean 1.0, 2 n.v.t.
    repo.save_answer(other(a.id, "visie-02", AnswerKind.NOT_APPLICABLE), None)
    repo.save_answer(other(b.id, "visie-02", AnswerKind.NOT_APPLICABLE), None)
    repo.save_answer(score(c.id, "visie-02", 1), None)
    # visie-03: nobody knows -> no mean
    repo.save_answer(other(a.id, "visie-03", AnswerKind.DONT_KNOW), None)
    repo.save_answer(other(b.id, "visie-03", AnswerKind.DONT_KNOW), None)
    repo.set_round_status(final.id, RoundStatus.FINAL)

    # A draft round (here and at another corporation) never counts for the sector.
    draft_here = make_round(repo, north.id, "2024", date=dt.date(2024, 5, 1))
    south = make_org(repo, "zuid", size_class="XL", region="Zuid")
    draft_there = make_round(repo, south.id, "2024")
    for round_ in (draft_here, draft_there):
        repo.save_answer(score(make_respondent(repo, round_.id).id, "visie-01", 0), None)

    expected = [
        ItemMeans(north.id, "S", "Noord", final.id, dt.date(2023, 5, 1), "visie-01", 3.0, 2, 1, 0),
        ItemMeans(north.id, "S", "Noord", final.id, dt.date(2023, 5, 1), "visie-02", 1.0, 1, 0, 2),
        ItemMeans(north.id, "S", "Noord", final.id, dt.date(2023, 5, 1), "visie-03", None, 0, 2, 0),
    ]
    rows = repo.final_round_item_means()
    assert rows == expected
    assert all(type(r.mean_score) is float for r in rows if r.mean_score is not None)
    assert all(type(r.n_scored) is int for r in rows)

    assert repo.round_item_means(final.id) == expected
    draft_date = dt.date(2024, 3, 1)
    assert repo.round_item_means(draft_there.id) == [
        ItemMeans(south.id, "XL", "Zuid", draft_there.id, draft_date, "visie-01", 0.0, 1, 0, 0)
    ]


def test_item_means_can_leave_out_demo_corporations(repo: Repository) -> None:
    demo = make_org(repo, "demo", is_demo=True)
    round_ = make_round(repo, demo.id)
    repo.save_answer(score(make_respondent(repo, round_.id).id, "visie-01", 2), None)
    repo.set_round_status(round_.id, RoundStatus.FINAL)
    assert len(repo.final_round_item_means()) == 1
    assert repo.final_round_item_means(exclude_demo=True) == []


def _means_by_round(rows) -> dict[int, dict[str, float | None]]:
    """Item means per round from ItemMeans rows, compared at the summaries' 12 digits."""
    out: dict[int, dict[str, float | None]] = {}
    for r in rows:
        out.setdefault(r.round_id, {})[r.item_id] = r.mean_score
    return {
        round_id: {item: None if m is None else pytest.approx(m, rel=1e-11) for item, m in means.items()}
        for round_id, means in out.items()
    }


def test_rounds_data_of_a_corporation_equals_round_data_per_round(repo: Repository) -> None:
    org, other_org = make_org(repo), make_org(repo, "elders")
    late = make_round(repo, org.id, "2025", date=dt.date(2025, 1, 1))
    early = make_round(repo, org.id, "2024", date=dt.date(2024, 1, 1))
    empty = make_round(repo, org.id, "2026", date=dt.date(2026, 1, 1))
    elsewhere = make_round(repo, other_org.id, "2025")
    for round_ in (late, early, elsewhere):
        for role in ("bestuur", "mt"):
            respondent = make_respondent(repo, round_.id, role)
            repo.save_answer(score(respondent.id, "visie-02", 3), None)
            repo.save_answer(other(respondent.id, "visie-01", AnswerKind.DONT_KNOW), None)
    assert repo.rounds_data(org.id) == [repo.round_data(r.id) for r in (early, late, empty)]
    assert repo.rounds_data(12345) == []


def test_round_means_are_summarised_at_finalisation(repo: Repository) -> None:
    """final_round_means reads summaries written by set_round_status; it gives the same
    means as aggregating the answers, follows reopening, and leaves out drafts."""
    org = make_org(repo, "noord", size_class="S", region="Noord")
    early = make_round(repo, org.id, "2023", date=dt.date(2023, 5, 1))
    late = make_round(repo, org.id, "2024", date=dt.date(2024, 5, 1))
    for round_, values in ((early, (4, 1, 2)), (late, (3, 3, 0))):
        a, b, c = (make_respondent(repo, round_.id, role) for role in ("bestuur", "management", "mt"))
        repo.save_answer(score(a.id, "visie-01", values[0]), None)
        repo.save_answer(score(b.id, "visie-01", values[1]), None)
        repo.save_answer(score(c.id, "visie-01", values[2]), None)
        repo.save_answer(other(a.id, "visie-02", AnswerKind.DONT_KNOW), None)
        repo.save_answer(score(b.id, "visie-03", values[0]), None)
    assert repo.final_round_means() == []  # drafts never count

    repo.set_round_status(late.id, RoundStatus.FINAL)
    repo.set_round_status(early.id, RoundStatus.FINAL)
    rows = repo.final_round_means()
    assert [(r.round_id, r.round_date, r.org_id, r.size_class, r.region) for r in rows] == [
        (early.id, dt.date(2023, 5, 1), org.id, "S", "Noord"),
        (late.id, dt.date(2024, 5, 1), org.id, "S", "Noord"),
    ]  # oldest first, whatever the order of finalising
    assert {r.round_id: r.item_means for r in rows} == _means_by_round(repo.final_round_item_means())
    assert rows[0].item_means == {"visie-01": pytest.approx(7 / 3), "visie-02": None, "visie-03": 4.0}

    repo.set_round_status(early.id, RoundStatus.DRAFT)  # reopened: out of the sector figures
    assert [r.round_id for r in repo.final_round_means()] == [late.id]
    repo.save_answer(score(make_respondent(repo, early.id).id, "visie-03", 0), None)
    repo.set_round_status(early.id, RoundStatus.FINAL)  # the new answer counts
    assert repo.final_round_means()[0].item_means["visie-03"] == 2.0


def test_a_final_round_without_summary_is_aggregated_from_its_answers(repo: Repository) -> None:
    org = make_org(repo)
    summarised = make_round(repo, org.id, "2023", date=dt.date(2023, 1, 1))
    repo.save_answer(score(make_respondent(repo, summarised.id).id, "visie-01", 1), None)
    repo.set_round_status(summarised.id, RoundStatus.FINAL)
    # a round stored as final straight away (as an import could): no summary written
    stored_final = make_round(
        repo, org.id, "2024", status=RoundStatus.FINAL, finalised_at=dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
    )
    with repo.engine.begin() as connection:  # its answers, as an older version would have left them
        respondent = connection.exec_driver_sql(
            f"INSERT INTO respondents (round_id, role, label) VALUES ({stored_final.id}, 'mt', 'MT') RETURNING id"
        ).scalar_one()
        connection.exec_driver_sql(
            "INSERT INTO answers (respondent_id, item_id, kind, score, note, version, updated_at) "
            f"VALUES ({respondent}, 'visie-01', 'score', 3, '', 1, '2024-04-01 00:00:00')"
        )
    rows = repo.final_round_means()
    assert [r.round_id for r in rows] == [summarised.id, stored_final.id]
    assert [r.item_means for r in rows] == [{"visie-01": 1.0}, {"visie-01": 3.0}]


def test_bulk_inserted_final_rounds_carry_their_summary(repo: Repository) -> None:
    org = Organisation(id=1, slug="bulk", name="Bulk", size_class="L", region="Oost")
    rounds = [
        Round(id=1, org_id=1, label="2023", date=dt.date(2023, 2, 1), status=RoundStatus.FINAL,
              checklist_version="2018.1", finalised_at=dt.datetime(2023, 3, 1, tzinfo=dt.UTC)),
        Round(id=2, org_id=1, label="2024", date=dt.date(2024, 2, 1), checklist_version="2018.1"),
    ]  # fmt: skip
    respondents = [Respondent(id=1, round_id=1, role="mt"), Respondent(id=2, round_id=1, role="bestuur"),
                   Respondent(id=3, round_id=2, role="mt")]  # fmt: skip
    answers = [score(1, "visie-01", 4), score(2, "visie-01", 1), other(2, "visie-02", AnswerKind.NOT_APPLICABLE),
               score(3, "visie-01", 0)]  # fmt: skip
    repo.bulk_insert([org], rounds, respondents, answers)
    rows = repo.final_round_means()
    assert len(rows) == 1 and rows[0].round_date == dt.date(2023, 2, 1)  # the draft never counts
    assert rows[0].item_means == {"visie-01": 2.5, "visie-02": None}
    assert {r.round_id: r.item_means for r in rows} == _means_by_round(repo.final_round_item_means())


def test_the_final_rounds_fingerprint_changes_with_every_change_of_the_final_rounds(repo: Repository) -> None:
    org = make_org(repo)
    first, second = make_round(repo, org.id, "2023"), make_round(repo, org.id, "2024")
    seen = [repo.final_rounds_fingerprint()]
    repo.set_round_status(first.id, RoundStatus.FINAL, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    seen.append(repo.final_rounds_fingerprint())
    assert repo.final_rounds_fingerprint() == seen[-1]  # stable while nothing changes
    # reopen one and finalise another with the same (historical) time: still a change
    repo.set_round_status(first.id, RoundStatus.DRAFT)
    repo.set_round_status(second.id, RoundStatus.FINAL, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    seen.append(repo.final_rounds_fingerprint())
    repo.set_round_status(first.id, RoundStatus.FINAL)
    seen.append(repo.final_rounds_fingerprint())
    assert len(set(seen)) == len(seen)


def test_the_summaries_migration_fills_rounds_that_were_final_already(engine) -> None:
    migrate(engine, "0002")
    repo = Repository(engine)
    # Written in SQL: today's tables have columns (rounds.closes_on, 0008) that 0002 lacks.
    with engine.begin() as connection:  # finalised before revision 0003 existed
        sql = connection.exec_driver_sql
        sql("INSERT INTO organisations (id, slug, name, size_class, region, is_demo) "
            "VALUES (1, 'de-linde', 'De Linde', 'M', 'Utrecht', false)")  # fmt: skip
        sql("INSERT INTO rounds (id, org_id, label, date, status, checklist_version) "
            "VALUES (1, 1, 'Nulmeting', '2026-03-01', 'definitief', '1')")  # fmt: skip
        sql("INSERT INTO respondents (id, round_id, role, label) VALUES (1, 1, 'management', 'M 1'), "
            "(2, 1, 'bestuur', 'B 1')")  # fmt: skip
        sql("INSERT INTO answers (respondent_id, item_id, kind, score, note, version, updated_at) VALUES "
            "(1, 'visie-01', 'score', 2, '', 1, '2026-03-01 10:00:00'), "
            "(2, 'visie-01', 'score', 3, '', 1, '2026-03-01 10:00:00'), "
            "(2, 'visie-02', 'weet_ik_niet', NULL, '', 1, '2026-03-01 10:00:00')")  # fmt: skip
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM round_summaries").scalar_one() == 1
    assert repo.final_round_means()[0].item_means == {"visie-01": 2.5, "visie-02": None}


# --------------------------------------------------------------------------- suggestion key (0004)

KEY = "dra-01:0123456789ab"


def test_an_action_keeps_the_suggestion_it_came_from_through_edits(repo: Repository) -> None:
    org = make_org(repo)
    taken = repo.add_action(
        ImprovementAction(org_id=org.id, item_id="dra-01", description="Voorstel", suggestion_key=KEY)
    )
    own = repo.add_action(ImprovementAction(org_id=org.id, item_id="dra-01", description="Eigen actie"))
    assert repo.get_action(taken.id).suggestion_key == KEY
    assert repo.get_action(own.id).suggestion_key is None
    rewritten = repo.update_action(taken.model_copy(update={"description": "Herschreven"}), taken.version)
    assert (rewritten.description, rewritten.suggestion_key) == ("Herschreven", KEY)
    assert {a.id: a.suggestion_key for a in repo.list_actions(org.id)} == {taken.id: KEY, own.id: None}


def _downgrade(engine, revision: str) -> None:
    from alembic import command

    from readiness.store.engine import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _action_columns(engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("actions")}


def test_the_suggestion_key_migration_keeps_existing_actions_and_can_be_undone(engine) -> None:
    from sqlalchemy import insert

    from readiness.store.tables import ActionRow

    migrate(engine, "0003")
    assert "suggestion_key" not in _action_columns(engine)
    repo = Repository(engine)
    org = make_org(repo)
    moment = dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC)
    with engine.begin() as connection:  # a plan made before revision 0004 existed
        connection.execute(
            insert(ActionRow.__table__).values(
                org_id=org.id, item_id="dra-01", description="Oude actie", owner="manager wonen",
                status="bezig", priority="hoog", notes="", created_at=moment, updated_at=moment, version=3,
            )
        )  # fmt: skip
    migrate(engine)
    assert current_revision(engine) == HEAD
    (old,) = repo.list_actions(org.id)
    assert (old.description, old.status, old.version, old.suggestion_key) == ("Oude actie", "bezig", 3, None)
    linked = repo.update_action(old.model_copy(update={"suggestion_key": KEY}), old.version)
    assert repo.get_action(linked.id).suggestion_key == KEY

    _downgrade(engine, "0003")
    assert "suggestion_key" not in _action_columns(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT description, version FROM actions").all()
    assert [tuple(r) for r in rows] == [("Oude actie", 4)]
    migrate(engine)
    assert repo.get_action(linked.id).suggestion_key is None


# --------------------------------------------------------------------------- final rounds kept across reads


def _count_statements(repo: Repository) -> list[str]:
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(repo.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_final_rounds_data_is_read_from_the_database_once_and_stays_equal(repo: Repository, respondent) -> None:
    repo.save_answer(score(respondent.id, "visie-01", 3), None)
    repo.save_answer(other(respondent.id, "visie-02", AnswerKind.DONT_KNOW), None)
    repo.set_round_status(respondent.round_id, RoundStatus.FINAL)
    first = repo.round_data(respondent.round_id)
    statements = _count_statements(repo)
    again = repo.round_data(respondent.round_id)
    assert again == first and len(first.answers) == 2 and first.respondents == [respondent]
    # only the round row (plus the transaction's BEGIN/COMMIT): respondents and answers are kept
    assert sum("respondents" in s.lower() or "answers" in s.lower() for s in statements) == 0, statements
    again.answers.clear()  # a caller's list is its own
    assert repo.round_data(respondent.round_id) == first


def test_a_concept_rounds_new_answer_shows_on_the_next_read(repo: Repository, respondent) -> None:
    assert repo.round_data(respondent.round_id).answers == []
    saved = repo.save_answer(score(respondent.id, "visie-01", 3), None)
    assert repo.round_data(respondent.round_id).answers == [saved]
    changed = repo.save_answer(score(respondent.id, "visie-01", 1), saved.version)
    assert repo.round_data(respondent.round_id).answers == [changed]


def test_a_reopened_round_finalised_again_at_the_same_moment_shows_its_new_answers(
    repo: Repository, respondent
) -> None:
    moment = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    repo.save_answer(score(respondent.id, "visie-01", 3), None)
    repo.set_round_status(respondent.round_id, RoundStatus.FINAL, moment)
    assert len(repo.round_data(respondent.round_id).answers) == 1
    repo.set_round_status(respondent.round_id, RoundStatus.DRAFT)  # the store can; no service does
    added = repo.save_answer(score(respondent.id, "visie-02", 4), None)
    repo.set_round_status(respondent.round_id, RoundStatus.FINAL, moment)
    assert added in repo.round_data(respondent.round_id).answers
    assert len(repo.round_data(respondent.round_id).answers) == 2


def test_what_a_rolled_back_unit_of_work_read_is_not_kept(repo: Repository) -> None:
    org = make_org(repo)
    moment = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    with pytest.raises(RuntimeError):
        with repo.unit_of_work():
            round_ = make_round(repo, org.id)
            respondent = make_respondent(repo, round_.id)
            repo.save_answer(score(respondent.id, "visie-01", 3), None)
            repo.set_round_status(round_.id, RoundStatus.FINAL, moment)
            assert len(repo.round_data(round_.id).answers) == 1  # read inside: not kept
            raise RuntimeError("import mislukt")
    # the same import again (SQLite may hand out the same ids), this time without answers
    again = make_round(repo, org.id)
    make_respondent(repo, again.id)
    repo.set_round_status(again.id, RoundStatus.FINAL, moment)
    assert repo.round_data(again.id).answers == []


def test_two_databases_keep_their_own_final_rounds(tmp_path) -> None:
    repos = []
    for name in ("een", "twee"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        migrate(engine)
        repos.append(Repository(engine))
    moment = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    for value, repo in enumerate(repos):  # the same ids and moment in both databases
        org = make_org(repo)
        round_ = make_round(repo, org.id)
        respondent = make_respondent(repo, round_.id)
        repo.save_answer(score(respondent.id, "visie-01", value + 1), None)
        repo.set_round_status(round_.id, RoundStatus.FINAL, moment)
    assert [r.round_data(1).answers[0].score for r in repos] == [1, 2]
    assert [r.round_data(1).answers[0].score for r in repos] == [1, 2]
