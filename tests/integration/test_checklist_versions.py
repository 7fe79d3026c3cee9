"""Checklist versions (docs/instrument.md): a round keeps the version it was answered
against; rounds of the current version and of its ``earlier_versions`` (same ids, same
meaning) load, score and compare with each other; a round of a version this installation
does not know is neither imported nor compared. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import Answer, AnswerKind, NotFoundError, Organisation, Respondent, Round, RoundStatus
from readiness.services import App, assessment, progress, reports
from readiness.services.assessment import ValidationError
from readiness.services.reports import ImportRejected

TODAY = dt.date(2026, 11, 1)
EARLIER = "2026.1"  # the version before the wording fixes of issue 12
UNKNOWN = "2031.4"


@pytest.fixture
def app(repo, checklist, tmp_path) -> App:
    settings = Settings(
        database_url=str(repo.engine.url), checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path / "reports"
    )
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


def add_round(app: App, org: Organisation, label: str, date: dt.date, version: str, score: int) -> Round:
    """A final round answered against ``version``: two respondents give ``score`` to every item."""
    with app.repo.unit_of_work():
        round_ = app.repo.add_round(Round(org_id=org.id, label=label, date=date, checklist_version=version))
        for n in (1, 2):
            person = app.repo.add_respondent(Respondent(round_id=round_.id, role="management", label=f"MT {n}"))
            for item in app.checklist.items:
                app.repo.save_answer(
                    Answer(respondent_id=person.id, item_id=item.id, kind=AnswerKind.SCORE, score=score), None
                )
        app.repo.set_round_status(round_.id, RoundStatus.FINAL)
    return round_


@pytest.fixture
def org(app) -> Organisation:
    return app.repo.add_organisation(Organisation(slug="woonbron", name="Woonbron", size_class="M", region="Utrecht"))


def test_the_checklist_declares_its_earlier_version_comparable(app):
    assert app.checklist.version != EARLIER
    assert EARLIER in app.checklist.earlier_versions
    assert app.checklist.is_comparable_version(EARLIER) and app.checklist.is_comparable_version(app.checklist.version)
    assert not app.checklist.is_comparable_version(UNKNOWN)


def test_a_round_of_the_earlier_version_keeps_it_scores_and_compares_with_a_new_round(app, org):
    old = add_round(app, org, "Nulmeting 2025", dt.date(2025, 3, 1), EARLIER, 1)
    new = assessment.start_round(app, org.id, "Meting 2026", dt.date(2026, 3, 1))
    for n in (1, 2):
        person = assessment.add_respondent(app, new.id, "management", f"MT {n}")
        for item in app.checklist.items:
            assessment.save_answer(app, person.id, item.id, AnswerKind.SCORE, 3, expected_version=None)

    # each round keeps the version it was answered against
    assert app.repo.get_round(old.id).checklist_version == EARLIER
    assert app.repo.get_round(new.id).checklist_version == app.checklist.version

    # both score with the current checklist (same ids, same meaning)
    assert assessment.round_result(app, old.id).overall == pytest.approx(25.0)
    assert assessment.round_result(app, new.id).overall == pytest.approx(75.0)

    # and compare: the default pair, the change since the previous round, and the trend
    comparison = progress.compare_rounds(app, org.id, old.id, new.id)
    assert comparison.overall_delta == pytest.approx(50.0)
    assert len(comparison.up) == len(app.checklist.items)
    previous, change = assessment.change_since_previous(app, new.id)
    assert previous.id == old.id and change.overall_delta == pytest.approx(50.0)
    assert [r.overall for r in progress.round_scores(app, org.id)] == [pytest.approx(25.0), pytest.approx(75.0)]


def test_a_json_export_keeps_each_rounds_version_through_an_import(app, org):
    add_round(app, org, "Nulmeting 2025", dt.date(2025, 3, 1), EARLIER, 1)
    add_round(app, org, "Meting 2026", dt.date(2026, 3, 1), app.checklist.version, 3)
    path = reports.export_round(app, org.slug, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [r["checklist_version"] for r in document["rounds"]] == [EARLIER, app.checklist.version]

    reports.import_file(app, path, "woonbron-kopie")
    copy = app.repo.get_organisation("woonbron-kopie")
    assert [r.checklist_version for r in app.repo.list_rounds(copy.id)] == [EARLIER, app.checklist.version]


def test_a_round_of_an_unknown_version_is_not_compared(app, org):
    odd = add_round(app, org, "Meting uit de toekomst", dt.date(2025, 3, 1), UNKNOWN, 1)
    current = add_round(app, org, "Meting 2026", dt.date(2026, 3, 1), app.checklist.version, 3)
    with pytest.raises(ValidationError) as info:
        progress.compare_rounds(app, org.id, odd.id, current.id)
    message = str(info.value)
    assert "Meting uit de toekomst" in message and f"'{UNKNOWN}' is onbekend" in message
    assert app.checklist.version in message and EARLIER in message
    assert assessment.change_since_previous(app, current.id) is None


def test_a_json_export_of_an_unknown_version_is_refused_and_nothing_is_written(app, org, tmp_path):
    add_round(app, org, "Meting 2026", dt.date(2026, 3, 1), app.checklist.version, 3)
    document = json.loads(reports.export_round(app, org.slug, "json").read_text(encoding="utf-8"))
    document["rounds"][0]["checklist_version"] = UNKNOWN
    other = tmp_path / "andere-versie.json"
    other.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ImportRejected) as info:
        reports.import_file(app, other, "woonbron-kopie")
    message = str(info.value)
    assert "rounds[0], veld 'checklist_version'" in message and f"'{UNKNOWN}' is onbekend" in message
    with pytest.raises(NotFoundError):
        app.repo.get_organisation("woonbron-kopie")
