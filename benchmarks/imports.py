"""Work to import valid answer files of about 1 MB, on SQLite (or PostgreSQL).

    python -m benchmarks.imports                      # SQLite in a temporary folder
    python -m benchmarks.imports --database-url postgresql+psycopg://...  # an empty database
    python -m benchmarks.imports --repeats 5

Issue 23's budget: a file of up to 1 MB is imported (or refused) within 2 s of work. Work
is what the test suite counts too: the CPU seconds of the thread that imports plus those
of the child process that reads the file (on PostgreSQL the server's own CPU is not in
it). Each file is imported ``--repeats`` times, each time as a new round, and the median
is shown, with the wall-clock time beside it. Run it on a quiet machine: on two busy
cores the same import counts two to three times the CPU seconds (the reason the tests
hold valid files to bulk statements instead of to seconds).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from readiness.config import load_settings
from readiness.models import Respondent, Round
from readiness.services import App, assessment, import_budget, open_app, reports
from readiness.store import AnswerLine

COLUMNS = ["ronde", "datum", "rol", "respondent", "item", "antwoord", "toelichting"]
NOTE = "Besproken in het MT."


def json_export(app: App, answers: int) -> bytes:
    """A real export of a corporation with ``answers`` answers (every respondent answers
    every item, one in seven with a note), without its indentation."""
    items = app.checklist.items
    source = assessment.create_organisation(app, "Bron van de export", "L", "Utrecht")
    round_ = app.repo.add_round(Round(org_id=source.id, label="Nulmeting 2026", date=dt.date(2026, 3, 1),
                                      checklist_version=app.checklist.version))  # fmt: skip
    n = -(-answers // len(items))
    app.repo.save_imported_answers(
        round_.id,
        [Respondent(round_id=round_.id, role="management", label=f"Management {i}") for i in range(n)],
        [AnswerLine(i, item.id, "score", (i + k) % 5, NOTE if k % 7 == 0 else "")
         for i in range(n) for k, item in enumerate(items)],
    )  # fmt: skip
    return json.dumps(json.loads(reports.render(app, source.slug, "json")[1])).encode()


def answer_rows(app: App, answers: int) -> list[list]:
    items = app.checklist.items
    return [["{label}", "2027-03-01", "management", f"Management {n // len(items)}", items[n % len(items)].id,
             n % 5, NOTE if n % 7 == 0 else ""] for n in range(answers)]  # fmt: skip


def csv_file(rows: list[list], label: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([label if v == "{label}" else v for v in row] for row in rows)
    return out.getvalue().encode()


def xlsx_file(rows: list[list], label: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Antwoorden")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([label if v == "{label}" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(app: App, data: bytes, name: str, slug: str) -> tuple[float, float, int]:
    """Import once: (work in CPU seconds, wall seconds, answers saved)."""
    costs: list[import_budget.Usage] = []
    real = import_budget.read_import_file

    def recording(*args, **kwargs):
        parsed, usage = real(*args, **kwargs)
        costs.append(usage)
        return parsed, usage

    import_budget.read_import_file = recording
    try:
        started, cpu = time.monotonic(), time.thread_time()
        summary = reports.import_bytes(app, data, name, slug)
        wall, work = time.monotonic() - started, time.thread_time() - cpu
    finally:
        import_budget.read_import_file = real
    return work + sum(usage.cpu_seconds for usage in costs), wall, summary.answers_saved


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temporary folder)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="voordeurcheck-imports-")
    url = args.database_url or f"sqlite:///{Path(folder) / 'voordeurcheck.db'}"
    app = open_app(load_settings({"DATABASE_URL": url, "REPORTS_DIR": folder}))
    import_budget._import_readers()  # loaded once, as in a running server
    target = assessment.create_organisation(app, "Doel van de imports", "M", "Utrecht").slug
    export = json_export(app, 15_000)
    files = {
        "JSON export, 15,000 answers": ("groot.json", lambda k: export, lambda k: f"nieuw-{k}"),
        "CSV, 15,000 answers": ("groot.csv", lambda k: csv_file(answer_rows(app, 15_000), f"CSV {k}"),
                                lambda k: target),
        "XLSX, 15,000 answers": ("groot.xlsx", lambda k: xlsx_file(answer_rows(app, 15_000), f"XLSX {k}"),
                                 lambda k: target),
        "XLSX, 42,000 answers": ("heel-groot.xlsx",
                                 lambda k: xlsx_file(answer_rows(app, 42_000), f"XLSX groot {k}"),
                                 lambda k: target),
    }  # fmt: skip
    print(f"{url.split(':')[0]}, median of {args.repeats}")
    print("| file | size | answers | work (CPU s) | wall (s) |")
    print("|---|---:|---:|---:|---:|")
    for title, (name, make, slug) in files.items():
        works, walls, size, saved = [], [], 0, 0
        for k in range(args.repeats):
            data = make(k)
            work, wall, saved = measure(app, data, name, slug(k))
            works.append(work)
            walls.append(wall)
            size = len(data)
        print(f"| {title} | {size / 1024 / 1024:.2f} MB | {saved:,} | {statistics.median(works):.2f} "
              f"(min {min(works):.2f}) | {statistics.median(walls):.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
