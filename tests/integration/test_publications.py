"""Sector publications on SQLite and PostgreSQL: computed once, stored, read back byte
for byte, refused when too little changed or when the year's budget is spent (also
after a restart), audit-logged, and readable by the denktank role in every format."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text

from readiness.access import AccessDenied, Actor, Kind
from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.services import App, publications
from readiness.services.synthetic import seed_synthetic
from readiness.store import Repository

TODAY = dt.date(2026, 5, 1)
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "sector-publication.schema.json").read_text())


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(database_url="unused://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, demo=False)
    app = App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)
    seed_synthetic(app, 40, 3, 2, seed=11)
    return app


def years(app: App) -> list[int]:
    return sorted({r.round_date.year for r in app.repo.final_round_means()})


def test_a_publication_is_stored_once_and_reads_back_byte_for_byte(app):
    made = publications.publish(app, "Sectorbeeld 2026")
    stored = publications.get_publication(app, "Sectorbeeld 2026")
    assert stored.figures_json == made.figures_json
    assert publications.export_publication(app, "json") == made.figures_json.encode("utf-8")
    with app.repo.engine.connect() as connection:
        raw = connection.execute(text("SELECT figures FROM sector_publications")).scalar_one()
    assert raw.encode("utf-8") == made.figures_json.encode("utf-8")
    jsonschema.validate(json.loads(made.figures_json), SCHEMA)
    figures = made.figures
    assert figures["sector"]["status"] == "shown"
    assert figures["parameters"]["k"] == 5 and figures["parameters"]["rho"] == pytest.approx(1.0, abs=1e-6)
    assert abs(figures["sector"]["n_corporations"] - 40) <= 3 * figures["sector"]["n_margin"]
    assert not hasattr(app.repo, "update_publication")  # no update path at all
    entries = [e for e in app.repo.list_audit() if e.entity == "sector_publication"]
    assert len(entries) == 1 and "Sectorbeeld 2026" in entries[0].change


def test_a_second_publication_with_too_little_changed_is_refused(app):
    publications.publish(app, "Eerste")
    with pytest.raises(publications.PublicationRefused, match="geen enkele corporatie"):
        publications.publish(app, "Tweede")
    assert [p.label for p in publications.list_publications(app)] == ["Eerste"]


def test_year_against_latest_is_refused_when_it_differs_by_a_small_group(app):
    """On a reference date at the end of a year, 'latest per corporation' and that year
    cover (nearly) the same rounds: subtracting them would isolate the few in between."""
    year = years(app)[-2]
    end = dt.date(year, 12, 31)
    latest = publications.publish(app, "Laatste", reference_date=end)
    with pytest.raises(publications.PublicationRefused, match="minstens 10") as refused:
        publications.publish(app, "Jaar", year=year, reference_date=end)
    assert "'Laatste'" in str(refused.value)
    assert [p.label for p in publications.list_publications(app)] == [latest.label]


def test_publications_that_differ_enough_are_allowed_until_the_yearly_budget_is_spent(app, repo):
    first, second, third = years(app)[:3]
    publications.publish(app, "A", reference_date=dt.date(first, 12, 31))
    publications.publish(app, "B", reference_date=dt.date(second, 12, 31))
    with pytest.raises(publications.PublicationRefused, match="privacybudget voor 2026"):
        publications.publish(app, "C", reference_date=dt.date(third, 12, 31))
    # a restart: a new repository on the same database still knows what was spent
    restarted = replace(app, repo=Repository(repo.engine))
    assert publications.budget(restarted).spent == pytest.approx(2.0)
    with pytest.raises(publications.PublicationRefused, match="privacybudget"):
        publications.publish(restarted, "C", reference_date=dt.date(third, 12, 31))
    assert [p.label for p in publications.list_publications(restarted)] == ["B", "A"]


def test_the_denktank_role_reads_and_downloads_every_format_but_cannot_publish(app):
    publications.publish(app, "Sectorbeeld")
    denktank = app.as_actor(Actor(kind=Kind.DENKTANK, username="denktank@example.nl"))
    files = {fmt: publications.export_publication(denktank, fmt) for fmt in publications.EXPORT_FORMATS}
    assert "Methode en privacy" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "Methode en privacy" in [p.text for p in Document(io.BytesIO(files["docx"])).paragraphs]
    assert load_workbook(io.BytesIO(files["xlsx"]))["Cijfers"]["A1"].value == "tabel"
    assert files["csv"].decode().startswith("tabel,groep,onderdeel,statistiek,waarde,marge,toelichting")
    jsonschema.validate(json.loads(files["json"]), SCHEMA)
    with pytest.raises(AccessDenied):
        publications.publish(denktank, "Mag niet")


def test_a_denktank_account_listed_as_publisher_may_publish(app):
    settings = replace(app.settings, sector_publishers=("analist@denktank.nl",))
    listed = replace(app, settings=settings).as_actor(Actor(kind=Kind.DENKTANK, username="Analist@denktank.nl"))
    other = replace(app, settings=settings).as_actor(Actor(kind=Kind.DENKTANK, username="lezer@denktank.nl"))
    with pytest.raises(AccessDenied):
        publications.publish(other, "Niet van mij")
    made = publications.publish(listed, "Van de denktank")
    assert made.created_by == "Analist@denktank.nl"
    assert publications.can_publish(listed) and not publications.can_publish(other)


def test_bad_names_are_refused_in_dutch_before_anything_is_computed(app):
    for label, message in (("", "Geef de publicatie een naam"), ("x" * 121, "hooguit 120"), ("a\nb", "regeleinden")):
        with pytest.raises(publications.PublicationRefused, match=message):
            publications.publish(app, label)
    assert publications.list_publications(app) == []


def test_cli_publish_publications_and_sector(tmp_path, monkeypatch, capsys):
    from readiness.cli import main
    from readiness.config import load_settings
    from readiness.services import open_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("VOORDEURCHECK_DEMO", "0")
    seed_synthetic(open_app(load_settings()), 30, 2, 2, seed=4)

    assert main(["sector", "--format", "json"]) == 2
    assert "Er is nog geen sectorpublicatie" in capsys.readouterr().err

    assert main(["publish", "Sectorbeeld 2026"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gepubliceerd: Sectorbeeld 2026") and "ρ = 1.00" in out

    assert main(["publish", "Nog een"]) == 2
    assert "Publiceren kan nu niet" in capsys.readouterr().err

    assert main(["publications"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Sectorbeeld 2026"]

    for fmt in ("pdf", "docx", "xlsx", "csv", "json"):
        target = tmp_path / f"sector.{fmt}"
        assert main(["sector", "--publication", "Sectorbeeld 2026", "--format", fmt, "--out", str(target)]) == 0
        assert target.stat().st_size > 0
    capsys.readouterr()
    assert main(["sector", "--format", "json"]) == 0  # default: the newest
    assert json.loads(capsys.readouterr().out)["label"] == "Sectorbeeld 2026"
    assert main(["sector", "--publication", "Bestaat niet", "--format", "csv"]) == 2
    assert "Er is geen publicatie met de naam 'Bestaat niet'" in capsys.readouterr().err


def test_the_summary_quotes_the_most_missed_question_without_a_double_full_stop(app):
    """The summary quotes a question that ends with a full stop: "'… terug te dringen.'." read
    as a typo on the Denktank page and in the sector report."""
    from readiness.sector.report import summary_sentences

    figures = publications.publish(app, "Sectorbeeld 2026").figures
    missed = [line for line in summary_sentences(figures) if line.startswith("Het vaakst gemist")]
    assert len(missed) == 1, summary_sentences(figures)
    assert missed[0].endswith("'.") and not missed[0].endswith(".'.")
