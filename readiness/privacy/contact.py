"""E-mail addresses and phone numbers, also when written to slip past a filter.

* ``email``: ordinary addresses, and obfuscated ones: "j.jansen [at] gmail [dot] com",
  "jansen [a] gmail [.] com", "j.jansen(at)gmail.com", "jansen apenstaartje gmail punt
  com", "jansen bij gmail punt com", "jansen at gmail.com".
  When the "@" is written as a bare word ("at", "bij", "apenstaartje"), the address must end
  in a common top-level domain (nl, com, org, ...), and a "." between the parts may not
  be followed by a space: "Hij at niet. De ..." is a sentence, not an address;
* ``phone``: Dutch numbers (06-12345678, 020-1234567, +31 6 ..., 0031 ...) and other
  international numbers written with "+", with any grouping of the digits by spaces,
  dots or dashes ("06 12 34 56 78", "0 6 - 1 2 3 4 5 6 7 8", "06.123.456.78"). A
  leading zero written apart before another digit than 6 ("0 3 1.200 1.200", a score and
  counts in a sentence) is a phone number only after a word such as "bel", "telefoon",
  "mobiel" or "nummer" ("Telefoon 0 30 123 45 67").
  Public service numbers of organisations (0800 / 0900 / 0906 / 0909) pass.

Pure: standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readiness.privacy.base import LABELS, Finding, Spans, digits, mask, mask_email, preceded_by, scan

# --------------------------------------------------------------------------- e-mail

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
#: "@" written out: "[at]", "(at)", "{@}", " at ", " apenstaartje ", " @ ".
_AT = (
    rf"(?:[ \t]*{_OPEN}[ \t]*(?:at|a|@|ap[eo]n?staartje)[ \t]*{_CLOSE}[ \t]*"
    r"|[ \t]+(?P<word_at>at|bij|ap[eo]n?staartje)[ \t]+|[ \t]*@[ \t]*)"
)
#: "." written out: "[dot]", "(punt)", " dot ", " punt ", " . ", or a plain "." (no space after).
_DOT = (
    rf"(?:[ \t]*{_OPEN}[ \t]*(?:dot|punt|p|\.)[ \t]*{_CLOSE}[ \t]*"
    r"|[ \t]+(?:dot|punt)[ \t]+|[ \t]+\.[ \t]+|\.)"
)
_OBFUSCATED_EMAIL_RE = re.compile(
    rf"""
    (?<![\w.+-])
    (?P<local> [\w+-]+ (?:{_DOT}[\w+-]+){{0,8}} )      # bounded: linear time on long text
    {_AT}
    (?P<domain> [\w-]+ (?:{_DOT}[\w-]+){{0,4}} )
    {_DOT}
    (?P<tld> [a-z]{{2,12}} )
    (?![\w-])
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: Top-level domains an address with a spelled-out "at" must end in.
_COMMON_TLDS = frozenset(
    "nl com net org eu be de fr uk info nu biz io me online email frl amsterdam".split()
)


def find_emails(text: str) -> Iterator[Finding]:
    """E-mail addresses, including functional mailboxes (they are rarely needed here)."""
    for m in _EMAIL_RE.finditer(text):
        yield Finding("email", LABELS["email"], m.start(), m.end(), mask_email(m.group()))

    def accept(m: re.Match[str]) -> bool:
        return m.group("word_at") is None or m.group("tld").lower() in _COMMON_TLDS

    for m in scan(_OBFUSCATED_EMAIL_RE, text, accept):
        excerpt = f"{m.group('local')[:1]}***@***.{m.group('tld').lower()}"
        yield Finding("email", LABELS["email"], m.start(), m.end(), excerpt)


# --------------------------------------------------------------------------- phone numbers

# Between two digits: nothing, ")" (closes "(020)"), one dot or dash with up to two spaces
# around it, or up to three spaces.
_PHONE_SEP = r"(?:\)[ \t]?|[ \t]{0,2}[./-][ \t]{0,2}|[ \t]{1,3})?"
_PHONE_RE = re.compile(
    rf"""
    (?<![\w+/.,-])                                    # not glued to a word or number
    (?:
        (?:\+|00)31 {_PHONE_SEP} (?:\(0\){_PHONE_SEP})? [1-9] (?:{_PHONE_SEP}[0-9]){{8}}  # +31 / 0031
      | \(?0 {_PHONE_SEP} [1-9] (?:{_PHONE_SEP}[0-9]){{8}}                              # 0 + 9 digits
      | \+(?!31)[1-9][0-9]{{0,2}} (?:[ .-]?[0-9]){{6,12}}                               # other countries
    )
    (?![0-9])
    """,
    re.VERBOSE | re.ASCII,
)

#: The leading zero written apart, then no 6: "0 3 1.200 1.200" or "0 2019 1.200 0" is a
#: score, a year and counts in a sentence; "0 6 12 34 56 78" is a mobile number.
_LONE_ZERO = re.compile(r"\(?0[ \t]+(?!6(?![0-9]))[0-9]")
_PHONE_CONTEXT = re.compile(
    r"\b(tel\w*|telefoon\w*|mobiel\w*|gsm|bel|belt|belde|bellen|nummer|nr|bereikbaar|whatsapp|sms)\b[^0-9]{0,25}$",
    re.IGNORECASE,
)

#: Information numbers of organisations (0800 free, 090x paid): allowed.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def _is_service_number(chunk: str) -> bool:
    return digits(chunk).startswith(_SERVICE_PREFIXES) and len(digits(chunk)) >= 8


def find_phones(text: str, date_spans: list[tuple[int, int]]) -> Iterator[Finding]:
    """Phone numbers; skips service numbers and digit runs that are really dates."""
    known_dates = Spans(date_spans)

    def accept(m: re.Match[str]) -> bool:
        if digits(m.group()).startswith(_SERVICE_PREFIXES):
            return False
        # a whole service number that spaces glue to digits before it ("0 3 0800-2000")
        if any(_is_service_number(chunk) for chunk in m.group().split()[1:]):
            return False
        # "01-03-2026 10:00" has ten digits but is a date plus a time.
        if known_dates.overlap(m.start(), m.end()):
            return False
        # a lone "0" before another digit than 6: a phone number only where a word says so
        return not _LONE_ZERO.match(m.group()) or preceded_by(text, m.start(), _PHONE_CONTEXT, window=40)

    for m in scan(_PHONE_RE, text, accept):
        yield Finding("phone", LABELS["phone"], m.start(), m.end(), mask(m.group(), 2, 4, only_digits=True))
