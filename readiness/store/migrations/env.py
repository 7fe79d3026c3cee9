"""Alembic environment for the Voordeurcheck schema.

Two ways in:
- programmatically, from :func:`readiness.store.migrate`, which passes an open
  connection in ``config.attributes["connection"]`` (logging is left alone);
- from the ``alembic`` command line, which builds an engine from ``-x url=...`` or the
  application settings (DATABASE_URL, default the local SQLite file).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from readiness.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url_from_cli() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return url
    from readiness.config import load_settings

    return load_settings().database_url


def run_offline() -> None:
    from readiness.store.engine import normalise_url

    url = normalise_url(_url_from_cli())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return

    from readiness.store.engine import make_engine

    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(_url_from_cli())
    try:
        with engine.begin() as connection:
            _configure_and_run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
