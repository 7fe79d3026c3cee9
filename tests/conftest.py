"""Fixtures shared by all test layers (unit, integration, app, e2e).

Keep this file an index of small, documented fixtures; put helpers that only one test
module needs in that module. Sections:

- instrument: ``checklist``
- databases:  ``postgres_server``, ``postgres_database`` (session), ``db_url``
  (sqlite + postgresql), ``engine``, ``repo``

Database tests run against both backends through the parametrised ``db_url`` fixture.
PostgreSQL comes from ``TEST_DATABASE_URL`` when set (a server URL whose user may
CREATE DATABASE), otherwise from a throw-away server that this file starts once per
test session (per xdist worker) from the local PostgreSQL installation. Each session
creates one database there; every test starts with an empty schema in it. Without
PostgreSQL the postgresql variants are skipped locally, but fail when ``CI=true``:
storage tests are never skipped in CI. Run only the SQLite variants with ``-m "not postgres"``.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests run on a shared two-core machine, next to PostgreSQL and Chromium: a
# per-example deadline there measures the machine's load, not the code, and one slow
# example made a property fail as "Flaky" now and then. Speed is measured in
# benchmarks/, so no property test has a deadline.
settings.register_profile(
    "voordeurcheck", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("voordeurcheck")

# --------------------------------------------------------------------------- instrument


@pytest.fixture(scope="session")
def checklist():
    """The real instrument from checklist/items.yaml, loaded and validated once."""
    from readiness.checklist import load_checklist  # lazily: keeps collection cheap
    from readiness.config import DEFAULT_CHECKLIST

    return load_checklist(DEFAULT_CHECKLIST)


# --------------------------------------------------------------------------- databases


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be provided for the tests."""


def _skip_or_fail(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalPostgres:
    """A throw-away PostgreSQL cluster in a temporary folder, on a free localhost port.

    initdb refuses to run as root, so as root the cluster belongs to (and runs as) the
    ``postgres`` OS user via ``runuser``. Durability is switched off: it is test data.
    """

    PREFIX = "voordeurcheck-pg-"

    def __init__(self) -> None:
        self.bindir = self._find_bindir()
        self.run_as: list[str] = []
        pg_user = None
        if os.geteuid() == 0:
            import pwd

            try:
                pg_user = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root and there is no 'postgres' user")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self._reap_orphans()
        self.base = Path(tempfile.mkdtemp(prefix=self.PREFIX))
        (self.base / "owner.pid").write_text(str(os.getpid()))
        if pg_user is not None:
            os.chown(self.base, pg_user.pw_uid, pg_user.pw_gid)
        self.data = self.base / "data"
        self.port: int | None = None
        self._running = False

    def _reap_orphans(self) -> None:
        """Stop servers left behind by test sessions that were killed (e.g. by timeout).

        pg_ctl daemonises the server, so a pytest process that dies without running its
        finalizers leaves it running; each server folder records its owner's pid.
        """
        for owner_file in Path(tempfile.gettempdir()).glob(f"{self.PREFIX}*/owner.pid"):
            try:
                os.kill(int(owner_file.read_text()), 0)
                continue  # owner still alive
            except ProcessLookupError:
                pass
            except (OSError, ValueError):
                continue
            base = owner_file.parent
            if (base / "data" / "postmaster.pid").exists():
                subprocess.run(
                    [*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(base / "data"),
                     "-m", "immediate", "stop"],
                    cwd=tempfile.gettempdir(), capture_output=True, timeout=60,
                )  # fmt: skip
            shutil.rmtree(base, ignore_errors=True)

    @staticmethod
    def _find_bindir() -> Path:
        found = shutil.which("pg_ctl")
        candidates = [Path(found).resolve().parent] if found else []  # through symlinks
        candidates += [
            Path(p).parent
            for p in sorted(
                glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                key=lambda p: int(Path(p).parent.parent.name)
                if Path(p).parent.parent.name.isdigit()
                else 0,
                reverse=True,
            )
        ]
        for bindir in candidates:
            if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
                return bindir
        raise PostgresUnavailable("initdb/pg_ctl not found (PATH, /usr/lib/postgresql/*/bin)")

    def _run(self, *args: str, timeout: float = 60) -> None:
        cmd = [*self.run_as, *args]
        try:
            result = subprocess.run(
                cmd, cwd=self.base, capture_output=True, text=True, timeout=timeout
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"{Path(args[0]).name}: {exc}") from exc
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed ({result.returncode}): "
                f"{(result.stderr or result.stdout).strip()[-2000:]}"
            )

    def start(self) -> LocalPostgres:
        try:
            self._run(
                str(self.bindir / "initdb"),
                "-D", str(self.data),
                "-U", "postgres",
                "-A", "trust",
                "-E", "UTF8",
                "--no-locale",
                "--no-sync",
            )  # fmt: skip
            last_error: PostgresUnavailable | None = None
            for _attempt in range(3):  # another process may grab the port in between
                port = _free_port()
                options = (
                    f"-p {port} -k {self.base} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=50 -c track_commit_timestamp=on"
                )
                try:
                    self._run(
                        str(self.bindir / "pg_ctl"),
                        "-D", str(self.data),
                        "-l", str(self.base / "server.log"),
                        "-o", options,
                        "-w", "-t", "30",
                        "start",
                    )  # fmt: skip
                except PostgresUnavailable as exc:
                    last_error = exc
                    continue
                self.port, self._running = port, True
                atexit.register(self.stop)  # in case the session is torn down abruptly
                return self
            raise last_error or PostgresUnavailable("pg_ctl start failed")
        except BaseException:
            self.cleanup()
            raise

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self._running:
            self._running = False
            try:
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
                )
            except PostgresUnavailable:
                pass
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server (maintenance database) where tests may create databases."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield external
        return
    try:
        server = LocalPostgres().start()
    except PostgresUnavailable as exc:
        _skip_or_fail(str(exc))
    try:
        yield server.url
    finally:
        server.stop()


def _libpq_url(url: str, database: str | None = None) -> str:
    """A SQLAlchemy-style URL as a plain libpq URL for psycopg (optionally another db)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database(postgres_server: str) -> Iterator[str]:
    """URL of a database of this session (xdist worker) on the PostgreSQL server."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"voordeurcheck_test_{worker}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(_libpq_url(postgres_server), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        _skip_or_fail(f"cannot create a test database: {exc}")
    try:
        yield _libpq_url(postgres_server, database=name)
    finally:
        with psycopg.connect(_libpq_url(postgres_server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_postgres_database(url: str) -> None:
    """Empty the database: end leftover sessions, then drop and recreate the schema.

    (Much faster than CREATE DATABASE per test, which takes ~0.3 s.)
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'voordeurcheck.db'}"
    url = request.getfixturevalue("postgres_database")
    _reset_postgres_database(url)
    return url


@pytest.fixture
def engine(db_url: str):
    """An engine on the test database (schema not created yet); disposed afterwards."""
    from readiness.store import make_engine

    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine):
    """A Repository on a freshly migrated test database."""
    from readiness.store import Repository, migrate

    migrate(engine)
    return Repository(engine)
