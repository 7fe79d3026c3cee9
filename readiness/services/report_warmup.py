"""Importing this module draws a sample board report, so the process that imports it
starts the next reports warm.

``export --all``'s fork server imports it last (:data:`readiness.services.bulk_export.WORKER_PRELOAD`),
before it forks the worker processes. A process's first report costs about six times a
later one (about 0.3 s against 0.05 s of CPU: the chart's first figure, and the paragraphs
that every report shares, parsed, broken into lines and drawn once per process by
:mod:`readiness.export.pdf_styles`); drawn here, once, while the command opens the
database, every worker inherits that work instead of doing it itself (docs/performance.md).
It is drawn twice: a paragraph's PDF operators are kept the second time it is drawn.

The sample is made up in memory from the checklist in use (``VOORDEURCHECK_CHECKLIST``):
no database, no corporation's data, nothing written. Warming is an optimisation only:
whatever goes wrong here is swallowed (:data:`WARMED` says whether it worked), so a
worker never fails to start because of it.
"""

from __future__ import annotations

import datetime as dt

from readiness.models import (
    Answer,
    AnswerKind,
    Checklist,
    ImprovementAction,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)

__all__ = ["WARMED", "sample_report", "warm"]

_DAY = dt.date(2026, 1, 15)


def sample_report(checklist: Checklist, target_level: int = 3):
    """A made-up report of two final rounds: every section of the board report has
    something to draw (a chart with a previous round, role differences, notes, a plan)."""
    from readiness.consensus import compare_like_for_like
    from readiness.export.model import ReportData
    from readiness.scoring import score_round

    org = Organisation(id=1, slug="voorbeeld", name="Voorbeeldcorporatie", size_class="M", region="Voorbeeld")
    rounds = [
        Round(id=n, org_id=1, label=f"Meting {2024 + n}", date=_DAY.replace(year=2024 + n),
              status=RoundStatus.FINAL, checklist_version=checklist.version)
        for n in (1, 2)
    ]  # fmt: skip
    results = []
    data = []
    for round_ in rounds:
        respondents = [
            Respondent(id=10 * round_.id + n, round_id=round_.id, role=role.id)
            for n, role in enumerate(checklist.roles)
        ]
        answers = [
            Answer(
                respondent_id=respondent.id,
                item_id=item.id,
                kind=AnswerKind.SCORE,
                score=(i + n + round_.id) % 5,
                note="Besproken in het overleg." if (i + n) % 7 == 0 else "",
            )
            for i, item in enumerate(checklist.items)
            for n, respondent in enumerate(respondents)
            if respondent.role in item.roles
        ]
        data.append((respondents, answers))
        results.append(score_round(checklist, respondents, answers, target_level))
    actions = [
        ImprovementAction(id=n, org_id=1, item_id=item.id, description=f"Voorbeeldactie bij vraag {n}",
                          owner="aandachtsfunctionaris", due_date=_DAY, origin_round_id=2)
        for n, item in enumerate(checklist.items[:3], start=1)
    ]  # fmt: skip
    return ReportData(
        checklist=checklist,
        organisation=org,
        round=rounds[1],
        respondents=data[1][0],
        answers=data[1][1],
        result=results[1],
        previous_round=rounds[0],
        previous_result=results[0],
        comparison=compare_like_for_like(checklist, results[0], results[1]),
        actions=actions,
        generated_on=_DAY,
    )


def warm() -> bool:
    """Draw the sample report (and throw it away); True when that worked."""
    try:
        from readiness.checklist import load_checklist
        from readiness.config import load_settings
        from readiness.export.pdf import build_pdf

        settings = load_settings()
        report = sample_report(load_checklist(settings.checklist_path), settings.target_level)
        for _ in range(2):  # a paragraph's operators are kept the second time it is drawn
            build_pdf(report)
    except Exception:  # noqa: BLE001 - an optimisation only: never stop a worker from starting
        return False
    return True


#: Whether importing this module drew the sample report.
WARMED = warm()
