"""The plan as one table: several actions saved at once, all or nothing, every refused row
named (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.formatting import format_date
from readiness.models import ActionStatus
from readiness.privacy import PersonalDataError
from readiness.services import plans
from tests.integration.test_plans import TODAY, app, org  # noqa: F401 - fixtures

ITEMS = ["ken-01", "stp-05", "dra-01", "dra-02", "stp-01"]


@pytest.fixture
def five(app, org):  # noqa: F811
    return [plans.add_action(app, org.id, item, f"Actie {n}") for n, item in enumerate(ITEMS, 1)]


def _edit(action, **changes):
    return action.model_copy(update=changes)


def test_five_actions_are_saved_at_once(app, org, five):  # noqa: F811
    due = TODAY + dt.timedelta(days=60)
    edits = [
        (n, _edit(a, owner=f"teamleider {n}", due_date=due, status=ActionStatus.IN_PROGRESS), a.version)
        for n, a in enumerate(five, 1)
    ]
    saved = plans.update_actions(app, org.id, edits)
    assert len(saved) == 5
    stored = {a.id: a for a in plans.list_plan(app, org.id)}
    for n, action in enumerate(five, 1):
        got = stored[action.id]
        assert (got.owner, got.due_date, got.status, got.version) == (
            f"teamleider {n}", due, ActionStatus.IN_PROGRESS, action.version + 1
        )


def test_one_past_date_saves_nothing_and_names_the_row(app, org, five):  # noqa: F811
    before = plans.list_plan(app, org.id)
    edits = [(n, _edit(a, owner="manager wonen"), a.version) for n, a in enumerate(five, 1)]
    edits[2] = (3, _edit(five[2], due_date=TODAY - dt.timedelta(days=3)), five[2].version)
    with pytest.raises(plans.GridRejected) as refused:
        plans.update_actions(app, org.id, edits)
    assert refused.value.problems == [
        f"Rij 3 (actie bij vraag {app.checklist.item(ITEMS[2]).number}): De streefdatum "
        f"{format_date(TODAY - dt.timedelta(days=3))} ligt in het verleden. Kies vandaag of een datum in de toekomst."
    ]
    assert str(refused.value).startswith("Er is niets opgeslagen: 1 rij klopt niet.")
    assert plans.list_plan(app, org.id) == before  # the four good rows were not saved either


def test_every_text_cell_passes_the_privacy_guard_and_every_bad_row_is_named(app, org, five):  # noqa: F811
    edits = [
        (1, _edit(five[0], notes="Bel 06-12345678"), five[0].version),
        (2, _edit(five[1], owner="manager wonen"), five[1].version),
        (4, _edit(five[3], description="Huisbezoek Kerkstraat 12"), five[3].version),
        (5, _edit(five[4], status=ActionStatus.DONE, owner="j.jansen@corporatie.nl"), five[4].version),
    ]
    with pytest.raises(plans.GridRejected) as refused:
        plans.update_actions(app, org.id, edits)
    assert [p.split(" (")[0] for p in refused.value.problems] == ["Rij 1", "Rij 4", "Rij 5"]
    assert all("persoonsgegevens" in p for p in refused.value.problems)
    assert plans.get_action(app, five[1].id).owner == ""  # the good row 2 waited for the others


def test_a_stale_row_is_a_conflict_and_nothing_is_saved(app, org, five):  # noqa: F811
    plans.update_action(app, _edit(five[0], notes="Intussen door een collega"), five[0].version)
    edits = [(1, _edit(five[0], owner="teamleider"), five[0].version), (2, _edit(five[1], owner="HR"), five[1].version)]
    with pytest.raises(plans.GridRejected, match="Rij 1 .*door iemand anders gewijzigd"):
        plans.update_actions(app, org.id, edits)
    assert plans.get_action(app, five[1].id).owner == ""


def test_personal_data_error_is_a_value_error():
    assert issubclass(PersonalDataError, ValueError)  # so the grid names that row like any other
