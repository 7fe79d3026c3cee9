"""The improvement plan page: proposals from a seeded round can be taken over into the plan,
overdue actions stand out, the status life cycle and concurrent edits are respected, a new
round offers closing, and free text with personal data is refused with the privacy message."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.models import ActionStatus, AnswerKind, ImprovementAction, Priority
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, OWN_SUGGESTION_LABEL, origin_label
from readiness.services import App, assessment, plans
from tests.app.conftest import start_app
from tests.app.tiles import tiles

DEMO_ORG = "demo-woonstichting-lindeveld"  # one final round in the demo data


PROPOSALS, EDIT, ADD = "Voorstellen", "Actie bewerken", "Eigen actie"


def open_plan(org_slug: str, part: str | None = None, **query):
    """The page for a corporation; ``part`` is chosen in the page's picker (the page draws
    the plan's state and its actions first, and a lower part only when it is chosen)."""
    at = start_app("verbeterplan", {"org": org_slug, **query})
    if part is not None:
        at.segmented_control(key="vp_part").set_value(part).run()
    return at


def buttons(at, prefix: str):
    return [b for b in at.button if b.key and b.key.startswith(prefix)]


def button_labelled(at, label: str):
    return next(b for b in at.button if b.label == label)


def errors(at) -> str:
    return "\n".join(e.value for e in at.error)


def plan_rows(at) -> list[dict[str, str]]:
    """The plan list's actions (one stacked Markdown list: per action the description, the
    question, owner and target date, status), Markdown escapes removed."""
    try:
        box = at.main.get_by_key("vp_plan")
    except KeyError:
        return []
    (text,) = [m.value for m in box.markdown]
    rows = []
    for block in text.removeprefix("- ").split("\n- "):
        lines = [line.strip().replace("\\", "") for line in block.split("  \n")]
        rows.append(dict(zip(("Actie", "Vraag", "Eigenaar · streefdatum", "Status"), lines, strict=True)))
    return rows


def planned_descriptions(at) -> list[str]:
    return [row["Actie"].split("**")[1] for row in plan_rows(at)]


@pytest.fixture
def demo(seeded: App):
    org = assessment.get_organisation(seeded, DEMO_ORG)
    round_ = plans.latest_final_round(seeded, org.id)
    return org, round_


def test_proposals_of_the_seeded_round_are_shown_with_target_level_and_source(seeded, demo):
    org, round_ = demo
    expected = plans.proposals_for_round(seeded, round_.id)
    assert expected, "the demo round should have gaps"

    at = open_plan(org.slug, PROPOSALS)
    assert not at.exception
    assert len(buttons(at, "accept_one_")) == len(expected)
    assert any("Streefniveau: 3" in c.value for c in at.caption)
    sources = "\n".join(m.value for m in at.markdown)
    assert f"{expected[0].description}  \n:gray[{origin_label(expected[0].source, expected[0].kind)}]" in sources
    assert f"{len(expected)} voorstellen uit {round_.label}" in sources


def test_each_proposal_shows_its_citation_or_the_own_suggestion_mark(seeded, demo):
    """Issue 12: a proposal cites the handreiking ("Bron: Handreiking, ... p. N") or says it
    is Voordeurcheck's own suggestion; the page says the actions are derived from the
    handreiking and that phases and target level are Voordeurcheck's own classification."""
    org, round_ = demo
    expected = plans.proposals_for_round(seeded, round_.id)
    own = [p for p in expected if p.source is None]
    cited = [p for p in expected if p.source]
    assert own and cited, "the demo round should propose both kinds"

    at = open_plan(org.slug, PROPOSALS)
    markdown = "\n".join(m.value for m in at.markdown)
    for proposal in own:
        assert f"{proposal.description}  \n:gray[{OWN_SUGGESTION_LABEL}]" in markdown
    for proposal in cited:
        label = (
            f"Bron: {proposal.source}" if proposal.kind == "bron"
            else f"Uitwerking van: {proposal.source} (concrete vorm van Voordeurcheck)"
        )
        assert f"{proposal.description}  \n:gray[{label}]" in markdown
    assert {p.kind for p in cited} == {"bron", "uitwerking"}, "the demo round should propose both cited kinds"
    assert "Bron: None" not in markdown
    # "Wat de handreiking zegt": the quotes of every cited proposal, verbatim with their page
    for proposal in cited:
        for quote in proposal.quotes:
            assert f"„{' '.join(quote.text.split())}” (p. {quote.page})" in markdown, proposal.description
    assert ACTIONS_NOTE in markdown and "komen uit de handreiking" not in markdown
    assert any(CLASSIFICATION_NOTE in c.value for c in at.caption)


def test_accepting_a_proposal_adds_it_to_the_plan_table(seeded, demo):
    org, round_ = demo
    first = plans.proposals_for_round(seeded, round_.id)[0]
    at = open_plan(org.slug, PROPOSALS)
    assert plan_rows(at) == []  # the plan is still empty

    buttons(at, f"accept_one_{first.item_id}_")[0].click().run()
    assert not at.exception

    stored = plans.list_plan(seeded, org.id)
    assert [(a.item_id, a.description, a.status, a.origin_round_id) for a in stored] == [
        (first.item_id, first.description, ActionStatus.PLANNED, round_.id)
    ]
    assert planned_descriptions(at) == [first.description]
    assert any("is aan het verbeterplan toegevoegd" in s.value for s in at.success)
    assert len(buttons(at, "accept_one_")) == len(plans.proposals_for_round(seeded, round_.id))


def test_accept_all_puts_every_proposal_in_the_plan(seeded, demo):
    org, round_ = demo
    n = len(plans.proposals_for_round(seeded, round_.id))
    at = open_plan(org.slug, PROPOSALS)
    at.button(key="accept_all").click().run()
    assert not at.exception
    assert len(plans.list_plan(seeded, org.id)) == n
    assert buttons(at, "accept_one_") == []


def test_an_overdue_action_is_flagged_and_counted(seeded, demo):
    org, _ = demo
    today = dt.date.today()
    seeded.repo.add_action(ImprovementAction(
        org_id=org.id, item_id="stp-05", description="Sociale kaart bijwerken",
        owner="sociaal consulent", due_date=today - dt.timedelta(days=20), priority=Priority.HIGH,
    ))
    seeded.repo.add_action(ImprovementAction(
        org_id=org.id, item_id="ken-01", description="Training signaleren",
        due_date=today + dt.timedelta(days=20),
    ))
    at = open_plan(org.slug)
    assert not at.exception

    due = {row["Actie"].split("**")[1]: row["Eigenaar · streefdatum"] for row in plan_rows(at)}
    assert ":red[" in due["Sociale kaart bijwerken"] and "over tijd" in due["Sociale kaart bijwerken"]
    assert "over tijd" not in due["Training signaleren"]
    assert next(m for m in tiles(at) if m.label == "Over tijd").value == "1"
    assert "1 actie is over tijd" in errors(at)
    assert "Sociale kaart bijwerken (vraag" in errors(at)  # the count says which action it is about
    assert "Training signaleren" not in errors(at)


def test_the_page_opens_on_the_plan_and_draws_the_rest_on_request(seeded, demo):
    """Issue 15: the plan's state and its actions first; proposals, forms and downloads only
    when chosen, and every one of them one click away."""
    org, round_ = demo
    plans.add_action(seeded, org.id, "ken-01", "Training signaleren", "teamleider")
    at = open_plan(org.slug)
    assert not at.exception
    assert at.segmented_control(key="vp_part").value is None
    assert planned_descriptions(at) == ["Training signaleren"]
    assert buttons(at, "accept_one_") == [] and len(at.get("form")) == 0
    assert [b for b in at.button if b.key and b.key.startswith("dl_")] == []
    assert list(at.segmented_control(key="vp_part").options) == [EDIT, "Alles bewerken (tabel)", PROPOSALS, ADD, "Downloaden"]
    at.segmented_control(key="vp_part").set_value(PROPOSALS).run()
    assert len(buttons(at, "accept_one_")) == len(plans.proposals_for_round(seeded, round_.id))
    at.segmented_control(key="vp_part").set_value("Downloaden").run()
    assert not at.exception and buttons(at, "dl_")


def fill_own_action(at, item_id: str, description: str, owner: str = "", notes: str = ""):
    at.selectbox(key="add_item").set_value(item_id)
    at.text_area(key="add_description").input(description)
    at.text_input(key="add_owner").input(owner)
    at.text_area(key="add_notes").input(notes)
    button_labelled(at, "Actie toevoegen").click().run()
    assert not at.exception
    return at


def test_own_action_with_a_phone_number_in_the_notes_is_refused(seeded, demo):
    org, _ = demo
    at = open_plan(org.slug, ADD)
    fill_own_action(at, "ken-01", "Training signaleren", "teamleider", "Vragen? Bel 06-12345678")

    assert "Het veld 'Notities' lijkt persoonsgegevens te bevatten" in errors(at)
    assert plans.list_plan(seeded, org.id) == []
    # the privacy notice is shown next to the free-text fields
    assert any("Noteer nooit namen, adressen, telefoonnummers" in c.value for c in at.caption)


def test_own_action_is_added_to_the_plan(seeded, demo):
    org, _ = demo
    at = open_plan(org.slug, ADD)
    fill_own_action(at, "ken-01", "Training signaleren voor huismeesters", "teamleider")
    assert [(a.item_id, a.description, a.owner) for a in plans.list_plan(seeded, org.id)] == [
        ("ken-01", "Training signaleren voor huismeesters", "teamleider")
    ]
    assert planned_descriptions(at) == ["Training signaleren voor huismeesters"]
    assert at.text_area(key="add_description").value == ""


def edit_keys(action: ImprovementAction, base: int | None = None) -> dict[str, str]:
    base = action.version if base is None else base
    return {f: f"edit_{f}_{action.id}_{base}" for f in ("description", "owner", "due", "status", "priority", "notes")}


@pytest.fixture
def planned(seeded, demo) -> ImprovementAction:
    org, _ = demo
    return plans.add_action(seeded, org.id, "ken-01", "Training signaleren", "teamleider")


def test_editing_an_action_saves_status_and_notes(seeded, demo, planned):
    at = open_plan(demo[0].slug, EDIT)
    at.selectbox(key="edit_action").set_value(planned.id).run()
    keys = edit_keys(planned)
    assert at.selectbox(key=keys["status"]).options == ["Gepland", "Bezig", "Gereed", "Geschrapt"]
    at.selectbox(key=keys["status"]).set_value(ActionStatus.IN_PROGRESS)
    at.text_area(key=keys["notes"]).input("Eerste sessie gepland in het voorjaar")
    button_labelled(at, "Wijzigingen opslaan").click().run()
    assert not at.exception, errors(at)

    stored = plans.get_action(seeded, planned.id)
    assert (stored.status, stored.notes, stored.description) == (
        ActionStatus.IN_PROGRESS, "Eerste sessie gepland in het voorjaar", "Training signaleren"
    )
    # a finished action can only be reopened: the form offers what the life cycle allows
    done = plans.set_status(seeded, planned.id, ActionStatus.DONE, stored.version)
    at = open_plan(demo[0].slug, EDIT)
    at.selectbox(key="edit_action").set_value(planned.id).run()
    assert at.selectbox(key=edit_keys(done)["status"]).options == ["Gereed", "Bezig"]


def test_edit_with_a_phone_number_is_refused_and_nothing_changes(seeded, demo, planned):
    at = open_plan(demo[0].slug, EDIT)
    at.selectbox(key="edit_action").set_value(planned.id).run()
    at.text_area(key=edit_keys(planned)["notes"]).input("Contact via 020-1234567")
    button_labelled(at, "Wijzigingen opslaan").click().run()
    assert "Het veld 'Notities' lijkt persoonsgegevens te bevatten" in errors(at)
    assert plans.get_action(seeded, planned.id) == planned


def test_concurrent_edit_is_refused_and_the_other_change_survives(seeded, demo, planned):
    at = open_plan(demo[0].slug, EDIT)
    at.selectbox(key="edit_action").set_value(planned.id).run()
    # meanwhile someone else changes the owner
    plans.update_action(seeded, planned.model_copy(update={"owner": "HR-adviseur"}), planned.version)

    at.text_area(key=edit_keys(planned)["notes"]).input("Mijn aanvulling")
    button_labelled(at, "Wijzigingen opslaan").click().run()
    assert not at.exception
    assert "door iemand anders gewijzigd" in errors(at)
    stored = plans.get_action(seeded, planned.id)
    assert (stored.owner, stored.notes) == ("HR-adviseur", "")

    # reloading shows the other person's change, and saving then works
    at.button(key=f"edit_reload_{planned.id}").click().run()
    keys = edit_keys(stored)
    assert at.text_input(key=keys["owner"]).value == "HR-adviseur"
    at.text_area(key=keys["notes"]).input("Mijn aanvulling")
    button_labelled(at, "Wijzigingen opslaan").click().run()
    assert (plans.get_action(seeded, planned.id).owner, plans.get_action(seeded, planned.id).notes) == (
        "HR-adviseur", "Mijn aanvulling"
    )


def test_after_a_new_round_an_action_on_an_item_at_target_can_be_closed(services):
    app = services
    org = assessment.create_organisation(app, "Woonstichting Proefhuis", "M", "Utrecht")

    def final_round(label: str, date: dt.date, low: int):
        round_ = assessment.start_round(app, org.id, label, date)
        resp = assessment.add_respondent(app, round_.id, "management")
        for item in app.checklist.items:
            value = low if item.id == "ken-01" else 4
            assessment.save_answer(app, resp.id, item.id, AnswerKind.SCORE, value, expected_version=None)
        return assessment.finalise_round(app, round_.id)

    first = final_round("Nulmeting 2025", dt.date(2025, 3, 1), low=1)
    proposal = plans.proposals_for_round(app, first.id)[0]
    action = plans.accept_proposal(app, org.id, first.id, proposal, owner="teamleider")
    action = plans.update_action(app, action.model_copy(update={"notes": "Loopt via HR"}), action.version)
    second = final_round("Meting 2026", dt.date(2026, 3, 1), low=4)

    at = open_plan(org.slug, round=second.id)
    assert not at.exception
    assert any("kunnen mogelijk worden afgesloten" in e.label for e in at.expander)
    at.button(key=f"close_{action.id}").click().run()
    assert not at.exception

    closed = plans.get_action(app, action.id)
    assert (closed.status, closed.closed_round_id) == (ActionStatus.DONE, second.id)
    assert (closed.description, closed.owner, closed.notes) == (proposal.description, "teamleider", "Loopt via HR")
    assert buttons(at, "close_") == []


def test_a_corporation_with_only_a_draft_round_gets_guidance_instead_of_proposals(services):
    org = assessment.create_organisation(services, "Woonstichting Proefhuis", "M", "Utrecht")
    assessment.start_round(services, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    at = open_plan(org.slug, PROPOSALS)
    assert not at.exception
    assert any("nog geen definitieve meting" in i.value for i in at.info)
    assert any("Het verbeterplan is nog leeg" in i.value for i in at.info)
    assert buttons(at, "accept_one_") == []


def test_with_a_draft_round_selected_proposals_come_from_the_latest_final_round(seeded):
    org = assessment.get_organisation(seeded, "demo-huisvesting-kempenhof")  # final 2025, draft 2026
    rounds = assessment.list_rounds(seeded, org.id)
    assert [r.is_final for r in rounds] == [True, False]
    at = open_plan(org.slug, PROPOSALS, round=rounds[-1].id)
    assert not at.exception
    assert any(f"{rounds[-1].label} is nog een concept" in c.value for c in at.caption)
    assert len(buttons(at, "accept_one_")) == len(plans.proposals_for_round(seeded, rounds[0].id))
