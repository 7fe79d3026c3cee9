"""Dates that may be someone's date of birth.

An old full date (10 or more years ago; in digits or in words, with any separator) is
refused only when its sentence points to a person or a case: a birth or age word
("geboren", "geb.", "geboortedatum", "leeftijd", "jarig", "overleden"), a person or a
title ("mevrouw", "mw.", "meneer", "dhr.", "zoon", "dochter", "kind", "moeder", "vader",
"partner", "huurder", "bewoner", "gezin", "slachtoffer", "pleger", "cliënt", ...), a case
word ("melding", "signaal", "casus", "incident", "dossier", "aangifte", ...), initials
with a surname ("J. de Vries") or a name right beside the date ("Jan Jansen 12-03-1985");
any other date passes ("Datum 21.09.1979 staat op het formulier."). A date right after
"geboren", "geb." or "geboortedatum" is always refused.
Recent and future dates pass, and month + year ("juni 2014") always passes.

Pure: standard library only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterator

from readiness.privacy.base import DOB_MAX_AGE_YEARS, DOB_MIN_AGE_YEARS, LABELS, Finding, Spans, preceded_by

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


def date_matches(text: str, today: dt.date) -> Iterator[tuple[re.Match[str], dt.date]]:
    """All real calendar dates in ``text`` with their parsed value."""
    for m in _DATE_RE.finditer(text):
        date = _parse_date(m, today)
        if date is not None:
            yield m, date


#: Capitalised organisational words: never part of a name beside a date ("Besluit Raad ...").
_ORG_WORDS = re.compile(
    r"(?<!\w)(?:"
    r"vastgesteld\w*|vaststelling|\w*besluit\w*|besloten|goedgekeurd|ondertekend|getekend|"
    r"sinds|per|vanaf|ingangsdatum|ingegaan|ingaande|ingevoerd|invoering|"
    r"vergader\w*|\w*overleg|notulen|bijeenkomst|convenant|\w*protocol\w*|meldcode|"
    r"\w*beleid\w*|\w*plan|opgericht|oprichting|statuten|ge[eë]valueerd|evaluatie|"
    r"herzien\w*|herziening|gewijzigd|geactualiseerd|versie|"
    r"bespr\w*|besproken|\w*avond|\w*middag|\w*ochtend|\w*dag|deelnemers|training\w*|cursus\w*|"
    r"\w*nota|\w*notitie|memo|rapport\w*|brief|fusie\w*|gefuseerd|\w*jaarverslag|verslag|"
    r"\w*sessie|workshop|presentatie|audit|visitatie|\w*raad|\w*MT|directie|opgeleverd|gestart|"
    r"afgesloten|aangenomen|gepubliceerd|verschenen|leidend"
    r")(?!\w)",
    re.IGNORECASE,
)

#: Words that point to a person or a case. With one of these in its sentence, an old full
#: date may be someone's date of birth and is refused; without, it passes.
_PERSON_CONTEXT = re.compile(
    r"(?<!\w)(?:"
    # birth and age: "geboren", "geb.", "geboortedatum", "leeftijd", "jarig", "overleden", "40-jarige"
    r"geboren|geb\.|geb|geboorte\w*|leeftijd|jarig\w*|[0-9]+-?jarige?|overleden|overlijden|jaar\s+oud|baby|"
    # titles and persons: "mevrouw", "mw.", "dhr.", "de heer", family, roles in a case
    r"mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de\s+heer|hr\.|"
    r"zoon|zoons|zonen|dochter|dochters|kind|kinderen|moeder|vader|stief\w+|pleeg\w+|ouders?\s+van|"
    r"opa|oma|broer|zus|zuster|neef|nicht|oom|tante|baby|peuter|kleuter|tiener|jongen|meisje|"
    r"(?:ex-?)?partner|echtgeno(?:ot|te)|vriend|vriendin|buurman|buurvrouw|buren|"
    r"huurder|huurster|medehuurder|bewoner|bewoonster|gezin|huishouden|slachtoffer|pleger|dader|"
    r"verdachte|betrokkene|cli(?:[eë]|e\u0308)nt|melder|persoon|minderjarige|vrouw|hij|hem|zij|"
    # cases: "melding", "zorgmelding", "signaal", "casus", "incident", "dossier", "aangifte"
    r"\w*melding|signaal|casus|incident|\w*dossier\w*|aangifte|huisbezoek|klacht|zaaknummer"
    r")(?!\w)",
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


def _sentence_around(text: str, start: int, end: int, window: int = 150) -> tuple[str, str]:
    """The words before and after ``text[start:end]`` in the same sentence, at most
    ``window`` characters each way. A sentence ends at ";", "!", "?", a blank line, a "."
    at the end of a line or followed by a capital, unless the "." closes an initial or an
    abbreviation. A single line break without a full stop does not end it: "Mevrouw
    Jansen\n12-03-1985" is one record, pasted from a form."""

    def ends(part: str) -> list[int]:
        found = []
        for m in re.finditer(r"[;!?]|\n[^\S\n]*\n|\.(?=[^\S\n]*\n)|\.(?=\s+[A-Z])", part):
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
        w.lower() in _NOT_NAMES or _ORG_WORDS.fullmatch(w) for w in (w.strip(",:()") for w in words)
    )


@functools.lru_cache(maxsize=4)
def _person_words(text: str) -> tuple[list[int], list[int]]:
    """Where the person and case words and the initials with a surname are in ``text``:
    their starts and ends, found once per text (matches from one ``finditer`` do not
    overlap, so both lists rise). A text packed with dates is then checked in time
    linear in its length, not in its number of dates times the sentence window."""
    spans = sorted(
        (m.start(), m.end())
        for pattern in (_PERSON_CONTEXT, _INITIALS_NAME)
        for m in pattern.finditer(text)
    )
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    return starts, ends


def _has_person_word(text: str, lo: int, hi: int) -> bool:
    """A person word, a case word or initials with a surname wholly within ``text[lo:hi]``."""
    starts, ends = _person_words(text)
    i = bisect.bisect_left(starts, lo)
    # spans are sorted by start; the first one starting in the part ends first unless an
    # earlier, longer one (of the other pattern) encloses it, so look until one fits or starts too late
    while i < len(starts) and starts[i] < hi:
        if ends[i] <= hi:
            return True
        i += 1
    return False


def _points_to_a_person(text: str, start: int, end: int) -> bool:
    """A person word or initials with a surname in the sentence around ``text[start:end]``,
    or a name right next to it."""
    before, after = _sentence_around(text, start, end)
    if _has_person_word(text, start - len(before), start) or _has_person_word(text, end, end + len(after)):
        return True
    name = _NAME_BEFORE.search(before) or _NAME_AFTER.search(after)
    return name is not None and _is_name(name.group("name"))


def _refused(text: str, start: int, end: int, date: dt.date, today: dt.date) -> bool:
    """The rule for every date, in digits or in words: refused right after "geboren",
    "geb.", "geboortedatum", ... (when not in the future), and refused when it is old
    (at least ``DOB_MIN_AGE_YEARS`` and at most ``DOB_MAX_AGE_YEARS`` ago) and its
    sentence points to a person or a case (:func:`_points_to_a_person`). Any other date
    passes, however old: "Datum 21.09.1979 staat op het formulier."."""
    if preceded_by(text, start, _DOB_CONTEXT):
        return date <= today
    if not today.year - DOB_MAX_AGE_YEARS <= date.year <= today.year - DOB_MIN_AGE_YEARS:
        return False
    return _points_to_a_person(text, start, end)


def _is_possible_birth_date(text: str, m: re.Match[str], date: dt.date, today: dt.date) -> bool:
    """A date in digits that may be someone's date of birth (:func:`_refused`).

    Two-digit years count written with "-" or "/" ("12-3-80"); with dots ("1.2.10") only
    right after a birth word, as that is how version numbers are written.
    """
    year = m.group("y1") or m.group("y2") or m.group("y3")
    if len(year.lstrip("'")) != 4 and m.group("s1") not in ("-", "/") and not preceded_by(text, m.start(), _DOB_CONTEXT):
        return False  # "1.2.10" is a version number; "12-3-80" a date like "12-03-1980"
    return _refused(text, m.start(), m.end(), date, today)


#: Day, month and four-digit year with spaces or mixed separators ("12 03 1985",
#: "12 - 03 - 1985", "12.03-1985"). Only looked at for dates of birth, so a phone number
#: grouped as "06 12 1987 65" is still found as one (the longer finding wins).
_SEP = r"(?:\s*[-/.]\s*|\s+)"
_LOOSE_DATE_RE = re.compile(
    rf"(?<![0-9][.,])(?<![\w/-])(?:(?P<d>[0-9]{{1,2}}){_SEP}(?P<m>[0-9]{{1,2}}){_SEP}(?P<y>[0-9]{{4}})"
    rf"|(?P<y2>[0-9]{{4}}){_SEP}(?P<m2>[0-9]{{1,2}}){_SEP}(?P<d2>[0-9]{{1,2}})"
    # "12 maart 85": a two-digit year without an apostrophe (not "12 maart 14 uur")
    rf"|(?P<d3>[0-9]{{1,2}})[\s.-]+(?P<m3>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.?[\s.-]+(?P<y3>[0-9]{{2}})"
    r"(?!\s*(?:uur|u\b|h\b|:)))(?![0-9]|[.,/-][0-9])",
    re.ASCII | re.IGNORECASE,
)


def _loose_dates(text: str, taken: Spans, today: dt.date) -> Iterator[tuple[re.Match[str], dt.date]]:
    for m in _LOOSE_DATE_RE.finditer(text):
        if taken.overlap(m.start(), m.end()):
            continue
        if m.group("y3"):
            century = today.year // 100 * 100  # the most recent such year not in the future
            year = century + int(m.group("y3"))
            year, month, day = year if year <= today.year else year - 100, _MONTHS[m.group("m3").lower()], m.group("d3")
        else:
            year, month, day = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else m.group("y2", "m2", "d2")
        try:
            yield m, dt.date(int(year), int(month), int(day))
        except ValueError:
            continue


def _mask_date(m: re.Match[str]) -> str:
    """Mask day and month, keep the year: ``12-03-1985`` -> ``**-**-1985``."""
    year_group = next(g for g in ("y1", "y2", "y3") if m.group(g))
    year_start, year_end = m.span(year_group)
    return "".join(
        ch if year_start <= m.start() + i < year_end or not ch.isalnum() else "*" for i, ch in enumerate(m.group())
    )


def find_birth_dates(text: str, dates: list[tuple[re.Match[str], dt.date]], today: dt.date) -> Iterator[Finding]:
    """Dates in digits that may be someone's date of birth (see :func:`_refused`)."""
    for m, date in dates:
        if _is_possible_birth_date(text, m, date, today):
            yield Finding("date_of_birth", LABELS["date_of_birth"], m.start(), m.end(), _mask_date(m))
    for m, date in _loose_dates(text, Spans(m.span() for m, _ in dates), today):
        if _refused(text, m.start(), m.end(), date, today):
            year = next(g for g in ("y", "y2", "y3") if m.group(g))
            y_start, y_end = m.start(year) - m.start(), m.end(year) - m.start()
            excerpt = "".join(
                "*" if ch.isdigit() and not y_start <= i < y_end else ch for i, ch in enumerate(m.group())
            )
            yield Finding("date_of_birth", LABELS["date_of_birth"], m.start(), m.end(), excerpt)


# --------------------------------------------------------------------------- dates in words

_UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]
_TENS = {20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig", 60: "zestig", 70: "zeventig", 80: "tachtig",
         90: "negentig"}  # fmt: skip


def _number_words() -> dict[str, int]:
    """Dutch number words 1-99 ("vijfentachtig", "tweeëntwintig")."""
    words = {w: n for n, w in enumerate(_UNITS, 1)} | {"één": 1}
    words |= {w: n for n, w in enumerate(_TEENS, 10)}
    for tens, word in _TENS.items():
        words[word] = tens
        for unit, unit_word in enumerate(_UNITS, 1):
            joint = "ën" if unit_word.endswith("e") else "en"
            words[f"{unit_word}{joint}{word}"] = tens + unit
            words[f"{unit_word}en{word}"] = tens + unit
    return words


def _ordinal_words(cardinals: dict[str, int]) -> dict[str, int]:
    """Dutch ordinals 1-31 ("eerste", "derde", "twaalfde", "eenendertigste")."""
    special = {"eerste": 1, "derde": 3, "achtste": 8}
    words = dict(special)
    for word, n in cardinals.items():
        if n > 31 or n in special:
            continue
        words[word + ("ste" if n >= 20 else "de")] = n
    return words


_NUMBERS = _number_words()
_ORDINALS = _ordinal_words(_NUMBERS)
_DAY_WORDS = {**{w: n for w, n in _NUMBERS.items() if n <= 31}, **_ORDINALS}


def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_WORD_DATE_RE = re.compile(
    rf"""
    (?<!\w)
    (?P<day> [0-9]{{1,2}} (?:e|ste|de)? | {_alternatives(_DAY_WORDS)} )
    [\s-]+ (?:van\s+)?
    (?P<month> {_alternatives(m for m in _MONTHS if len(m) > 3 or m == "mei")} )
    [\s,-]+
    (?P<year> [0-9]{{4}}
      | (?P<century> negentien(?:honderd)? | tweeduizend ) (?:[\s-]*(?:en[\s-]+)?(?P<rest> {_alternatives(_NUMBERS)} ))? )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _word_date(m: re.Match[str]) -> dt.date | None:
    day_text = m.group("day").lower()
    if day_text[:1].isdigit():
        day = int(re.match(r"[0-9]+", day_text).group())
    else:
        day = _DAY_WORDS.get(day_text)
    if m.group("century"):
        if m.group("century").lower() == "tweeduizend":
            year = 2000 + (_NUMBERS.get((m.group("rest") or "").lower(), 0))
        elif m.group("rest"):
            year = 1900 + _NUMBERS[m.group("rest").lower()]
        else:
            return None  # "negentienhonderd" alone: no year of birth anyone has
    else:
        year = int(m.group("year"))
    try:
        return dt.date(year, _MONTHS[m.group("month").lower()], day or 0)
    except (ValueError, TypeError):
        return None


def find_word_dates(text: str, today: dt.date) -> Iterator[Finding]:
    """Dates written (partly) in words: "twaalf maart negentien vijfentachtig", "12 maart
    negentienhonderd vijfentachtig", "de twaalfde maart 1985", "12-maart-1985". The same
    rule as for dates in digits (:func:`_refused`)."""
    taken = Spans(m.span() for m, _ in date_matches(text, today))
    for m in _WORD_DATE_RE.finditer(text):
        if taken.overlap(m.start(), m.end()):
            continue  # "12 maart 1985": found by date_matches already
        date = _word_date(m)
        if date is not None and _refused(text, m.start(), m.end(), date, today):
            excerpt = "*** " + m.group("month") + " ****"
            yield Finding("date_of_birth", LABELS["date_of_birth"], m.start(), m.end(), excerpt)
