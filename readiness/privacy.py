"""Privacy guard for free-text fields.

Voordeurcheck stores *organisational* self-assessments only. The handreiking
"Signaleren achter de voordeur" (Kadera, 2018; chapter "Privacy en het delen van
signalen", p. 10) is explicit that a housing corporation has no legal basis to
record signals of domestic violence or child abuse about tenants. Every free-text
field (answer notes, improvement actions, owner function, round labels) therefore
passes :func:`check_free_text`, which refuses text containing *obvious* personal
data.

What is detected (one compiled regex per kind, plus a validator where needed):

* ``email``          e-mail addresses;
* ``phone``          Dutch phone numbers (06-12345678, 020-1234567, +31 6 ...,
                     0031 ...) and other international numbers written with "+";
* ``postcode``       Dutch postcodes ("1234 AB", "1234AB", "1234ab"), optionally
                     with a house number ("1234 AB 12", "1234ab, nr 5");
* ``address``        street + house number ("Kerkstraat 12");
* ``bsn``            9-digit (or 8-digit, leading zero dropped) numbers that pass
                     the elfproef, also written as 123.456.782 or 1234.56.782;
* ``date_of_birth``  any date right after "geboren", "geb.", "geboortedatum", ...;
                     and full calendar dates at least 10 years in the past, unless
                     the words around them say what the date is (see below);
* ``iban``           IBAN account numbers that pass the mod-97 check.

What deliberately passes (legitimate organisational text):

* years, amounts, percentages, version numbers, article numbers
  ("In 2026 willen we 80% van de 1.200 medewerkers trainen", "€ 12.500",
  "versie 2.1", "artikel 5:12 Woningwet");
* recent and future dates: action due dates and meeting dates are organisational
  content ("Deadline 01-03-2026"); month + year ("juni 2014") always passes;
* old full dates that the same sentence says are the organisation's: a word such as
  "vastgesteld", "besluit", "sinds", "per", "ingangsdatum", "vergadering", "convenant"
  or "protocol" before or after it ("Beleid vastgesteld 12-03-2012", "sinds 1 mei
  2014", "op 12-03-2012 ondertekend"). Such a date is still refused when the sentence
  points to a person: "leeftijd", "jarig", "overleden", a title ("mevrouw", "dhr."), "zoon",
  "dochter", initials with a surname ("J. de Vries"), or a name right next to the date
  ("Jan Jansen 12-03-1985"). A bare old date ("Datum 21.09.1979") is refused as before.
* public service numbers of organisations (0800 / 0900 / 0906 / 0909), such as
  Veilig Thuis 0800-2000, which the handreiking itself tells staff to call;
* numbers labelled as KvK or RSIN numbers (organisation registration numbers,
  the RSIN uses the same elfproef as the BSN);
* four digits followed by a unit ("2048 MB", "1000km") unless a house number follows.

The guard cannot recognise names or descriptions of situations; it catches the
obvious cases only. :data:`PRIVACY_NOTICE` tells users the rest is up to them.

This module is pure: standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = [
    "PRIVACY_NOTICE",
    "Finding",
    "PersonalDataError",
    "check_free_text",
    "find_personal_data",
]

PRIVACY_NOTICE = (
    "Let op: schrijf hier alleen over de organisatie, zoals werkwijze, afspraken en "
    "functies. Noteer nooit namen, adressen, telefoonnummers, geboortedata, BSN's of "
    "andere gegevens van huurders (of van medewerkers): een corporatie heeft geen "
    "grondslag om signalen over huurders vast te leggen. Tekst met herkenbare "
    "persoonsgegevens wordt geweigerd, maar de controle vangt alleen de duidelijke "
    "gevallen; beschrijf situaties daarom altijd in algemene termen."
)

#: Dutch labels per kind, used in findings and error messages.
LABELS: dict[str, str] = {
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "postcode": "postcode",
    "address": "adres (straat en huisnummer)",
    "bsn": "burgerservicenummer (BSN)",
    "date_of_birth": "mogelijke geboortedatum",
    "iban": "rekeningnummer (IBAN)",
}
_POSTCODE_WITH_NUMBER_LABEL = "adres (postcode en huisnummer)"

#: A full date at least this many years ago may be someone's date of birth.
DOB_MIN_AGE_YEARS = 10
#: ... but dates further back than this are historical (e.g. a founding date).
DOB_MAX_AGE_YEARS = 110


@dataclass(frozen=True)
class Finding:
    """One piece of probable personal data found in a text.

    ``start``/``end`` index into the checked text; ``excerpt`` is the matched text
    with most characters replaced by ``*`` so it can be shown back safely.
    """

    kind: str
    label: str
    start: int
    end: int
    excerpt: str


class PersonalDataError(ValueError):
    """Raised by :func:`check_free_text` when a field contains personal data.

    Subclasses ``ValueError`` so pydantic validators turn it into a normal
    validation error. ``field`` is the field's display name, ``findings`` what
    was found.
    """

    def __init__(self, field: str, findings: list[Finding]) -> None:
        self.field = field
        self.findings = list(findings)
        super().__init__(_error_message(field, self.findings))


# --------------------------------------------------------------------------- masking


def _mask(value: str, keep_start: int = 0, keep_end: int = 0, *, only_digits: bool = False) -> str:
    """Replace characters of ``value`` by ``*``, keeping a few at both ends.

    Only letters/digits (or only digits) are masked; separators stay so the user
    can still recognise the shape. At least a third of the maskable characters
    (and at least one) is always masked, so an excerpt never reveals the full value.
    """
    maskable = [i for i, ch in enumerate(value) if (ch.isdigit() if only_digits else ch.isalnum())]
    n = len(maskable)
    min_hidden = max(1, -(-n // 3))  # at least a third, and at least one character
    while keep_start + keep_end > n - min_hidden and (keep_start or keep_end):
        if keep_start >= keep_end:
            keep_start -= 1
        else:
            keep_end -= 1
    hidden = set(maskable[keep_start : n - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def _mask_email(value: str) -> str:
    """``jan.jansen@voorbeeld.nl`` -> ``j***@***.nl``."""
    local, _, domain = value.partition("@")
    tld = domain.rsplit(".", 1)[-1]
    return f"{local[:1]}***@***.{tld}"


# --------------------------------------------------------------------------- scanning helpers


def _scan(pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]) -> Iterator[re.Match[str]]:
    """Yield matches of ``pattern`` that ``accept`` approves.

    Unlike ``finditer``, a rejected candidate does not swallow its span: the
    search resumes one character after its start, so a real match that overlaps
    a rejected candidate is still found.
    """
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if accept(m):
            yield m
            pos = max(m.end(), m.start() + 1)
        else:
            pos = m.start() + 1


def _preceded_by(text: str, start: int, pattern: re.Pattern[str], window: int = 30) -> bool:
    """True if ``pattern`` matches at the end of the ``window`` characters before ``start``."""
    return pattern.search(text[max(0, start - window) : start]) is not None


def _digits(value: str) -> str:
    """Only the digits of ``value``."""
    return "".join(ch for ch in value if ch.isdigit())


# --------------------------------------------------------------------------- e-mail

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")


def _find_emails(text: str) -> Iterator[Finding]:
    """E-mail addresses, including functional mailboxes (they are rarely needed here)."""
    for m in _EMAIL_RE.finditer(text):
        yield Finding("email", LABELS["email"], m.start(), m.end(), _mask_email(m.group()))


# --------------------------------------------------------------------------- phone numbers

_PHONE_SEP = r"(?:\)\ ?|[ ./-])?"  # one separator between digits; ")" closes "(020)"
_PHONE_RE = re.compile(
    rf"""
    (?<![\w+/.,-])                                    # not glued to a word or number
    (?:
        (?:\+|00)31 [ .-]? (?:\(0\)[ .-]?)? [1-9] (?:[ ./-]?[0-9]){{8}}  # +31 / 0031 + 9 digits
      | \(?0[1-9] (?:{_PHONE_SEP}[0-9]){{8}}                           # 0 + 9 digits (national)
      | \+(?!31)[1-9][0-9]{{0,2}} (?:[ .-]?[0-9]){{6,12}}              # other countries, with "+"
    )
    (?![0-9])
    """,
    re.VERBOSE | re.ASCII,
)

#: Information numbers of organisations (0800 free, 090x paid): allowed.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def _find_phones(text: str, date_spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """Phone numbers; skips service numbers and digit runs that are really dates."""

    def accept(m: re.Match[str]) -> bool:
        if _digits(m.group()).startswith(_SERVICE_PREFIXES):
            return False
        # "01-03-2026 10:00" has ten digits but is a date plus a time.
        return not any(m.start() < end and start < m.end() for start, end in date_spans)

    for m in _scan(_PHONE_RE, text, accept):
        yield Finding("phone", LABELS["phone"], m.start(), m.end(), _mask(m.group(), 2, 4, only_digits=True))


# --------------------------------------------------------------------------- postcode / address

_POSTCODE_RE = re.compile(
    r"""
    (?<![\w])
    (?P<postcode> [1-9][0-9]{3} (?:\ ?[A-Z]{2} | [a-z]{2}) )          # "1234 AB", "1234AB", "1234ab"
    (?![\w])
    (?:                                                              # optional house number
        \s*,?\s* (?:(?:nr|no|huisnummer)\.?\s*)?
        (?P<number> [0-9]{1,5} (?:[ -]?[a-zA-Z](?![\w]))? )
        (?![0-9%]|[.,:][0-9])
    )?
    """,
    re.VERBOSE | re.ASCII,
)

#: Dutch postcodes never use these letter pairs.
_INVALID_POSTCODE_LETTERS = {"SA", "SD", "SS"}
#: "2048 MB", "1000km": a quantity with a unit, unless a house number follows.
_UNITS = {"KB", "MB", "GB", "TB", "KM", "CM", "MM", "DM", "KG", "MG", "ML", "CL", "DL", "KW", "MW", "GW", "PK", "HZ"}


def _find_postcodes(text: str) -> Iterator[Finding]:
    """Dutch postcodes, with the house number when one follows."""

    def accept(m: re.Match[str]) -> bool:
        letters = m.group("postcode")[-2:].upper()
        if letters in _INVALID_POSTCODE_LETTERS:
            return False
        return not (letters in _UNITS and m.group("number") is None)

    for m in _scan(_POSTCODE_RE, text, accept):
        label = _POSTCODE_WITH_NUMBER_LABEL if m.group("number") else LABELS["postcode"]
        yield Finding("postcode", label, m.start(), m.end(), _mask(m.group(), 2, 0))


_STREET_RE = re.compile(
    r"""
    (?<![\w])
    (?P<street> [A-Z][a-zà-ÿ'-]* (?:straat|laan|weg|plein|gracht|kade|singel|dreef|hof|steeg|pad) )
    \s+
    (?P<number> [0-9]{1,4} (?:[ -]?[a-zA-Z](?![\w]))? )
    (?![0-9%]|[.,:][0-9])
    """,
    re.VERBOSE,
)


def _find_streets(text: str) -> Iterator[Finding]:
    """Street name + house number ("Kerkstraat 12"); the number is masked."""
    for m in _STREET_RE.finditer(text):
        excerpt = m.group("street") + _mask(m.group()[len(m.group("street")) :], only_digits=False)
        yield Finding("address", LABELS["address"], m.start(), m.end(), excerpt)


# --------------------------------------------------------------------------- BSN

_BSN_RE = re.compile(
    r"""
    (?<![\w.,€-])
    (?: [0-9]{9}                                  # 123456782
      | [0-9]{8}                                  # 12345678 (leading zero dropped)
      | [0-9]{3} (?P<s1>[. ]) [0-9]{3} (?P=s1) [0-9]{3}   # 123.456.782 / 123 456 782
      | [0-9]{4} (?P<s2>[. ]) [0-9]{2} (?P=s2) [0-9]{3}   # 1234.56.782 (passport style)
    )
    (?![\w]|[.,][0-9])
    """,
    re.VERBOSE | re.ASCII,
)

_ORG_NUMBER_CONTEXT = re.compile(
    r"\b(kvk|rsin|kamer van koophandel)(-?nummer|-?nr\.?)?[\s:.]*(is\s*)?$", re.IGNORECASE
)
_CURRENCY_CONTEXT = re.compile(r"(€|\beur\b|\beuro\b)\.?\s*$", re.IGNORECASE)


def passes_elfproef(number: str) -> bool:
    """The BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11.

    Accepts 8 or 9 digits (8 digits get a leading zero); all zeros never pass.
    """
    digits = _digits(number)
    if len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    if int(digits) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def _find_bsns(text: str) -> Iterator[Finding]:
    """BSN-like numbers passing the elfproef; KvK/RSIN numbers and amounts are skipped."""

    def accept(m: re.Match[str]) -> bool:
        if _preceded_by(text, m.start(), _ORG_NUMBER_CONTEXT) or _preceded_by(text, m.start(), _CURRENCY_CONTEXT):
            return False
        return passes_elfproef(m.group())

    for m in _scan(_BSN_RE, text, accept):
        yield Finding("bsn", LABELS["bsn"], m.start(), m.end(), _mask(m.group(), 0, 2))


# --------------------------------------------------------------------------- dates of birth

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_DATE_RE = re.compile(
    r"""
    (?<![0-9][.,])(?<![\w/-])
    (?:
        (?P<d1>[0-9]{1,2}) (?P<s1>[-/.]) (?P<m1>[0-9]{1,2}) (?P=s1) (?P<y1>[0-9]{4}|[0-9]{2})   # 12-03-1985
      | (?P<y2>[0-9]{4}) (?P<s2>[-/]) (?P<m2>[0-9]{1,2}) (?P=s2) (?P<d2>[0-9]{1,2})             # 1985-03-12
      | (?P<d3>[0-9]{1,2}) \s+ (?P<m3>[a-z]{3,9}) \.? \s+ (?P<y3>[0-9]{4}|'[0-9]{2})         # 12 maart 1985
    )
    (?![0-9]|[.,/-][0-9])
    """,
    re.VERBOSE | re.ASCII | re.IGNORECASE,
)

_DOB_CONTEXT = re.compile(
    r"\b(geboren|geb\.?|geboortedatum|geb\.?\s*datum|geboortedag|d\.?o\.?b\.?|date of birth)"
    r"[\s:,.]*(op|in|is|per)?[\s:,.]*$",
    re.IGNORECASE,
)


def _parse_date(m: re.Match[str], today: dt.date) -> dt.date | None:
    """Turn a date-shaped match into a real calendar date, or None."""
    if m.group("y1"):
        day, month, year = m.group("d1"), int(m.group("m1")), m.group("y1")
    elif m.group("y2"):
        day, month, year = m.group("d2"), int(m.group("m2")), m.group("y2")
    else:
        month_number = _MONTHS.get(m.group("m3").lower())
        if month_number is None:
            return None
        day, month, year = m.group("d3"), month_number, m.group("y3").lstrip("'")
    if len(year) == 2:  # two-digit year: the most recent one not in the future
        century = today.year // 100 * 100
        year_number = century + int(year) if century + int(year) <= today.year else century - 100 + int(year)
    else:
        year_number = int(year)
    try:
        return dt.date(year_number, month, int(day))
    except ValueError:
        return None


def _date_matches(text: str, today: dt.date) -> Iterator[tuple[re.Match[str], dt.date]]:
    """All real calendar dates in ``text`` with their parsed value."""
    for m in _DATE_RE.finditer(text):
        date = _parse_date(m, today)
        if date is not None:
            yield m, date


#: Words that say an old date is the organisation's (a decision, a start, a meeting).
_ORG_DATE_CONTEXT = re.compile(
    r"(?<!\w)(?:"
    r"vastgesteld\w*|vaststelling|\w*besluit\w*|besloten|goedgekeurd|ondertekend|getekend|"
    r"sinds|per|vanaf|ingangsdatum|ingegaan|ingaande|in\s+werking|ingevoerd|invoering|"
    r"vergader\w*|\w*overleg|notulen|bijeenkomst|convenant|\w*protocol\w*|meldcode|"
    r"\w*beleid\w*|\w*plan|opgericht|oprichting|statuten|ge[eë]valueerd|evaluatie|"
    r"herzien\w*|herziening|gewijzigd|geactualiseerd|versie"
    r")(?!\w)",
    re.IGNORECASE,
)

#: Words that point to a person: with one of these, an old date is never accepted.
_PERSON_CONTEXT = re.compile(
    r"(?<!\w)(?:geboren|geb\.|geboorte\w*|leeftijd|jarig|overleden|jaar\s+oud|"
    r"mevrouw|mevr\.?|mw\.?|meneer|dhr\.?|de\s+heer|zoon|dochter|baby)(?!\w)",
    re.IGNORECASE,
)

_PARTICLES = r"(?:van|de|der|den|ter|ten|te|het|'t|op|in)"
_NAME_WORD = r"[A-Z][a-zà-ÿ'-]+"
#: Initials with a surname ("J. de Vries", "A.B. Jansen"): a name anywhere in the sentence.
_INITIALS_NAME = re.compile(rf"(?<![\w.])(?:[A-Z]\.\s?)+(?:{_PARTICLES}\s+)*{_NAME_WORD}")
#: Two or more capitalised words ("Jan Jansen", "Piet van Dijk"): a name when next to the date.
_NAME_BEFORE = re.compile(rf"(?<![\w.])(?P<name>{_NAME_WORD}(?:\s+{_PARTICLES})*\s+{_NAME_WORD})[\s,:(]*$")
_NAME_AFTER = re.compile(rf"^[\s,:)(]*(?P<name>{_NAME_WORD}(?:\s+{_PARTICLES})*\s+{_NAME_WORD})(?!\w)")
#: Capitalised words that are not names: organisational nouns, sentence openers, months.
_NOT_NAMES = {
    "raad", "bestuur", "toezicht", "directie", "college", "gemeente", "veilig", "thuis",
    "huurdersvereniging", "huurdersraad", "ondernemingsraad", "team", "wijkteam", "afdeling",
    "huiselijk", "geweld", "kindermishandeling", "aanpak", "signaleren", "voordeur",
    "handreiking", "werkgroep", "stuurgroep", "netwerk", "regio",
    "de", "het", "een", "in", "op", "per", "sinds", "vanaf", "tot", "na", "voor", "bij", "met",
    "zie", "datum", "dag", "week", "maand", "jaar", "versie", "stap", "fase",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",  # not the abbreviations: "Jan" is a name
}  # fmt: skip
#: "." that ends a word such as "geb." or "J." is no sentence end.
_ABBREVIATIONS = {"geb", "mw", "mevr", "dhr", "dr", "mr", "ca", "bijv", "nr", "st", "jl", "d.d"}
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")  # "J", "A.B" (the last "." is the one found)


def _sentence_around(text: str, start: int, end: int, window: int = 60) -> tuple[str, str]:
    """The words before and after ``text[start:end]`` in the same sentence, at most
    ``window`` characters each way. A sentence ends at ";", "!", "?", a line break,
    or a "." followed by a capital, unless the "." closes an initial or an abbreviation."""

    def ends(part: str) -> list[int]:
        found = []
        for m in re.finditer(r"[;!?\n]|\.(?=\s+[A-Z])", part):
            if m.group() == ".":
                word = re.search(r"(\S+)$", part[: m.start()])
                if word and (_INITIALS.fullmatch(word.group(1)) or word.group(1).lower() in _ABBREVIATIONS):
                    continue
            found.append(m.end())
        return found

    before = text[max(0, start - window) : start]
    cuts = ends(before)
    if cuts:
        before = before[cuts[-1] :]
    after = text[end : end + window]
    cuts = ends(after)
    if cuts:
        after = after[: cuts[0]]
    return before, after


def _is_name(candidate: str) -> bool:
    words = [w for w in candidate.split() if w[:1].isupper()]
    return len(words) >= 2 and not any(
        w.lower() in _NOT_NAMES or _ORG_DATE_CONTEXT.fullmatch(w) for w in (w.strip(",:()") for w in words)
    )


def _points_to_a_person(before: str, after: str) -> bool:
    """A person word or initials with a surname in the sentence, or a name next to the date."""
    sentence = f"{before} {after}"
    if _PERSON_CONTEXT.search(sentence) or _INITIALS_NAME.search(sentence):
        return True
    name = _NAME_BEFORE.search(before) or _NAME_AFTER.search(after)
    return name is not None and _is_name(name.group("name"))


def _is_possible_birth_date(text: str, m: re.Match[str], date: dt.date, today: dt.date) -> bool:
    """A date right after "geboren"/"geb."/... (not in the future), or an old full date
    that its sentence does not explain as the organisation's.

    Two-digit years only count with such a word; a bare "12-03-85" is too ambiguous.
    Old means: at least ``DOB_MIN_AGE_YEARS`` and at most ``DOB_MAX_AGE_YEARS`` ago.
    An old date is accepted when a word around it says what it is ("vastgesteld",
    "besluit", "sinds", ...: :data:`_ORG_DATE_CONTEXT`), unless the sentence points to a
    person (:func:`_points_to_a_person`); then it is refused as before.
    """
    if _preceded_by(text, m.start(), _DOB_CONTEXT):
        return date <= today
    year = m.group("y1") or m.group("y2") or m.group("y3")
    if len(year.lstrip("'")) != 4:
        return False
    if not today.year - DOB_MAX_AGE_YEARS <= date.year <= today.year - DOB_MIN_AGE_YEARS:
        return False
    before, after = _sentence_around(text, m.start(), m.end())
    if _points_to_a_person(before, after):
        return True
    return not (_ORG_DATE_CONTEXT.search(before) or _ORG_DATE_CONTEXT.search(after))


def _mask_date(m: re.Match[str]) -> str:
    """Mask day and month, keep the year: ``12-03-1985`` -> ``**-**-1985``."""
    year_group = next(g for g in ("y1", "y2", "y3") if m.group(g))
    year_start, year_end = m.span(year_group)
    return "".join(
        ch if year_start <= m.start() + i < year_end or not ch.isalnum() else "*" for i, ch in enumerate(m.group())
    )


def _find_birth_dates(text: str, dates: list[tuple[re.Match[str], dt.date]], today: dt.date) -> Iterator[Finding]:
    """Dates that may be someone's date of birth (see :func:`_is_possible_birth_date`)."""
    for m, date in dates:
        if _is_possible_birth_date(text, m, date, today):
            yield Finding("date_of_birth", LABELS["date_of_birth"], m.start(), m.end(), _mask_date(m))


# --------------------------------------------------------------------------- IBAN

_IBAN_RE = re.compile(
    r"""
    (?<![\w])
    (?: NL[0-9]{2} \ ? [A-Z]{4} (?:\ ?[0-9]){10}              # NL91 ABNA 0417 1643 00
      | [A-Z]{2}[0-9]{2} [A-Z0-9]{11,30}                      # compact, any country
      | [A-Z]{2}[0-9]{2} (?:\ [A-Z0-9]{4}){2,7} (?:\ [A-Z0-9]{1,3})?   # grouped by four
    )
    (?![\w])
    """,
    re.VERBOSE | re.ASCII,
)


def passes_iban_check(value: str) -> bool:
    """ISO 13616 mod-97 check: move the first four characters to the end,
    letters become 10..35, and the resulting number mod 97 must be 1."""
    compact = value.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _find_ibans(text: str) -> Iterator[Finding]:
    """IBANs (Dutch and other countries) that pass the mod-97 check."""
    for m in _scan(_IBAN_RE, text, lambda m: passes_iban_check(m.group())):
        yield Finding("iban", LABELS["iban"], m.start(), m.end(), _mask(m.group(), 2, 3))


# --------------------------------------------------------------------------- public API


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the longest finding where several overlap (e.g. a BSN inside a phone number)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def find_personal_data(text: str, *, today: dt.date | None = None) -> list[Finding]:
    """Return probable personal data in ``text``, ordered by position.

    ``today`` (default: the current date) decides which dates are old enough to be
    a date of birth; pass it for reproducible results.
    """
    if not text:
        return []
    today = today or dt.date.today()
    dates = list(_date_matches(text, today))
    date_spans = [(m.start(), m.end()) for m, _ in dates]
    findings = [
        *_find_emails(text),
        *_find_ibans(text),
        *_find_phones(text, date_spans),
        *_find_postcodes(text),
        *_find_streets(text),
        *_find_bsns(text),
        *_find_birth_dates(text, dates, today),
    ]
    return _drop_overlaps(findings)


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
            " Een volledige datum van 10 of meer jaar geleden kan een geboortedatum zijn, en een "
            "datum bij 'geboren', 'leeftijd', een aanspreekvorm of een naam wordt altijd geweigerd. "
            "Gaat het om een datum van de organisatie, zeg dan in dezelfde zin waar de datum over "
            "gaat (bijvoorbeeld 'beleid vastgesteld op …', 'besluit van …' of 'sinds …'), "
            "of noteer alleen maand en jaar."
        )
    return message


def check_free_text(text: str | None, field: str, *, today: dt.date | None = None) -> None:
    """Refuse ``text`` for the field named ``field`` if it contains personal data.

    Raises :class:`PersonalDataError` (a ``ValueError``) with a Dutch message that
    names the field, what was found (masked) and why it is refused. Empty or
    ``None`` text is fine.
    """
    if not text:
        return
    findings = find_personal_data(text, today=today)
    if findings:
        raise PersonalDataError(field, findings)
