"""Issue 23: a NUL or another control character typed in the app or on the command line is
refused in Dutch, naming the field, before anything is written, on SQLite and on
PostgreSQL (which cannot store a NUL in text: without the check the write failed with a
psycopg traceback, halfway through a save).

Every free-text field of the services that the app and the command line call is given a
text with a NUL; the database must be exactly as before. A text with tabs and line
breaks is stored as typed, to show the check refuses only what cannot be text.
"""

from __future__ import annotations

import datetime as dt
import pytest

from readiness.config import load_settings
from readiness.models import AnswerKind
from readiness.privacy import ControlCharacterError
from readiness.services import App, assessment, consensus, open_app, plans, publications
from tests.integration.stored import everything

NUL_TEXT = "Werkinstructie\x00 besproken in het MT"


@pytest.fixture
def app(db_url: str) -> App:
    app = open_app(load_settings({"DATABASE_URL": db_url}))
    yield app
    app.repo.engine.dispose()


@pytest.fixture
def world(app):
    org = assessment.create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    round_ = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    respondent = assessment.add_respondent(app, round_.id, "management")
    item = app.checklist.items[0].id
    action = plans.add_action(app, org.id, item, "Werkinstructie opstellen", owner="teamleider", notes="Loopt")
    consensus.open_meeting(app, round_.id, dt.date(2026, 3, 20))
    return org, round_, respondent, action


def _edit_action(app, w, field, text):
    action = app.repo.get_action(w[3].id)
    return plans.update_action(app, action.model_copy(update={field: text}), expected_version=action.version)


FIELDS = {
    "answer note": ("Toelichting", lambda app, w, t: assessment.save_answer(
        app, w[2].id, app.checklist.items[0].id, AnswerKind.SCORE, 2, t, expected_version=None)),
    "action description": ("Actie", lambda app, w, t: plans.add_action(app, w[0].id, app.checklist.items[1].id, t)),
    "action owner": ("Eigenaar (functie)", lambda app, w, t: plans.add_action(
        app, w[0].id, app.checklist.items[1].id, "Werkinstructie opstellen", owner=t)),
    "action notes": ("Notities", lambda app, w, t: plans.add_action(
        app, w[0].id, app.checklist.items[1].id, "Werkinstructie opstellen", notes=t)),
    "edited action description": ("Actie", lambda app, w, t: _edit_action(app, w, "description", t)),
    "edited action owner": ("Eigenaar (functie)", lambda app, w, t: _edit_action(app, w, "owner", t)),
    "edited action notes": ("Notities", lambda app, w, t: _edit_action(app, w, "notes", t)),
    "consensus rationale": ("Onderbouwing bij vraag 1", lambda app, w, t: consensus.record_level(
        app, w[1].id, app.checklist.items[0].id, 2, t, expected_version=None)),
    "meeting place": ("Plaats van het gesprek", lambda app, w, t: consensus.set_meeting_details(
        app, w[1].id, dt.date(2026, 3, 20), place=t)),
    "round label": ("Naam van de meting", lambda app, w, t: assessment.start_round(app, w[0].id, t, dt.date(2026, 4, 1))),
    "invitation label": ("Omschrijving respondent", lambda app, w, t: assessment.add_respondent(app, w[1].id, "management", t)),
    "corporation name": ("Naam van de corporatie", lambda app, w, t: assessment.create_organisation(app, t, "M", "Utrecht")),
    "corporation region": ("Regio", lambda app, w, t: assessment.create_organisation(app, "Woonstichting Noord", "M", t)),
    "publication label": ("Naam van de publicatie", lambda app, w, t: publications.publish(app, t)),
}  # fmt: skip


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_nul_in_any_free_text_field_is_refused_in_dutch_and_nothing_is_written(app, world, field):
    shown, call = FIELDS[field]
    before = everything(app)
    with pytest.raises(ValueError) as refused:  # ControlCharacterError, or a Dutch refusal carrying its message
        call(app, world, NUL_TEXT)
    message = str(refused.value)
    assert f"Het veld '{shown}' bevat een onzichtbaar stuurteken (U+0000) op positie 15" in message
    assert "\x00" not in message and "psycopg" not in message.lower()
    assert everything(app) == before


def test_a_nul_in_a_note_and_a_plan_action_is_refused_with_the_answer_and_action_unchanged(app, world):
    """The two writes a user makes most: a note with an answer, and a plan action."""
    org, _, respondent, action = world
    item = app.checklist.items[0].id
    assessment.save_answer(app, respondent.id, item, AnswerKind.SCORE, 1, "Eerste versie", expected_version=None)
    before = everything(app)
    stored = app.repo.round_data(world[1].id).answers[0]
    with pytest.raises(ControlCharacterError, match=r"^Het veld 'Toelichting' bevat een onzichtbaar stuurteken \(U\+0000\)"):
        assessment.save_answer(app, respondent.id, item, AnswerKind.SCORE, 3, NUL_TEXT, expected_version=stored.version)
    with pytest.raises(ControlCharacterError, match=r"'Actie' bevat een onzichtbaar stuurteken \(U\+0000\)"):
        plans.add_action(app, org.id, item, NUL_TEXT)
    assert everything(app) == before
    assert app.repo.get_action(action.id).notes == "Loopt"


def test_tabs_and_line_breaks_are_stored_as_typed(app, world):
    org, _, respondent, _ = world
    item = app.checklist.items[0].id
    note = "Eerste regel\r\nTweede regel\tmet een tab"
    assessment.save_answer(app, respondent.id, item, AnswerKind.SCORE, 2, note, expected_version=None)
    added = plans.add_action(app, org.id, item, "Training\nplannen", notes="Stap 1\tklaar")
    assert app.repo.round_data(world[1].id).answers[0].note == note
    stored = app.repo.get_action(added.id)
    assert (stored.description, stored.notes) == ("Training\nplannen", "Stap 1\tklaar")
