"""Numbers that identify a person: BSN (with the elfproef) and IBAN (with the mod-97 check).

* ``bsn``: 9-digit (or 8-digit, leading zero dropped) numbers that pass the elfproef,
  written plainly (123456782) or with the digits grouped by spaces, dots or dashes in any
  way ("123.456.782", "1234.56.782", "12-34-56-782", "123 - 456 - 782"). Nine digits with
  a group of one digit and a bare space somewhere between them ("1 2 3 4 5 6 7 8 2",
  "0 2019 1.200") count only when a word such as "BSN", "burgerservicenummer" or "nummer"
  comes just before: a row of single scores ("3 3 2 4 1 0 2 3 4") or a score, a year and
  a count in a sentence is no BSN; one digit at a time with dots or dashes
  ("1-2-3-4-5-6-7-8-2") is. Nine digits inside a longer run of digits, dates,
  amounts ("€ 123.456.782", "123456782 cent") and numbers labelled as KvK or RSIN numbers
  pass;
* ``iban``: IBAN account numbers that pass the mod-97 check, in upper or lower case,
  grouped by spaces or dashes.

Pure: standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readiness.privacy.base import LABELS, Finding, Spans, digits, mask, preceded_by, scan

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

# Nine digits grouped any other way: a dot or dash with up to two spaces around it, or spaces.
_BSN_SEP = r"(?:[ \t]{0,2}[.-][ \t]{0,2}|[ \t]{1,3})"
_SPLIT_BSN_RE = re.compile(
    rf"(?<![\w.,€-])[0-9](?:{_BSN_SEP}?[0-9]){{8}}(?![\w]|[.,][0-9])",
    re.ASCII,
)
_DIGIT_BEFORE = re.compile(r"[0-9][ \t.-]*$")
_DIGIT_AFTER = re.compile(r"[ \t.-]*[0-9]")
_BSN_CONTEXT = re.compile(
    r"\b(bsn|burgerservice\w*|sofi\w*|nummer|nr)\b[^0-9]{0,25}$", re.IGNORECASE
)

_ORG_NUMBER_CONTEXT = re.compile(
    r"\b(kvk|rsin|kamer van koophandel)(-?nummer|-?nr\.?)?[\s:.]*(is\s*)?$", re.IGNORECASE
)
_CURRENCY_CONTEXT = re.compile(r"(€|\beur\b|\beuro\b)\.?\s*$", re.IGNORECASE)
#: "123456782 cent", "123.456.782 euro", "123456782,-": an amount, not a BSN.
_CURRENCY_AFTER = re.compile(r"\s*(?:,-|(?:€|eur|euro|euros|cent|eurocent)(?!\w))", re.IGNORECASE)


def passes_elfproef(number: str) -> bool:
    """The BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11.

    Accepts 8 or 9 digits (8 digits get a leading zero); all zeros never pass.
    """
    found = digits(number)
    if len(found) not in (8, 9):
        return False
    found = found.zfill(9)
    if int(found) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, found, strict=True)) % 11 == 0


def _labelled_as_no_bsn(text: str, start: int, end: int) -> bool:
    return (
        preceded_by(text, start, _ORG_NUMBER_CONTEXT)
        or preceded_by(text, start, _CURRENCY_CONTEXT)
        or _CURRENCY_AFTER.match(text, end) is not None
    )


def find_bsns(text: str, date_spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """BSN-like numbers passing the elfproef; KvK/RSIN numbers, amounts and dates are skipped."""
    known_dates = Spans(date_spans)

    def accept(m: re.Match[str]) -> bool:
        return not _labelled_as_no_bsn(text, m.start(), m.end()) and passes_elfproef(m.group())

    for m in scan(_BSN_RE, text, accept):
        yield Finding("bsn", LABELS["bsn"], m.start(), m.end(), mask(m.group(), 0, 2))

    def accept_split(m: re.Match[str]) -> bool:
        if _labelled_as_no_bsn(text, m.start(), m.end()) or not passes_elfproef(m.group()):
            return False
        if _DIGIT_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) or _DIGIT_AFTER.match(text, m.end()):
            return False  # nine digits out of a longer run
        if known_dates.overlap(m.start(), m.end()):
            return False
        groups, separators = re.findall(r"[0-9]+", m.group()), re.findall(r"[^0-9]+", m.group())
        if min(len(g) for g in groups) == 1 and any(not re.search(r"[.-]", sep) for sep in separators):
            # a lone digit with words' spaces around it reads as a score or a count in a
            # sentence ("0 2019 1.200"): a BSN only where a word says so
            return preceded_by(text, m.start(), _BSN_CONTEXT, window=40)
        return True

    for m in scan(_SPLIT_BSN_RE, text, accept_split):
        yield Finding("bsn", LABELS["bsn"], m.start(), m.end(), mask(m.group(), 0, 2))


# --------------------------------------------------------------------------- IBAN

_IBAN_RE = re.compile(
    r"""
    (?<![\w])
    (?: NL[0-9]{2} [\ -]? [A-Z]{4} (?:[\ -]?[0-9]){10}          # NL91 ABNA 0417 1643 00, nl91-abna-...
      | [A-Z]{2}[0-9]{2} [A-Z0-9]{11,30}                      # compact, any country
      | [A-Z]{2}[0-9]{2} (?:[\ -][A-Z0-9]{4}){2,7} (?:[\ -][A-Z0-9]{1,3})?   # grouped by four
    )
    (?![\w])
    """,
    re.VERBOSE | re.ASCII | re.IGNORECASE,  # lower case too: the mod-97 check decides
)


def passes_iban_check(value: str) -> bool:
    """ISO 13616 mod-97 check: move the first four characters to the end,
    letters become 10..35, and the resulting number mod 97 must be 1."""
    compact = value.replace(" ", "").replace("-", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def find_ibans(text: str) -> Iterator[Finding]:
    """IBANs (Dutch and other countries) that pass the mod-97 check."""
    for m in scan(_IBAN_RE, text, lambda m: passes_iban_check(m.group())):
        yield Finding("iban", LABELS["iban"], m.start(), m.end(), mask(m.group(), 2, 3))
