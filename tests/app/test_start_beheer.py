"""Start (choose a corporation and round, see where it stands) and Beheer (add a
corporation, a round and respondents, with clear Dutch errors)."""

from __future__ import annotations

import datetime as dt

from readiness.models import AnswerKind, RoundStatus
from readiness.formatting import display_score
from readiness import glossary
from readiness.scoring import answer_progress
from readiness.services import assessment, standing
from readiness.ui.widgets import respondent_names
from tests.app.conftest import start_app
from tests.app.tiles import tiles


def choose(at, key: str, value):
    """Pick ``value``: the corporation in its selectbox, the round in its menu's radio buttons."""
    (at.radio if key == "pick_round" else at.selectbox)(key=key).set_value(value).run()
    assert not at.exception, at.exception
    return at


# --------------------------------------------------------------------------- Start


def test_start_lists_the_demo_corporations_marked_demo(seeded):
    real = assessment.create_organisation(seeded, "Woonstichting Eigen Haard Test", "S", "Twente")
    orgs = assessment.list_organisations(seeded)
    demos = [o for o in orgs if o.is_demo]
    assert demos, "seed_demo should add demo corporations"

    at = start_app()
    picker = at.selectbox(key="pick_org")
    shown = picker.options
    assert len(shown) == len(orgs)
    for org in demos:
        base = org.name.replace("(demo)", "").strip()
        [label] = [s for s in shown if s.startswith(base)]
        assert label.lower().count("(demo)") == 1, label
    assert real.name in shown
    assert "(demo)" not in real.name.lower()
    # The corporation's own entry comes before the demo ones.
    assert shown[0] == real.name
    assert picker.value is None  # nothing chosen for a newcomer ...
    assert any("Zo werkt het" in m.value for m in at.markdown)  # ... but guidance on where to go


def test_start_shows_status_respondents_and_progress_of_the_chosen_round(seeded):
    # A demo corporation whose latest round is still a draft (half-filled questionnaires).
    org, draft = next(
        (o, rounds[-1])
        for o in assessment.list_organisations(seeded)
        if (rounds := assessment.list_rounds(seeded, o.id)) and not rounds[-1].is_final
    )
    at = choose(start_app(), "pick_org", org.slug)
    assert at.radio(key="pick_round").value == draft.id  # the latest round by default
    assert at.query_params["org"] == org.slug and at.query_params["round"] == str(draft.id)
    at.segmented_control(key="start_part").set_value("meting").run()  # below the standing

    metrics = {m.label: m.value for m in tiles(at)}
    respondents = assessment.list_respondents(seeded, draft.id)
    open_items = assessment.unanswered(seeded, draft.id)
    n = len(seeded.checklist.items)
    assert metrics["Status"] == "Concept"
    assert metrics["Respondenten"] == str(len(respondents))
    # a concept's progress: the one count of every page (scoring.answer_progress, issue 22)
    assert metrics[glossary.PROGRESS_LABEL] == answer_progress(assessment.round_result(seeded, draft.id)).text()

    (listing,) = [m.value for m in at.main.get_by_key("start_respondents").markdown]
    names = respondent_names(seeded.checklist, respondents)
    assert [line.split(" van ")[0] for line in listing.splitlines()] == [
        f"- **{names[r.id]}**: {n - len(open_items[r.id])}" for r in respondents
    ]  # one line per respondent: "14 van 20 vragen beantwoord"
    pages = [link.proto.page for link in at.page_link]
    assert any("vragenlijst" in p for p in pages) and any("resultaten" in p for p in pages)

    # An earlier, final round of the same corporation shows as definitief.
    final = next(r for r in assessment.list_rounds(seeded, org.id) if r.is_final)
    at = choose(at, "pick_round", final.id)
    assert {m.label: m.value for m in tiles(at)}["Status"] == "Definitief"


def test_start_answers_first_and_keeps_a_final_rounds_status_one_click_away(seeded):
    """With a final latest round the standing is the answer; the round's status, respondents
    and links are drawn only when asked for (issue 15: a small first render)."""
    org = next(
        o for o in assessment.list_organisations(seeded)
        if (rounds := assessment.list_rounds(seeded, o.id)) and rounds[-1].is_final
    )  # fmt: skip
    at = start_app(query={"org": org.slug})
    assert any(h.value == f"Waar staat {org.name}?" for h in at.header)
    assert "Totaalscore" in {m.label for m in tiles(at)}
    assert "Status" not in {m.label for m in tiles(at)}
    assert not [m for m in at.markdown if "vragen beantwoord" in m.value]  # no respondents list yet
    picker = at.segmented_control(key="start_part")
    assert picker.value is None
    picker.set_value("meting").run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in tiles(at)}["Status"] == "Definitief"
    assert at.main.get_by_key("start_respondents").markdown


def test_start_opens_on_the_round_before_the_first_final_round(seeded):
    """No final round yet, so no standing: the round's status is what Start shows."""
    org = assessment.create_organisation(seeded, "Woonstichting Nieuwkomer", "S", "Twente")
    round_ = assessment.start_round(seeded, org.id, "Nulmeting 2026")
    assessment.add_respondent(seeded, round_.id, "bestuur")
    at = start_app(query={"org": org.slug})
    assert at.segmented_control(key="start_part").value == "meting"
    metrics = {m.label: m.value for m in tiles(at)}
    assert metrics["Status"] == "Concept" and metrics["Respondenten"] == "1"
    assert any("Volgende stap: de vragenlijst afmaken" in m.value for m in at.markdown)


def test_start_remembers_the_choice_in_the_url(seeded):
    org = assessment.list_organisations(seeded)[0]
    at = choose(start_app(), "pick_org", org.slug)
    again = start_app(query=at.query_params)
    assert again.selectbox(key="pick_org").value == org.slug
    assert again.radio(key="pick_round").value == int(at.query_params["round"])


def test_start_with_an_unknown_corporation_in_the_url_falls_back_to_choosing(seeded):
    at = start_app(query={"org": "bestaat-niet", "round": 99999})
    assert at.selectbox(key="pick_org").value is None
    assert "org" not in at.query_params


def test_start_without_corporations_guides_to_beheer(services):
    at = start_app()
    assert any("nog geen corporatie" in m.value for m in at.markdown)
    assert any("beheer" in link.proto.page for link in at.page_link)
    assert not at.selectbox


# --------------------------------------------------------------------------- Beheer


def fill_organisation(at, name: str, size: str | None, region: str | None):
    at.text_input(key="bh_org_name").input(name)
    at.selectbox(key="bh_org_size").set_value(size)
    at.selectbox(key="bh_org_region").set_value(region)
    at.button(key="bh_org_submit").click().run()
    assert not at.exception, at.exception
    return at


def test_beheer_creates_a_corporation_a_round_and_respondents(services):
    at = start_app("beheer")
    fill_organisation(at, "Woonstichting De Proef", "L", "Groningen")
    [org] = assessment.list_organisations(services)
    assert (org.name, org.size_class, org.region, org.is_demo) == ("Woonstichting De Proef", "L", "Groningen", False)
    assert at.selectbox(key="bh_pick_org").value == org.slug  # chosen at once
    assert at.text_input(key="bh_org_name").value == ""  # form cleared for the next one

    at.text_input(key="bh_round_label").input("Nulmeting 2026")
    at.date_input(key="bh_round_date").set_value(dt.date(2026, 2, 15))
    at.button(key="bh_round_submit").click().run()
    [round_] = assessment.list_rounds(services, org.id)
    assert (round_.label, round_.date, round_.status) == ("Nulmeting 2026", dt.date(2026, 2, 15), RoundStatus.DRAFT)
    assert at.query_params["round"] == str(round_.id)

    at.selectbox(key="bh_resp_role").set_value("aandachtsfunctionaris")
    at.button(key="bh_resp_submit").click().run()
    at.selectbox(key="bh_resp_role").set_value("uitvoering")
    at.text_input(key="bh_resp_label").input("Team Noord")
    at.button(key="bh_resp_submit").click().run()
    assert not at.exception
    respondents = assessment.list_respondents(services, round_.id)
    assert [(r.role, r.label) for r in respondents] == [
        ("aandachtsfunctionaris", "Aandachtsfunctionaris 1"),
        ("uitvoering", "Team Noord"),
    ]
    listed = at.dataframe[-1].value
    assert list(listed["Respondent"]) == ["Aandachtsfunctionaris 1", "Uitvoering · Team Noord"]
    assert list(listed["Beantwoord"]) == ["0/20", "0/20"]


def test_beheer_shows_the_services_validation_errors_and_saves_nothing(services):
    at = start_app("beheer")
    fill_organisation(at, "   ", "M", "Utrecht")
    assert [e.value for e in at.error] == ["Vul de naam van de corporatie in."]
    fill_organisation(at, "Woonstichting Zonder Regio", "M", None)
    assert [e.value for e in at.error] == ["Kies een regio."]
    assert assessment.list_organisations(services) == []
    assert at.text_input(key="bh_org_name").value == "Woonstichting Zonder Regio"  # input kept to correct

    fill_organisation(at, "Woonstichting Dubbel", "M", "Utrecht")
    fill_organisation(at, "Woonstichting Dubbel", "S", "Drenthe")
    assert any("bestaat al" in e.value for e in at.error)
    assert len(assessment.list_organisations(services)) == 1

    at.text_input(key="bh_round_label").input("Nulmeting 2026")
    at.button(key="bh_round_submit").click().run()
    at.text_input(key="bh_round_label").input("Nulmeting 2026")
    at.button(key="bh_round_submit").click().run()
    assert any("Er bestaat al een meting met de naam 'Nulmeting 2026'" in e.value for e in at.error)

    at.selectbox(key="bh_resp_role").set_value("uitvoering")
    at.text_input(key="bh_resp_label").input("mail j.devries@example.nl")
    at.button(key="bh_resp_submit").click().run()
    assert any("e-mailadres" in e.value and "Omschrijving respondent" in e.value for e in at.error)
    [org] = assessment.list_organisations(services)
    [round_] = assessment.list_rounds(services, org.id)
    assert assessment.list_respondents(services, round_.id) == []


def test_beheer_says_respondents_need_no_names(services, draft):
    at = start_app("beheer", draft.query)
    assert any("Geen namen" in c.value for c in at.caption)


def test_a_new_round_can_start_from_the_previous_one(services, draft):
    assessment.save_answer(services, draft.bestuur.id, services.checklist.items[0].id, AnswerKind.SCORE, 2,
                           expected_version=None)
    at = start_app("beheer", draft.query)
    assert at.checkbox(key="bh_round_copy").value  # offered, and on by default
    at.text_input(key="bh_round_label").input("Meting 2027")
    at.button(key="bh_round_submit").click().run()
    new = assessment.find_round(services, draft.org.id, "Meting 2027")
    copied = assessment.list_respondents(services, new.id)
    assert [(r.role, r.label) for r in copied] == [(draft.bestuur.role, draft.bestuur.label),
                                                    (draft.uitvoering.role, draft.uitvoering.label)]
    assert assessment.round_data(services, new.id).answers == []  # roles, not answers

    at.checkbox(key="bh_round_copy").uncheck()
    at.text_input(key="bh_round_label").input("Meting 2028")
    at.button(key="bh_round_submit").click().run()
    assert assessment.list_respondents(services, assessment.find_round(services, draft.org.id, "Meting 2028").id) == []


def test_a_final_round_takes_no_new_respondents(services, draft):
    assessment.finalise_round(services, draft.round.id, confirm_incomplete=True)
    at = start_app("beheer", draft.query)
    assert not [b for b in at.button if b.key == "bh_resp_submit"]
    assert any("definitief" in c.value for c in at.caption)


# --------------------------------------------------------------------------- Start: the answer first


def standing_texts(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_start_shows_phase_score_change_and_next_steps_of_the_latest_final_round(seeded):
    """A director sees where the corporation stands without leaving Start (issue 11, point 4)."""
    org, finals = next(
        (o, finals)
        for o in assessment.list_organisations(seeded)
        if len(finals := [r for r in assessment.list_rounds(seeded, o.id) if r.is_final]) >= 2
    )
    latest, previous = finals[-1], finals[-2]
    result = assessment.round_result(seeded, latest.id)
    before = assessment.round_result(seeded, previous.id)
    at = choose(start_app(), "pick_org", org.slug)

    metrics = {m.label: m for m in tiles(at)}
    last_phase = max(p.level for p in seeded.checklist.phases)
    assert metrics["Fase"].value == f"{result.phase.level} van {last_phase}"
    assert metrics["Fase"].note == result.phase.name
    assert metrics["Fase"].help.startswith("De hoogste fase waarvoor alle benodigde onderdelen")
    assert metrics["Totaalscore"].value == f"{display_score(result.overall)} / 100"
    change = metrics[f"Sinds {previous.label}"]
    comparison = standing.latest_standing(seeded, org.id).comparison  # like for like (issue 22)
    delta = display_score(comparison.overall_after) - display_score(comparison.overall_before)
    assert change.value == ("0" if delta == 0 else ("+" if delta > 0 else "−") + str(abs(delta))) + " punten"
    assert change.note == (f"fase {comparison.phase_before} → {comparison.phase_after}"
                            if comparison.phase_before != comparison.phase_after else "fase gelijk")  # fmt: skip
    notes = [e.value for e in at.info if "De basis verschilt" in e.value]
    assert notes == ([comparison.basis_note + " " + comparison.phase_note] if comparison.basis_changed else [])
    assert latest.label in standing_texts(at)

    steps = at.get("markdown")
    text = "\n".join(m.value for m in steps)
    assert len(result.next_steps) == 3
    for step in result.next_steps:  # number and the whole question, in the checklist's order
        item = seeded.checklist.item(step.item_id)
        assert f"**Vraag {item.number}**: {item.question}" in text
    links = [(link.proto.page, link.proto.label) for link in at.page_link]
    assert any("resultaten" in page and latest.label in label for page, label in links)


def test_a_concept_round_is_not_the_standing_the_latest_final_round_is(seeded):
    org, rounds = next(
        (o, rounds)
        for o in assessment.list_organisations(seeded)
        if (rounds := assessment.list_rounds(seeded, o.id)) and not rounds[-1].is_final
        and any(r.is_final for r in rounds)
    )
    final = [r for r in rounds if r.is_final][-1]
    result = assessment.round_result(seeded, final.id)
    at = choose(start_app(), "pick_org", org.slug)
    assert at.radio(key="pick_round").value == rounds[-1].id  # the concept is the chosen round ...
    texts = standing_texts(at)
    assert f"Uit de laatste definitieve meting: {final.label}" in texts  # ... the standing is the final one
    assert "Een conceptmeting telt pas mee als zij is afgerond." in texts
    last_phase = max(p.level for p in seeded.checklist.phases)
    assert {m.label: m.value for m in tiles(at)}["Fase"] == f"{result.phase.level} van {last_phase}"


def test_without_a_final_round_start_says_so_and_shows_no_phase(services):
    org = assessment.create_organisation(services, "Woonstichting Nieuwkomer", "S", "Twente")
    round_ = assessment.start_round(services, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    respondent = assessment.add_respondent(services, round_.id, "bestuur")
    for item in services.checklist.items[:5]:
        assessment.save_answer(services, respondent.id, item.id, AnswerKind.SCORE, 1, expected_version=None)
    at = choose(start_app(), "pick_org", org.slug)
    assert "Er is nog geen definitieve meting" in "\n".join(i.value for i in at.info)
    labels = {m.label for m in tiles(at)}
    assert "Fase" not in labels and "Totaalscore" not in labels


def test_start_says_the_phases_and_scale_are_voordeurchecks_own_words(seeded):
    """Issue 26: beside "Fase n: naam" Start says whose words the phases and scale are, and
    the checklist it is based on covers p. 21-22."""
    from readiness.provenance import PHASE_NOTE

    org = next(
        o for o in assessment.list_organisations(seeded)
        if any(r.is_final for r in assessment.list_rounds(seeded, o.id))
    )
    at = choose(start_app(), "pick_org", org.slug)
    captions = [c.value for c in at.caption]
    markdown = "\n".join(m.value for m in at.markdown)
    assert "**Fase " in markdown
    assert PHASE_NOTE in captions
    assert "eigen woorden en een eigen indeling van Voordeurcheck" in PHASE_NOTE
    assert any("p. 21-22), in eigen woorden van Voordeurcheck" in c for c in captions)


def test_a_round_finalised_after_a_visit_is_the_standing_on_the_next_visit(seeded):
    """The server keeps final rounds' answers between sessions (issue 24); a round that
    becomes final later is read afresh, so the next visit's standing is the new round."""
    org, rounds = next(
        (o, rounds)
        for o in assessment.list_organisations(seeded)
        if (rounds := assessment.list_rounds(seeded, o.id)) and not rounds[-1].is_final
        and any(r.is_final for r in rounds)
    )
    concept, final = rounds[-1], [r for r in rounds if r.is_final][-1]
    before = choose(start_app(), "pick_org", org.slug)  # reads (and keeps) the final round
    assert f"Uit de laatste definitieve meting: {final.label}" in standing_texts(before)

    assessment.finalise_round(seeded, concept.id, confirm_incomplete=True)
    result = assessment.round_result(seeded, concept.id)
    after = choose(start_app(), "pick_org", org.slug)
    texts = standing_texts(after)
    assert f"Uit de laatste definitieve meting: {concept.label}" in texts
    metrics = {m.label: m.value for m in tiles(after)}
    last_phase = max(p.level for p in seeded.checklist.phases)
    assert metrics["Fase"] == f"{result.phase.level} van {last_phase}"
    assert metrics["Totaalscore"] == f"{display_score(result.overall)} / 100"
    assert f"Sinds {final.label}" in metrics  # the change since the round that was the standing
