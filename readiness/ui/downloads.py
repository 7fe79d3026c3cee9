"""The "Rapport downloaden" block: a corporation's report and data files, made on request.

Used by the Resultaten and Verbeterplan pages::

    export_section(app, org, round_)

Making a file costs time (a PDF 150-300 ms), so nothing is generated while the page runs:
the user picks a format, presses *Maak bestand*, and the file is rendered once (through
:func:`readiness.services.reports.render`) and kept in session state. The download button
serves those bytes on every later run, until the data behind them changes: each stored
file carries a *data version* (a fingerprint of the corporation's rounds, respondents,
answers, plan and today's date), and a file whose fingerprint no longer matches is
dropped and made again on request. At most one file per format is kept per session.

Errors from the services are Dutch and say what is wrong; they appear right under the
buttons. In local mode the file can also be written to the reports folder on this computer
(the button says so without naming the folder).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import streamlit as st

from readiness.models import Organisation, Round
from readiness.services import App, assessment, board, plans, reports
from readiness.ui import sensitive
from readiness.ui.widgets import flash, show_flash

STATE_KEY = "_dl_files"  # session state: {format: StoredFile}
ALL_ROUNDS = "alle"
THIS_ROUND = "deze"
LATEST_FINAL = "definitief"  # which round a report covers when the page shows a concept
CONCEPT = "concept"

FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "csv": "CSV",
    "json": "JSON",
}
FORMAT_ICONS = {
    "pdf": ":material/picture_as_pdf:",
    "docx": ":material/description:",
    "xlsx": ":material/table_view:",
    "csv": ":material/table_rows:",
    "json": ":material/data_object:",
}


def format_description(fmt: str, org: Organisation, round_: Round | None) -> str:
    """One line on what the chosen file holds."""
    label = f"'{round_.label}'" if round_ is not None else ""
    return {
        "pdf": f"Bestuursrapport van {label}: samenvatting, fase, scores per onderdeel, verbeterplan.",
        "docx": f"Hetzelfde rapport van {label} als Word-bestand, om zelf te bewerken.",
        "xlsx": "Alle antwoorden, de scores en het verbeterplan, elk op een eigen tabblad.",
        "csv": "De antwoorden, één regel per antwoord. Kan weer worden ingelezen onder Beheer.",
        "json": f"Alles van {org.name}: metingen, antwoorden en verbeterplan, om over te zetten "
        "naar een andere installatie.",
    }[fmt]


@dataclass(frozen=True)
class StoredFile:
    org: str
    round_id: int | None
    fmt: str
    scope: str
    version: str
    name: str
    data: bytes

    def fits(self, org: str, round_id: int | None, fmt: str, scope: str, version: str) -> bool:
        return (self.org, self.round_id, self.fmt, self.scope, self.version) == (org, round_id, fmt, scope, version)


# --------------------------------------------------------------------------- pure helpers


def data_version(app: App, org: Organisation) -> str:
    """A fingerprint of everything an export of ``org`` shows; changes when any of it changes.

    Covers the corporation, every round (status, date, respondents, answer versions), the
    improvement plan (action versions) and today's date (reports show overdue actions and
    the date they were made)."""
    parts: list[object] = [org.slug, org.name, org.size_class, org.region, app.today().isoformat()]
    for round_ in assessment.list_rounds(app, org.id):
        data = assessment.round_data(app, round_.id)
        parts.append((round_.id, round_.label, round_.date.isoformat(), str(round_.status), str(round_.finalised_at)))
        parts.append(sorted((r.id, r.role, r.label) for r in data.respondents))
        parts.append(sorted((a.respondent_id, a.item_id, a.version) for a in data.answers))
    parts.append(sorted((a.id, a.version) for a in plans.list_plan(app, org.id)))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def size_text(n_bytes: int) -> str:
    """1234 -> "2 kB"; 3.5 million -> "3,3 MB" (Dutch decimal comma)."""
    if n_bytes < 1024 * 1024:
        return f"{max(1, round(n_bytes / 1024))} kB"
    return f"{n_bytes / (1024 * 1024):.1f} MB".replace(".", ",")


def round_label_for(fmt: str, round_: Round | None, scope: str) -> str | None:
    """The round an export covers: reports always one round; data files all or one."""
    if round_ is None:
        return None
    if fmt in reports.ROUND_FORMATS or scope == THIS_ROUND:
        return round_.label
    return None


def stored_file(org: str, round_id: int | None, fmt: str, scope: str, version: str) -> StoredFile | None:
    found = st.session_state.get(STATE_KEY, {}).get(fmt)
    if found is not None and found.fits(org, round_id, fmt, scope, version):
        return found
    return None


# --------------------------------------------------------------------------- callbacks


def _make(app: App, org: Organisation, round_: Round | None, fmt: str, scope: str, key: str) -> None:
    try:
        name, data = reports.render(app, org.slug, fmt, round_label_for(fmt, round_, scope))
    except ValueError as exc:  # ValidationError (Dutch): no round, unknown round, ...
        flash(key, f"Het bestand kon niet worden gemaakt: {exc}", "error")
        return
    version = data_version(app, org)
    round_id = round_.id if round_ is not None else None
    files = st.session_state.setdefault(STATE_KEY, {})
    files[fmt] = StoredFile(org.slug, round_id, fmt, scope, version, name, data)


def _save(app: App, org: Organisation, round_: Round | None, fmt: str, scope: str, key: str) -> None:
    try:
        path = reports.export_round(app, org.slug, fmt, round_label_for(fmt, round_, scope))
    except ValueError as exc:
        flash(key, f"Het bestand is niet opgeslagen: {exc}", "error")
        return
    except OSError as exc:
        flash(key, f"Het bestand kon niet worden opgeslagen op deze computer: {exc.strerror}.", "error")
        return
    flash(key, f"Opgeslagen: `{path}`")


# --------------------------------------------------------------------------- widget


def report_round(app: App, org: Organisation, round_: Round | None, fmt: str, key: str) -> tuple[Round | None, bool]:
    """The round a report (PDF, Word) covers, and whether it may be made yet.

    A final round: that round. A concept on the page: by default the latest final round;
    the concept only when the user names it (a radio button with its name). Without any
    final round the page says so and nothing is chosen until the concept is."""
    if round_ is None or round_.is_final or fmt not in reports.ROUND_FORMATS:
        return round_, True
    final = assessment.latest_final_round(app, org.id)
    options = ([LATEST_FINAL] if final is not None else []) + [CONCEPT]
    if final is None:
        st.info(
            f"{org.name} heeft nog geen definitieve meting, dus nog geen rapport met uitkomsten. U kunt "
            f"het concept '{round_.label}' wel exporteren: elke pagina is dan gemarkeerd als CONCEPT.",
            icon=":material/info:",
        )
    labels = {
        LATEST_FINAL: f"Laatste definitieve meting ('{final.label}')" if final is not None else "",
        CONCEPT: f"Het concept '{round_.label}' (voorlopig, met CONCEPT op elke pagina)",
    }
    choice = st.radio(
        "Rapport van",
        options=options,
        format_func=labels.__getitem__,
        index=0 if final is not None else None,
        key=f"{key}_which",
    )
    if choice is None:
        return None, False
    return (final if choice == LATEST_FINAL else round_), True


def export_section(app: App, org: Organisation, round_: Round | None, *, key: str = "dl") -> None:
    """A compact bordered block to download the report or data of ``org`` / ``round_``.

    Reports (PDF, Word) default to the latest final round; a concept only when chosen by name.

    ``key`` prefixes every widget key (``<key>_format``, ``<key>_scope``, ``<key>_make``,
    ``<key>_download``, ``<key>_save``), so a page can hold more than one block.
    """
    with st.container(border=True, key=f"{key}_section"):
        st.header("Rapport downloaden", anchor=False)
        formats = list(reports.FORMATS) if round_ is not None else list(reports.DATA_FORMATS)
        if round_ is None:
            st.caption(f"{org.name} heeft nog geen meting: er is nog geen rapport, alleen het verbeterplan als data.")
        if st.session_state.get(f"{key}_format") not in formats:
            st.session_state.pop(f"{key}_format", None)
        fmt = st.segmented_control(
            "Formaat",
            options=formats,
            format_func=lambda f: FORMAT_LABELS[f],
            default=formats[0],
            required=True,
            key=f"{key}_format",
        )
        fmt = fmt or formats[0]
        page_round = round_
        round_, ready = report_round(app, org, page_round, fmt, key)
        st.caption(format_description(fmt, org, round_ if round_ is not None else page_round))
        if round_ is not None and not round_.is_final and fmt in reports.ROUND_FORMATS:
            st.warning(
                f"{round_.label} is nog een concept: het rapport is **voorlopig** en elke pagina is gemarkeerd "
                "als CONCEPT. Cijfers kunnen nog veranderen tot de meting is afgerond.",
                icon=":material/edit_note:",
            )

        scope = ALL_ROUNDS
        if fmt in reports.DATA_FORMATS and round_ is not None and len(assessment.list_rounds(app, org.id)) > 1:
            scope = st.radio(
                "Metingen",
                options=[ALL_ROUNDS, THIS_ROUND],
                format_func=lambda s: "Alle metingen" if s == ALL_ROUNDS else f"Alleen '{round_.label}'",
                horizontal=True,
                key=f"{key}_scope",
            )

        round_id = round_.id if round_ is not None else None
        found = None
        if st.session_state.get(STATE_KEY, {}).get(fmt) is not None:  # fingerprint only when there is a file
            found = stored_file(org.slug, round_id, fmt, scope, data_version(app, org))

        with st.container(horizontal=True, vertical_alignment="center"):
            if found is None:
                st.button(
                    "Maak bestand",
                    key=f"{key}_make",
                    icon=FORMAT_ICONS[fmt],
                    type="primary",
                    disabled=not ready,
                    on_click=_make,
                    args=(app, org, round_, fmt, scope, key),
                )
            else:
                sensitive.download_button(  # generated on click, only for this session (issue 13)
                    f"Download {FORMAT_LABELS[fmt]}",
                    data=found.data,
                    file_name=found.name,
                    mime=reports.MEDIA_TYPES[fmt],
                    key=f"{key}_download",
                    icon=":material/download:",
                    type="primary",
                )
            if app.settings.mode == "local":
                st.button(
                    "Opslaan op deze computer",
                    key=f"{key}_save",
                    icon=":material/save:",
                    disabled=not ready,
                    help="Bewaart het bestand ook op deze computer, in de map voor rapporten van Voordeurcheck.",
                    on_click=_save,
                    args=(app, org, round_, fmt, scope, key),
                )
        if found is not None:
            st.caption(f"{found.name} · {size_text(len(found.data))}")
        show_flash(key)
    board_section(app, org, page_round, key=f"{key}_bv")


BOARD_LABELS = {"pdf": "PDF", "docx": "Word", "pptx": "PowerPoint (één dia)"}
BOARD_ICONS = {"pdf": ":material/picture_as_pdf:", "docx": ":material/description:", "pptx": ":material/slideshow:"}


def _board_bytes(app: App, slug: str, fmt: str, round_label: str) -> bytes:
    return board.render_board(app, slug, fmt, round_label)[1]


def board_section(app: App, org: Organisation, round_: Round | None, *, key: str = "bv") -> None:
    """The bestuursvoorstel on its own (one page; PDF, Word, or one PowerPoint slide) of the
    page's round when it is final, else of the latest final round. Each file is made when
    its button is pressed (issue 13: generated on click)."""
    target = round_ if round_ is not None and round_.is_final else assessment.latest_final_round(app, org.id)
    with st.container(border=True, key=f"{key}_section"):
        st.subheader("Bestuursvoorstel", anchor=False)
        if target is None:
            st.caption(f"{org.name} heeft nog geen definitieve meting: er is nog geen bestuursvoorstel.")
            return
        st.caption(
            f"Eén pagina over '{target.label}' voor het bestuur: het antwoord, wat er veranderde en waarom, de "
            "besluiten die worden gevraagd en wat er gebeurt als het bestuur niet besluit. Ook als één dia."
        )
        with st.container(horizontal=True):
            for fmt, label in BOARD_LABELS.items():
                sensitive.download_button(
                    label,
                    data=functools.partial(_board_bytes, app, org.slug, fmt, target.label),
                    file_name=board.file_name(org.slug, target.label, fmt),
                    mime=board.MEDIA_TYPES[fmt],
                    key=f"{key}_{fmt}",
                    icon=BOARD_ICONS[fmt],
                )
