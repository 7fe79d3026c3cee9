"""init-db, seed-demo, orgs."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init-db", help="maak de database aan of werk hem bij (migraties)")
    p.set_defaults(handler=cmd_init_db)
    p = sub.add_parser("seed-demo", help="voeg de fictieve demo-corporaties toe")
    p.add_argument("--if-empty", action="store_true", help="alleen als er nog geen corporaties zijn")
    p.set_defaults(handler=cmd_seed_demo)
    p = sub.add_parser("orgs", help="toon de corporaties, één per regel, korte naam eerst")
    p.set_defaults(handler=cmd_orgs)


def cmd_init_db(args: argparse.Namespace) -> int:
    from readiness.services import open_app

    app = open_app()
    print(f"Database klaar: {app.settings.database_url}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from readiness.services import open_app
    from readiness.services.demo import seed_demo

    app = open_app()
    if args.if_empty and app.repo.list_organisations():
        print("Er zijn al corporaties; demo-gegevens niet opnieuw toegevoegd.")
        return 0
    created = seed_demo(app)
    print(f"{len(created)} demo-corporaties toegevoegd.")
    return 0


def cmd_orgs(args: argparse.Namespace) -> int:
    """Every corporation (the command line acts as "lokaal": whoever runs it can read the
    database itself). On a SQLite file at the newest schema the list comes from the bare
    sqlite3 driver (readiness.store.sqlite_read), without importing SQLAlchemy or pydantic;
    otherwise (PostgreSQL, a new or older database) through the repository as always."""
    from readiness.config import load_settings
    from readiness.store.sqlite_read import list_organisations

    organisations = list_organisations(load_settings().database_url)
    if organisations is None:
        from readiness.services import open_app

        organisations = open_app().repo.list_organisations()
    for org in organisations:
        print(f"{org.slug}\t{org.name}\t{org.size_class}\t{org.region}")
    return 0
