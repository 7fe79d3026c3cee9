"""Issue 23: every free-text field goes through the privacy guard, in the services that
the app and the command line call and in imports: the corporation's name and region
(also from an imported JSON export), round and respondent labels, notes, actions, the
consensus rationale and the name of a sector publication. Each field is given the same
disguised e-mail address (fullwidth "＠" and "．") and must refuse it, storing nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from readiness.config import load_settings
from readiness.models import AnswerKind
from readiness.privacy import PersonalDataError
from readiness.services import App, assessment, consensus, open_app, plans, publications, reports
from tests.integration.stored import everything

DISGUISED = "Contact jansen＠gmail．com"
PHONE = "Corporatie van J. Jansen, 06-12345678"


@pytest.fixture
def app(tmp_path) -> App:
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}"}))
    yield app
    app.repo.engine.dispose()


@pytest.fixture
def world(app):
    org = assessment.create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    round_ = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    respondent = assessment.add_respondent(app, round_.id, "management")
    return org, round_, respondent


SERVICE_FIELDS = {
    "naam van de corporatie": lambda app, w, t: assessment.create_organisation(app, t, "M", "Utrecht"),
    "regio": lambda app, w, t: assessment.create_organisation(app, "Woonstichting Noord", "M", t),
    "naam van de meting": lambda app, w, t: assessment.start_round(app, w[0].id, t, dt.date(2026, 4, 1)),
    "omschrijving respondent": lambda app, w, t: assessment.add_respondent(app, w[1].id, "management", t),
    "toelichting": lambda app, w, t: assessment.save_answer(
        app, w[2].id, app.checklist.items[0].id, AnswerKind.SCORE, 2, t, expected_version=None),
    "omschrijving actie": lambda app, w, t: plans.add_action(app, w[0].id, app.checklist.items[0].id, t),
    "eigenaar actie": lambda app, w, t: plans.add_action(
        app, w[0].id, app.checklist.items[0].id, "Werkinstructie opstellen", owner=t),
    "notities actie": lambda app, w, t: plans.add_action(
        app, w[0].id, app.checklist.items[0].id, "Werkinstructie opstellen", notes=t),
    "onderbouwing consensus": lambda app, w, t: (
        consensus.open_meeting(app, w[1].id, dt.date(2026, 3, 20)),
        consensus.record_level(app, w[1].id, app.checklist.items[0].id, 2, t, expected_version=None)),
    "naam van de publicatie": lambda app, w, t: publications.publish(app, t),
}  # fmt: skip


@pytest.mark.parametrize("field", list(SERVICE_FIELDS))
@pytest.mark.parametrize("text", [DISGUISED, PHONE])
def test_each_free_text_field_of_the_services_is_guarded(app, world, field, text):
    if field == "onderbouwing consensus":
        consensus.open_meeting(app, world[1].id, dt.date(2026, 3, 20))
        call = lambda: consensus.record_level(  # noqa: E731
            app, world[1].id, app.checklist.items[0].id, 2, text, expected_version=None)
    else:
        call = lambda: SERVICE_FIELDS[field](app, world, text)  # noqa: E731
    before = everything(app)
    with pytest.raises(ValueError) as refused:  # PersonalDataError, or a Dutch refusal carrying its message
        call()
    assert "persoonsgegevens" in str(refused.value)
    assert everything(app) == before


def csv_file(**cells: str) -> bytes:
    row = {"ronde": "Nulmeting 2026", "datum": "2026-03-01", "rol": "management", "respondent": "Management 1",
           "item": "dra-01", "antwoord": "3", "toelichting": ""} | cells  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


@pytest.mark.parametrize("column", ["ronde", "respondent", "toelichting"])
def test_each_free_text_column_of_a_csv_import_is_guarded(app, world, column):
    before = everything(app)
    with pytest.raises(reports.ImportRejected) as refused:
        reports.import_bytes(app, csv_file(**{column: DISGUISED}), "antwoorden.csv", world[0].slug)
    assert "persoonsgegevens" in str(refused.value)
    assert everything(app) == before


JSON_FIELDS = {
    "organisation.name": ("organisation", "name"),
    "organisation.region": ("organisation", "region"),
    "round label": ("rounds", 0, "label"),
    "respondent label": ("rounds", 0, "respondents", 0, "label"),
    "answer note": ("rounds", 0, "respondents", 0, "answers", 0, "note"),
    "action description": ("actions", 0, "description"),
    "action owner": ("actions", 0, "owner"),
    "action notes": ("actions", 0, "notes"),
    "consensus rationale": ("rounds", 0, "consensus", "agreed_levels", 0, "rationale"),
}


@pytest.fixture
def export(app, world) -> dict:
    org, round_, respondent = world
    item = app.checklist.items[0].id
    assessment.save_answer(app, respondent.id, item, AnswerKind.SCORE, 2, expected_version=None)
    plans.add_action(app, org.id, item, "Werkinstructie opstellen", owner="teamleider", notes="Loopt")
    consensus.open_meeting(app, round_.id, dt.date(2026, 3, 20))
    consensus.record_level(app, round_.id, item, 2, "Besproken in het MT.", expected_version=None)
    return json.loads(reports.render(app, org.slug, "json")[1])


@pytest.mark.parametrize("field", list(JSON_FIELDS))
@pytest.mark.parametrize("text", [DISGUISED, PHONE])
def test_each_free_text_field_of_a_json_import_is_guarded(app, export, field, text):
    document = json.loads(json.dumps(export))
    *path, last = JSON_FIELDS[field]
    target = document
    for key in path:
        target = target[key]
    assert isinstance(target[last], str), f"{field} is not in the export"
    target[last] = text
    before = everything(app)
    with pytest.raises(reports.ImportRejected) as refused:
        reports.import_bytes(app, json.dumps(document).encode(), "export.json", "nieuwe-corporatie")
    assert "persoonsgegevens" in str(refused.value)
    assert everything(app) == before


def test_the_unchanged_export_imports(app, export):
    summary = reports.import_bytes(app, json.dumps(export).encode(), "export.json", "nieuwe-corporatie")
    assert summary.answers_saved == 1 and summary.actions_added == 1
