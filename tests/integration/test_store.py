"""The store against real databases: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from sqlalchemy import inspect

from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ConflictError,
    ImprovementAction,
    NotFoundError,
    Organisation,
    Priority,
    Respondent,
    Round,
    RoundData,
    RoundStatus,
)
from readiness.store import Repository, current_revision, make_engine, migrate
from tests.integration.store_helpers import (  # noqa: F401 - `respondent` is a fixture
    HEAD, make_org, make_respondent, make_round, other, race, respondent, score,
)

TABLES = {"organisations", "rounds", "respondents", "answers", "actions", "audit_log"}


# --------------------------------------------------------------------------- schema


def test_migrate_creates_all_tables_at_head(engine) -> None:
    assert current_revision(engine) is None
    migrate(engine)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert current_revision(engine) == HEAD


def test_migrations_match_table_definitions(repo: Repository) -> None:
    """The hand-written migrations produce exactly the schema of tables.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from readiness.store.tables import Base

    with repo.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_second_migrate_is_a_no_op(repo: Repository) -> None:
    org = make_org(repo)
    migrate(repo.engine)
    assert current_revision(repo.engine) == HEAD
    assert repo.list_organisations() == [org]


def test_head_read_from_the_migration_files_is_alembics_head(engine) -> None:
    """The quick schema check (no Alembic import) compares against the same head."""
    from readiness.store.engine import head_revision

    assert head_revision() == HEAD
    migrate(engine, "0002")
    migrate(engine)  # behind: the quick check must not skip the upgrade
    assert current_revision(engine) == HEAD


def test_two_processes_migrating_at_once_both_succeed(engine, db_url) -> None:
    """E.g. the app and the CLI starting together on an empty database."""
    script = (
        "import sys; from readiness.store import make_engine, migrate; "
        "migrate(make_engine(sys.argv[1]))"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, db_url], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert current_revision(engine) == HEAD
    assert TABLES <= set(inspect(engine).get_table_names())


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path) -> None:
    path = tmp_path / "nested" / "folder" / "voordeurcheck.db"  # folder does not exist yet
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
        assert path.exists()
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg3() -> None:
    engine = make_engine("postgresql://user:secret@db.example/voordeurcheck")
    assert engine.url.drivername == "postgresql+psycopg"
    engine = make_engine("postgres://user@db.example/voordeurcheck")
    assert engine.url.drivername == "postgresql+psycopg"


# --------------------------------------------------------------------------- round trips


def test_organisation_round_and_answers_round_trip_as_domain_objects(repo: Repository) -> None:
    org = make_org(repo, "de-woonplaats", name="De Woonplaats", size_class="L", region="Oost")
    assert isinstance(org, Organisation) and org.id is not None
    assert repo.get_organisation("de-woonplaats") == org
    assert repo.get_organisation_by_id(org.id) == org

    round_ = make_round(repo, org.id, "Nulmeting 2024")
    assert round_ == Round(
        id=round_.id,
        org_id=org.id,
        label="Nulmeting 2024",
        date=dt.date(2024, 3, 1),
        status=RoundStatus.DRAFT,
        checklist_version="2018.1",
    )
    assert repo.get_round(round_.id) == round_
    assert repo.find_round(org.id, "Nulmeting 2024") == round_
    assert repo.find_round(org.id, "bestaat niet") is None

    board = make_respondent(repo, round_.id, "bestuur")
    staff = make_respondent(repo, round_.id, "uitvoering")
    assert repo.list_respondents(round_.id) == [board, staff]

    saved = [
        repo.save_answer(score(board.id, "visie-01", 3, note="besproken in MT"), None),
        repo.save_answer(other(board.id, "visie-02", AnswerKind.DONT_KNOW), None),
        repo.save_answer(other(staff.id, "visie-01", AnswerKind.NOT_APPLICABLE), None),
    ]
    assert all(a.version == 1 for a in saved)
    assert repo.get_answer(board.id, "visie-01") == saved[0]
    assert repo.get_answer(board.id, "nope-99") is None
    assert repo.list_answers(round_.id) == saved
    assert repo.list_answers_of(board.id) == saved[:2]
    assert repo.list_answers_of(staff.id) == saved[2:]

    data = repo.round_data(round_.id)
    assert isinstance(data, RoundData)
    assert data == RoundData(round=round_, respondents=[board, staff], answers=saved)


def test_lists_are_ordered(repo: Repository) -> None:
    zeist = make_org(repo, "zeist", name="Woonstichting Zeist")
    alkmaar = make_org(repo, "alkmaar", name="Alkmaar Wonen")
    assert repo.list_organisations() == [alkmaar, zeist]

    late = make_round(repo, zeist.id, "b", date=dt.date(2025, 1, 1))
    early = make_round(repo, zeist.id, "a", date=dt.date(2023, 1, 1))
    same_day = make_round(repo, zeist.id, "c", date=dt.date(2025, 1, 1))
    assert repo.list_rounds(zeist.id) == [early, late, same_day]
    assert repo.list_rounds(alkmaar.id) == []


def test_finalising_keeps_an_aware_timestamp(repo: Repository) -> None:
    org = make_org(repo)
    round_ = make_round(repo, org.id)
    moment = dt.datetime(2024, 6, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    final = repo.set_round_status(round_.id, RoundStatus.FINAL, moment)
    assert final.is_final and final.finalised_at == moment
    assert repo.get_round(round_.id) == final

    reopened = repo.set_round_status(round_.id, RoundStatus.DRAFT)
    assert reopened.status == RoundStatus.DRAFT and reopened.finalised_at is None

    now_final = repo.set_round_status(round_.id, RoundStatus.FINAL)
    assert now_final.finalised_at is not None and now_final.finalised_at.tzinfo is not None


def test_long_free_text_is_stored_on_every_backend(repo: Repository) -> None:
    long = "Stichting " + "Woningbeheer " * 40
    org = make_org(repo, "lang", name=long, region=long)
    round_ = make_round(repo, org.id, label=long)
    respondent = repo.add_respondent(Respondent(round_id=round_.id, role="bestuur", label=long))
    entry = repo.record_audit(long, org.id, "import", long, long)
    assert repo.get_organisation("lang") == org and org.name == long
    assert repo.find_round(org.id, long) == round_
    assert repo.list_respondents(round_.id) == [respondent]
    assert repo.list_audit(org.id) == [entry]


def test_duplicate_slug_is_refused_in_dutch(repo: Repository) -> None:
    first = make_org(repo, "woonstede")
    with pytest.raises(ValueError) as excinfo:
        make_org(repo, "woonstede", name="Een andere naam")
    assert str(excinfo.value) == "Er bestaat al een corporatie met de korte naam 'woonstede'"
    assert repo.list_organisations() == [first]


def test_duplicate_round_label_is_refused(repo: Repository) -> None:
    org = make_org(repo)
    make_round(repo, org.id, "2024")
    with pytest.raises(ValueError, match="al een meting"):
        make_round(repo, org.id, "2024")


def test_missing_records_raise_not_found_in_dutch(repo: Repository) -> None:
    with pytest.raises(NotFoundError, match="Er is geen corporatie met de korte naam 'nope'"):
        repo.get_organisation("nope")
    with pytest.raises(NotFoundError, match="corporatie"):
        repo.get_organisation_by_id(999)
    with pytest.raises(NotFoundError, match="meting"):
        repo.get_round(999)
    with pytest.raises(NotFoundError, match="verbeteractie"):
        repo.get_action(999)
    with pytest.raises(NotFoundError, match="respondent"):
        repo.save_answer(score(999, "visie-01", 2), None)


def test_deleting_a_respondent_removes_their_answers(repo: Repository, respondent) -> None:
    repo.save_answer(score(respondent.id, "visie-01", 2), None)
    repo.delete_respondent(respondent.id)
    assert repo.list_respondents(respondent.round_id) == []
    assert repo.list_answers(respondent.round_id) == []


# --------------------------------------------------------------------------- optimistic locking


def test_second_browser_with_a_stale_version_gets_a_conflict(repo: Repository, respondent) -> None:
    repo.save_answer(score(respondent.id, "visie-01", 1), None)
    seen_by_a = repo.get_answer(respondent.id, "visie-01")
    seen_by_b = repo.get_answer(respondent.id, "visie-01")
    assert seen_by_a.version == seen_by_b.version == 1

    saved_by_a = repo.save_answer(score(respondent.id, "visie-01", 3, "A"), seen_by_a.version)
    assert saved_by_a.version == 2
    with pytest.raises(ConflictError) as excinfo:
        repo.save_answer(score(respondent.id, "visie-01", 0, "B"), seen_by_b.version)
    assert str(excinfo.value) == (
        "Dit antwoord is intussen door iemand anders gewijzigd; "
        "laad de pagina opnieuw en kijk het na."
    )
    assert repo.get_answer(respondent.id, "visie-01") == saved_by_a

    # B reloads and saves on top of A's version.
    assert repo.save_answer(score(respondent.id, "visie-01", 0, "B"), 2).version == 3


def test_expecting_an_answer_that_does_not_exist_is_a_conflict(
    repo: Repository, respondent
) -> None:
    with pytest.raises(ConflictError):
        repo.save_answer(score(respondent.id, "visie-01", 1), 1)
    assert repo.get_answer(respondent.id, "visie-01") is None


def test_two_first_answers_for_the_same_item_conflict(repo: Repository, respondent) -> None:
    first = repo.save_answer(score(respondent.id, "visie-01", 2, "eerste"), None)
    with pytest.raises(ConflictError):
        repo.save_answer(score(respondent.id, "visie-01", 4, "tweede"), None)
    assert repo.get_answer(respondent.id, "visie-01") == first


@pytest.mark.parametrize("expected", [None, 1], ids=["insert", "update"])
def test_concurrent_saves_have_exactly_one_winner(repo: Repository, respondent, expected) -> None:
    if expected is not None:
        repo.save_answer(score(respondent.id, "visie-01", 0), None)
    n = 6
    counter = iter(range(n))
    lock = threading.Lock()

    def attempt() -> Answer:
        with lock:
            value = next(counter) % 5
        answer = score(respondent.id, "visie-01", value, f"poging {value}")
        return repo.save_answer(answer, expected)

    results, errors = race(n, attempt)
    assert len(results) == 1, errors
    assert len(errors) == n - 1 and all(isinstance(e, ConflictError) for e in errors), errors
    assert repo.get_answer(respondent.id, "visie-01") == results[0]


def test_saving_into_a_final_round_is_refused_and_changes_nothing(
    repo: Repository, respondent
) -> None:
    before = repo.save_answer(score(respondent.id, "visie-01", 2), None)
    repo.set_round_status(respondent.round_id, RoundStatus.FINAL)

    message = "Deze meting is definitief; antwoorden kunnen niet meer worden gewijzigd."
    with pytest.raises(ValueError) as excinfo:
        repo.save_answer(score(respondent.id, "visie-01", 4), 1)
    assert str(excinfo.value) == message
    with pytest.raises(ValueError, match="definitief"):
        repo.save_answer(score(respondent.id, "visie-02", 4), None)
    with pytest.raises(ValueError, match="definitief"):
        repo.delete_respondent(respondent.id)
    with pytest.raises(ValueError, match="definitief"):
        make_respondent(repo, respondent.round_id)

    assert repo.list_answers(respondent.round_id) == [before]
    assert repo.list_respondents(respondent.round_id) == [respondent]


# --------------------------------------------------------------------------- unit of work


def test_unit_of_work_rolls_back_everything_on_an_exception(repo: Repository) -> None:
    with pytest.raises(RuntimeError, match="halverwege"):
        with repo.unit_of_work():
            org = make_org(repo, "import-test")
            round_ = make_round(repo, org.id)
            respondent = make_respondent(repo, round_.id)
            repo.save_answer(score(respondent.id, "visie-01", 3), None)
            repo.record_audit("import", org.id, "round", round_.id, "geïmporteerd")
            assert repo.get_organisation("import-test") == org  # visible inside
            raise RuntimeError("halverwege mislukt")

    assert repo.list_organisations() == []
    assert repo.list_audit() == []
    with pytest.raises(NotFoundError):
        repo.get_round(round_.id)


def test_unit_of_work_commits_at_the_end(repo: Repository) -> None:
    with repo.unit_of_work():
        org = make_org(repo, "import-test")
        with repo.unit_of_work():  # nested blocks join the outer transaction
            round_ = make_round(repo, org.id)
        respondent = make_respondent(repo, round_.id)
        answer = repo.save_answer(score(respondent.id, "visie-01", 3), None)

    assert repo.list_organisations() == [org]
    assert repo.list_answers(round_.id) == [answer]


def test_reads_inside_a_unit_of_work_see_its_own_updates(repo: Repository, respondent) -> None:
    with repo.unit_of_work():
        repo.save_answer(score(respondent.id, "visie-01", 1), None)
        assert repo.get_answer(respondent.id, "visie-01").version == 1
        repo.save_answer(score(respondent.id, "visie-01", 4), 1)
        assert repo.get_answer(respondent.id, "visie-01") == score(
            respondent.id, "visie-01", 4
        ).model_copy(update={"version": 2})
        repo.delete_respondent(respondent.id)
        assert repo.list_answers(respondent.round_id) == []


def test_unit_of_work_survives_a_handled_constraint_error(repo: Repository) -> None:
    """A caught duplicate inside a unit of work leaves the transaction usable (PG too)."""
    with repo.unit_of_work():
        first = make_org(repo, "dubbel")
        with pytest.raises(ValueError):
            make_org(repo, "dubbel")
        second = make_org(repo, "anders")
    assert repo.list_organisations() == sorted([first, second], key=lambda o: o.name)


def test_unit_of_work_is_per_thread(repo: Repository) -> None:
    """Another thread's calls do not join (or see) this thread's open unit of work."""
    seen: list[list[Organisation]] = []
    with repo.unit_of_work():
        make_org(repo, "nog-niet-zichtbaar")
        thread = threading.Thread(target=lambda: seen.append(repo.list_organisations()))
        thread.start()
        thread.join(timeout=30)
    assert seen == [[]]
    assert [o.slug for o in repo.list_organisations()] == ["nog-niet-zichtbaar"]


# --------------------------------------------------------------------------- actions


def test_action_round_trip_and_optimistic_lock(repo: Repository) -> None:
    org = make_org(repo)
    round_ = make_round(repo, org.id)
    action = repo.add_action(
        ImprovementAction(
            org_id=org.id,
            item_id="visie-01",
            description="Visie op signaleren vaststellen",
            owner="manager wonen",
            due_date=dt.date(2024, 12, 31),
            origin_round_id=round_.id,
        )
    )
    assert action.id is not None and action.version == 1
    assert action.created_at is not None and action.created_at.tzinfo is not None
    assert repo.get_action(action.id) == action

    seen_by_a = repo.get_action(action.id)
    seen_by_b = repo.get_action(action.id)
    updated = repo.update_action(
        seen_by_a.model_copy(update={"status": ActionStatus.IN_PROGRESS}), seen_by_a.version
    )
    assert updated.version == 2 and updated.status == ActionStatus.IN_PROGRESS
    assert updated.created_at == action.created_at
    with pytest.raises(ConflictError, match="intussen door iemand anders gewijzigd"):
        repo.update_action(seen_by_b.model_copy(update={"notes": "B"}), seen_by_b.version)
    assert repo.get_action(action.id) == updated

    with pytest.raises(NotFoundError):
        repo.update_action(updated.model_copy(update={"id": 999}), 2)


def test_actions_are_listed_by_priority_then_due_date(repo: Repository) -> None:
    org = make_org(repo)

    def add(priority: Priority, due: dt.date | None) -> ImprovementAction:
        return repo.add_action(
            ImprovementAction(
                org_id=org.id, item_id="visie-01", description="x", priority=priority, due_date=due
            )
        )

    low = add(Priority.LOW, dt.date(2024, 1, 1))
    high_undated = add(Priority.HIGH, None)
    high_late = add(Priority.HIGH, dt.date(2025, 6, 1))
    medium = add(Priority.MEDIUM, dt.date(2024, 1, 1))
    high_early = add(Priority.HIGH, dt.date(2024, 6, 1))
    assert [a.id for a in repo.list_actions(org.id)] == [
        a.id for a in (high_early, high_late, high_undated, medium, low)
    ]


# --------------------------------------------------------------------------- audit


def test_audit_entries_are_recorded_and_filtered(repo: Repository) -> None:
    org = make_org(repo)
    first = repo.record_audit("beheerder", org.id, "round", 7, "status -> definitief")
    second = repo.record_audit("cli", None, "organisation", "woonstede", "aangemaakt")
    assert first.entity_id == "7" and first.at.tzinfo is not None
    assert repo.list_audit() == [first, second]
    assert repo.list_audit(org_id=org.id) == [first]


