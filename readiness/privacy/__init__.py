"""Privacy guard for free-text fields.

Voordeurcheck stores *organisational* self-assessments only. The handreiking
"Signaleren achter de voordeur" (Kadera, 2018; chapter "Privacy en het delen van
signalen", p. 10) is explicit that a housing corporation has no legal basis to
record signals of domestic violence or child abuse about tenants. Every free-text
field (answer notes, improvement actions, owner function, round labels) therefore
passes :func:`check_free_text`, which refuses text containing *obvious* personal
data, and, before that, text holding an invisible control character such as NUL
(:mod:`.characters`), which no reader sees and PostgreSQL cannot store.

The text is first read as a person reads it (:mod:`.normalise`: Unicode NFKC,
invisible format characters removed, Cyrillic/Greek look-alike letters and dash
variants folded, an underscore between digits read as a dash), so "jansen＠gmail．com",
"06–12345678" or ".cоm" with a Cyrillic "о" are what they look like. Findings point
into the text as written.

What is detected (one compiled regex per kind, plus a validator where needed), by
responsibility in the modules of this package:

* ``email``          e-mail addresses, also obfuscated ones ("j.jansen [at] gmail
                     [dot] com", "(at)", "apenstaartje", " at ", "punt")
                     (:mod:`.contact`);
* ``phone``          Dutch phone numbers (06-12345678, 020-1234567, +31 6 ...,
                     0031 ...), with any grouping of the digits by spaces, dots or
                     dashes, and other international numbers written with "+"
                     (:mod:`.contact`);
* ``postcode``       Dutch postcodes ("1234 AB", "1234AB", "1234ab"), optionally
                     with a house number ("1234 AB 12", "1234ab, nr 5") (:mod:`.places`);
* ``address``        street + house number ("Kerkstraat 12") (:mod:`.places`);
* ``bsn``            9-digit (or 8-digit, leading zero dropped) numbers that pass
                     the elfproef, also written as 123.456.782, 1234.56.782 or with
                     any other grouping by spaces, dots or dashes; single digits
                     separated by spaces only with a word such as "BSN" before them
                     (:mod:`.numbers`);
* ``date_of_birth``  any date right after "geboren", "geb.", "geboortedatum", ...; and
                     old full dates whose sentence points to a person or a case
                     (see below) (:mod:`.dates`);
* ``iban``           IBAN account numbers that pass the mod-97 check (:mod:`.numbers`).

What deliberately passes (legitimate organisational text):

* years, amounts, percentages, version numbers, article numbers, scores
  ("In 2026 willen we 80% van de 1.200 medewerkers trainen", "€ 12.500",
  "versie 2.1", "artikel 5:12 Woningwet", "3 van de 4 teams", "scores 3 3 2 4 1 0 2 3 4");
* "at" and "punt" as ordinary words ("De huurder at niet. De ...", "een belangrijk punt",
  "Safe at Home"): a spelled-out "at" only counts between two names ending in a common
  top-level domain;
* recent and future dates: action due dates and meeting dates are organisational
  content ("Deadline 01-03-2026"); month + year ("juni 2014") always passes;
* old full dates whose sentence points to no person or case: "Datum 21.09.1979 staat op
  het formulier." passes, "Mevrouw woont sinds 12-03-1985 in de flat." does not (the rule,
  with the words that point to a person or a case, is in :mod:`readiness.privacy.dates`);
* public service numbers of organisations (0800 / 0900 / 0906 / 0909), such as
  Veilig Thuis 0800-2000, which the handreiking itself tells staff to call;
* numbers labelled as KvK or RSIN numbers (organisation registration numbers,
  the RSIN uses the same elfproef as the BSN);
* four digits followed by a unit ("2048 MB", "1000km") unless a house number follows.

The guard cannot recognise names or descriptions of situations; it catches the
obvious cases only. :data:`PRIVACY_NOTICE` tells users the rest is up to them.

This package is pure: standard library only. Its public API is this module.
"""

from __future__ import annotations

import bisect
import datetime as dt

from readiness.privacy.base import DOB_MAX_AGE_YEARS, DOB_MIN_AGE_YEARS, LABELS, Finding
from readiness.privacy.characters import BadCharacter, bad_characters, describe
from readiness.privacy.contact import find_emails, find_phones
from readiness.privacy.dates import date_matches, find_birth_dates, find_word_dates
from readiness.privacy.normalise import Normalised, normalise
from readiness.privacy.numbers import find_bsns, find_ibans, passes_elfproef, passes_iban_check
from readiness.privacy.places import find_postcodes, find_streets

__all__ = [
    "DOB_MAX_AGE_YEARS",
    "DOB_MIN_AGE_YEARS",
    "LABELS",
    "PRIVACY_NOTICE",
    "ControlCharacterError",
    "Finding",
    "FreeTextError",
    "PersonalDataError",
    "bad_characters",
    "check_free_text",
    "find_personal_data",
    "normalise",
    "passes_elfproef",
    "passes_iban_check",
]

PRIVACY_NOTICE = (
    "Let op: schrijf hier alleen over de organisatie, zoals werkwijze, afspraken en "
    "functies. Noteer nooit namen, adressen, telefoonnummers, geboortedata, BSN's of "
    "andere gegevens van huurders (of van medewerkers): een corporatie heeft geen "
    "grondslag om signalen over huurders vast te leggen. Tekst met herkenbare "
    "persoonsgegevens wordt geweigerd, maar de controle vangt alleen de duidelijke "
    "gevallen; beschrijf situaties daarom altijd in algemene termen."
)


class FreeTextError(ValueError):
    """Raised by :func:`check_free_text` when a field's text cannot be stored: a
    ``ValueError`` (so pydantic validators and every caller that shows a ``ValueError``
    in Dutch handle it), with ``field``, the field's display name."""

    field: str


class ControlCharacterError(FreeTextError):
    """The text holds an invisible control character (NUL, ESC, a C1 control, ...):
    :mod:`.characters`. ``characters`` says which and where."""

    def __init__(self, field: str, characters: list[BadCharacter]) -> None:
        self.field = field
        self.characters = list(characters)
        super().__init__(
            f"Het veld '{field}' {describe(self.characters)}. Zulke tekens zijn onzichtbaar en horen niet in "
            "tekst (ze komen meestal mee bij kopiëren en plakken); haal ze weg of typ de tekst opnieuw. "
            "Er is niets van deze tekst opgeslagen."
        )


class PersonalDataError(FreeTextError):
    """Raised by :func:`check_free_text` when a field contains personal data.

    Subclasses ``ValueError`` so pydantic validators turn it into a normal
    validation error. ``field`` is the field's display name, ``findings`` what
    was found.
    """

    def __init__(self, field: str, findings: list[Finding]) -> None:
        self.field = field
        self.findings = list(findings)
        super().__init__(_error_message(field, self.findings))


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the longest finding where several overlap (e.g. a BSN inside a phone number)."""
    kept: list[Finding] = []  # by start; they do not overlap, so their ends rise too
    for f in sorted(findings, key=lambda f: (-(f.end - f.start), f.start)):
        i = bisect.bisect_left(kept, f.start, key=lambda k: k.start)
        if (i == 0 or kept[i - 1].end <= f.start) and (i == len(kept) or f.end <= kept[i].start):
            kept.insert(i, f)
    return kept


def find_personal_data(text: str, *, today: dt.date | None = None) -> list[Finding]:
    """Return probable personal data in ``text``, ordered by position.

    ``today`` (default: the current date) decides which dates are old enough to be
    a date of birth; pass it for reproducible results.
    """
    if not text:
        return []
    today = today or dt.date.today()
    plain = normalise(text)  # as a reader sees it: NFKC, no invisible characters, no look-alikes
    dates = list(date_matches(plain, today))
    date_spans = [(m.start(), m.end()) for m, _ in dates]
    findings = [
        *find_emails(plain),
        *find_ibans(plain),
        *find_phones(plain, date_spans),
        *find_postcodes(plain),
        *find_streets(plain),
        *find_bsns(plain, date_spans),
        *find_birth_dates(plain, dates, today),
        *find_word_dates(plain, today),
    ]
    return [_in_original(plain, f) for f in _drop_overlaps(findings)]


def _in_original(plain: Normalised, finding: Finding) -> Finding:
    """A finding on the normalised text, with ``start``/``end`` in the text as written."""
    start, end = plain.to_original(finding.start, finding.end)
    return Finding(finding.kind, finding.label, start, end, finding.excerpt)


def _error_message(field: str, findings: list[Finding]) -> str:
    """The Dutch explanation shown to the user; only masked excerpts appear in it."""
    shown = [f"{f.label}: {f.excerpt}" for f in findings[:5]]
    if len(findings) > 5:
        shown.append(f"en nog {len(findings) - 5}")
    message = (
        f"Het veld '{field}' lijkt persoonsgegevens te bevatten ({'; '.join(shown)}). "
        "Voordeurcheck slaat alleen gegevens over de organisatie op, nooit over huurders: "
        "een corporatie heeft geen grondslag om signalen over huurders vast te leggen "
        "(handreiking, Privacy p. 10). Haal de gegevens weg en beschrijf de situatie in algemene termen."
    )
    if any(f.kind == "date_of_birth" for f in findings):
        message += (
            " Een volledige datum van 10 of meer jaar geleden wordt alleen geweigerd als de zin naar een "
            "persoon of een casus wijst (zoals 'geboren', 'leeftijd', 'mevrouw', 'huurder', 'gezin', 'melding', "
            "voorletters met een achternaam of een naam naast de datum); een datum direct na 'geboren' of "
            "'geb.' altijd. Gaat het om een datum van de organisatie, schrijf die dan in een zin zonder "
            "zulke woorden, of noteer alleen maand en jaar."
        )
    return message


def check_free_text(text: str | None, field: str, *, today: dt.date | None = None) -> None:
    """Refuse ``text`` for the field named ``field`` if it cannot be stored: the one check
    every free-text field passes (app, command line and imports), before anything is written.

    Raises :class:`ControlCharacterError` when the text holds an invisible control
    character (:mod:`.characters`), and :class:`PersonalDataError` when it contains
    personal data; both are a :class:`FreeTextError` (a ``ValueError``) with a Dutch
    message that names the field and says what is wrong (personal data masked). Empty
    or ``None`` text is fine.
    """
    if not text:
        return
    if bad := bad_characters(text):
        raise ControlCharacterError(field, bad)
    findings = find_personal_data(text, today=today)
    if findings:
        raise PersonalDataError(field, findings)
