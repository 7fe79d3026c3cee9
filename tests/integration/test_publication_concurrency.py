"""Two `readiness publish` processes started at once on one database (SQLite and
PostgreSQL): the differencing rule and the budget are checked, and the publication
stored, in one transaction under one lock, so the second publisher sees the first.

Before the lock covered the differencing check, two publishers at once stored two
publications with 0 corporations changed between them (issue 21)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
import os
import subprocess
import sys
from pathlib import Path

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.services import App, publications
from readiness.services.synthetic import seed_synthetic
from readiness.store import Repository, migrate

CLI = [sys.executable, "-c", "import sys; from readiness.cli import main; sys.exit(main())", "publish"]


def _seeded(db_url: str, engine, checklist, tmp_path: Path) -> App:
    migrate(engine)
    settings = Settings(
        database_url=db_url, checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, demo=False,
        sector_rho=1.0, sector_yearly_rho=2.0,
    )  # fmt: skip
    app = App(settings=settings, repo=Repository(engine), checklist=checklist)
    seed_synthetic(app, 60, 3, 2, seed=21)
    return app


def _race(db_url: str, tmp_path: Path, runs: list[tuple[str, ...]], yearly: str = "2") -> list[subprocess.CompletedProcess]:
    env = {
        **os.environ, "DATABASE_URL": db_url, "VOORDEURCHECK_DEMO": "0",
        "VOORDEURCHECK_SECTOR_RHO": "1", "VOORDEURCHECK_SECTOR_YEARLY_RHO": yearly,
        "VOORDEURCHECK_REPORTS": str(tmp_path),
    }  # fmt: skip
    started = [
        subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in runs
    ]  # fmt: skip
    done = []
    for process in started:
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_two_publishers_at_once_never_store_publications_too_little_apart(db_url, engine, checklist, tmp_path):
    app = _seeded(db_url, engine, checklist, tmp_path)
    done = _race(db_url, tmp_path, [("Eerste",), ("Tweede",)])
    codes = sorted(p.returncode for p in done)
    assert codes == [0, 2], [(p.returncode, p.stderr[-400:]) for p in done]
    refused = next(p for p in done if p.returncode == 2)
    assert "Publiceren kan nu niet" in refused.stderr and "geen enkele corporatie" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert len(publications.list_publications(app)) == 1


def test_two_publishers_at_once_never_spend_more_than_the_budget(db_url, engine, checklist, tmp_path):
    """Two different selections (so the differencing rule lets both through) and a budget
    for one: exactly one is stored."""
    app = _seeded(db_url, engine, checklist, tmp_path)
    per_year = Counter(r.round_date.year for r in app.repo.final_round_means())
    big = sorted(year for year, n in per_year.items() if n >= 50)  # enough for a useful headline
    assert len(big) >= 2, per_year
    done = _race(db_url, tmp_path, [("Jaar A", "--year", str(big[0])), ("Jaar B", "--year", str(big[1]))], yearly="1")
    assert sorted(p.returncode for p in done) == [0, 2], [(p.returncode, p.stderr[-400:]) for p in done]
    refused = next(p for p in done if p.returncode == 2)
    assert "privacybudget voor 365 dagen" in refused.stderr
    assert len(publications.list_publications(app)) == 1
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    assert app.repo.budget_spent_since(since) <= 1.0 + 1e-9
