"""Helpers of the store tests (tests/integration/test_store*.py): records made in a few
words, and threads released at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest

from readiness.models import Answer, AnswerKind, Organisation, Respondent, Round
from readiness.store import Repository


def _head() -> str:
    """The newest revision of the packaged migrations (not hard-coded: migrations are added)."""
    from alembic.script import ScriptDirectory

    from readiness.store.engine import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


HEAD = _head()


def make_org(repo: Repository, slug: str = "woonstede", **kw) -> Organisation:
    fields = {"name": slug.title(), "size_class": "M", "region": "Utrecht"} | kw
    return repo.add_organisation(Organisation(slug=slug, **fields))


def make_round(repo: Repository, org_id: int, label: str = "2024", **kw) -> Round:
    fields = {"date": dt.date(2024, 3, 1), "checklist_version": "2018.1"} | kw
    return repo.add_round(Round(org_id=org_id, label=label, **fields))


def make_respondent(repo: Repository, round_id: int, role: str = "uitvoering") -> Respondent:
    return repo.add_respondent(Respondent(round_id=round_id, role=role, label=role.title()))


def score(respondent_id: int, item_id: str, value: int, note: str = "") -> Answer:
    return Answer(
        respondent_id=respondent_id, item_id=item_id, kind=AnswerKind.SCORE, score=value, note=note
    )


def other(respondent_id: int, item_id: str, kind: AnswerKind) -> Answer:
    return Answer(respondent_id=respondent_id, item_id=item_id, kind=kind)


@pytest.fixture
def respondent(repo: Repository) -> Respondent:
    org = make_org(repo)
    round_ = make_round(repo, org.id)
    return make_respondent(repo, round_.id)


def race(n: int, attempt: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """Run `attempt` in n threads released at the same moment; collect results/errors."""
    barrier = threading.Barrier(n)
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        try:
            outcome = attempt()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertions
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
