"""Machine-readable exports: CSV (answers, long format) and JSON (a whole corporation).

Both formats are described in ``docs/export-schema.md``. The CSV has the columns of the
import template, so an exported file can be imported elsewhere, followed by the consensus
meeting's columns (basis, agreed level, rationale, date), which an import reads over; every
text cell is protected against formula injection (:mod:`readiness.export.safety`). The JSON holds
everything needed to rebuild the corporation (import into an empty corporation).
"""

from __future__ import annotations

import csv
import io
import json

from readiness.consensus import BASIS_MEAN_TEXT, basis_text, level_text
from readiness.export.labels import (
    AGREED_LEVEL_COLUMN,
    BASIS_COLUMN,
    CONSENSUS_COLUMNS,
    MEETING_DATE_COLUMN,
    RATIONALE_COLUMN,
    ROUND_COLUMN,
    answer_value,
)
from readiness.export.model import (
    ActionDoc,
    AgreedLevelDoc,
    AnswerDoc,
    ConsensusDoc,
    ExportDocument,
    OrganisationData,
    OrganisationDoc,
    RespondentDoc,
    RoundDoc,
)
from readiness.export.safety import neutralise_formula
from readiness.models import Checklist, Respondent

#: Columns of the import template (and the first columns of the CSV export), in this order.
ANSWER_COLUMNS: tuple[str, ...] = (ROUND_COLUMN, "datum", "rol", "respondent", "item", "antwoord", "toelichting")
#: Columns of the CSV export: the template's, then the consensus meeting's (read over on import).
EXPORT_COLUMNS: tuple[str, ...] = ANSWER_COLUMNS + CONSENSUS_COLUMNS


def respondent_keys(checklist: Checklist, respondents: list[Respondent]) -> dict[int, str]:
    """A name per respondent that is unique within the round (for the 'respondent' column).

    The stored label is used ("Uitvoering 2"); an empty label becomes the role's label;
    when two respondents share a label, the later ones get " (2)", " (3)", ...
    """
    keys: dict[int, str] = {}
    used: set[str] = set()
    for respondent in respondents:
        base = respondent.label.strip() or checklist.role_label(respondent.role)
        key, n = base, 1
        while key in used:
            n += 1
            key = f"{base} ({n})"
        used.add(key)
        keys[respondent.id] = key
    return keys


def answer_rows(data: OrganisationData) -> list[dict[str, str]]:
    """Every answer of every round as a row of :data:`EXPORT_COLUMNS` (plain, not yet escaped).

    Each row also says the basis of its item's result in the round and, when the round's
    consensus meeting agreed a level for the item, that level, its rationale and the
    meeting's date. An item with an agreed level but no answers gets one row of its own,
    without role, respondent and answer, so every agreed level is in the file."""
    order = {item.id: item.number for item in data.checklist.items}
    rows = []
    for record in data.rounds:
        keys = respondent_keys(data.checklist, record.respondents)
        role_of = {r.id: r.role for r in record.respondents}
        position = {r.id: i for i, r in enumerate(record.respondents)}
        consensus = _consensus_cells(record)
        answers = sorted(
            (a for a in record.answers if a.respondent_id in keys),
            key=lambda a: (position[a.respondent_id], order.get(a.item_id, 999), a.item_id),
        )
        base = {ROUND_COLUMN: record.round.label, "datum": record.round.date.isoformat()}
        for answer in answers:
            rows.append(
                {
                    **base,
                    "rol": role_of[answer.respondent_id],
                    "respondent": keys[answer.respondent_id],
                    "item": answer.item_id,
                    "antwoord": answer_value(answer.kind, answer.score),
                    "toelichting": answer.note,
                    **consensus.get(answer.item_id, _mean_cells()),
                }
            )
        answered = {a.item_id for a in answers}
        for item_id in sorted(set(consensus) - answered, key=lambda i: (order.get(i, 999), i)):
            rows.append(
                {**base, "rol": "", "respondent": "", "item": item_id, "antwoord": "", "toelichting": "",
                 **consensus[item_id]}
            )  # fmt: skip
    return rows


def _mean_cells() -> dict[str, str]:
    return {BASIS_COLUMN: BASIS_MEAN_TEXT, AGREED_LEVEL_COLUMN: "", RATIONALE_COLUMN: "", MEETING_DATE_COLUMN: ""}


def _consensus_cells(record) -> dict[str, dict[str, str]]:
    """By item id: the consensus columns of the round's agreed levels."""
    if record.meeting is None:
        return {}
    by_item = {i.item_id: i for i in record.result.items}
    cells = {}
    for level in record.agreed_levels:
        scored = by_item.get(level.item_id)
        cells[level.item_id] = {
            BASIS_COLUMN: basis_text(scored) if scored is not None else "",  # "" for an item no longer asked
            AGREED_LEVEL_COLUMN: level_text(level.level),
            RATIONALE_COLUMN: level.rationale,
            MEETING_DATE_COLUMN: record.meeting.held_on.isoformat(),
        }
    return cells


def _csv_bytes(rows: list[dict[str, str]], columns: tuple[str, ...] = ANSWER_COLUMNS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise_formula(row[column]) for column in columns])
    # UTF-8 with a byte order mark: Excel then shows ë, é and ï correctly.
    return buffer.getvalue().encode("utf-8-sig")


def to_csv(data: OrganisationData) -> bytes:
    """The answers of the corporation's rounds, one row per answer (RFC 4180, UTF-8), with
    the consensus meeting's columns (:data:`EXPORT_COLUMNS`)."""
    return _csv_bytes(answer_rows(data), EXPORT_COLUMNS)


def template_csv(checklist: Checklist) -> bytes:
    """An empty answer template: the header and one row per question with its item id.

    Fill in meting, datum, rol, respondent and antwoord; copy the block of rows for every
    respondent. Rows without an answer are skipped on import.
    """
    rows = [
        {ROUND_COLUMN: "", "datum": "", "rol": "", "respondent": "", "item": item.id, "antwoord": "", "toelichting": ""}
        for item in checklist.items
    ]
    return _csv_bytes(rows)


# --------------------------------------------------------------------------- JSON


def to_document(data: OrganisationData) -> ExportDocument:
    """The corporation as the JSON export's document model."""
    org = data.organisation
    rounds = []
    for record in data.rounds:
        by_respondent: dict[int, list[AnswerDoc]] = {r.id: [] for r in record.respondents}
        order = {item.id: item.number for item in data.checklist.items}
        for answer in sorted(record.answers, key=lambda a: (order.get(a.item_id, 999), a.item_id)):
            if answer.respondent_id in by_respondent:
                by_respondent[answer.respondent_id].append(
                    AnswerDoc(item_id=answer.item_id, kind=answer.kind, score=answer.score, note=answer.note)
                )
        rounds.append(
            RoundDoc(
                label=record.round.label,
                date=record.round.date,
                status=record.round.status,
                checklist_version=record.round.checklist_version,
                finalised_at=record.round.finalised_at,
                respondents=[
                    RespondentDoc(role=r.role, label=r.label, answers=by_respondent[r.id])
                    for r in record.respondents
                ],
                consensus=_consensus_doc(record, data),
            )
        )
    actions = [
        ActionDoc(
            item_id=a.item_id,
            description=a.description,
            owner=a.owner,
            due_date=a.due_date,
            status=a.status,
            priority=a.priority,
            notes=a.notes,
            origin_round=data.round_label(a.origin_round_id),
            closed_round=data.round_label(a.closed_round_id),
            suggestion_key=a.suggestion_key,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )
        for a in data.actions
    ]
    return ExportDocument(
        exported_at=data.exported_at,
        checklist_version=data.checklist.version,
        organisation=OrganisationDoc(
            slug=org.slug, name=org.name, size_class=org.size_class, region=org.region, is_demo=org.is_demo
        ),
        rounds=rounds,
        actions=actions,
    )


def _consensus_doc(record, data: OrganisationData) -> ConsensusDoc | None:
    """The round's consensus meeting; a follow-up action is named by its index in `actions`."""
    if record.meeting is None:
        return None
    index = {a.id: n for n, a in enumerate(data.actions)}
    return ConsensusDoc(
        held_on=record.meeting.held_on,
        status=record.meeting.status,
        closed_at=record.meeting.closed_at,
        agreed_levels=[
            AgreedLevelDoc(
                item_id=lv.item_id, level=lv.level, rationale=lv.rationale, follow_up=lv.follow_up,
                action=index.get(lv.action_id),
            )  # fmt: skip
            for lv in record.agreed_levels
        ],
    )


def to_json(data: OrganisationData) -> bytes:
    """The JSON export (UTF-8, indented, non-ASCII characters as they are)."""
    document = to_document(data).model_dump(mode="json")
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
