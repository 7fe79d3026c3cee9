"""A newcomer's first measurement, end to end in a real browser on an empty database.

Beheer: add the corporation, start a round, add two respondents (bestuur, uitvoering).
Vragenlijst: both answer all 20 questions, with "Weet ik niet" and "Niet van
toepassing" among them; a reload half-way keeps every answer. The round is finalised,
and Resultaten shows the scores that follow from these answers by the documented rules
(computed here, not read off the page): the mean of the scored answers per item on a
0-100 scale, "weet ik niet" and "n.v.t." left out; a section is the mean of its items,
the total the mean of all items; shown as whole numbers, halves rounded up.
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import open_page, reload, rerun, tile_value

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

DK = "weet ik niet"
NA = "n.v.t."

# The answers, per section in the checklist's order (one entry per item). Only dra-05
# allows "n.v.t.". Chosen so that the Draagvlak score ends in a half (rounding shows)
# and stays below the target level (so Resultaten names it as what blocks phase 1).
ANSWERS = {
    "bestuur": {
        "draagvlak": [4, 3, DK, 2, NA],
        "stappenplan": [3, 2, 1, 0, 4],
        "kennis_ondersteuning": [2, 3, 1],
        "monitoring_evaluatie": [0],
        "structurele_inbedding": [1, 2, 3, 4, DK],
        "uitdragen_visie": [3],
    },
    "uitvoering": {
        "draagvlak": [2, 1, 1, 1, 3],
        "stappenplan": [1, 1, DK, 2, 2],
        "kennis_ondersteuning": [0, 1, 2],
        "monitoring_evaluatie": [DK],
        "structurele_inbedding": [2, 0, 4, 1, 3],
        "uitdragen_visie": [4],
    },
}
TARGET_PCT = 75.0  # default target level 3 of 4


def answers_by_item(checklist, role: str) -> dict[str, object]:
    """{item id: answer} for one role, checked against the instrument."""
    result = {}
    for section in checklist.sections:
        chosen = ANSWERS[role][section.id]
        assert len(chosen) == len(section.items), f"{role}/{section.id}: one answer per item"
        for item, answer in zip(section.items, chosen, strict=True):
            assert answer != NA or item.allows_na, f"{item.id} does not allow n.v.t."
            result[item.id] = answer
    return result


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


def expected_scores(checklist) -> tuple[dict[str, float | None], float | None]:
    """Section scores and the total (0-100) by the documented rules."""
    given = [answers_by_item(checklist, role) for role in ANSWERS]
    item_score = {}
    for item in checklist.items:
        scored = [a[item.id] for a in given if isinstance(a[item.id], int)]
        m = mean(scored)
        item_score[item.id] = None if m is None else m / 4 * 100
    sections = {
        s.id: mean(v for i in s.items if (v := item_score[i.id]) is not None) for s in checklist.sections
    }
    overall = mean(v for v in item_score.values() if v is not None)
    return sections, overall


def shown(score: float) -> str:
    """A 0-100 score as the app shows it: whole number, halves up (62.5 -> "63")."""
    return str(math.floor(score + 0.5))


def option_label(checklist, answer) -> str:
    if answer == DK:
        return checklist.dont_know_label
    if answer == NA:
        return checklist.na_label
    return f"{answer} · {checklist.scale_label(answer)}"


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox with widget key ``key`` (typed, as long lists
    only render the options in view)."""
    box = page.locator(f".st-key-{key} [role='combobox']")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def answer(page, checklist, respondent_id: str, item_id: str, value) -> None:
    """Click one answer and wait until the app says it is saved."""
    label = option_label(checklist, value)
    radios = page.locator(f".st-key-vl_ans_{respondent_id}_{item_id}")
    rerun(page, lambda: radios.get_by_text(label, exact=True).click())
    card = page.locator(f".st-key-vl_item_{item_id}")
    assert card.get_by_text("Opgeslagen").is_visible(), f"{item_id}: no 'Opgeslagen' after answering"
    assert radios.get_by_role("radio", name=label, exact=True).is_checked()


def assert_selected(page, checklist, respondent_id: str, expected: dict[str, object]) -> None:
    """The radios of these items show exactly the given answers (None: nothing chosen)."""
    for item_id, value in expected.items():
        radios = page.locator(f".st-key-vl_ans_{respondent_id}_{item_id}")
        checked = radios.get_by_role("radio", checked=True)
        if value is None:
            assert checked.count() == 0, f"{item_id} should still be open"
        else:
            assert checked.count() == 1, f"{item_id}: expected one chosen answer"
            assert radios.get_by_role("radio", name=option_label(checklist, value), exact=True).is_checked(), (
                f"{item_id}: expected '{option_label(checklist, value)}' to be chosen"
            )


def go_to_section(page, checklist, index: int) -> None:
    section = checklist.sections[index]
    heading = page.get_by_role("heading", name=f"{index + 1}. {section.title}", exact=True)
    if heading.count() == 0:
        rerun(page, lambda: page.locator(".st-key-vl_section_pick button").filter(has_text=section.title).click())
    assert heading.is_visible()


def answer_section(page, checklist, respondent_id: str, role: str, index: int, items=None) -> None:
    section = checklist.sections[index]
    for item, value in zip(section.items, ANSWERS[role][section.id], strict=True):
        if items is None or item.id in items:
            answer(page, checklist, respondent_id, item.id, value)


def progress_text(n: int, total: int = 20) -> str:
    return f"{n} van {total} vragen beantwoord door deze respondent"


def test_newcomer_measures_and_reads_the_scores(page, empty_server, checklist):
    sections, overall = expected_scores(checklist)
    draagvlak = checklist.sections[0]
    assert sections[draagvlak.id] < TARGET_PCT  # precondition of the phase sentence below

    # --- Start on an empty database: guidance to Beheer -----------------------------------
    open_page(page, empty_server.url)
    assert page.get_by_text("Er is nog geen corporatie.").is_visible()
    rerun(page, lambda: page.get_by_role("link", name="Naar Beheer").click())
    assert page.get_by_role("heading", name="Beheer", exact=True).is_visible()

    # --- Beheer: corporation, round, two respondents ----------------------------------------
    page.locator(".st-key-bh_org_name input").fill("Woonstichting De Proeftuin")
    choose(page, "bh_org_size", "M: 5.000 tot 10.000 woningen")
    choose(page, "bh_org_region", "Utrecht")
    rerun(page, lambda: page.locator(".st-key-bh_org_submit button").click())
    assert page.get_by_text("Corporatie 'Woonstichting De Proeftuin' is toegevoegd en gekozen").is_visible()

    page.locator(".st-key-bh_round_label input").fill("Nulmeting 2026")
    rerun(page, lambda: page.locator(".st-key-bh_round_submit button").click())
    assert page.get_by_text("Meting 'Nulmeting 2026' is gestart.").is_visible()

    for role in ANSWERS:
        label = checklist.role_label(role)
        choose(page, "bh_resp_role", label)
        rerun(page, lambda: page.locator(".st-key-bh_resp_submit button").click())
        assert page.get_by_text(re.compile(rf"\({label}\) is toegevoegd\.")).is_visible()

    rerun(page, lambda: page.get_by_role("link", name="Naar de vragenlijst").click())
    assert page.get_by_role("heading", name="Vragenlijst", exact=True).is_visible()

    # --- Vragenlijst, first respondent (bestuur), with a reload half-way ----------------------
    first = query(page)["respondent"]
    assert page.get_by_text(progress_text(0)).is_visible()
    answer_section(page, checklist, first, "bestuur", 0)
    rerun(page, lambda: page.locator(".st-key-vl_next button").click())
    go_to_section(page, checklist, 1)
    stappenplan = checklist.sections[1]
    half = [i.id for i in stappenplan.items[:2]]
    answer_section(page, checklist, first, "bestuur", 1, items=half)

    reload(page)
    go_to_section(page, checklist, 1)  # the section is kept in the URL
    given = dict(zip([i.id for i in stappenplan.items], ANSWERS["bestuur"][stappenplan.id], strict=True))
    assert_selected(page, checklist, first, {i: (given[i] if i in half else None) for i in given})
    n_given = len(draagvlak.items) + len(half)
    assert page.get_by_text(progress_text(n_given)).is_visible()
    go_to_section(page, checklist, 0)
    assert_selected(
        page, checklist, first,
        dict(zip([i.id for i in draagvlak.items], ANSWERS["bestuur"][draagvlak.id], strict=True)),
    )  # fmt: skip
    go_to_section(page, checklist, 1)
    answer_section(page, checklist, first, "bestuur", 1, items=[i.id for i in stappenplan.items[2:]])
    for index in range(2, len(checklist.sections)):
        rerun(page, lambda: page.locator(".st-key-vl_next button").click())
        go_to_section(page, checklist, index)
        answer_section(page, checklist, first, "bestuur", index)
    assert page.get_by_text(progress_text(20)).is_visible()

    # --- second respondent (uitvoering) -------------------------------------------------------
    # the respondent picker: a row of radio buttons (a handful of respondents)
    rerun(page, lambda: page.locator(".st-key-vl_respondent").get_by_text(
        f"{checklist.role_label('uitvoering')} 1", exact=True).click())  # fmt: skip
    second = query(page)["respondent"]
    assert second != first
    assert page.get_by_text(progress_text(0)).is_visible()
    for index in range(len(checklist.sections)):
        go_to_section(page, checklist, index)
        answer_section(page, checklist, second, "uitvoering", index)
    assert page.get_by_text(progress_text(20)).is_visible()

    # --- finalise: nothing is open, so no confirmation is asked -------------------------------
    rerun(page, lambda: page.locator(".st-key-vl_finalise button").click())
    assert page.get_by_text("Deze meting is definitief").is_visible()
    assert page.locator(".st-key-vl_confirm_check").count() == 0

    # --- Resultaten ---------------------------------------------------------------------------
    # the first render of Resultaten in this server loads its modules: allow for a busy machine
    rerun(page, lambda: page.get_by_role("link", name="Naar de resultaten").click(), timeout=120_000)
    assert page.get_by_role("heading", name="Resultaten", exact=True).is_visible()
    assert tile_value(page, "Totaalscore") == f"{shown(overall)} / 100"
    assert tile_value(page, "Beantwoorde vragen") == "20 van 20"
    assert tile_value(page, "Respondenten") == str(len(ANSWERS))
    # Draagvlak is below target, so the page names it, with its score, as what blocks phase 1.
    assert page.get_by_text(f"{draagvlak.title} (nu {shown(sections[draagvlak.id])})").is_visible()
    # The bar chart (one click away) labels every section with its score, in the checklist's order.
    rerun(page, lambda: page.locator(".st-key-rs_section button").filter(has_text="Score per onderdeel").click())
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.locator(".bartext").first.wait_for()
    labels = chart.locator(".bartext").all_text_contents()
    assert labels == [shown(sections[s.id]) for s in checklist.sections]
