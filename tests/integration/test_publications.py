"""Sector publications on SQLite and PostgreSQL: computed once, stored, read back byte
for byte, refused when too little changed, when the budget of the last 365 days is
spent (also after a restart and around New Year) or when too few corporations make the
headline useful; the rules hold under two concurrent publishers; no exact count in any
format; demo status never from a file; audit-logged; readable by the denktank role."""

from __future__ import annotations

import datetime as dt
import csv
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
from readiness.services import App, assessment, publications
from readiness.services.synthetic import seed_synthetic
from readiness.store import Repository

TODAY = dt.date(2026, 5, 1)
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "sector-publication.schema.json").read_text())


N = 107  # corporations: above 100 (no score or share), no item number, no year


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(
        database_url="unused://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, demo=False,
        sector_rho=1.0, sector_yearly_rho=2.0,
    )  # fmt: skip
    app = App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY,
              now=lambda: dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC))  # fmt: skip
    seed_synthetic(app, N, 4, 2, seed=11)
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
    params = figures["parameters"]
    assert params["k"] == 5 and 0.99 <= params["rho"] <= 1.0  # a quantile end at the scale's bound spends nothing
    assert params["rho_record_change"] == pytest.approx(4 * params["rho"], rel=1e-5)
    assert abs(figures["sector"]["n_corporations"] - N) <= 3 * figures["sector"]["n_margin"]
    assert "n_rounds_covered" not in figures and figures["published_by_role"] == "lokaal (geen inlog)"
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
    year = years(app)[2]  # a year in which every corporation measured
    end = dt.date(year, 12, 31)
    latest = publications.publish(app, "Laatste", reference_date=end)
    with pytest.raises(publications.PublicationRefused, match="minstens 10") as refused:
        publications.publish(app, "Jaar", year=year, reference_date=end)
    assert "'Laatste'" in str(refused.value)
    assert [p.label for p in publications.list_publications(app)] == [latest.label]


def test_the_budget_is_a_rolling_365_days_also_around_new_year(app, repo):
    """Two publications minutes apart around New Year spend one budget: a calendar-year
    budget would have allowed 4ρ within twenty minutes."""
    # reference dates at which every corporation has a final round, each far enough apart
    dates = [dt.date(year, 12, 31) for year in years(app)[1:4]] + [TODAY]
    moments = iter([
        dt.datetime(2026, 12, 31, 23, 50, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, 0, 5, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 1, 0, 10, tzinfo=dt.UTC), dt.datetime(2027, 12, 31, 23, 51, tzinfo=dt.UTC),
    ])  # fmt: skip
    clock = {"now": None}
    timed = replace(app, today=lambda: dt.date(2028, 1, 1), now=lambda: clock["now"])

    def publish_at(label, reference_date):
        clock["now"] = next(moments)
        return publications.publish(timed, label, reference_date=reference_date)

    first, second, third, fourth = dates
    publish_at("A", first)
    publish_at("B", second)
    with pytest.raises(publications.PublicationRefused, match="privacybudget voor 365 dagen") as refused:
        publish_at("C", third)
    assert "sinds 1 januari 2026" in str(refused.value)
    # a restart: a new repository on the same database still knows what was spent
    restarted = replace(timed, repo=Repository(repo.engine))
    assert publications.budget(restarted).spent == pytest.approx(2.0, abs=0.02)
    # 365 days after A, A no longer counts
    made = publish_at("D", fourth)
    assert [p.label for p in publications.list_publications(restarted)] == ["D", "B", "A"]
    assert 0.99 <= made.rho <= 1.0


def test_a_sector_too_small_for_a_useful_headline_is_refused_with_the_number_it_needs(repo, checklist, tmp_path):
    settings = Settings(database_url="unused://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, demo=False)
    small = App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)
    seed_synthetic(small, 15, 1, 2, seed=3)
    with pytest.raises(publications.PublicationRefused, match="corporaties nodig") as refused:
        publications.publish(small, "Te klein")
    needed = int(str(refused.value).split("ongeveer ")[1].split(" ")[0])
    assert needed > 15
    assert publications.list_publications(small) == []
    # counting was a release: its part of ρ is spent, nothing else
    assert 0 < publications.budget(small).spent < 0.2


def test_no_format_carries_the_exact_number_of_corporations(app, monkeypatch):
    """Every released count gets a known, large shift here (the noise OpenDP would add,
    made visible): the true number of corporations may then appear nowhere."""
    import re

    from readiness.sector import mechanisms

    real = mechanisms.release_count

    def shifted(rows, rho):
        value, counted = real(rows, rho)
        return value + 10_000, replace(counted, values={"n": value + 10_000})

    monkeypatch.setattr(mechanisms, "release_count", shifted)
    publications.publish(app, "Sectorbeeld")
    files = {fmt: publications.export_publication(app, fmt) for fmt in publications.EXPORT_FORMATS}
    texts = {
        "json": files["json"].decode(),
        "csv": files["csv"].decode(),
        "pdf": "".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages),
        "docx": "\n".join([p.text for p in Document(io.BytesIO(files["docx"])).paragraphs]
                          + [c.text for t in Document(io.BytesIO(files["docx"])).tables for r in t.rows for c in r.cells]),
        "xlsx": "\n".join(str(c.value) for ws in load_workbook(io.BytesIO(files["xlsx"])) for r in ws.iter_rows() for c in r),
    }  # fmt: skip
    for fmt, text in texts.items():
        assert not re.search(rf"(?<![\d.,]){N}(?![\d.,])", text), fmt
    figures = json.loads(files["json"])
    total = figures["sector"]["n_corporations"]
    assert total != N
    assert sum(p["count"] for p in figures["sector"]["phases"]) == total
    # the phase counts add up to the shown total in the open data too
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    assert int(next(r["waarde"] for r in rows if r["statistiek"] == "aantal corporaties" and r["tabel"] == "sector")) == total
    assert sum(int(r["waarde"]) for r in rows if r["tabel"] == "fase" and r["statistiek"] == "aantal corporaties") == total
    assert sum(int(r["waarde"]) for r in rows if r["tabel"] == "fase" and r["statistiek"] == "% corporaties") == 100
    assert re.search(rf"Totaal\s+{total} ± {figures['sector']['n_margin']}\s+100%", texts["pdf"])


def test_an_agreed_level_added_to_a_published_round_counts_as_a_change(app):
    """A consensus meeting on a published final round changes what the sector uses of that
    corporation: one changed corporation, so a new publication is refused as too little
    changed, and says 1 (not 0) corporation."""
    from readiness.services import consensus

    publications.publish(app, "Eerste")
    org = app.repo.list_organisations()[0]
    latest = max((r for r in app.repo.list_rounds(org.id) if r.is_final), key=lambda r: (r.date, r.id))
    consensus.open_meeting(app, latest.id)
    item = app.checklist.items[0].id
    result = assessment.round_result(app, latest.id)
    current = next(i.score for i in result.items if i.item_id == item)
    level = 0 if (current or 0) >= 50 else 4
    consensus.record_level(app, latest.id, item, level, "Vastgesteld in het gesprek.", expected_version=None)
    with pytest.raises(publications.PublicationRefused, match="bij 1 corporatie iets veranderd"):
        publications.publish(app, "Tweede")


def test_an_imported_is_demo_never_yields_a_demo_publication(repo, checklist, tmp_path):
    """Export a real corporation, set "is_demo": true, import it into demo mode: it is
    imported as real, so nothing is published at the demo ρ and budget is spent."""
    from readiness.services import importing, reports

    settings = Settings(database_url="unused://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, demo=True,
                        sector_rho=1.0, sector_yearly_rho=2.0)  # fmt: skip
    source = App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)
    seed_synthetic(source, 1, 1, 2, seed=9)
    org = repo.list_organisations()[0]
    _, data = reports.render(source, org.slug, "json")
    doc = json.loads(data)
    doc["organisation"]["is_demo"] = True
    importing.import_bytes(source, json.dumps(doc).encode(), "export.json", "nieuw-als-demo")
    assert repo.get_organisation("nieuw-als-demo").is_demo is False
    # a database with real corporations never publishes at the demo ρ
    with pytest.raises(publications.PublicationRefused) as refused:
        publications.publish(source, "Poging")
    assert "corporaties nodig" in str(refused.value)  # treated as real: 2 corporations, far too few
    assert publications.list_publications(source) == []


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
    assert made.created_by == "denktank" and made.figures["published_by_role"] == "denktank"
    assert "Analist" not in made.figures_json and "analist" not in made.figures_json
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
    monkeypatch.setenv("VOORDEURCHECK_SECTOR_RHO", "1")
    monkeypatch.setenv("VOORDEURCHECK_SECTOR_YEARLY_RHO", "2")
    seed_synthetic(open_app(load_settings()), 60, 2, 2, seed=4)

    assert main(["sector", "--format", "json"]) == 2
    assert "Er is nog geen sectorpublicatie" in capsys.readouterr().err

    assert main(["publish", "Sectorbeeld 2026"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gepubliceerd: Sectorbeeld 2026") and "ρ = 1,00" in out

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
    exported = json.loads(capsys.readouterr().out)
    assert exported["label"] == "Sectorbeeld 2026"
    jsonschema.validate(exported, SCHEMA)  # the schema has no exact count of corporations
    assert "n_rounds_covered" not in json.dumps(SCHEMA)
    assert main(["sector", "--publication", "Bestaat niet", "--format", "csv"]) == 2
    assert "Er is geen publicatie met de naam 'Bestaat niet'" in capsys.readouterr().err


def test_the_cli_refuses_to_start_with_a_privacy_budget_above_its_ceiling(tmp_path, monkeypatch, capsys):
    from readiness.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("VOORDEURCHECK_SECTOR_RHO", "50")
    assert main(["publications"]) == 2
    err = capsys.readouterr().err
    assert "VOORDEURCHECK_SECTOR_RHO = 50 is te hoog" in err and "hooguit 1" in err and "Traceback" not in err


def test_a_publication_stored_before_schema_version_2_still_renders_in_every_format(app):
    """Publications are never changed: one stored before margins on quartiles, the role and
    the record-change figure existed still opens on the page's formats."""
    from readiness.sector import report

    figures = publications.publish(app, "Nieuw").figures
    old = json.loads(json.dumps(figures))
    old["schema_version"] = 1
    old["created_by"] = old.pop("published_by_role")
    for key in ("rho_record_change", "epsilon_record_change", "floors"):
        old["parameters"].pop(key)
    old["sector"].pop("withheld")
    for score in [old["sector"]["overall"], *old["sector"]["sections"].values()]:
        if score:
            score.pop("q1_margin"), score.pop("q3_margin")
    for fmt in ("csv", "xlsx", "pdf", "docx"):
        assert report.render(old, fmt)
    assert any("ρ = 4,00" in s for s in report.method_sentences(old))
