"""The consensus meeting's outcome reaches the other parts of Resultaten and the proposals
(issue 22, item 3), on Meerdijk's demo round (a closed meeting that agreed four items, the
last "nog niet te bepalen")."""

from __future__ import annotations

from readiness.consensus import settled_text, unsettled
from readiness.planning import propose_actions
from readiness.services import assessment
from tests.app.conftest import start_app

ORG = "demo-stichting-woongoed-meerdijk"


def _latest(seeded):
    org = assessment.get_organisation(seeded, ORG)
    round_ = assessment.list_rounds(seeded, org.id)[-1]
    return org, round_, assessment.round_result(seeded, round_.id)


def _show(at, section: str):
    at.segmented_control(key="rs_section").set_value(section).run()
    assert not at.exception, at.exception
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_verschillen_and_weet_niet_mark_settled_items_and_flag_the_unsettled(seeded):
    org, round_, result = _latest(seeded)
    agreed = [i for i in result.items if i.agreement is not None]
    assert agreed and all(i.agreement.closed for i in agreed)
    at = start_app("resultaten", {"org": org.slug, "round": round_.id})

    page = _show(at, "verschillen")
    for d in result.disagreements:
        item = result.item(d.item_id)
        number = seeded.checklist.item(d.item_id).number
        entry = page.split(f"Bij vraag {number} ziet", 1)[1].split("\n- ", 1)[0]
        if item.agreement is not None:
            assert settled_text(item, seeded.checklist) in entry and "Onderbouwing: " in entry
        else:
            assert "**Eerst bespreken**" in entry
    settled = sum(1 for d in result.disagreements if result.item(d.item_id).agreement is not None)
    assert f"heeft {settled} van deze {len(result.disagreements)} verschillen afgehandeld" in page

    page = _show(at, "weet_niet")
    for item in result.unknowns:
        number = seeded.checklist.item(item.item_id).number
        entry = page.split(f"Bij vraag {number} ", 1)[1].split("\n- ", 1)[0]
        assert (settled_text(item, seeded.checklist) if item.agreement else "**Eerst bespreken**") in entry
    assert set(unsettled(result)) <= {d.item_id for d in result.disagreements} | {i.item_id for i in result.unknowns}

    page = _show(at, "consensus")
    for item in agreed:  # the onderbouwing with each agreed level
        assert f"Onderbouwing: {item.agreement.rationale}" in page


def test_proposals_take_the_agreed_level_and_nog_niet_te_bepalen_into_account(seeded):
    _, _, result = _latest(seeded)
    undetermined = next(i for i in result.items if i.agreement is not None and i.agreement.level is None)
    proposals = propose_actions(seeded.checklist, result, [])
    reasons = {p.item_id: p.reason for p in proposals}
    assert reasons[undetermined.item_id].startswith("In het consensusgesprek 'nog niet te bepalen'")
    assert "weet ik niet" not in reasons[undetermined.item_id]
    for item in result.items:
        if item.agreement is not None and item.agreement.level is not None and item.item_id in reasons:
            assert reasons[item.item_id].startswith(f"Vastgesteld in het consensusgesprek op niveau {item.agreement.level}")


def test_an_action_that_can_be_closed_is_not_also_called_over_time(seeded):
    """One status, not two that contradict: a red 'over tijd' and 'kan worden afgesloten'."""
    import datetime as dt

    from readiness.models import ActionStatus, ImprovementAction
    from readiness.services import plans

    org, round_, result = _latest(seeded)
    at_target = next(i for i in result.items if i.score is not None and i.score >= 75 and i.agreement is None)
    earlier = assessment.list_rounds(seeded, org.id)[0]
    with seeded.writing() as repo:  # an action from the first round, its date long past
        action = repo.add_action(ImprovementAction(
            org_id=org.id, item_id=at_target.item_id, description="Werkinstructie bijwerken", owner="teamleider",
            due_date=dt.date(2024, 1, 1), origin_round_id=earlier.id,
        ))  # fmt: skip
    assert action.is_overdue(dt.date.today())
    assert action.status == ActionStatus.PLANNED
    assert action.id in {a.id for a in plans.close_suggestions(seeded, org.id, round_.id)}
    at = start_app("verbeterplan", {"org": org.slug, "round": round_.id})
    assert not at.exception
    (plan,) = [m.value for m in at.main.get_by_key("vp_plan").markdown]
    entry = plan.split("Werkinstructie bijwerken", 1)[1].split("\n- ", 1)[0]
    assert "kan worden afgesloten" in entry and "over tijd" not in entry
    assert not any("Werkinstructie bijwerken" in e.value for e in at.error)
