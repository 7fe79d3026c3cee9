"""rounds, remind, closing-date, mail-key: running a round from the command line.

    readiness rounds ORG_SLUG                      the rounds with their response per role
    readiness remind ORG_SLUG [--round LABEL]      mail a reminder to who has not finished
    readiness remind ORG_SLUG --due [--days 7,2]   the same, only N days before the closing date
    readiness closing-date ORG_SLUG --round LABEL DATE|geen
    readiness mail-key                             a new VOORDEURCHECK_MAIL_KEY

``remind --due`` is meant for a daily timer (cron, systemd): it reminds only on the
days before the closing date that --days names, so nobody gets a message every day.
"""

from __future__ import annotations

import argparse
import datetime as dt

DEFAULT_DUE_DAYS = (7, 2)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rounds",
        help="toon de metingen van een corporatie met de respons per rol en de sluitingsdatum",
    )
    p.add_argument("org", metavar="ORG_SLUG", help="korte naam van de corporatie (zie: readiness orgs)")
    p.set_defaults(handler=cmd_rounds)

    p = sub.add_parser(
        "remind",
        help="mail een herinnering aan wie per e-mail is uitgenodigd en nog niet klaar is",
        description="Stuurt iedere respondent die per e-mail is uitgenodigd en nog niet alle vragen heeft "
        "beantwoord een herinnering met een nieuwe persoonlijke link. Wie klaar is, krijgt niets.",
    )
    p.add_argument("org", metavar="ORG_SLUG")
    p.add_argument("--round", dest="round_label", metavar="LABEL", help="naam van de meting (standaard: de nieuwste conceptmeting)")
    p.add_argument("--due", action="store_true", help="alleen als de sluitingsdatum over precies een van --days dagen is")
    p.add_argument("--days", default=",".join(map(str, DEFAULT_DUE_DAYS)), metavar="N,N",
                   help="dagen vóór de sluitingsdatum waarop --due herinnert (standaard 7,2)")  # fmt: skip
    p.set_defaults(handler=cmd_remind)

    p = sub.add_parser(
        "closing-date",
        help="zet, verleng of verwijder de sluitingsdatum van een meting",
        description="Na de sluitingsdatum nemen de uitnodigingslinks geen antwoorden meer aan. "
        "Een latere datum heropent de links; 'geen' haalt de datum weg.",
    )
    p.add_argument("org", metavar="ORG_SLUG")
    p.add_argument("--round", dest="round_label", required=True, metavar="LABEL", help="naam van de meting")
    p.add_argument("date", metavar="DATE", help="datum als JJJJ-MM-DD of DD-MM-JJJJ, of 'geen'")
    p.set_defaults(handler=cmd_closing_date)

    p = sub.add_parser("mail-key", help="maak een nieuwe sleutel voor VOORDEURCHECK_MAIL_KEY")
    p.set_defaults(handler=cmd_mail_key)


def _round(app, org, label: str | None):
    from readiness.services import assessment
    from readiness.services.assessment import ValidationError

    rounds = assessment.list_rounds(app, org.id)
    if label:
        found = [r for r in rounds if r.label == label]
        if not found:
            known = ", ".join(f"'{r.label}'" for r in rounds) or "geen"
            raise ValidationError(f"{org.name} heeft geen meting met de naam '{label}'. Metingen: {known}.")
        return found[0]
    drafts = [r for r in rounds if not r.is_final]
    if not drafts:
        raise ValidationError(f"{org.name} heeft geen conceptmeting; noem de meting met --round.")
    return drafts[-1]


def cmd_rounds(args: argparse.Namespace) -> int:
    from readiness.export.labels import long_date
    from readiness.services import assessment, open_app, responses

    app = open_app()
    org = assessment.get_organisation(app, args.org)
    rounds = assessment.list_rounds(app, org.id)
    if not rounds:
        print(f"{org.name} heeft nog geen meting.")
    for round_ in reversed(rounds):
        overview = responses.response(app, round_.id)
        print(f"{round_.label}\t{long_date(round_.date)}\t{round_.status.value}\t{overview.closing_text()}")
        for role in [*overview.roles, overview.total] if overview.roles else []:
            print(
                f"  {role.label}: {role.respondents} respondent{'en' if role.respondents != 1 else ''}, "
                f"{role.invited} uitgenodigd, {role.started} begonnen, {role.finished} klaar"
            )
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from readiness.services import assessment, mailing, open_app, responses
    from readiness.services.assessment import ValidationError

    app = open_app()
    org = assessment.get_organisation(app, args.org)
    round_ = _round(app, org, args.round_label)
    if args.due:
        try:
            days = {int(d) for d in args.days.split(",") if d.strip()}
        except ValueError:
            raise ValidationError(f"--days '{args.days}' moet een lijst van hele getallen zijn, bijvoorbeeld 7,2.") from None
        left = responses.response(app, round_.id).days_left
        if left is None or left not in days:
            print(f"'{round_.label}': vandaag geen herinnering ({'geen sluitingsdatum' if left is None else f'nog {left} dagen'}).")
            return 0
    outcome = mailing.remind(app, round_.id)
    print(
        f"'{round_.label}': {len(outcome.reminded)} herinnering(en) gemaild; "
        f"{outcome.skipped_finished} per e-mail uitgenodigde respondent(en) zijn al klaar."
    )
    if outcome.failed:
        print(f"Niet verstuurd ({len(outcome.failed)}): {', '.join(outcome.failed)}. {outcome.error}")
        return 1
    if outcome.error:
        print(outcome.error)
    return 0


def _parse_date(text: str) -> dt.date | None:
    from readiness.services.assessment import ValidationError

    text = text.strip().lower()
    if text in ("geen", "none", "-"):
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"'{text}' is geen datum; schrijf bijvoorbeeld 2026-03-20 of 20-03-2026, of 'geen'.")


def cmd_closing_date(args: argparse.Namespace) -> int:
    from readiness.services import assessment, open_app, responses

    app = open_app()
    org = assessment.get_organisation(app, args.org)
    round_ = _round(app, org, args.round_label)
    changed = responses.set_closing_date(app, round_.id, _parse_date(args.date))
    print(f"'{changed.label}': {responses.response(app, changed.id).closing_text()}.")
    return 0


def cmd_mail_key(args: argparse.Namespace) -> int:
    from readiness.mail import new_key

    print(new_key())
    return 0
