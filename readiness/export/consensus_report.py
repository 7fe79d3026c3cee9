"""The consensus meeting in the board report (PDF and Word): which item results were
agreed in the meeting, beside what the respondents answered.

One block, after the scores per question: per agreed item the agreed level, the
respondents' mean and their answers by role, and the rationale; with one sentence saying
that every other score is the respondents' mean. Nothing when the round held no meeting.
"""

from __future__ import annotations

from readiness.consensus import BASIS_MEAN_TEXT, basis_text, level_text
from readiness.formatting import format_mean
from readiness.export.model import ReportData

TITLE = "Vastgesteld in het consensusgesprek"


def agreed_rows(report: ReportData) -> list[list[str]]:
    """[question, agreed level, respondents (mean and by role), rationale] per agreed item."""
    rows = []
    checklist = report.checklist
    for score in report.result.items:
        if score.agreement is None:
            continue
        item = checklist.item(score.item_id)
        roles = ", ".join(
            f"{checklist.role_label(role).lower()} {format_mean(mean)}" for role, mean in score.by_role.items() if mean is not None
        )
        said = f"gemiddeld {format_mean(score.respondents_mean)}" + (f" ({roles})" if roles else "")
        if score.n_dont_know:
            said += f"; {score.n_dont_know}× weet ik niet"
        agreed = report.agreed.get(score.item_id)
        rows.append([
            f"{item.number}. {item.question}",
            level_text(score.agreement.level, checklist),
            said,
            agreed.rationale if agreed is not None else "",
        ])  # fmt: skip
    return rows


MARKER = " (vastgesteld)"


def marker(score) -> str:
    """Appended to an item's question in the scores table when its score was agreed."""
    return MARKER if score.agreement is not None else ""


def table_note(report: ReportData) -> str:
    """The scores table's note on agreed items ("" without a meeting)."""
    if not any(i.agreement is not None for i in report.result.items):
        return ""
    return (
        " Een vraag met '(vastgesteld)' heeft als score het niveau uit het consensusgesprek, niet het "
        "gemiddelde; zie 'Vastgesteld in het consensusgesprek'."
    )


def intro(report: ReportData) -> str:
    first = next(i for i in report.result.items if i.agreement is not None)
    n = sum(1 for i in report.result.items if i.agreement is not None)
    return (
        f"De score van {'deze vraag' if n == 1 else f'deze {n} vragen'} is {basis_text(first)}: het "
        "niveau dat het team samen vaststelde, op de schaal 0–4 (omgerekend naar 0–100). Alle andere "
        f"scores in dit rapport zijn het {BASIS_MEAN_TEXT}. Wat de respondenten antwoordden, staat ernaast."
        + meeting_sentence(report)
    )


def meeting_sentence(report: ReportData) -> str:
    """`` Het gesprek was op 12 maart 2026, 14:00 uur, Kantoor; aanwezig: Bestuur en Uitvoering.``"""
    meeting = report.meeting
    if meeting is None:
        return ""
    who = meeting.attendees_text(report.checklist)
    return f" Het gesprek was op {meeting.when_text()}" + (f"; aanwezig: {who}." if who else ".")


def pdf_block(report: ReportData) -> list:
    """Flowables for :func:`readiness.export.pdf.build_pdf` (empty without agreed levels)."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    from readiness.export import pdf_styles as style

    rows = agreed_rows(report)
    if not rows:
        return []
    table = [style.head("Vraag", "Vastgesteld", "Respondenten", "Onderbouwing")]
    table += [[style.para(text, "cell_s") for text in row] for row in rows]
    widths = [5.6 * cm, 2.6 * cm, 3.6 * cm, style.FRAME_W - 11.8 * cm]
    return [style.markup(TITLE, "h2"), style.para(intro(report), "small"), Spacer(1, 0.2 * cm), style.table(table, widths)]


def docx_block(doc, report: ReportData) -> None:
    """The same block in a Word document (python-docx), when there are agreed levels."""
    from readiness.export import docx_styles as style

    rows = agreed_rows(report)
    if not rows:
        return
    doc.add_heading(TITLE, level=2)
    style.small(doc, intro(report))
    style.table(doc, ["Vraag", "Vastgesteld", "Respondenten", "Onderbouwing"], rows, [5.5, 2.8, 3.7, 5.0])
