"""users, invite: accounts of the shared installation and respondent invitations.

    readiness users create --role beheerder|denktank|coordinator --username NAME [--org SLUG] [--password-stdin]
    readiness users list
    readiness users deactivate NAME | activate NAME | password NAME [--password-stdin]
    readiness invite ORG_SLUG --round LABEL --role ROLE [--label TEXT]
    readiness invite ORG_SLUG --round LABEL --role ROLE --email ADDRESS [--email ADDRESS ...]

Passwords are asked for with getpass (not echoed) or read from standard input with
--password-stdin (for scripts); they are never printed. The command line acts as the
local user (whoever can run it can open the database anyway).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from readiness.access import ACCOUNT_ROLES
from readiness.services import accounts, open_app


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser(
        "users",
        help="accounts van de gedeelde installatie (beheerder, denktank, coördinator)",
        description="Accounts voor de gedeelde installatie (VOORDEURCHECK_MODE=shared). Wachtwoorden worden "
        "nooit getoond of opgeslagen; alleen een argon2-hash.",
    )
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTIE")

    p = actions.add_parser("create", help="maak een account")
    p.add_argument("--role", required=True, choices=ACCOUNT_ROLES, help="rol van het account")
    p.add_argument("--username", required=True, metavar="NAME", help="e-mailadres of inlognaam")
    p.add_argument("--org", metavar="SLUG", help="korte naam van de corporatie (alleen voor een coördinator)")
    p.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van standaardinvoer")
    p.set_defaults(handler=cmd_create)

    p = actions.add_parser("list", help="toon de accounts, één per regel")
    p.set_defaults(handler=cmd_list)

    for name, text in (("deactivate", "schakel een account uit"), ("activate", "schakel een account weer in")):
        p = actions.add_parser(name, help=text)
        p.add_argument("username", metavar="NAME")
        p.set_defaults(handler=cmd_deactivate if name == "deactivate" else cmd_activate)

    p = actions.add_parser("password", help="stel een nieuw wachtwoord in (heft ook een blokkade op)")
    p.add_argument("username", metavar="NAME")
    p.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van standaardinvoer")
    p.set_defaults(handler=cmd_password)

    p = sub.add_parser(
        "invite",
        help="nodig een respondent uit: maakt een respondent en drukt de persoonlijke link af",
        description="Maakt in de meting een nieuwe respondent met deze rol en drukt de persoonlijke link af. "
        "De link werkt tot de meting is afgerond of de uitnodiging wordt ingetrokken. Het adres komt uit "
        "VOORDEURCHECK_BASE_URL.",
    )
    p.add_argument("org", metavar="ORG_SLUG", help="korte naam van de corporatie (zie: readiness orgs)")
    p.add_argument("--round", dest="round_label", required=True, metavar="LABEL", help="naam van de meting")
    p.add_argument("--role", required=True, metavar="ROLE", help="rol van de respondent, bijv. uitvoering")
    p.add_argument("--label", default="", help="omschrijving (geen naam), bijv. 'Team Noord'")
    p.add_argument(
        "--email", action="append", metavar="ADDRESS",
        help="mail de uitnodiging naar dit adres (herhaal voor meer respondenten met deze rol); zonder "
        "mailserver worden de links afgedrukt. Het adres wordt versleuteld bewaard tot de meting is afgerond.",
    )  # fmt: skip
    p.set_defaults(handler=cmd_invite)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ValueError("Er kwam geen wachtwoord binnen op standaardinvoer.")
        return password
    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nogmaals: ") != first:
        raise ValueError("De twee wachtwoorden zijn niet gelijk; er is niets veranderd.")
    return first


def cmd_create(args: argparse.Namespace) -> int:
    app = open_app()
    password = _read_password(args)
    info = accounts.create_account(app, args.username, password, args.role, args.org)
    where = f" bij {info.org_name}" if info.org_name else ""
    print(f"Account '{info.username}' aangemaakt met de rol {info.role_label}{where}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    app = open_app()
    for info in accounts.list_accounts(app):
        state = "actief" if info.active else "uitgeschakeld"
        last = info.last_login_at.strftime("%Y-%m-%d %H:%M") if info.last_login_at else "nooit ingelogd"
        print(f"{info.username}\t{info.role}\t{info.org_name or '-'}\t{state}\t{last}")
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    info = accounts.deactivate_account(open_app(), args.username)
    print(f"Account '{info.username}' is uitgeschakeld.")
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    info = accounts.activate_account(open_app(), args.username)
    print(f"Account '{info.username}' is weer ingeschakeld.")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    app = open_app()
    accounts.set_password(app, args.username, _read_password(args))
    print(f"Het wachtwoord van '{accounts.normalise_username(args.username)}' is opnieuw ingesteld.")
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    if args.email:
        return _invite_by_email(args)
    invitation = accounts.create_invitation(open_app(), args.org, args.round_label, args.role, args.label)
    print(
        f"Respondent '{invitation.respondent.label}' toegevoegd aan '{invitation.round.label}'. "
        "Persoonlijke link (wordt niet bewaard; stuur hem nu door):",
        file=sys.stderr,
    )
    print(invitation.link)
    return 0


def _invite_by_email(args: argparse.Namespace) -> int:
    from readiness.services import mailing

    if args.label:
        raise ValueError("--label en --email gaan niet samen: wie per e-mail wordt uitgenodigd, krijgt rol en nummer.")
    outcome = mailing.invite_by_email(open_app(), args.org, args.round_label, args.role, "\n".join(args.email))
    if outcome.links:
        print("Er is geen mailserver ingesteld; stuur deze persoonlijke links zelf door:", file=sys.stderr)
        for address, link in outcome.links:
            print(f"{address}\t{link}")
        return 0
    print(f"{len(outcome.mailed)} uitnodiging(en) gemaild: {', '.join(outcome.mailed) or 'geen'}.")
    if outcome.failed:
        print(f"Niet verstuurd: {', '.join(outcome.failed)}. {outcome.error} Probeer het later met: readiness remind",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0
