"""The questionnaire page: answers are saved at once, survive a reload, respect the
instrument (n.v.t. only where allowed), refuse personal data in notes, and a round is
only finalised with open items after an explicit confirmation."""

from __future__ import annotations

from readiness.models import AnswerKind, RoundStatus
from readiness.services import assessment
from tests.app.conftest import start_app, stored_answers

NA_LABEL = "Niet van toepassing"


def answer_key(respondent, item_id: str) -> str:
    return f"vl_ans_{respondent.id}_{item_id}"


def note_key(respondent, item_id: str) -> str:
    return f"vl_note_{respondent.id}_{item_id}"


def answer_radios(at) -> list:
    """The answer radios of the question cards (the respondent picker is a radio too)."""
    return [r for r in at.radio if (r.key or "").startswith("vl_ans_")]


def open_questionnaire(draft, respondent=None):
    query = dict(draft.query)
    if respondent is not None:
        query["respondent"] = respondent.id
    return start_app("vragenlijst", query)


def go_to_section(at, section_id: str):
    at.pills(key="vl_section_pick").set_value(section_id).run()
    assert not at.exception, at.exception
    return at


def test_choosing_an_answer_saves_it_in_the_database_at_once(services, draft):
    at = open_questionnaire(draft, draft.uitvoering)
    first, second = services.checklist.sections[0].items[:2]

    at.radio(key=answer_key(draft.uitvoering, first.id)).set_value("3").run()
    at.radio(key=answer_key(draft.uitvoering, second.id)).set_value(AnswerKind.DONT_KNOW.value).run()
    assert not at.exception

    saved = stored_answers(services, draft.round.id, draft.uitvoering.id)
    assert (saved[first.id].kind, saved[first.id].score) == (AnswerKind.SCORE, 3)
    assert (saved[second.id].kind, saved[second.id].score) == (AnswerKind.DONT_KNOW, None)
    # Only this respondent's answers changed.
    assert stored_answers(services, draft.round.id, draft.bestuur.id) == {}
    assert "2 van 20 vragen beantwoord" in at.get("progress")[0].proto.text

    # Changing the answer updates the same record.
    at.radio(key=answer_key(draft.uitvoering, first.id)).set_value("1").run()
    saved = stored_answers(services, draft.round.id, draft.uitvoering.id)
    assert saved[first.id].score == 1
    assert saved[first.id].version == 2


def test_a_new_session_resumes_with_the_saved_answers_and_the_same_selection(services, draft):
    at = open_questionnaire(draft, draft.uitvoering)
    item = services.checklist.sections[0].items[0]
    at.radio(key=answer_key(draft.uitvoering, item.id)).set_value("2").run()
    at.text_area(key=note_key(draft.uitvoering, item.id)).input("Staat in het jaarplan van 2026.").run()
    assert not at.exception

    # A reload: a new session that only has the URL of the old one.
    again = start_app("vragenlijst", at.query_params)
    assert again.radio(key="vl_respondent").value == draft.uitvoering.id
    assert again.radio(key=answer_key(draft.uitvoering, item.id)).value == "2"
    assert again.text_area(key=note_key(draft.uitvoering, item.id)).value == "Staat in het jaarplan van 2026."
    assert "1 van 20 vragen beantwoord" in again.get("progress")[0].proto.text


def test_the_chosen_section_is_remembered_when_coming_back_to_the_page(services, draft):
    at = open_questionnaire(draft)
    sections = services.checklist.sections
    at.button(key="vl_next").click().run()
    assert at.header[0].value.endswith(sections[1].title)

    at.switch_page("readiness/ui/pages/start.py").run()
    at.switch_page("readiness/ui/pages/vragenlijst.py").run()
    assert not at.exception
    assert at.header[0].value.endswith(sections[1].title)
    shown = {r.key for r in answer_radios(at)}
    assert shown == {answer_key(draft.bestuur, item.id) for item in sections[1].items}


def test_a_reload_opens_the_same_section(services, draft):
    at = open_questionnaire(draft)
    third = services.checklist.sections[2]
    go_to_section(at, third.id)
    assert at.query_params["onderdeel"] == third.id
    again = start_app("vragenlijst", at.query_params)
    assert again.header[0].value.endswith(third.title)
    assert {r.key for r in answer_radios(again)} == {answer_key(draft.bestuur, i.id) for i in third.items}


def test_not_applicable_is_offered_only_where_the_item_allows_it(services, draft):
    checklist = services.checklist
    assert any(i.allows_na for i in checklist.items) and not all(i.allows_na for i in checklist.items)
    at = open_questionnaire(draft)
    seen = set()
    for section in checklist.sections:
        go_to_section(at, section.id)
        for item in section.items:
            options = at.radio(key=answer_key(draft.bestuur, item.id)).options
            assert (NA_LABEL in options) == item.allows_na, item.id
            assert "Weet ik niet" in options
            assert [o.split(" · ")[0] for o in options[:5]] == ["0", "1", "2", "3", "4"]
            seen.add(item.id)
    assert seen == {i.id for i in checklist.items}

    na_item = next(i for i in checklist.items if i.allows_na)
    go_to_section(at, checklist.section_of(na_item.id).id)
    at.radio(key=answer_key(draft.bestuur, na_item.id)).set_value(AnswerKind.NOT_APPLICABLE.value).run()
    assert stored_answers(services, draft.round.id, draft.bestuur.id)[na_item.id].kind == AnswerKind.NOT_APPLICABLE


def test_a_note_with_a_phone_number_is_refused_but_the_score_is_saved(services, draft):
    at = open_questionnaire(draft)
    item = services.checklist.sections[0].items[0]
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("2").run()
    at.text_area(key=note_key(draft.bestuur, item.id)).input("Zorgen gemeld, bel 06-12345678").run()
    assert not at.exception

    errors = [e.value for e in at.error]
    assert any("telefoonnummer" in e and "'Toelichting'" in e for e in errors), errors
    saved = stored_answers(services, draft.round.id, draft.bestuur.id)[item.id]
    assert (saved.score, saved.note) == (2, "")
    # The refused text stays on screen so it can be corrected ...
    assert at.text_area(key=note_key(draft.bestuur, item.id)).value == "Zorgen gemeld, bel 06-12345678"

    # ... and a corrected note is saved, the error disappears.
    at.text_area(key=note_key(draft.bestuur, item.id)).input("Zorgen besproken met Veilig Thuis.").run()
    assert not [e for e in at.error if "telefoonnummer" in e.value]
    assert stored_answers(services, draft.round.id, draft.bestuur.id)[item.id].note == (
        "Zorgen besproken met Veilig Thuis."
    )


def test_a_note_with_a_control_character_is_refused_in_dutch_but_the_score_is_saved(services, draft):
    at = open_questionnaire(draft)
    item = services.checklist.sections[0].items[0]
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("3").run()
    at.text_area(key=note_key(draft.bestuur, item.id)).input("Besproken in het MT\x00 en vastgelegd.").run()
    assert not at.exception

    errors = [e.value for e in at.error]
    assert any(
        e.startswith("Het veld 'Toelichting' bevat een onzichtbaar stuurteken (U+0000) op positie 20") for e in errors
    ), errors
    assert not any("\x00" in e for e in errors)
    saved = stored_answers(services, draft.round.id, draft.bestuur.id)[item.id]
    assert (saved.score, saved.note) == (3, "")  # the answer is kept, the note is not written

    at.text_area(key=note_key(draft.bestuur, item.id)).input("Besproken in het MT en vastgelegd.").run()
    assert not [e for e in at.error if "stuurteken" in e.value]
    assert stored_answers(services, draft.round.id, draft.bestuur.id)[item.id].note == "Besproken in het MT en vastgelegd."


def test_the_note_field_opens_once_the_item_is_answered(services, draft):
    at = open_questionnaire(draft)
    item = services.checklist.sections[0].items[0]
    assert at.text_area(key=note_key(draft.bestuur, item.id)).disabled
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("0").run()
    assert not at.text_area(key=note_key(draft.bestuur, item.id)).disabled


def test_a_score_and_a_refused_note_changed_together_still_save_the_score(services, draft):
    at = open_questionnaire(draft)
    item = services.checklist.sections[0].items[1]
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("1").run()
    # Typing a note and then clicking another answer: both reach the app in one run.
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("4")
    at.text_area(key=note_key(draft.bestuur, item.id)).input("Mail naar j.jansen@example.nl")
    at.run()
    saved = stored_answers(services, draft.round.id, draft.bestuur.id)[item.id]
    assert (saved.score, saved.note) == (4, "")
    assert any("e-mailadres" in e.value for e in at.error)


def test_a_concurrent_change_is_reported_and_the_stored_answer_reloaded(services, draft):
    at = open_questionnaire(draft)
    item = services.checklist.sections[0].items[0]
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("1").run()
    mine = stored_answers(services, draft.round.id, draft.bestuur.id)[item.id]

    # Someone else saves the same answer in the meantime.
    assessment.save_answer(
        services, draft.bestuur.id, item.id, AnswerKind.SCORE, 4, expected_version=mine.version
    )
    at.radio(key=answer_key(draft.bestuur, item.id)).set_value("2").run()

    assert any("door iemand anders gewijzigd" in w.value for w in at.warning)
    assert at.radio(key=answer_key(draft.bestuur, item.id)).value == "4"
    assert stored_answers(services, draft.round.id, draft.bestuur.id)[item.id].score == 4


def test_finalising_with_open_items_names_them_and_needs_confirmation(services, draft):
    checklist = services.checklist
    for item in checklist.items:  # bestuur is complete, uitvoering answers only the first item
        assessment.save_answer(services, draft.bestuur.id, item.id, AnswerKind.SCORE, 2, expected_version=None)
    first = checklist.items[0]
    assessment.save_answer(services, draft.uitvoering.id, first.id, AnswerKind.SCORE, 1, expected_version=None)

    at = open_questionnaire(draft)
    at.button(key="vl_finalise").click().run()
    assert assessment.get_round(services, draft.round.id).status == RoundStatus.DRAFT

    warning = " ".join(w.value for w in at.warning)
    assert f"{len(checklist.items) - 1} vragen open" in warning
    listing = "\n".join(m.value for m in at.markdown)
    assert "Uitvoering · Team Noord" in listing
    assert "Bestuur 1" not in listing  # complete respondents are not listed
    second = checklist.items[1]
    assert f"- {second.number}. {second.question.split()[0]}" in listing
    assert f"- {first.number}. " not in listing
    assert at.button(key="vl_confirm_finalise").disabled

    at.checkbox(key="vl_confirm_check").check().run()
    at.button(key="vl_confirm_finalise").click().run()
    assert not at.exception
    assert assessment.get_round(services, draft.round.id).status == RoundStatus.FINAL
    assert any("afgerond" in s.value for s in at.success)


def test_cancelling_the_confirmation_keeps_the_round_open(services, draft):
    at = open_questionnaire(draft)
    at.button(key="vl_finalise").click().run()
    at.button(key="vl_cancel_finalise").click().run()
    assert not at.checkbox  # the confirmation is gone
    assert at.button(key="vl_finalise")
    assert assessment.get_round(services, draft.round.id).status == RoundStatus.DRAFT


def test_a_complete_round_is_finalised_without_extra_confirmation(services, draft):
    for respondent in (draft.bestuur, draft.uitvoering):
        for item in services.checklist.items:
            assessment.save_answer(services, respondent.id, item.id, AnswerKind.DONT_KNOW, expected_version=None)
    at = open_questionnaire(draft)
    at.button(key="vl_finalise").click().run()
    assert assessment.get_round(services, draft.round.id).status == RoundStatus.FINAL


def test_a_final_round_is_read_only(services, draft):
    item = services.checklist.items[0]
    assessment.save_answer(
        services, draft.bestuur.id, item.id, AnswerKind.SCORE, 3, "Besproken in het MT.", expected_version=None
    )
    assessment.finalise_round(services, draft.round.id, confirm_incomplete=True)

    at = open_questionnaire(draft, draft.bestuur)
    assert not answer_radios(at) and not at.text_area and not at.pills
    assert not [b for b in at.button if b.key in ("vl_finalise", "vl_confirm_finalise")]
    assert any("definitief" in i.value for i in at.info)
    # one section at a time, like the form (issue 15: a final round drew all 20 questions)
    picker = at.segmented_control(key="vl_read_pick")
    assert picker.value == services.checklist.sections[0].id
    texts = [m.value for m in at.markdown]
    # the answer beside its question (no wide table: it stacks on a phone), with the note
    assert any(t.startswith("**3 · " + services.checklist.scale_label(3) + "**") and "Besproken in het MT." in t
               for t in texts)  # fmt: skip
    unanswered = 0
    for section in services.checklist.sections:
        at.segmented_control(key="vl_read_pick").set_value(section.id).run()
        assert not at.exception
        shown = [m.value for m in at.markdown if m.value.startswith("**")]
        assert len(shown) == len(section.items)  # only the chosen section's questions
        unanswered += sum(t.startswith("**Nog niet beantwoord**") for t in shown)
    assert unanswered == len(services.checklist.items) - 1


def test_without_respondents_the_page_guides_to_beheer(services):
    org = assessment.create_organisation(services, "Woonstichting Leeg", "S", "Drenthe")
    round_ = assessment.start_round(services, org.id, "Nulmeting 2026")
    at = start_app("vragenlijst", {"org": org.slug, "round": round_.id})
    assert any("nog geen respondenten" in m.value for m in at.markdown)
    assert any(link.proto.page.endswith("beheer.py") or "beheer" in link.proto.page for link in at.page_link)
    assert not at.radio


def test_without_a_corporation_the_page_guides_to_start(services):
    at = start_app("vragenlijst")
    assert any("Kies eerst een corporatie" in m.value for m in at.markdown)
    assert not at.radio


# --------------------------------------------------------------------------- one scale, one notice (issue 11, point 7)


def test_the_scale_is_explained_once_per_section_and_the_privacy_notice_once(services, draft):
    from readiness.privacy import PRIVACY_NOTICE

    at = open_questionnaire(draft, draft.bestuur)
    for section in services.checklist.sections[:2]:
        at = go_to_section(at, section.id)
        legends = [e for e in at.expander if e.label == "Wat betekenen de antwoorden?"]
        assert len(legends) == 1, section.id  # once for the section ...
        legend = "\n".join(m.value for m in legends[0].markdown)
        for level in services.checklist.scale:
            assert level.description in legend
        for item in section.items:  # ... and not again under every question
            assert not at.radio(key=answer_key(draft.bestuur, item.id)).proto.captions
        notices = [c for c in at.caption if PRIVACY_NOTICE in c.value]
        assert len(notices) == 1, section.id  # the notice once on the page, not per section


def test_the_scale_legend_is_open_until_the_first_answer(services, draft):
    at = open_questionnaire(draft, draft.bestuur)
    legend = next(e for e in at.expander if e.label == "Wat betekenen de antwoorden?")
    assert legend.proto.expanded
    first = services.checklist.items[0]
    at.radio(key=answer_key(draft.bestuur, first.id)).set_value("2").run()
    legend = next(e for e in at.expander if e.label == "Wat betekenen de antwoorden?")
    assert not legend.proto.expanded


def test_a_question_card_shows_what_the_handreiking_says_with_the_kind_in_words(services, draft):
    """Issue 26: every question card has "Wat de handreiking zegt" with the checklist point
    and the passages behind the explanation, verbatim with their page, and each claim's kind
    in words; the explanation says it is in Voordeurcheck's own words; the scale legend says
    the scale is Voordeurcheck's own."""
    from readiness.provenance import KIND_LABELS, SCALE_NOTE, WORDING_NOTE

    at = open_questionnaire(draft, draft.uitvoering)
    at = go_to_section(at, "structurele_inbedding")
    item = services.checklist.item("str-05")
    markdown = "\n".join(m.value for m in at.markdown)
    for quote in [*item.quotes, *item.explanation_quotes]:
        assert f"„{' '.join(quote.text.split())}” (p. {quote.page})" in markdown
    assert f"**De vraag** · {KIND_LABELS['bron']}" in markdown
    assert f"**De uitleg** · {KIND_LABELS['uitwerking']}" in markdown
    assert f":small[In eigen woorden van Voordeurcheck, gebaseerd op: {item.source}]" in markdown
    assert "Bron: Handreiking" not in markdown
    assert SCALE_NOTE in markdown and WORDING_NOTE in markdown
    # one "Wat de handreiking zegt" per question card of the section
    section = services.checklist.section("structurele_inbedding")
    assert markdown.count("**De vraag** · ") == len(section.items)


def test_the_respondent_is_chosen_with_one_click_and_the_page_follows(services, draft):
    """Issue 24: up to twelve respondents the picker is a row of radio buttons (every name in
    view); choosing another one shows that respondent's own answers and progress."""
    first = services.checklist.sections[0].items[0]
    at = open_questionnaire(draft, draft.uitvoering)
    at.radio(key=answer_key(draft.uitvoering, first.id)).set_value("3").run()
    picker = at.radio(key="vl_respondent")
    assert picker.options == ["Bestuur 1", "Uitvoering · Team Noord"] and picker.horizontal
    picker.set_value(draft.bestuur.id).run()
    assert not at.exception, at.exception
    assert at.query_params["respondent"] == str(draft.bestuur.id)
    assert at.radio(key=answer_key(draft.bestuur, first.id)).value is None  # the bestuur's own, empty
    assert "0 van 20 vragen beantwoord" in at.get("progress")[0].proto.text


def test_a_round_with_many_respondents_gets_a_searchable_picker(services, draft):
    for n in range(11):  # 13 respondents in all: more than a row of radio buttons holds
        assessment.add_respondent(services, draft.round.id, "uitvoering", f"Team {n}")
    at = open_questionnaire(draft, draft.uitvoering)
    assert not at.exception, at.exception
    assert not [r for r in at.radio if r.key == "vl_respondent"]
    picker = at.selectbox(key="vl_respondent")
    assert len(picker.options) == 13 and picker.value == draft.uitvoering.id
