"""One Dutch word for each idea Voordeurcheck names: the glossary of the pages and reports.

Every page, chart and export takes its words for these ideas from here, so a director
reads the same word on the screen, in the PDF and in Excel. The words chosen, and the
ones that lost (never use them for the same idea):

=====================  ====================  ==========================================
idea                   word                  not
=====================  ====================  ==========================================
round                  meting / metingen     ronde, peiling
target date            streefdatum           deadline, einddatum, uiterste datum
target level           streefniveau          doel, doelniveau, norm
overdue                over tijd             verlopen, te laat, achterstallig
dropped action         geschrapt             vervallen (reads like "verlopen")
owner of an action     eigenaar              verantwoordelijke, trekker
draft / final round    concept / definitief  voorlopig (as a status), afgesloten
=====================  ====================  ==========================================

Pure: the standard library and the domain models only.
"""

from __future__ import annotations

from readiness.models import ActionStatus, Priority, RoundStatus

# --------------------------------------------------------------------------- nouns

ROUND = "meting"
ROUNDS = "metingen"
TARGET_DATE = "streefdatum"
TARGET_LEVEL = "streefniveau"
OVERDUE = "over tijd"
OWNER = "eigenaar"
PHASE = "fase"
SECTION = "onderdeel"
QUESTION = "vraag"
STATUS = "status"
PRIORITY_WORD = "prioriteit"
DONT_KNOW = "weet ik niet"
NOT_APPLICABLE = "niet van toepassing"


def cap(word: str) -> str:
    """The word with a capital first letter, for a heading or column: ``streefdatum`` -> ``Streefdatum``."""
    return word[:1].upper() + word[1:]


# --------------------------------------------------------------------------- statuses

ROUND_STATUS: dict[RoundStatus, str] = {RoundStatus.DRAFT: "Concept", RoundStatus.FINAL: "Definitief"}

#: Improvement-action statuses in life-cycle order. (The stored value of DROPPED is still
#: ``vervallen``, as in older exports; people read "Geschrapt".)
ACTION_STATUS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "Gepland",
    ActionStatus.IN_PROGRESS: "Bezig",
    ActionStatus.DONE: "Gereed",
    ActionStatus.DROPPED: "Geschrapt",
}

PRIORITY: dict[Priority, str] = {Priority.HIGH: "Hoog", Priority.MEDIUM: "Middel", Priority.LOW: "Laag"}

#: The actions that still need work (gepland and bezig) taken together, in the words of
#: the statuses themselves: Voortgang counts them, Verbeterplan shows them one by one.
OPEN_ACTIONS = f"{ACTION_STATUS[ActionStatus.PLANNED]} of {ACTION_STATUS[ActionStatus.IN_PROGRESS].lower()}"


# --------------------------------------------------------------------------- short phrases


def overdue_count(n: int) -> str:
    """``1 actie is over tijd`` / ``3 acties zijn over tijd``."""
    return f"{n} {'actie is' if n == 1 else 'acties zijn'} {OVERDUE}"


def rounds_count(n: int) -> str:
    """``1 meting`` / ``2 metingen``."""
    return f"{n} {ROUND if n == 1 else ROUNDS}"


# --------------------------------------------------------------------------- a concept's progress

#: The tile and column of a concept's progress (readiness.scoring.answer_progress).
PROGRESS_LABEL = "Antwoorden voor een score"
PROGRESS_HELP = (
    "Per vraag zijn minstens 2 antwoorden met een score of 'n.v.t.' nodig voor een score; "
    "'weet ik niet' en extra antwoorden tellen hier niet mee."
)


def progress_sentence(progress) -> str:
    """The sentence under the tile, from the same count (an AnswerProgress):
    ``"34 van de 40 antwoorden die nodig zijn voor een score zijn er; er zijn er nog 6 nodig."``"""
    if progress.remaining <= 0:
        return f"Alle {progress.needed} antwoorden die nodig zijn voor een score zijn er."
    return (
        f"{progress.given} van de {progress.needed} antwoorden die nodig zijn voor een score zijn er; "
        f"er {'is' if progress.remaining == 1 else 'zijn'} er nog {progress.remaining} nodig."
    )
