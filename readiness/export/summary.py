"""The answer first: what the covers of the PDF and Word reports say, in the same words.

Phase, total score, the change since the previous *final* round and the three next
steps, all formatted by :mod:`readiness.formatting`. A concept round without enough
answers (the concept rule, :func:`readiness.scoring.has_enough_answers`) gets no phase,
no total and no comparison: the cover says why instead.

Pure: the domain models and the report data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.export.labels import GAP_REASON, long_date
from readiness.export.model import ReportData
from readiness.formatting import format_change, format_score, short_text
from readiness.consensus import agreed_change_text
from readiness.scoring import MIN_ANSWERS_PER_ITEM

CONCEPT_MARK = "CONCEPT"
CONCEPT_NOTE = "voorlopige uitkomst, de meting is nog niet afgerond"


def concept_rule_text() -> str:
    """The concept rule in plain Dutch (the same sentence as on the Resultaten page)."""
    return (
        "Bij een concept staat de score van een onderdeel er pas als elke vraag van dat onderdeel "
        f"door minstens {MIN_ANSWERS_PER_ITEM} respondenten is beantwoord met een score of "
        "'niet van toepassing' ('weet ik niet' telt hiervoor niet mee). Fase, totaalscore, "
        "vergelijking en volgende stappen komen er pas als dat voor alle onderdelen geldt."
    )


@dataclass(frozen=True)
class Headline:
    """The cover's four facts, as text."""

    score: str  # "63 van 100"
    phase: str  # "Fase 2 van 5: Stappenplan"
    change: str  # "+4 punten sinds Meting 2025 (fase 2 → 3)"
    steps: list[str]  # "Vraag 3 · Het bestuur … (score 40, onder het streefniveau)"


def headline(report: ReportData, step_width: int = 90) -> Headline:
    result, checklist = report.result, report.checklist
    last_phase = max(p.level for p in checklist.phases)
    if not result.is_complete:
        n = len(result.withheld_sections)
        waiting = f"nog te weinig antwoorden bij {n} van de {len(result.sections)} onderdelen"
        return Headline(
            score=f"nog geen totaal ({waiting})",
            phase="nog niet te bepalen (concept)",
            change="nog geen vergelijking (concept)",
            steps=[],
        )
    score = f"{format_score(result.overall)} van 100"
    if result.overall is None:
        score = "nog geen score"
    phase = f"Fase {result.phase.level} van {last_phase}: {result.phase.name}"
    comparison, before = report.comparison, report.previous_round
    if comparison is None or before is None or report.previous_result is None:
        change = "eerste definitieve meting: nog geen vergelijking"
    else:
        points = format_change(comparison.overall_before, comparison.overall_after)
        change = (
            f"{points} punten sinds {before.label} "
            f"(totaal {format_score(comparison.overall_before)} → {format_score(comparison.overall_after)}; "
            f"fase {comparison.phase_before} → {comparison.phase_after}"
            + (f"; op het gemiddelde van de respondenten, {agreed_change_text(comparison)}" if comparison.basis_changed else "")
            + ")"
        )
    steps = []
    for step in result.next_steps:
        item = checklist.item(step.item_id)
        reason = GAP_REASON.get(step.reason, step.reason)
        steps.append(
            f"Vraag {item.number} · {short_text(item.question, step_width)} "
            f"(score {format_score(step.score)}, {reason})"
        )
    return Headline(score=score, phase=phase, change=change, steps=steps)


# --------------------------------------------------------------------------- the change


def change_sentence(report: ReportData) -> str:
    """The change since the previous final round in one paragraph, like for like
    (:func:`readiness.consensus.compare_like_for_like`), with the basis note when the two
    rounds rest on a different basis. "" without a comparison."""
    comparison, before = report.comparison, report.previous_round
    if comparison is None or before is None:
        return ""
    text = (
        f"Vergeleken met {before.label} ({long_date(before.date)}), de vorige definitieve meting: de "
        f"totaalscore ging van {format_score(comparison.overall_before)} naar {format_score(comparison.overall_after)} "
        f"({format_change(comparison.overall_before, comparison.overall_after)}); de fase van "
        f"{comparison.phase_before} naar {comparison.phase_after}."
    )
    return " ".join(filter(None, (text, comparison.basis_note, comparison.phase_note)))


def section_changes(report: ReportData) -> list[tuple[str, float | None, float | None]]:
    """(section title, before, after) per section, on the comparison's basis."""
    comparison = report.comparison
    if comparison is None:
        return []
    return [
        (s.title, comparison.sections_before.get(s.section_id), comparison.sections_after.get(s.section_id, s.score))
        for s in report.result.sections
    ]
