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
        with app.writing():
            org = app.repo.add_organisation(
                Organisation(slug=slug, name=f"{name} (demo)", size_class=size, region=region, is_demo=True)
            )
            rounds: list[Round] = []
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
                    round_ = app.repo.set_round_status(
                        round_.id, RoundStatus.FINAL,
                        dt.datetime.combine(round_.date + dt.timedelta(days=30), dt.time(12), dt.UTC),
                    )
                rounds.append(round_)
            if rounds[0].is_final and index % 5:
                # every fifth corporation has not started a plan yet (Lindeveld and
                # Thuisgaard among them: the app tests start from their empty plans)
                _seed_plan(app, org, rounds, random.Random(seed * 100 + index))
        created.append(org)
    if created:
        _publish_demo(app)
    return created


DEMO_PUBLICATION = "Sectorbeeld demo"


def _publish_demo(app: App) -> None:
    """One publication of the demo corporations, so the Denktank page shows something
    on a fresh installation (only while there is no real data and no demo publication)."""
    from readiness.services import publications

    if not app.settings.demo or app.repo.final_round_means(exclude_demo=True):
        return
    if any(p.demo for p in app.repo.list_publications()):
        return
    try:
        publications.publish(app, DEMO_PUBLICATION)
    except publications.PublicationRefused:
        pass  # e.g. no final demo round yet: the page explains how to publish


OWNERS = ["aandachtsfunctionaris", "manager wonen", "teamleider onderhoud", "sociaal consulent",
          "bestuurssecretaris", "teamleider verhuur"]

#: What happens to the actions of a plan, in the order of the proposals they were taken
#: from: (status, days from creation until it was finished or dropped). None: still open.
FIRST_PLAN: list[tuple[ActionStatus, int | None]] = [
    (ActionStatus.DONE, 150),         # finished well before the next round
    (ActionStatus.DONE, 240),
    (ActionStatus.DONE, 400),         # finished between the second and the third round
    (ActionStatus.PLANNED, None),     # never started: overdue by now
    (ActionStatus.DROPPED, 200),      # a decision after a few months
]
FOLLOW_UP: list[tuple[ActionStatus, int | None]] = [
    (ActionStatus.DONE, 180),
    (ActionStatus.DONE, 420),         # after the third round, where that lies in the past
    (ActionStatus.PLANNED, None),
]
#: Days between a round's date and the plan made from its outcome (finalised after 30).
PLAN_AFTER_ROUND = 44


def _seed_plan(app: App, org: Organisation, rounds: list[Round], rng: random.Random) -> None:
    """A plan that grew with the rounds, so Voortgang shows progress over time.

    Made from the first round's gaps a few weeks after it was finalised, and completed
    with the gaps of the second (final) round after that one: each action is created
    then, and finished or dropped on its own date, before the later rounds (see
    FIRST_PLAN and FOLLOW_UP). Nothing happens after today: what would be finished
    later is still under way, an action that would be made later does not exist yet.
    """
    now = dt.datetime.combine(app.today(), dt.time(0), dt.UTC)
    final = [r for r in rounds if r.is_final]
    actions: list[ImprovementAction] = []
    plans = [(final[0], FIRST_PLAN, 120)] + [(r, FOLLOW_UP, 240) for r in final[1:2]]
    for round_, fates, first_due in plans:
        data = app.repo.round_data(round_.id)
        result = score_round(app.checklist, data.respondents, data.answers, app.settings.target_level)
        made = dt.datetime.combine(round_.date + dt.timedelta(days=PLAN_AFTER_ROUND), dt.time(9), dt.UTC)
        for n, proposal in enumerate(propose_actions(app.checklist, result, actions)[: len(fates)]):
            created = made + dt.timedelta(days=2 * n)
            if created >= now:
                break
            status, after = fates[n]
            changed = created
            if after is not None:
                changed = created + dt.timedelta(days=after + rng.randrange(-20, 21))
                if changed >= now:  # not that far yet
                    status, changed = ActionStatus.IN_PROGRESS, created + (now - created) / 2
            actions.append(
                ImprovementAction(
                    org_id=org.id, item_id=proposal.item_id, description=proposal.description,
                    owner=rng.choice(OWNERS), priority=proposal.priority, status=status,
                    due_date=(created + dt.timedelta(days=first_due + 90 * n)).date(), origin_round_id=round_.id,
                    suggestion_key=proposal.key, created_at=created, updated_at=changed,
                )
            )
    for action in actions:
        app.repo.add_action(action)
