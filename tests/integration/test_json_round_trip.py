"""JSON export and import: a round trip into a new or empty corporation loses nothing,
older exports still import, and a corporation with data is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.models import NotFoundError
from readiness.services import App, plans, reports
from readiness.services.assessment import create_organisation
from tests.integration.test_exports import app, corporation  # noqa: F401 - the shared fixtures


def normalised(app: App, slug: str) -> dict:
    """A corporation's domain objects without database ids, rounds and respondents in order."""
    org = app.repo.get_organisation(slug)
    rounds = []
    labels = {}
    for round_ in app.repo.list_rounds(org.id):
        labels[round_.id] = round_.label
        data = app.repo.round_data(round_.id)
        respondents = []
        for respondent in data.respondents:
            answers = sorted(
                (a.model_dump(exclude={"respondent_id", "version"}) for a in data.answers
                 if a.respondent_id == respondent.id),
                key=lambda a: a["item_id"],
            )  # fmt: skip
            respondents.append((respondent.model_dump(exclude={"id", "round_id"}), answers))
        rounds.append((round_.model_dump(exclude={"id", "org_id"}), respondents))
    actions = [
        {
            **a.model_dump(exclude={"id", "org_id", "version", "origin_round_id", "closed_round_id"}),
            "origin": labels.get(a.origin_round_id),
            "closed": labels.get(a.closed_round_id),
        }
        for a in app.repo.list_actions(org.id)
    ]
    return {
        "organisation": org.model_dump(exclude={"id", "slug"}),
        "rounds": rounds,
        "actions": actions,
    }


def test_json_round_trip_into_a_new_corporation_loses_nothing(app, corporation):
    org, _, _ = corporation
    path = reports.export_round(app, org.slug, "json")
    summary = reports.import_file(app, path, "eendracht-kopie")
    assert summary.rounds_created == ["Nulmeting 2025", "Meting 2026"]
    assert normalised(app, "eendracht-kopie") == normalised(app, org.slug)
    # and the copy exports to the same document (apart from the moment of export)
    copy = json.loads(reports.export_round(app, "eendracht-kopie", "json").read_text(encoding="utf-8"))
    original = json.loads(path.read_text(encoding="utf-8"))
    for document in (copy, original):
        document.pop("exported_at")
        document["organisation"].pop("slug")
    assert copy == original


def rewrite_accepted_action(app, org) -> tuple[str, str]:
    """Rewrite the action accepted from a proposal; its (original suggestion text, key)."""
    (accepted,) = [a for a in app.repo.list_actions(org.id) if a.origin_round_id is not None]
    original = accepted.description
    plans.update_action(app, accepted.model_copy(update={"description": "In onze eigen woorden"}), accepted.version)
    return original, accepted.suggestion_key


def proposed_texts(app: App, slug: str) -> list[str]:
    org = app.repo.get_organisation(slug)
    latest = app.repo.list_rounds(org.id)[-1]
    return [p.description for p in plans.proposals_for_round(app, latest.id)]


def test_json_round_trip_keeps_the_suggestion_a_rewritten_action_came_from(app, corporation):
    org, _, _ = corporation
    original, key = rewrite_accepted_action(app, org)
    assert key is not None and original not in proposed_texts(app, org.slug)
    path = reports.export_round(app, org.slug, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [a["suggestion_key"] for a in document["actions"] if a["origin_round"]] == [key]
    assert [a["suggestion_key"] for a in document["actions"] if not a["origin_round"]] == [None, None]

    reports.import_file(app, path, "eendracht-kopie")
    assert normalised(app, "eendracht-kopie") == normalised(app, org.slug)
    assert original not in proposed_texts(app, "eendracht-kopie")


def test_json_export_from_before_suggestion_keys_still_imports(app, corporation, tmp_path):
    org, _, _ = corporation
    document = json.loads(reports.export_round(app, org.slug, "json").read_text(encoding="utf-8"))
    for action in document["actions"]:
        del action["suggestion_key"]  # as written by an older Voordeurcheck
    old = tmp_path / "oude-export.json"
    old.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    summary = reports.import_file(app, old, "eendracht-kopie")
    assert summary.actions_added == 3
    copy = app.repo.get_organisation("eendracht-kopie")
    assert [a.suggestion_key for a in app.repo.list_actions(copy.id)] == [None, None, None]
    # still matched by text, and linked on the first rewrite: never proposed again
    original, key = rewrite_accepted_action(app, copy)
    assert key is None and original not in proposed_texts(app, "eendracht-kopie")
    assert {a.suggestion_key for a in app.repo.list_actions(copy.id)} - {None} == {
        a.suggestion_key for a in app.repo.list_actions(org.id) if a.suggestion_key
    }


def test_json_import_refuses_a_suggestion_key_of_the_wrong_form(app, corporation, tmp_path):
    org, _, _ = corporation
    document = json.loads(reports.export_round(app, org.slug, "json").read_text(encoding="utf-8"))
    document["actions"][0]["suggestion_key"] = "Bel Jan op 06-12345678"
    bad = tmp_path / "export.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(reports.ImportRejected, match=r"actions\[0\], veld 'suggestion_key'.*verwachte vorm"):
        reports.import_file(app, bad, "eendracht-kopie")
    with pytest.raises(NotFoundError):
        app.repo.get_organisation("eendracht-kopie")  # nothing was imported


def test_json_import_into_an_existing_empty_corporation(app, corporation):
    org, _, _ = corporation
    path = reports.export_round(app, org.slug, "json")
    empty = create_organisation(app, "Lege Corporatie", "XS", "Zeeland")
    reports.import_file(app, path, empty.slug)
    copied = normalised(app, empty.slug)
    assert copied["rounds"] == normalised(app, org.slug)["rounds"]
    assert copied["organisation"]["name"] == "Lege Corporatie"  # its own details are kept


def test_json_import_into_a_corporation_with_data_changes_nothing(app, corporation):
    org, _, _ = corporation
    path = reports.export_round(app, org.slug, "json")
    before = normalised(app, org.slug)
    with pytest.raises(reports.ImportRejected, match="alleen ingelezen in een lege of nieuwe corporatie"):
        reports.import_file(app, path, org.slug)
    assert normalised(app, org.slug) == before
