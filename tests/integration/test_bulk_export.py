"""`export --all` in parallel processes: the same files as one process, failures per
corporation, on SQLite and PostgreSQL. Files are compared by reading them back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.services import App, bulk_export, reports
from readiness.services.assessment import create_organisation
from readiness.services.synthetic import seed_synthetic

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path / "reports")
    app = App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)
    seed_synthetic(app, corporations=5, rounds=2, respondents=3, seed=7)
    create_organisation(app, "Lege Corporatie", "XS", "Zeeland")  # no round: skipped for pdf
    return app


@pytest.fixture
def two_cores(monkeypatch):
    """Two worker processes even on a one-core machine, so the parallel path runs."""
    monkeypatch.setattr(bulk_export, "default_workers", lambda: 2)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def json_without_time(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("exported_at", None)
    return document


def store_publication(app: App) -> None:
    """A stored publication as `publish` stores it (publish itself needs ~60 corporations)."""
    figures = {"sector": {"overall": {"median": 50.0, "margin": 4.0}, "sections": {}, "reason": None},
               "parameters": {"rho": 0.5, "epsilon": 5.0}}  # fmt: skip
    app.repo.add_publication(
        label="Sectorbeeld test", created_at=dt.datetime(2026, 4, 30, 12, tzinfo=dt.UTC), created_by="beheerder",
        reference_date=TODAY, year=None, checklist_version=app.checklist.version, k=5, rho=0.5, epsilon=5.0,
        demo=False, figures=json.dumps(figures), covered={},
    )  # fmt: skip


def test_parallel_export_writes_the_same_pdfs_as_one_process(app, tmp_path, two_cores):
    seen = []
    serial = reports.export_all(app, "pdf", out_dir=tmp_path / "serial", workers=1)
    parallel = reports.export_all(
        app, "pdf", lambda done, total, slug: seen.append((done, total, slug)), tmp_path / "parallel", workers=2
    )
    slugs = [org.slug for org in app.repo.list_organisations()]
    assert [p.parent.name for p in parallel.written] == [p.parent.name for p in serial.written]
    assert len(parallel.written) == 5 and parallel.skipped == serial.skipped == ["lege-corporatie"]
    assert parallel.failed == serial.failed == []
    for one, many in zip(serial.written, parallel.written, strict=True):
        assert many == tmp_path / "parallel" / one.relative_to(tmp_path / "serial")
        assert pdf_pages(many) == pdf_pages(one)
        assert len(pdf_pages(many)) >= 2 and "Synthetische corporatie" in pdf_pages(many)[0]
    # every corporation reported once, counting up to the total
    assert sorted(slug for _, _, slug in seen) == sorted(slugs)
    assert [(done, total) for done, total, _ in seen] == [(n, 6) for n in range(1, 7)]


def test_parallel_export_of_data_files_matches_one_process(app, tmp_path, two_cores):
    serial = reports.export_all(app, "json", out_dir=tmp_path / "serial", workers=1)
    parallel = reports.export_all(app, "json", out_dir=tmp_path / "parallel", workers=None)
    assert len(parallel.written) == 6 and parallel.skipped == []  # json: also the empty corporation
    for one, many in zip(serial.written, parallel.written, strict=True):
        assert json_without_time(many) == json_without_time(one)


def test_a_failing_corporation_is_named_in_dutch_and_the_others_are_exported(
    app, db_url, tmp_path, two_cores, monkeypatch, capsys
):
    from readiness.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    out = tmp_path / "alles"
    blocked = app.repo.list_organisations()[1].slug
    out.mkdir()
    (out / blocked).write_text("geen map")  # its folder cannot be made

    assert main(["export", "--all", "--format", "pdf", "--out", str(out), "--jobs", "2"]) == 1
    printed = capsys.readouterr()
    assert f"- {blocked}: kan niet schrijven in {out / blocked}" in printed.err
    assert "1 corporatie is niet geëxporteerd (de andere wel)" in printed.err
    assert "corporatie" in printed.err and "6/6" in printed.err  # the progress bar reached the end
    written = sorted(Path(line).parent.name for line in printed.out.split())
    assert len(written) == 4 and blocked not in written
    assert all(PdfReader(path).pages for path in printed.out.split())


def test_jobs_is_checked_before_anything_runs(app, db_url, monkeypatch, capsys):
    from readiness.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    with pytest.raises(SystemExit) as stop:
        main(["export", "--all", "--format", "pdf", "--jobs", "0"])
    assert stop.value.code == 2
    assert "'0' is geen geldig aantal processen" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "synth-0001", "--format", "pdf", "--jobs", "2"])
    assert "--jobs hoort bij --all" in capsys.readouterr().err


def test_the_publication_is_read_once_and_each_report_gets_its_own_sector_line(app, tmp_path, two_cores, monkeypatch):
    """`export --all` reads the latest publication once for all reports; every PDF's
    bestuursvoorstel still says where *its own* corporation stands, as exporting it alone does."""
    from readiness.formatting import format_score
    from readiness.services import publications
    from readiness.services.sector_position import sector_line

    store_publication(app)
    with_rounds = [org for org in app.repo.list_organisations() if org.slug != "lege-corporatie"]
    alone = {org.slug: sector_line(app, org.id) for org in with_rounds}
    totals = {org.slug: format_score(reports.build_report(app, org.slug).result.overall) for org in with_rounds}
    assert len(set(totals.values())) > 1  # the corporations differ, so a line shared by mistake shows
    for slug, line in alone.items():
        assert line.startswith("Sector (Sectorbeeld test, peildatum 1 mei 2026): mediaan 50 ± 4; ")
        assert f"; met {totals[slug]} " in line

    reads = []
    real_get = publications.get_publication
    monkeypatch.setattr(publications, "get_publication", lambda *a, **k: reads.append(1) or real_get(*a, **k))
    serial = reports.export_all(app, "pdf", out_dir=tmp_path / "serial", workers=1)
    assert len(reads) == 1  # once for the batch, not once per corporation
    parallel = reports.export_all(app, "pdf", out_dir=tmp_path / "parallel", workers=2)
    assert len(serial.written) == len(parallel.written) == len(with_rounds)
    for path in [*serial.written, *parallel.written]:
        first_page = " ".join(pdf_pages(path)[0].split())
        slug = path.parent.name
        assert alone[slug] in first_page
        others = {line for other, line in alone.items() if other != slug and line != alone[slug]}
        assert not any(line in first_page for line in others)


def test_reports_read_their_data_per_batch_of_corporations_and_say_what_each_report_alone_says(app, tmp_path):
    """`export --all` makes 300 reports: their data (the corporations' rounds, the latest
    two final rounds' answers and consensus, the actions) is read for a batch of
    corporations at once, in a fixed number of queries, not about fourteen per report;
    and each PDF says what the report of that corporation made alone says (the same
    rounds, agreed levels, actions and sector line)."""
    from sqlalchemy import event

    from readiness.consensus import AgreedLevel

    store_publication(app)  # the sector line needs the rounds too
    orgs = [org for org in app.repo.list_organisations() if org.slug != "lege-corporatie"]
    latest = [r for r in app.repo.list_rounds(orgs[0].id) if r.is_final][-1]
    meeting = app.repo.add_meeting(latest.id, TODAY)  # one report with an agreed level
    item = app.checklist.sections[0].items[0].id
    app.repo.save_agreed_level(AgreedLevel(meeting_id=meeting.id, item_id=item, level=3, rationale="Besproken"), None)
    alone = {org.slug: pdf_pages(reports.export_round(app, org.slug, "pdf", out_dir=tmp_path / "alone")) for org in orgs}

    statements: list[str] = []
    listener = lambda conn, cursor, statement, *rest: statements.append(" ".join(statement.split()))  # noqa: E731
    event.listen(app.repo.engine, "before_cursor_execute", listener)
    try:
        result = reports.export_all(app, "pdf", out_dir=tmp_path / "all", workers=1)
    finally:
        event.remove(app.repo.engine, "before_cursor_execute", listener)
    assert len(result.written) == len(orgs) and result.skipped == ["lege-corporatie"]
    batches = -(-(len(orgs) + 1) // bulk_export.BATCH)
    assert batches >= 2  # the test covers more than one batch
    selects = [s for s in statements if s.startswith("SELECT")]
    per_corporation = [s for s in selects if "WHERE rounds.org_id =" in s or "WHERE actions.org_id =" in s]
    assert per_corporation == []  # no report reads its own rounds or actions
    assert len([s for s in selects if s.startswith("SELECT rounds.") and "rounds.org_id IN" in s]) == batches
    assert len([s for s in selects if s.startswith("SELECT consensus_meetings.")]) <= batches
    assert len([s for s in selects if s.startswith("SELECT organisations.")]) <= 1  # the list, not a lookup per report
    assert len(selects) <= 2 + 7 * batches  # the list, the publication; per batch at most seven
    for path in result.written:
        assert pdf_pages(path) == alone[path.parent.name]
    assert "Besproken" in " ".join(alone[orgs[0].slug])  # the agreed level is in its report


def test_a_batch_whose_data_cannot_be_read_at_once_reads_per_corporation(app, tmp_path, monkeypatch):
    """If reading a batch's data fails (or misses a corporation's rounds), each corporation
    reads its own, as a single export does, and fails or succeeds on its own."""
    from readiness.services import export_files

    orgs = [org for org in app.repo.list_organisations() if org.slug != "lege-corporatie"]
    alone = {org.slug: pdf_pages(reports.export_round(app, org.slug, "pdf", out_dir=tmp_path / "alone")) for org in orgs}

    def broken(app, organisations):
        raise RuntimeError("database weg")

    monkeypatch.setattr(export_files, "read_report_inputs", broken)
    outcomes = bulk_export._export_batch(app, orgs, "pdf", tmp_path / "broken", None)
    assert [(slug, reason) for slug, _, _, reason in outcomes] == [(org.slug, None) for org in orgs]
    assert {path.parent.name: pdf_pages(path) for _, path, _, _ in outcomes} == alone

    empty = export_files.ReportInputs(rounds={}, data={}, consensus={}, actions={})  # holds none of their rounds
    for org in orgs:
        path = export_files.export_latest(app, org, "pdf", tmp_path / "empty" / org.slug, inputs=empty)
        assert pdf_pages(path) == alone[org.slug]
