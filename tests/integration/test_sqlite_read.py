"""`readiness orgs` on the bare sqlite3 driver prints exactly what the repository lists,
and steps aside (the ordinary way, which migrates) wherever it does not apply."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.services import open_app
from readiness.services.assessment import create_organisation
from readiness.store import sqlite_read

NAMES = [  # same name twice (order by id), accents, an apostrophe, upper/lower case
    ("Woonstichting 't Heem", "S", "Twente"),
    ("Årstad Wonen", "M", "Zeeland"),
    ("Woonstichting 't Heem", "L", "Drenthe"),
    ("alfa wonen", "XS", "Groningen"),
    ("Alfa Wonen", "XL", "Utrecht"),
]


def seeded(url: str, tmp_path: Path):
    app = open_app(Settings(database_url=url, checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path))
    for i, (name, size, region) in enumerate(NAMES):
        create_organisation(app, name, size, region, slug=f"corp-{i}")
    return app


def orgs_command(url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [str(Path(sys.executable).parent / "readiness"), "orgs"], capture_output=True, text=True, env=env, timeout=120
    )


def test_orgs_prints_the_repositorys_list_on_both_backends(db_url, tmp_path):
    app = seeded(db_url, tmp_path)
    expected = [f"{o.slug}\t{o.name}\t{o.size_class}\t{o.region}" for o in app.repo.list_organisations()]
    assert len(expected) == len(NAMES)

    done = orgs_command(db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected

    quick = sqlite_read.list_organisations(db_url)
    if db_url.startswith("sqlite"):
        assert [tuple(line) for line in quick] == [
            (o.slug, o.name, o.size_class, o.region) for o in app.repo.list_organisations()
        ]
    else:
        assert quick is None  # PostgreSQL: through the repository


def test_a_database_behind_the_schema_is_left_to_the_ordinary_way(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    seeded(url, tmp_path)
    with sqlite3.connect(tmp_path / "old.db") as connection:
        (head,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    assert sqlite_read.list_organisations(url) is None
    with sqlite3.connect(tmp_path / "old.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (head,))
    assert len(sqlite_read.list_organisations(url)) == len(NAMES)


def test_a_new_database_is_created_by_the_ordinary_way(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'fresh.db'}"
    assert sqlite_read.list_organisations(url) is None
    done = orgs_command(url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert sqlite_read.list_organisations(url) == []  # created and migrated: now the quick way answers


def test_urls_it_does_not_parse_itself_are_left_to_sqlalchemy(tmp_path):
    for url in ("sqlite://", "sqlite:///:memory:", f"sqlite:///{tmp_path}/a.db?timeout=3",
                f"sqlite:///{tmp_path}/a%20b.db", "sqlite:///file:x.db?mode=ro&uri=true",
                "postgresql://u@localhost/x"):  # fmt: skip
        assert sqlite_read.sqlite_file(url) is None, url
    assert sqlite_read.sqlite_file(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_read.sqlite_file("sqlite:///data/x.db") == Path("data/x.db")
