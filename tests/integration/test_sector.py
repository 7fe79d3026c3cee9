"""The denktank's sector comparison through the services, on real databases: records
built in one pass match the scoring of each round, and the anonymisation holds on the
whole seeded demo (no names, no small groups, no subtraction between tables or views)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from readiness import benchmark
from readiness.cli import main as cli_main
from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import Answer, AnswerKind, Organisation, Respondent, Round, RoundStatus
from readiness.services import App, assessment, open_app, sector
from readiness.services.demo import DEMO_CORPORATIONS, seed_demo

STAT_KEYS = {"q1", "median", "q3", "mean", "share_at_target", "median_overall", "section_medians"}


# --------------------------------------------------------------------------- helpers


def make_app(url: str, k: int = 3, tmp: Path | None = None, demo: bool = True) -> App:
    settings = Settings(
        database_url=url,
        checklist_path=DEFAULT_CHECKLIST,
        reports_dir=tmp or Path("/tmp"),
        min_group_size=k,
        demo=demo,
    )
    return open_app(settings)


def with_k(app: App, k: int) -> App:
    """The same database and checklist with another minimum group size."""
    return replace(app, settings=replace(app.settings, min_group_size=k))


def add_corporation(
    app: App,
    slug: str,
    size: str,
    region: str,
    scores,
    *,
    year: int = 2025,
    respondents: int = 1,
    final: bool = True,
    label: str | None = None,
) -> Organisation:
    """A corporation with one round in which every respondent gives `scores(item)` (0-4,
    or an AnswerKind) to every item."""
    if isinstance(scores, int):
        value = scores
        scores = lambda item: value  # noqa: E731
    with app.repo.unit_of_work():
        org = app.repo.get_organisation(slug) if any(o.slug == slug for o in app.repo.list_organisations()) else None
        if org is None:
            org = app.repo.add_organisation(
                Organisation(slug=slug, name=f"Woonstichting {slug.title()}", size_class=size, region=region)
            )
        round_ = app.repo.add_round(
            Round(
                org_id=org.id,
                label=label or f"Meting {year}",
                date=dt.date(year, 3, 1),
                checklist_version=app.checklist.version,
            )
        )
        for index in range(respondents):
            resp = app.repo.add_respondent(Respondent(round_id=round_.id, role="bestuur", label=f"Bestuur {index + 1}"))
            for item in app.checklist.items:
                value = scores(item)
                if isinstance(value, AnswerKind):
                    answer = Answer(respondent_id=resp.id, item_id=item.id, kind=value)
                else:
                    answer = Answer(respondent_id=resp.id, item_id=item.id, kind=AnswerKind.SCORE, score=value)
                app.repo.save_answer(answer, None)
        if final:
            app.repo.set_round_status(round_.id, RoundStatus.FINAL)
    return org


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
    )


def identifiers(app: App) -> list[str]:
    """Everything that names a corporation: full name, name without "(demo)", slug."""
    out = []
    for org in app.repo.list_organisations():
        out += [org.name, org.name.replace(" (demo)", ""), org.slug]
    return out


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """A SQLite database with the seeded demo (14 corporations), shared read-only."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sector') / 'demo.db'}"
    seed_demo(make_app(url))
    return url


@pytest.fixture
def demo(demo_url) -> App:
    return make_app(demo_url, k=3)


# --------------------------------------------------------------------------- records


def test_records_match_the_scoring_of_every_final_round(db_url, tmp_path):
    app = make_app(db_url, tmp=tmp_path)
    pattern = [AnswerKind.DONT_KNOW, 0, 1, 2, 3, 4]
    add_corporation(app, "een", "M", "Utrecht", lambda item: pattern[item.number % 6], respondents=2)
    add_corporation(app, "twee", "L", "Twente", lambda item: (item.number * 3) % 5, year=2024)
    add_corporation(app, "twee", "L", "Twente", lambda item: 4 if item.number < 6 else AnswerKind.DONT_KNOW, year=2025)
    add_corporation(app, "drie", "S", "Drenthe", 2, final=False)  # draft: never counts

    records = sector.load_records(app).records
    rounds = [
        r for org in app.repo.list_organisations() for r in app.repo.list_rounds(org.id) if r.is_final
    ]
    assert len(records) == len(rounds) == 3
    by_key = {(r.org_key, r.year): r for r in records}
    for round_ in rounds:
        result = assessment.round_result(app, round_.id)
        record = by_key[(round_.org_id, round_.date.year)]
        assert record.overall == pytest.approx(result.overall)
        for s in result.sections:
            assert record.sections[s.section_id] == pytest.approx(s.score) if s.score is not None else record.sections[s.section_id] is None
        for i in result.items:
            assert record.items[i.item_id] == (pytest.approx(i.score) if i.score is not None else None)
    assert [r.year for r in records] == sorted(r.year for r in records)


def test_records_come_from_one_aggregate_query_never_per_round(demo, monkeypatch):
    calls = []
    for name in ("final_round_means", "final_round_item_means", "round_data", "list_rounds", "list_answers", "round_item_means"):
        original = getattr(demo.repo, name)

        def spy(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(demo.repo, name, spy)
    records = sector.load_records(demo)
    sector.public_data(demo, records=records)
    sector.own_position(demo, 1, records=records)
    assert len(records.records) > 10
    # Real corporations first; only a database without them is asked again for the demo.
    assert calls == ["final_round_means", "final_round_means"]


def test_demo_corporations_count_only_while_there_are_no_real_ones(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'mixed.db'}")
    seed_demo(app)
    assert sector.load_records(app).demo is True
    assert sector.load_records(replace(app, settings=replace(app.settings, demo=False))).records == []
    add_corporation(app, "echt", "M", "Utrecht", 3)
    records = sector.load_records(app)
    assert records.demo is False
    assert len(records.records) == 1


# --------------------------------------------------------------------------- suppression


def test_a_segment_with_k_minus_one_corporations_is_suppressed(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'k.db'}", k=3)
    for i in range(3):
        add_corporation(app, f"m{i}", "M", "Utrecht", i + 1)
    for i in range(4):
        add_corporation(app, f"l{i}", "L", "Twente", i)
    for i in range(2):  # k - 1
        add_corporation(app, f"s{i}", "S", "Drenthe", 4)
    add_corporation(app, "xs0", "XS", "Zeeland", 2)

    table = sector.segments(app, "size_class")
    rows = {row.key: row for row in table.rows}
    assert table.available
    assert rows["S"].suppressed and rows["S"].suppression == "too_few"
    assert "Minder dan 3" in rows["S"].reason
    assert rows["S"].n_corporations is None and rows["S"].overall is None
    assert (rows["M"].n_corporations, rows["L"].n_corporations) == (3, 4)
    # With one more S corporation the segment is published (the two XL corporations keep
    # the lone XS corporation from being recomputable from the total).
    add_corporation(app, "s2", "S", "Drenthe", 4)
    add_corporation(app, "xl0", "XL", "Zeeland", 1)
    add_corporation(app, "xl1", "XL", "Zeeland", 3)
    rows = {row.key: row for row in sector.segments(app, "size_class").rows}
    assert not rows["S"].suppressed and rows["S"].n_corporations == 3


def test_small_segments_of_the_demo_are_suppressed_by_name_with_reason(demo):
    data = json.loads(sector.sector_export(demo, "json"))
    size = data["segments"]["size_class"]
    hidden = {entry["name"]: entry["reason"] for entry in size["suppressed"]}
    counts = {}
    for _name, size_class, _region in DEMO_CORPORATIONS:
        counts[size_class] = counts.get(size_class, 0) + 1
    assert {"XS", "XL"} <= set(hidden)  # two demo corporations each
    assert all("Minder dan 3" in hidden[key] for key in ("XS", "XL"))
    assert all(set(entry) == {"name", "reason"} for entry in size["suppressed"])
    published = {seg["segment"]: seg["n_corporations"] for seg in size["segments"]}
    assert published and all(n >= 3 for n in published.values())
    # Every region holds one demo corporation: no region is ever published.
    assert data["segments"]["region"]["segments"] == []
    assert data["segments"]["region"]["available"] is False


def test_k_above_the_population_suppresses_everything(demo):
    app = with_k(demo, 20)
    data = json.loads(sector.sector_export(app, "json"))
    assert data["k"] == 20
    assert data["sector"] == {"suppressed": [{"name": "sector", "reason": data["sector"]["suppressed"][0]["reason"]}]}
    assert "Minder dan 20" in data["sector"]["suppressed"][0]["reason"]
    for table in data["segments"].values():
        assert table["total"] is None and table["segments"] == []
    assert data["trend"]["years"] == []
    assert {e["name"] for e in data["trend"]["suppressed"]} == {"2024", "2025", "2026"}
    for node in walk({k: v for k, v in data.items() if k not in ("rules", "items", "sections")}):
        assert not STAT_KEYS & set(node), node
    assert not sector.own_position(app, demo.repo.list_organisations()[0].id).position.overall.sector


def test_every_published_group_carries_n_corporations_of_at_least_k(demo):
    for year in (None, 2024, 2025, 2026):
        data = json.loads(sector.sector_export(demo, "json", year))
        for node in walk({k: v for k, v in data.items() if k not in ("rules", "items", "sections")}):
            if STAT_KEYS & set(node):
                assert node.get("n_corporations") is not None, node
                assert node["n_corporations"] >= 3, node


def test_segment_tables_publish_quartiles_only(demo):
    data = json.loads(sector.sector_export(demo, "json"))
    for table in data["segments"].values():
        for node in walk(table):
            assert "mean" not in node and "items" not in node and "share_at_target" not in node, node
    assert "mean" in data["sector"]["overall"]  # the whole sector does publish its mean


def test_small_groups_export_the_median_only_with_null_quartiles(demo):
    """Rule 2 in every format: the demo's size classes hold 2 to 4 corporations and the
    year 2024 four, all fewer than m = max(2k, 8) = 8 at k = 3."""
    reason = benchmark.median_only_reason(8)
    data = json.loads(sector.sector_export(demo, "json"))
    assert data["quartile_min"] == 8
    size = data["segments"]["size_class"]
    assert size["segments"], "the demo publishes size classes at k = 3"
    for segment in size["segments"]:
        assert 3 <= segment["n_corporations"] < 8
        for spread in [segment["overall"], *segment["sections"].values()]:
            assert spread["q1"] is None and spread["q3"] is None and "mean" not in spread, spread
            assert isinstance(spread["median"], float) and spread["quartiles_withheld"] == reason
    total = size["total"]["overall"]  # 13 corporations: quartiles
    assert total["q1"] is not None and total["q3"] is not None and "quartiles_withheld" not in total

    year = json.loads(sector.sector_export(demo, "json", 2024))["sector"]
    assert year["n_corporations"] == 4
    assert year["overall"]["q1"] is None and year["overall"]["q3"] is None and "mean" not in year["overall"]
    assert year["means_withheld"] == sector.small_group_reason(8)
    assert "items" not in year and "most_lacking" not in year
    assert not any(entry["name"].startswith("item:") for entry in year["suppressed"])

    # CSV and Excel: an empty value for Q1 and Q3, with the reason, next to the median
    rows = list(csv.DictReader(io.StringIO(sector.sector_export(demo, "csv").decode("utf-8"))))
    m_rows = {r["statistiek"]: r for r in rows if r["tabel"] == "per grootteklasse"
              and r["groep"].startswith("M ") and r["onderdeel"] == "Totaalscore"}
    assert set(m_rows) == {"q1", "median", "q3"}
    assert m_rows["q1"]["waarde"] == m_rows["q3"]["waarde"] == ""
    assert m_rows["q1"]["toelichting"] == reason and m_rows["q1"]["aantal_corporaties"] == "4"
    assert float(m_rows["median"]["waarde"]) == next(
        s["overall"]["median"] for s in size["segments"] if s["segment"] == "M"
    )
    text = xlsx_text(sector.sector_export(demo, "xlsx"))
    assert reason in text and "Kwartielen en gemiddelden vanaf" in text


# --------------------------------------------------------------------------- attacks


def mean_attack(region: dict, size: dict) -> float | None:
    """n*mean(region) - n*mean(size class): the score of what the region has extra."""
    try:
        return (
            region["n_corporations"] * region["overall"]["mean"]
            - size["n_corporations"] * size["overall"]["mean"]
        )
    except (KeyError, TypeError):
        return None


def test_two_breakdowns_cannot_be_subtracted_to_reveal_one_corporation(tmp_path):
    """Region Noord = the three M corporations + one XS: the textbook attack."""
    app = make_app(f"sqlite:///{tmp_path / 'attack.db'}", k=3)
    for i, score in enumerate((1, 2, 3)):
        add_corporation(app, f"m{i}", "M", "Noord", score)
    add_corporation(app, "klein", "XS", "Noord", 4)  # the target: overall 100
    for i in range(3):
        add_corporation(app, f"l{i}", "L", "Zuid", i)
        add_corporation(app, f"s{i}", "S", "Oost", i + 2)

    # Means of both breakdowns would give the target away ...
    records = sector.load_records(app).records

    def unprotected(group):
        return {"n_corporations": len(group), "overall": {"mean": statistics.fmean(r.overall for r in group)}}

    noord = unprotected([r for r in records if r.region == "Noord"])
    m = unprotected([r for r in records if r.size_class == "M"])
    assert mean_attack(noord, m) == pytest.approx(100, abs=1)
    # ... groups this small publish no mean even in the raw benchmark tables (rule 2) ...
    raw_region = benchmark.to_public_dict(benchmark.segment_summary(records, "region", 3, 75.0))
    raw_size = benchmark.to_public_dict(benchmark.segment_summary(records, "size_class", 3, 75.0))
    noord = next(s for s in raw_region["segments"] if s["segment"] == "Noord")
    m = next(s for s in raw_size["segments"] if s["segment"] == "M")
    assert mean_attack(noord, m) is None

    # ... the published tables do not: no means, and Noord is withheld.
    data = json.loads(sector.sector_export(app, "json"))
    region, size = data["segments"]["region"], data["segments"]["size_class"]
    assert "Noord" not in {s["segment"] for s in region["segments"]}
    assert {e["name"]: e["reason"] for e in region["suppressed"]}["Noord"] == sector.CROSS_TABLE_REASON
    m = next(s for s in size["segments"] if s["segment"] == "M")
    for other in region["segments"]:
        assert mean_attack(other, m) is None

    # Generally: published groups of the two tables differ by 0 or >= k corporations.
    orgs = {o.slug: o for o in app.repo.list_organisations()}
    members = {}
    for o in orgs.values():
        members.setdefault(("size_class", o.size_class), set()).add(o.id)
        members.setdefault(("region", o.region), set()).add(o.id)
    shown = [("size_class", s["segment"]) for s in size["segments"]]
    shown += [("region", s["segment"]) for s in region["segments"]]
    for a in shown:
        for b in shown:
            for diff in (members[a] - members[b], members[b] - members[a]):
                assert len(diff) == 0 or len(diff) >= 3, (a, b)


def test_a_year_view_close_to_the_default_view_publishes_no_means(demo):
    """Demo: two corporations have their latest final round in 2025, all others in 2026,
    so 'latest' minus '2026' would be the sum of those two corporations."""
    latest = sector.sector_view(demo)
    y2026 = sector.sector_view(demo, 2026)
    assert latest.overall.mean is not None and latest.items
    assert latest.n_corporations - y2026.n_corporations == 2
    assert y2026.means_withheld == sector.VIEWS_REASON
    assert y2026.overall.mean is None and y2026.items == {} and y2026.most_lacking == []
    assert all(s.mean is None for s in y2026.sections.values())
    data = json.loads(sector.sector_export(demo, "json", 2026))
    assert "items" not in data["sector"] and "mean" not in data["sector"]["overall"]
    # 2025 differs from the default view by many corporations: means are fine there.
    assert sector.sector_view(demo, 2025).means_withheld is None


def test_a_corporation_with_a_single_respondent_is_not_identifiable(tmp_path):
    """Outputs depend on corporation scores only: one respondent or three respondents
    giving the same answers produce byte-identical exports."""
    outputs = []
    for n in (1, 3):
        app = make_app(f"sqlite:///{tmp_path / f'resp{n}.db'}", k=3)
        for i in range(4):
            add_corporation(app, f"c{i}", "M", "Utrecht", lambda item, i=i: (item.number + i) % 5, respondents=2)
        add_corporation(app, "eenling", "M", "Utrecht", lambda item: item.number % 5, respondents=n)
        outputs.append({fmt: sector.sector_export(app, fmt) for fmt in ("json", "csv")})
        data = json.loads(outputs[-1]["json"])
        assert not any("respond" in key or "role" in key for node in walk(data) for key in node)
        assert data["sector"]["n_corporations"] == 5
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("k", [3, 5])
def test_no_corporation_name_or_slug_in_any_export(demo, k):
    app = with_k(demo, k)
    names = identifiers(app)
    assert len(names) == 3 * len(DEMO_CORPORATIONS)
    for year in (None, *sector.load_records(app).years):
        for fmt in sector.EXPORT_FORMATS:
            data = sector.sector_export(app, fmt, year)
            text = xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8")
            leaked = [name for name in names if name.lower() in text.lower()]
            assert leaked == [], (fmt, year, leaked)
        keys = {key for node in walk(json.loads(sector.sector_export(app, "json", year))) for key in node}
        assert not {key for key in keys if "org" in key or "slug" in key or "round" in key}


def test_csv_and_xlsx_carry_the_same_rows(demo):
    rows = list(csv.DictReader(io.StringIO(sector.sector_export(demo, "csv").decode("utf-8"))))
    book = openpyxl.load_workbook(io.BytesIO(sector.sector_export(demo, "xlsx")))
    sheet = list(book["Cijfers"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(sector.CSV_COLUMNS)
    assert len(sheet) - 1 == len(rows)
    def value(v):
        try:
            return float(v)
        except (TypeError, ValueError):
            return "" if v is None else v

    assert [value(r["waarde"]) for r in rows] == [value(v) for _, _, _, _, v, _, _ in sheet[1:]]
    assert all(r["aantal_corporaties"] for r in rows if r["statistiek"] != "niet getoond")


# --------------------------------------------------------------------------- own position


def test_own_position_shows_only_the_corporations_own_scores(demo):
    org = assessment.get_organisation(demo, "demo-thuisgaard-wonen")
    own = sector.own_position(demo, org.id)
    latest_final = [r for r in demo.repo.list_rounds(org.id) if r.is_final][-1]
    result = assessment.round_result(demo, latest_final.id)
    assert own.available and own.year == latest_final.date.year
    assert own.position.overall.own_score == pytest.approx(result.overall, abs=0.05)
    view = sector.sector_view(demo)
    quartiles = own.position.overall.sector
    assert (quartiles.q1, quartiles.median, quartiles.q3) == (view.overall.q1, view.overall.median, view.overall.q3)
    assert own.position.overall.label in benchmark.POSITION_LABELS
    assert set(benchmark.to_public_dict(own.position)["overall"]) == {"own_score", "sector", "label", "reason"}


def test_own_position_of_a_corporation_without_a_final_round(demo):
    draft_only = next(
        o for o in demo.repo.list_organisations() if not any(r.is_final for r in demo.repo.list_rounds(o.id))
    )
    own = sector.own_position(demo, draft_only.id)
    assert not own.available and "nog geen afgeronde meting" in own.reason


# --------------------------------------------------------------------------- input errors


def test_unknown_year_format_and_breakdown_are_refused_in_dutch(demo):
    with pytest.raises(ValueError, match="geen afgeronde metingen in 2019.*2024, 2025, 2026"):
        sector.sector_view(demo, 2019)
    with pytest.raises(ValueError, match="Onbekend formaat 'pdf'"):
        sector.sector_export(demo, "pdf")
    with pytest.raises(ValueError, match="Onbekende indeling"):
        sector.segments(demo, "gemeente")


def test_an_empty_database_gives_an_empty_but_valid_export(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'empty.db'}")
    data = json.loads(sector.sector_export(app, "json"))
    assert data["sector"]["suppressed"][0]["name"] == "sector"
    assert data["trend"] == {"years": [], "suppressed": []}
    assert sector.sector_export(app, "csv").decode().splitlines()[0] == ",".join(sector.CSV_COLUMNS)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli_env(demo_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "3")
    return demo_url


def test_cli_json_has_n_corporations_on_every_group(cli_env, capsys):
    assert cli_main(["sector", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["k"] == 3
    groups = [data["sector"], *(t["total"] for t in data["segments"].values() if t["total"])]
    groups += [seg for t in data["segments"].values() for seg in t["segments"]]
    groups += data["trend"]["years"]
    assert len(groups) >= 5
    assert all(isinstance(g["n_corporations"], int) and g["n_corporations"] >= 3 for g in groups)


def test_cli_writes_a_year_to_a_file_and_refuses_bad_input(cli_env, tmp_path, capsys):
    out = tmp_path / "sub" / "sector.xlsx"
    assert cli_main(["sector", "--format", "xlsx", "--year", "2025", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Toelichting", "Cijfers"]
    assert "Metingen in 2025" in xlsx_text(out.read_bytes())
    assert cli_main(["sector", "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    assert cli_main(["sector", "--year", "2019"]) == 2
    assert "geen afgeronde metingen in 2019" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli_main(["sector", "--year", "19"])
    assert "geen jaartal" in capsys.readouterr().err
