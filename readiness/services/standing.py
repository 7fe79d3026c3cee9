"""Where a corporation stands: the answer a director looks for first (Start page).

Only *final* rounds count: the standing is the latest final round's phase, total score
and three next steps, and the change since the final round before it. A concept round
is work in progress; it is never presented as the corporation's standing.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.access import Permission
from readiness.models import Round
from readiness.consensus import compare_like_for_like
from readiness.scoring import Comparison, RoundResult
from readiness.services import App, assessment, authorise

__all__ = ["Standing", "latest_standing"]


@dataclass(frozen=True)
class Standing:
    round: Round  # the latest final round
    result: RoundResult
    previous: Round | None  # the final round before it, if any
    comparison: Comparison | None  # previous -> round, like for like; None without a previous final round
    previous_result: RoundResult | None = None


def latest_standing(app: App, org_id: int) -> Standing | None:
    """The standing from the corporation's latest final round; None when none is final yet."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    finals = [r for r in assessment.list_rounds(app, org_id) if r.is_final]
    if not finals:
        return None
    latest = finals[-1]
    result = assessment.round_result(app, latest.id)
    previous = finals[-2] if len(finals) > 1 else None
    before = None if previous is None else assessment.round_result(app, previous.id)
    comparison = None if before is None else compare_like_for_like(app.checklist, before, result)
    return Standing(latest, result, previous, comparison, before)
