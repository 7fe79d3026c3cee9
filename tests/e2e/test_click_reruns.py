"""A click reruns only what it changes (issue 24): answering a question in Chromium
reruns that question's card, not the page, and the answer is saved as before.

The probe is what the server sends over Streamlit's websocket after the click: a full run
sends every element of the page again (the title, the section picker, all five cards);
a fragment run sends only the elements of its fragment, each delta marked with that
fragment's id. So after a click the test expects deltas of one fragment only, one answer
radio (not five), no page title and no section picker, and the progress bar (written by
the card into its slot above) with the new count.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from readiness.config import load_settings
from readiness.services import assessment, open_app
from tests.e2e.conftest import APP_TIMEOUT, StreamlitServer, open_page, rerun, run_cli, shots_dir, show_whole_page
from tests.e2e.test_newcomer import DK, option_label, progress_text

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@dataclass
class Run:
    """The messages of one script run, as the browser received them."""

    fragment_ids: set[str] = field(default_factory=set)  # of every delta ("" = not in a fragment)
    elements: list[str] = field(default_factory=list)  # kinds of the elements sent
    texts: list[str] = field(default_factory=list)  # progress texts, headings
    finished: bool = False


class Recorder:
    """Collects the deltas of each run the server sends to one page."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._message = ForwardMsg
        self.runs: list[Run] = [Run()]
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, (bytes, bytearray)):
            return
        message = self._message()
        try:
            message.ParseFromString(bytes(payload))
        except Exception:  # noqa: BLE001 - not a ForwardMsg
            return
        kind = message.WhichOneof("type")
        run = self.runs[-1]
        if kind == "delta":
            run.fragment_ids.add(message.delta.fragment_id)
            if message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                run.elements.append(which)
                if which == "progress":
                    run.texts.append(element.progress.text)
                elif which == "heading":
                    run.texts.append(element.heading.body)
        elif kind == "script_finished" and (
            message.script_finished != self._message.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        ):
            run.finished = True
            self.runs.append(Run())

    def last_finished(self) -> Run:
        return self.runs[-2]


def _stored(database_url: str, round_id: int, respondent_id: int) -> dict:
    app = open_app(load_settings({"DATABASE_URL": database_url}), migrate_db=False)
    data = app.repo.round_data(round_id)
    return {a.item_id: a for a in data.answers if a.respondent_id == respondent_id}


@dataclass(frozen=True)
class Questionnaire:
    server: StreamlitServer
    checklist: object
    round_id: int
    respondents: tuple[int, ...]  # one per test, each with nothing answered yet
    slug: str

    def url(self, respondent_id: int) -> str:
        return f"{self.server.url}/vragenlijst?org={self.slug}&round={self.round_id}&respondent={respondent_id}"


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory) -> Iterator[Questionnaire]:
    """A server of its own: one corporation with an open round and two respondents."""
    folder = tmp_path_factory.mktemp("click_reruns")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    app = open_app(load_settings({"DATABASE_URL": database_url}), migrate_db=False)
    org = assessment.create_organisation(app, "Woonstichting Klikproef", "M", "Utrecht")
    round_ = assessment.start_round(app, org.id, "Meting 2026", dt.date(2026, 3, 1))
    respondents = tuple(assessment.add_respondent(app, round_.id, role).id for role in ("uitvoering", "bestuur", "management"))
    server = StreamlitServer(database_url, folder / "streamlit.log").start()
    try:
        yield Questionnaire(server, app.checklist, round_.id, respondents, org.slug)
    finally:
        server.stop()


def test_an_answer_reruns_only_its_card_and_is_saved(page, questionnaire):
    checklist, respondent_id, database_url = questionnaire.checklist, questionnaire.respondents[0], questionnaire.server.database_url
    before = _stored(database_url, questionnaire.round_id, respondent_id)
    recorder = Recorder(page)
    open_page(page, questionnaire.url(respondent_id))
    full = recorder.last_finished()
    assert "" in full.fragment_ids and "Vragenlijst" in full.texts  # a full run sends the page
    # all five cards of the section, and the respondent picker (radio buttons: issue 24)
    assert full.elements.count("radio") == 6, full.elements
    assert progress_text(len(before)) in full.texts

    section = checklist.sections[0]
    clicked: set[str] = set()
    for n, (item, value) in enumerate(zip(section.items[:2], (3, DK), strict=True), start=1):
        radios = page.locator(f".st-key-vl_ans_{respondent_id}_{item.id}")
        label = option_label(checklist, value)
        rerun(page, lambda: radios.get_by_text(label, exact=True).click())
        run = recorder.last_finished()
        # Only this card ran: every delta belongs to one fragment, with one radio and no title.
        assert len(run.fragment_ids) == 1 and "" not in run.fragment_ids, run.fragment_ids
        clicked |= run.fragment_ids
        assert run.elements.count("radio") == 1, run.elements
        assert "Vragenlijst" not in run.texts and "button_group" not in run.elements, run.elements
        # The one figure outside the card that changed is written too, and shown.
        assert run.texts == [progress_text(len(before) + n)], run.texts
        assert page.get_by_text(progress_text(len(before) + n), exact=True).is_visible()
        card = page.locator(f".st-key-vl_item_{item.id}")
        assert card.get_by_text("Opgeslagen").is_visible()
        assert radios.get_by_role("radio", name=label, exact=True).is_checked()
    assert len(clicked) == 2  # each card is a fragment of its own
    assert page.locator("[data-testid='stProgress']").count() == 1  # one bar, not one per card
    folder = shots_dir()
    if folder is not None:
        show_whole_page(page)
        page.screenshot(path=str(folder / "vragenlijst_after_clicks.png"), full_page=True)

    # The rest of the page is still there, unchanged: title, picker, all five cards.
    assert page.get_by_role("heading", name="Vragenlijst").is_visible()
    assert page.locator("[class*='st-key-vl_item_']").count() == 5
    after = _stored(database_url, questionnaire.round_id, respondent_id)
    first, second = section.items[:2]
    assert (after[first.id].kind.value, after[first.id].score) == ("score", 3)
    assert (after[second.id].kind.value, after[second.id].score) == ("weet_ik_niet", None)

    # Changing an answer: again one card, the same record one version further.
    radios = page.locator(f".st-key-vl_ans_{respondent_id}_{first.id}")
    rerun(page, lambda: radios.get_by_text(option_label(checklist, 1), exact=True).click())
    assert recorder.last_finished().elements.count("radio") == 1
    changed = _stored(database_url, questionnaire.round_id, respondent_id)[first.id]
    assert (changed.score, changed.version) == (1, after[first.id].version + 1)


def test_completing_a_section_reruns_its_card_and_the_section_picker_only(page, questionnaire):
    checklist, respondent_id, database_url = questionnaire.checklist, questionnaire.respondents[1], questionnaire.server.database_url
    before = _stored(database_url, questionnaire.round_id, respondent_id)
    recorder = Recorder(page)
    open_page(page, questionnaire.url(respondent_id))
    section = checklist.sections[0]
    pill = page.locator(".st-key-vl_section_pick button").filter(has_text=section.title)
    for item in section.items:
        radios = page.locator(f".st-key-vl_ans_{respondent_id}_{item.id}")
        rerun(page, lambda: radios.get_by_text(option_label(checklist, 2), exact=True).click())
        deadline = time.monotonic() + APP_TIMEOUT / 1000
        while not recorder.runs[-2].finished and time.monotonic() < deadline:
            page.wait_for_timeout(20)
    # The last answer completed the section: its card and the section picker ran (two
    # fragments, not the page), and the picker marks the section done.
    run = recorder.last_finished()
    assert len(run.fragment_ids) == 2 and "" not in run.fragment_ids, run.fragment_ids
    assert "Vragenlijst" not in run.texts, run.texts
    assert run.elements.count("radio") == 1 and run.elements.count("button_group") == 1, run.elements
    assert re.search("check_circle", pill.inner_html()) or pill.locator("[data-testid='stIconMaterial']").count()
    # Picking another section still opens it (the picker's fragment asks for the page).
    following = checklist.sections[1]
    rerun(page, lambda: page.locator(".st-key-vl_section_pick button").filter(has_text=following.title).click())
    assert "" in recorder.last_finished().fragment_ids
    assert page.get_by_role("heading", name=f"2. {following.title}").is_visible()
    rerun(page, lambda: page.locator(".st-key-vl_section_pick button").filter(has_text=section.title).click())
    assert page.get_by_text(progress_text(len(before) + len(section.items)), exact=True).is_visible()
    stored = _stored(database_url, questionnaire.round_id, respondent_id)
    assert all(stored[i.id].score == 2 for i in section.items)


def test_a_conflicting_edit_in_a_card_reloads_the_stored_answer(page, questionnaire):
    """Someone else saved the same answer in between: the click is refused with the
    conflict message and the page (run in full) shows the answer that is stored."""
    from readiness.models import AnswerKind

    checklist, respondent_id, database_url = (
        questionnaire.checklist, questionnaire.respondents[2], questionnaire.server.database_url,
    )  # fmt: skip
    item = checklist.sections[0].items[0]
    open_page(page, questionnaire.url(respondent_id))
    radios = page.locator(f".st-key-vl_ans_{respondent_id}_{item.id}")
    rerun(page, lambda: radios.get_by_text(option_label(checklist, 1), exact=True).click())
    saved = _stored(database_url, questionnaire.round_id, respondent_id)[item.id]
    app = open_app(load_settings({"DATABASE_URL": database_url}), migrate_db=False)
    assessment.save_answer(app, respondent_id, item.id, AnswerKind.SCORE, 4, expected_version=saved.version)

    rerun(page, lambda: radios.get_by_text(option_label(checklist, 2), exact=True).click())
    card = page.locator(f".st-key-vl_item_{item.id}")
    assert card.get_by_text("intussen door iemand anders gewijzigd").is_visible()
    assert radios.get_by_role("radio", name=option_label(checklist, 4), exact=True).is_checked()
    assert _stored(database_url, questionnaire.round_id, respondent_id)[item.id].score == 4


@pytest.mark.parametrize(
    ("path", "key", "label", "heading", "title"),
    [
        ("", "start_part", "status en respondenten", None, "Start"),  # Start is the page at /
        ("resultaten", "rs_section", "Score per onderdeel", "Score per onderdeel", "Resultaten"),
    ],
)
def test_a_section_picker_reruns_only_its_part(page, seeded_server, demo_org, path, key, label, heading, title):
    """Start's and Resultaten's lower parts: choosing one reruns the picker and that part
    (a fragment), not the answer at the top of the page."""
    recorder = Recorder(page)
    open_page(page, f"{seeded_server.url}/{path}?org={demo_org.slug}")
    assert "" in recorder.last_finished().fragment_ids  # the page ran in full
    picker = page.locator(f".st-key-{key} button").filter(has_text=label)
    rerun(page, lambda: picker.click())
    run = recorder.last_finished()
    assert len(run.fragment_ids) == 1 and "" not in run.fragment_ids, run.fragment_ids
    assert "button_group" in run.elements  # the picker itself is part of the fragment
    assert title not in run.texts and not any(t.startswith("Waar staat") for t in run.texts), run.texts
    expected = heading or demo_org.latest_round_label
    assert expected in run.texts, run.texts
    assert page.get_by_role("heading", name=expected, exact=True).is_visible()
    assert page.get_by_role("heading", name=title if path else f"Waar staat {demo_org.name}?").is_visible()
