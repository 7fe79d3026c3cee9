"""The bestuursvoorstel: one page that asks the board for decisions (issue 22, item 4).

What the board reads in two minutes, in the handreiking's words:

1. **Het antwoord**: the phase, the total score, the change since the previous final round
   on one basis (:func:`readiness.consensus.compare_like_for_like`) and, where the
   corporation takes part, its place against the latest sector publication with its margin;
2. **Wat is er veranderd en waarom**: the change in words, the basis change when the
   consensus meeting agreed levels, the largest rises and falls;
3. **Besluiten gevraagd**: at most three, each an open action from the improvement plan
   (action, owner as a role, target date, the effort where the plan says it); without open
   actions, the next steps to give an owner and a date;
4. **Als het bestuur niet besluit**: what stays out of reach (the next phase and the parts
   that block it), actions over time, items the meeting did not settle.

Pure: the report data and the domain only. The PDF, Word and PowerPoint writers
(:mod:`readiness.export.board_writers`) lay out this one :class:`BoardPaper`.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness import glossary
from readiness.consensus import unsettled
from readiness.export.model import ReportData
from readiness.formatting import format_change, format_date, format_score, short_text
from readiness.models import ActionStatus, ImprovementAction, Priority
from readiness.scoring import answer_progress

MAX_DECISIONS = 3
TITLE = "Bestuursvoorstel"
EFFORT_UNKNOWN = "inzet nog niet geraamd"
#: What happens without decisions, in the handreiking's terms (signaleren en doorverwijzen).
RISK_GENERAL = (
    "Medewerkers die achter de voordeur signalen van huiselijk geweld of kindermishandeling zien, "
    "weten dan niet altijd wat zij moeten doen en bij wie zij terechtkunnen: signalen blijven liggen."
)


@dataclass(frozen=True)
class Decision:
    action: str
    question: str  # "vraag 3: Het bestuur draagt …"
    owner: str  # a role, never a name
    due: str  # "10 mei 2026" or "nog geen streefdatum"
    effort: str  # what it costs in people/time where the plan says it, else EFFORT_UNKNOWN
    late: bool = False


@dataclass(frozen=True)
class BoardPaper:
    title: str  # "Bestuursvoorstel Voordeurcheck"
    organisation: str
    round_label: str
    date: str
    concept: bool
    phase: str  # "Fase 2 van 5: Organiseren"
    total: str  # "66 van 100"
    change: str  # "+7 punten sinds Meting 2025 (op het gemiddelde van de respondenten)"
    sector: str  # "" when the corporation does not take part or there is no publication
    changed: tuple[str, ...]
    decisions: tuple[Decision, ...]
    risks: tuple[str, ...]

    @property
    def answer(self) -> tuple[str, ...]:
        return tuple(x for x in (self.phase, f"Totaalscore {self.total}", self.change, self.sector) if x)


def _effort(action: ImprovementAction) -> str:
    """The effort in people/time where the plan's notes name it (a line starting "Inzet:")."""
    for line in action.notes.splitlines():
        if line.strip().lower().startswith("inzet"):
            return line.strip().rstrip(".")
    return EFFORT_UNKNOWN


def decisions(report: ReportData) -> list[Decision]:
    """At most three decisions from the plan: open actions, over time first, then high
    priority, then in the checklist's build-up order (the early points first)."""
    checklist, today = report.checklist, report.generated_on
    rank = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
    open_actions = [a for a in report.actions if a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)]

    def number(action: ImprovementAction) -> int:
        try:
            return checklist.item(action.item_id).number
        except KeyError:
            return 10_000

    open_actions.sort(key=lambda a: (not a.is_overdue(today), rank[a.priority], number(a), a.due_date or today))
    out = []
    for action in open_actions[:MAX_DECISIONS]:
        n = number(action)
        question = "" if n == 10_000 else f"vraag {n}: {short_text(checklist.item(action.item_id).question, 60)}"
        out.append(
            Decision(
                action=short_text(action.description, 110),
                question=question,
                owner=action.owner or "nog geen eigenaar",
                due=format_date(action.due_date, empty="nog geen streefdatum"),
                effort=_effort(action),
                late=action.is_overdue(today),
            )
        )
    if out or not report.result.is_complete:
        return out
    for step in report.result.next_steps[:MAX_DECISIONS]:  # no plan yet: give the next steps an owner
        item = checklist.item(step.item_id)
        out.append(
            Decision(
                action=f"Wijs een eigenaar en een streefdatum aan voor vraag {item.number}",
                question=f"vraag {item.number}: {short_text(item.question, 60)}",
                owner="nog geen eigenaar",
                due="nog geen streefdatum",
                effort=EFFORT_UNKNOWN,
            )
        )
    return out


def _changed(report: ReportData) -> list[str]:
    comparison, before, result = report.comparison, report.previous_round, report.result
    lines = []
    agreed = [i for i in result.items if i.agreement is not None]
    if comparison is None or before is None:
        lines.append("Dit is de eerste definitieve meting: er is nog geen vergelijking." if result.is_complete
                     else "De meting is nog een concept: er is nog geen vergelijking.")  # fmt: skip
    else:
        lines.append(
            f"Sinds {before.label} ({format_date(before.date)}) ging de totaalscore van "
            f"{format_score(comparison.overall_before)} naar {format_score(comparison.overall_after)} "
            f"({format_change(comparison.overall_before, comparison.overall_after)}), de fase van "
            f"{comparison.phase_before} naar {comparison.phase_after}"
            + (" (beide op het gemiddelde van de respondenten)." if comparison.basis_changed else ".")
        )
        if comparison.basis_changed:
            lines.append(comparison.basis_note)
            if comparison.phase_note:
                lines.append(comparison.phase_note)
        for title, changes in (("Meeste vooruitgang", comparison.up), ("Achteruit", comparison.down)):
            if changes:
                parts = [
                    f"vraag {report.checklist.item(c.item_id).number} ({format_change(c.before, c.after)})"
                    for c in changes[:2]
                ]
                lines.append(f"{title}: {', '.join(parts)}.")
    if agreed and not (comparison is not None and comparison.basis_changed):
        n = len(agreed)
        lines.append(
            f"{n} {'score is' if n == 1 else 'scores zijn'} samen vastgesteld in het consensusgesprek van "
            f"{format_date(agreed[0].agreement.held_on)}."
        )
    return lines


def _risks(report: ReportData) -> list[str]:
    result, today = report.result, report.generated_on
    lines = []
    if result.is_complete and result.phase.next_phase is not None:
        blocking = [report.checklist.section(s).title.lower() for s in result.phase.blocking_sections]
        lines.append(
            f"De corporatie blijft in fase {result.phase.level} ({result.phase.name.lower()}); voor fase "
            f"{result.phase.next_phase.level} ({result.phase.next_phase.name.lower()}) moet"
            f"{'' if len(blocking) == 1 else 'en'} {', '.join(blocking)} op {glossary.TARGET_LEVEL} komen."
        )
    late = [a for a in report.actions if a.is_overdue(today)]
    if late:
        lines.append(f"{glossary.cap(glossary.overdue_count(len(late)))}; zonder besluit schuiven zij verder op.")
    open_items = unsettled(result) if report.agreed else []
    if open_items:
        numbers = ", ".join(str(report.checklist.item(i).number) for i in open_items)
        lines.append(f"Het consensusgesprek heeft vraag {numbers} nog niet besproken: daar blijft onduidelijk waar de corporatie staat.")
    lines.append(RISK_GENERAL)
    return lines


def board_paper(report: ReportData, sector: str = "") -> BoardPaper:
    """The bestuursvoorstel of the report's round; ``sector`` is the position against the
    latest sector publication ("" when the corporation does not take part)."""
    result, round_ = report.result, report.round
    last = max(p.level for p in report.checklist.phases)
    comparison = report.comparison
    if not result.is_complete:
        counted = answer_progress(result)  # the one progress count of every page and export
        phase, change = "Fase: nog niet te bepalen (concept)", ""
        total = f"nog niet te bepalen ({counted.text()} {glossary.PROGRESS_LABEL.lower()})"
    else:
        phase = f"Fase {result.phase.level} van {last}: {result.phase.name}"
        total = f"{format_score(result.overall)} van 100"
        if comparison is None or report.previous_round is None:
            change = "Eerste definitieve meting: nog geen verandering te tonen"
        else:
            change = (
                f"{format_change(comparison.overall_before, comparison.overall_after)} punten sinds "
                f"{report.previous_round.label}"
                + (" (op het gemiddelde van de respondenten; andere basis)" if comparison.basis_changed else "")
            )
    return BoardPaper(
        title=f"{TITLE} Voordeurcheck",
        organisation=report.organisation.name,
        round_label=round_.label,
        date=format_date(report.generated_on),
        concept=not round_.is_final,
        phase=phase,
        total=total,
        change=change,
        sector=sector,
        changed=tuple(_changed(report)),
        decisions=tuple(decisions(report)),
        risks=tuple(_risks(report)),
    )
