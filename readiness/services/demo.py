"""Fictional demo corporations, so a newcomer sees full dashboards at once."""

from __future__ import annotations

import datetime as dt
import random

from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ImprovementAction,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.planning import propose_actions
from readiness.scoring import score_round
from readiness.services import App

# Invented names and towns: none of these is a real corporation.
DEMO_CORPORATIONS: list[tuple[str, str, str]] = [
    ("Woonstichting Lindeveld", "XS", "Drenthe"),
    ("Wooncoöperatie Het Baken", "XS", "Zeeland"),
    ("Stichting Woongoed Meerdijk", "S", "Friesland"),
    ("Woonpartners Vlietoever", "S", "Haaglanden"),
    ("Woonbron Oosterkamp", "S", "Twente"),
    ("Thuisgaard Wonen", "M", "Utrecht"),
    ("Woonstede Rivierenland", "M", "Gelderland-Zuid"),
    ("Huisvesting Kempenhof", "M", "Zuidoost-Brabant"),
    ("Woonkracht Duinrand", "L", "Kennemerland"),
    ("Stadswonen Maasoever", "L", "Rotterdam-Rijnmond"),
    ("Woonalliantie Noorderlicht", "L", "Groningen"),
    ("Wonen Zuiderzeekust", "XL", "Flevoland"),
    ("Woongroep Amstelpoort", "XL", "Amsterdam-Amstelland"),
    ("Woonvisie Heuvelland", "M", "Zuid-Limburg Parkstad"),
]

ROUND_LABELS = ["Nulmeting 2024", "Meting 2025", "Meting 2026"]
ROLE_SETS = [
    ["bestuur", "management", "uitvoering"],
    ["bestuur", "management", "uitvoering", "aandachtsfunctionaris"],
    ["management", "uitvoering", "uitvoering", "sociaal_consulent", "aandachtsfunctionaris"],
]


def seed_demo(app: App, *, seed: int = 2018) -> list[Organisation]:
    """Add the demo corporations with 1-3 rounds each; skips those that already exist."""
    rng = random.Random(seed)
    existing = {o.slug for o in app.repo.list_organisations()}
    created = []
    items = app.checklist.items
    for index, (name, size, region) in enumerate(DEMO_CORPORATIONS):
        slug = "demo-" + name.lower().replace("ö", "o").replace(" ", "-")
        maturity = rng.uniform(1.0, 3.4)  # mean level at the first round
        n_rounds = 1 + index % 3
        if slug in existing:
            continue
        with app.repo.unit_of_work():
            org = app.repo.add_organisation(
                Organisation(slug=slug, name=f"{name} (demo)", size_class=size, region=region, is_demo=True)
            )
            for r_index in range(n_rounds):
                year = 2024 + r_index + (3 - n_rounds)
                label = ROUND_LABELS[year - 2024]
                last = r_index == n_rounds - 1
                draft = last and index % 4 == 3  # some corporations are mid-round
                round_ = app.repo.add_round(
                    Round(
                        org_id=org.id, label=label, date=dt.date(year, 3 + index % 6, 10),
                        checklist_version=app.checklist.version,
                    )
                )
                level = maturity + 0.6 * r_index
                seen: dict[str, int] = {}
                for role in ROLE_SETS[(index + r_index) % len(ROLE_SETS)]:
                    seen[role] = seen.get(role, 0) + 1
                    resp_label = f"{app.checklist.role_label(role)} {seen[role]}"
                    resp = app.repo.add_respondent(Respondent(round_id=round_.id, role=role, label=resp_label))
                    bias = {"bestuur": 0.5, "management": 0.3}.get(role, -0.2)
                    for pos, item in enumerate(items):
                        if draft and pos >= 12 and role != "bestuur":
                            continue  # half-finished questionnaire
                        roll = rng.random()
                        if item.allows_na and index % 3 == 0:
                            kind, score = AnswerKind.NOT_APPLICABLE, None
                        elif roll < 0.07 or (role == "uitvoering" and pos >= 15 and roll < 0.3):
                            kind, score = AnswerKind.DONT_KNOW, None
                        else:
                            # early points of the checklist tend to be further along
                            value = level + bias - pos * 0.06 + rng.gauss(0, 0.6)
                            kind, score = AnswerKind.SCORE, max(0, min(4, round(value)))

                        app.repo.save_answer(
                            Answer(respondent_id=resp.id, item_id=item.id, kind=kind, score=score),
                            None,
                        )
                if not draft:
                    app.repo.set_round_status(
                        round_.id, RoundStatus.FINAL,
                        dt.datetime.combine(round_.date + dt.timedelta(days=30), dt.time(12), dt.UTC),
                    )
                if r_index == 0 and not draft and index % 5:
                    # every fifth corporation has not started a plan yet (Lindeveld and
                    # Thuisgaard among them: the app tests start from their empty plans)
                    _seed_plan(app, org, round_, rng)
        created.append(org)
    return created


OWNERS = ["aandachtsfunctionaris", "manager wonen", "teamleider onderhoud", "sociaal consulent",
          "bestuurssecretaris", "teamleider verhuur"]


def _seed_plan(app: App, org: Organisation, round_: Round, rng: random.Random) -> None:
    """A plan from the first round's gaps: some actions done, some under way, one overdue."""
    data = app.repo.round_data(round_.id)
    result = score_round(app.checklist, data.respondents, data.answers, app.settings.target_level)
    statuses = [ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED, ActionStatus.PLANNED,
                ActionStatus.DROPPED]
    for n, proposal in enumerate(propose_actions(app.checklist, result, [])[:5]):
        due = round_.date + dt.timedelta(days=120 + 90 * n)
        status = statuses[n]
        if n != 2 and status != ActionStatus.DROPPED and due < app.today() - dt.timedelta(days=60):
            status = ActionStatus.DONE  # older plans are mostly carried out; one stays overdue
        app.repo.add_action(
            ImprovementAction(
                org_id=org.id, item_id=proposal.item_id, description=proposal.description,
                owner=rng.choice(OWNERS), priority=proposal.priority, status=status, due_date=due, origin_round_id=round_.id,
            )
        )
