"""Synthetic sector data at scale: fictional corporations for load tests and benchmarks.

``seed_synthetic(app, corporations=300, rounds=8, respondents=6)`` adds corporations
named "Synthetische corporatie 0001", "... 0002" (short names ``synth-0001`` ...), each
with yearly rounds, respondents with varied roles, a complete set of answers per
respondent and a few improvement actions. Nothing in it refers to a real corporation,
person or tenant: names are numbered, owners are job titles, action texts are the
checklist's own suggestions.

What the data looks like (so that dashboards and the sector comparison get realistic
work to do):

- **size classes** roughly as in the sector (many small corporations, few very large
  ones) and **regions** drawn from :data:`readiness.models.REGIONS`, urban regions
  somewhat more often;
- **maturity per corporation** (its level at the first round), larger corporations a
  little further along, and a **growth per year** that differs per corporation (some
  stand still, a few slip back for a year);
- the handreiking's **build-up**: the early points of the checklist (draagvlak,
  stappenplan) score higher than the later ones (monitoring, inbedding, uitdragen);
- **role differences**: the board sees more than the work floor, and a respondent
  whose role cannot judge an item answers "weet ik niet" more often; a few
  corporations answer "n.v.t." where the item allows it;
- every round is **final** except, for about one corporation in five, the latest one,
  which is still a draft (fully answered, not yet finalised);
- **improvement actions** for the corporation's weakest items, taken from the
  checklist's suggestions: finished ones for items that reached the target, open ones
  otherwise, some of them overdue, a few dropped.

Counts are exact: ``corporations * rounds * respondents * len(checklist.items)``
answers. The same ``seed`` and the same ``app.today()`` give the same data.

Writing: everything goes in one transaction (all or nothing), through the repository's
bulk insert, in batches of corporations so that memory stays flat at any scale.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from readiness import planning
from readiness.access import Permission, require
from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ImprovementAction,
    Organisation,
    Priority,
    REGIONS,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.privacy import check_free_text
from readiness.services import App
from readiness.services.assessment import ValidationError

NAME_PREFIX = "Synthetische corporatie"
SLUG_PREFIX = "synth-"

MAX_CORPORATIONS = 99_999
MAX_ROUNDS = 30
MAX_RESPONDENTS = 50
BATCH_CORPORATIONS = 100  # corporations per bulk insert (about 100k answers at 8 x 6)

#: Rough shares of the size classes among Dutch corporations (many small, few very large).
SIZE_WEIGHTS: dict[str, int] = {"XS": 18, "S": 34, "M": 21, "L": 18, "XL": 9}
#: Larger corporations tend to be a little further along.
SIZE_BONUS: dict[str, float] = {"XS": -0.25, "S": -0.1, "M": 0.0, "L": 0.15, "XL": 0.25}
#: Regions with more (and larger) corporations.
URBAN_REGIONS = frozenset(
    {"Amsterdam-Amstelland", "Rotterdam-Rijnmond", "Haaglanden", "Utrecht", "Zuidoost-Brabant",
     "Kennemerland", "Hollands-Midden", "Twente", "Groningen"}
)  # fmt: skip
#: How a role sees the corporation compared with the average respondent (0-4 scale).
ROLE_BIAS: dict[str, float] = {
    "bestuur": 0.45,
    "management": 0.25,
    "aandachtsfunctionaris": 0.1,
    "sociaal_consulent": 0.0,
    "uitvoering": -0.3,
}
#: The order in which a corporation fills respondent places (cycled for more than ten).
ROLE_ORDER = (
    "bestuur", "management", "uitvoering", "aandachtsfunctionaris", "sociaal_consulent",
    "uitvoering", "management", "uitvoering", "sociaal_consulent", "aandachtsfunctionaris",
)  # fmt: skip
#: Owners of improvement actions: functions, never names.
OWNERS = (
    "sociaal consulent", "manager wonen", "aandachtsfunctionaris", "teamleider verhuur",
    "beleidsadviseur wonen en zorg", "directeur-bestuurder", "HR-adviseur", "wijkconsulent",
)  # fmt: skip


_SETTLED = (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.IN_PROGRESS)
_RECENT = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED, ActionStatus.DROPPED)


@dataclass(frozen=True)
class SyntheticSummary:
    """What :func:`seed_synthetic` wrote, and how long it took."""

    corporations: int
    rounds: int
    respondents: int
    answers: int
    actions: int
    seconds: float


@dataclass
class _Batch:
    """One bulk insert; ids are keys within the batch (the repository maps them)."""

    organisations: list[Organisation]
    rounds: list[Round]
    respondents: list[Respondent]
    answers: list[Answer]
    actions: list[ImprovementAction]


def synthetic_name(number: int, width: int = 4) -> str:
    return f"{NAME_PREFIX} {number:0{width}d}"


def synthetic_slug(number: int, width: int = 4) -> str:
    return f"{SLUG_PREFIX}{number:0{width}d}"


def check_counts(corporations: int, rounds: int, respondents: int) -> None:
    """Refuse counts outside the supported range, with a Dutch message per argument."""
    for value, name, top in (
        (corporations, "corporaties", MAX_CORPORATIONS),
        (rounds, "metingen per corporatie", MAX_ROUNDS),
        (respondents, "respondenten per meting", MAX_RESPONDENTS),
    ):
        if not 1 <= value <= top:
            raise ValidationError(f"Het aantal {name} is {value}; kies een getal van 1 tot en met {top}.")


def seed_synthetic(
    app: App,
    corporations: int = 300,
    rounds: int = 8,
    respondents: int = 6,
    *,
    seed: int = 2018,
    batch_size: int = BATCH_CORPORATIONS,
    progress: Callable[[int], None] | None = None,
) -> SyntheticSummary:
    """Add `corporations` fictional corporations with `rounds` yearly rounds of
    `respondents` respondents each, in one transaction.

    Refused (nothing written) when the database already holds synthetic corporations or
    real (non-demo) ones: synthetic figures must never mix with a sector's real data.
    Needs the permission to add corporations; one audit entry records the whole set.
    `progress` is called with the number of corporations written so far.
    """
    require(app.actor, Permission.ORG_CREATE)
    check_counts(corporations, rounds, respondents)
    existing = app.repo.list_organisations()
    synthetic = [o.slug for o in existing if o.slug.startswith(SLUG_PREFIX)]
    if synthetic:
        raise ValidationError(
            f"Deze database bevat al {len(synthetic)} synthetische corporaties ({synthetic[0]}, ...). "
            "Gebruik een lege database (DATABASE_URL) voor een nieuwe set."
        )
    real = [o for o in existing if not o.is_demo]
    if real:
        raise ValidationError(
            f"Deze database bevat al {len(real)} echte corporaties (bijvoorbeeld '{real[0].name}'). "
            "Synthetische gegevens zouden hun sectorvergelijking vervuilen: gebruik een aparte database "
            "(DATABASE_URL)."
        )
    generator = _Generator(app, rounds, respondents, seed)
    started = time.perf_counter()
    totals = dict.fromkeys(("corporations", "rounds", "respondents", "answers", "actions"), 0)
    with app.writing():
        for batch in generator.batches(corporations, batch_size):
            app.repo.bulk_insert(
                batch.organisations, batch.rounds, batch.respondents, batch.answers, batch.actions
            )
            totals["corporations"] += len(batch.organisations)
            totals["rounds"] += len(batch.rounds)
            totals["respondents"] += len(batch.respondents)
            totals["answers"] += len(batch.answers)
            totals["actions"] += len(batch.actions)
            if progress is not None:
                progress(totals["corporations"])
        app.audit(
            None, "synthetische gegevens", f"seed {seed}",
            f"{totals['corporations']} synthetische corporaties toegevoegd ({rounds} metingen per corporatie, "
            f"{respondents} respondenten per meting)",
        )  # fmt: skip
    app.repo.refresh_statistics()  # the planner must know the tables are no longer empty
    return SyntheticSummary(**totals, seconds=time.perf_counter() - started)


class _Generator:
    """Draws the corporations one by one from a single seeded random stream."""

    def __init__(self, app: App, n_rounds: int, n_respondents: int, seed: int) -> None:
        self.checklist = app.checklist
        self.items = app.checklist.items
        self.n_rounds = n_rounds
        self.n_respondents = n_respondents
        self.rng = random.Random(seed)
        self.today = app.today()
        self.now = dt.datetime.combine(self.today, dt.time(12), dt.UTC)
        self.target = app.settings.target_level
        self.version = app.checklist.version
        sections = {item.id: index for index, s in enumerate(app.checklist.sections) for item in s.items}
        # Build-up: the checklist's early points are further along than the later ones.
        self.item_effect = [0.7 - 0.085 * pos for pos in range(len(self.items))]
        self.section_index = [sections[item.id] for item in self.items]
        self.regions = list(REGIONS)
        self.region_weights = [2 if r in URBAN_REGIONS else 1 for r in self.regions]
        self.sizes = list(SIZE_WEIGHTS)
        self.size_weights = list(SIZE_WEIGHTS.values())
        self.updated_at = self.now
        for text in {*OWNERS, *(a.text for item in self.items for a in item.actions), NAME_PREFIX}:
            check_free_text(text, "Synthetische gegevens")  # the generator's own texts pass the guard

    # ------------------------------------------------------------------ batches

    def batches(self, corporations: int, batch_size: int) -> Iterator[_Batch]:
        width = max(4, len(str(corporations)))
        for start in range(1, corporations + 1, batch_size):
            batch = _Batch([], [], [], [], [])
            for number in range(start, min(start + batch_size, corporations + 1)):
                self._corporation(batch, number, width)
            yield batch

    def _corporation(self, batch: _Batch, number: int, width: int) -> None:
        rng = self.rng
        size = rng.choices(self.sizes, self.size_weights)[0]
        region = rng.choices(self.regions, self.region_weights)[0]
        org_key = len(batch.organisations) + 1
        batch.organisations.append(
            Organisation(
                id=org_key,
                slug=synthetic_slug(number, width),
                name=synthetic_name(number, width),
                size_class=size,
                region=region,
            )
        )
        maturity = min(3.2, max(0.0, rng.gauss(1.3, 0.6) + SIZE_BONUS[size]))
        growth = min(0.6, max(-0.05, rng.gauss(0.22, 0.13)))
        slip_round = rng.randrange(1, self.n_rounds) if self.n_rounds > 1 and rng.random() < 0.08 else None
        offsets = [rng.gauss(0.0, 0.35) for _ in self.items]  # the corporation's own strengths
        uses_na = rng.random() < 0.15
        roles = self._roles(size)
        last_is_draft = rng.random() < 0.2
        last_date = self.today - dt.timedelta(days=rng.randint(20, 330))

        levels: list[list[float]] = []  # expected level per round and item, without noise
        round_keys: list[int] = []
        round_dates: list[dt.date] = []
        for r in range(self.n_rounds):
            date = _years_before(last_date, self.n_rounds - 1 - r)
            draft = last_is_draft and r == self.n_rounds - 1
            finalised = None
            if not draft:
                finalised = min(
                    self.now,
                    dt.datetime.combine(date + dt.timedelta(days=rng.randint(7, 45)), dt.time(rng.randint(8, 17)), dt.UTC),
                )
            round_key = len(batch.rounds) + 1
            batch.rounds.append(
                Round(
                    id=round_key,
                    org_id=org_key,
                    label=f"{'Nulmeting' if r == 0 else 'Meting'} {date.year}",
                    date=date,
                    status=RoundStatus.DRAFT if draft else RoundStatus.FINAL,
                    checklist_version=self.version,
                    finalised_at=finalised,
                )
            )
            round_keys.append(round_key)
            round_dates.append(date)
            level = maturity + growth * r - (0.5 if r == slip_round else 0.0)
            expected = [level + effect + offset for effect, offset in zip(self.item_effect, offsets, strict=True)]
            levels.append(expected)
            self._respondents(batch, round_key, roles, expected, r, uses_na)
        self._actions(batch, org_key, round_keys, round_dates, levels)

    def _roles(self, size: str) -> list[str]:
        """The corporation's respondent places; small corporations have fewer specialists."""
        roles = [ROLE_ORDER[i % len(ROLE_ORDER)] for i in range(self.n_respondents)]
        if size in ("XS", "S") and self.rng.random() < 0.5:
            roles = ["uitvoering" if role == "aandachtsfunctionaris" else role for role in roles]
        if self.rng.random() < 0.3 and len(roles) > 1:
            i = self.rng.randrange(1, len(roles))  # keep the first place (bestuur)
            roles[i] = self.rng.choice(ROLE_ORDER)
        return roles

    def _respondents(
        self, batch: _Batch, round_key: int, roles: list[str], expected: list[float], r: int, uses_na: bool
    ) -> None:
        rng = self.rng
        seen: dict[str, int] = {}
        for role in roles:
            seen[role] = seen.get(role, 0) + 1
            resp_key = len(batch.respondents) + 1
            batch.respondents.append(
                Respondent(id=resp_key, round_id=round_key, role=role, label=f"{self.checklist.role_label(role)} {seen[role]}")
            )
            bias = ROLE_BIAS.get(role, 0.0)
            for pos, item in enumerate(self.items):
                if uses_na and item.allows_na:
                    kind, score = AnswerKind.NOT_APPLICABLE, None
                else:
                    dont_know = 0.03 + (0.2 if role not in item.roles else 0.0)
                    if role == "uitvoering":
                        dont_know += 0.04 * self.section_index[pos]
                    dont_know *= max(0.3, 1.0 - 0.08 * r)  # people learn what is arranged
                    if rng.random() < dont_know:
                        kind, score = AnswerKind.DONT_KNOW, None
                    else:
                        value = expected[pos] + bias + rng.gauss(0.0, 0.55)
                        kind, score = AnswerKind.SCORE, min(4, max(0, round(value)))
                batch.answers.append(
                    Answer.model_construct(
                        respondent_id=resp_key, item_id=item.id, kind=kind, score=score, note="", version=1
                    )
                )

    def _actions(
        self,
        batch: _Batch,
        org_key: int,
        round_keys: list[int],
        round_dates: list[dt.date],
        levels: list[list[float]],
    ) -> None:
        """A few actions for the weakest items of earlier rounds, with a realistic status."""
        rng = self.rng
        latest = levels[-1]
        n_actions = rng.randint(2, 8)
        chosen: set[int] = set()
        for _ in range(n_actions):
            origin = rng.choices(range(len(round_keys)), weights=range(1, len(round_keys) + 1))[0]
            gaps = sorted(
                (value, pos) for pos, value in enumerate(levels[origin]) if pos not in chosen and value < self.target
            )
            if not gaps:
                continue
            value, pos = gaps[min(len(gaps) - 1, rng.randrange(3))]
            chosen.add(pos)
            item = self.items[pos]
            origin_date = round_dates[origin]
            created = dt.datetime.combine(origin_date + dt.timedelta(days=rng.randint(10, 60)), dt.time(10), dt.UTC)
            created = min(created, self.now)
            due = origin_date + dt.timedelta(days=rng.randint(90, 420))
            overdue_days = (self.today - due).days
            closed_round = None
            if latest[pos] >= self.target and origin < len(round_keys) - 1:
                status = ActionStatus.DONE
                closed_round = round_keys[rng.randrange(origin + 1, len(round_keys))]
            elif overdue_days > 365:  # long past its due date: mostly settled one way or another
                status = rng.choices(_SETTLED, (5, 3, 2))[0]
            elif overdue_days > 0:
                status = rng.choices(_RECENT, (3, 4, 2, 1))[0]
            else:
                status = rng.choice((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))
            updated = min(self.now, created + dt.timedelta(days=rng.randint(0, 200)))
            priority = Priority.HIGH if value < 1.5 or self.section_index[pos] < 2 else rng.choice(
                (Priority.MEDIUM, Priority.MEDIUM, Priority.LOW)
            )
            batch.actions.append(
                ImprovementAction(
                    id=len(batch.actions) + 1,
                    org_id=org_key,
                    item_id=item.id,
                    description=(suggestion := item.actions[rng.randrange(len(item.actions))]).text,
                    suggestion_key=planning.suggestion_key(item.id, suggestion.text),
                    owner=rng.choice(OWNERS),
                    due_date=due,
                    status=status,
                    priority=priority,
                    origin_round_id=round_keys[origin],
                    closed_round_id=closed_round,
                    created_at=created,
                    updated_at=max(created, updated),
                )
            )


def _years_before(date: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return date.replace(year=date.year - years)
    except ValueError:
        return date.replace(year=date.year - years, day=28)
