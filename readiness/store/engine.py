"""Engine creation and schema migration for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from readiness.store.revisions import MIGRATIONS_DIR, head_revision


# Arbitrary constant key for PostgreSQL's advisory lock around migrations.
_MIGRATION_LOCK_ID = 4_711_2018

# SQLite waits this long for a lock held by another writer before giving up.
SQLITE_BUSY_TIMEOUT_S = 15


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; plain PostgreSQL URLs are pointed at psycopg 3."""
    if isinstance(url, str) and url.startswith("postgres://"):  # Heroku-style alias
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **kwargs) -> Engine:
    """Create an engine for a SQLite file or a PostgreSQL server.

    SQLite: the database's folder is created, the journal is switched to WAL, foreign
    keys are enforced, and SQLAlchemy (not the sqlite3 module) emits BEGIN, so reads are
    part of the transaction too. A connection with the execution option
    ``sqlite_begin="IMMEDIATE"`` takes the write lock at BEGIN (see the repository).
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _sqlite_engine(url: URL, **kwargs) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_S)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control away from the sqlite3 module (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        if mode not in ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"unknown sqlite_begin mode {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}".rstrip())

    return engine


def alembic_config():
    """The Alembic configuration for the packaged migrations (no cwd assumptions)."""
    from alembic.config import Config

    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version``, or None when the table is absent or empty."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest). Idempotent.

    When the database is already at the newest revision nothing else happens (one
    query, Alembic is not loaded).
    """
    if revision == "head" and _stored_revision(engine) == head_revision():
        return
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Hold the write lock from the start: a second process migrating at the
            # same moment waits, then finds the schema up to date.
            connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            if engine.dialect.name == "postgresql":
                # Same for PostgreSQL: serialise concurrent migrations (released at commit).
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
