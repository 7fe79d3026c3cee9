"""The privacy guard also refuses e-mail addresses, phone numbers and BSNs written to slip
past it ("j.jansen [at] gmail [dot] com", "0 6 - 1 2 3 4 5 6 7 8", "12-34-56-782"), and
still lets ordinary Dutch sentences through ("at" in words or as a verb, "punt", years,
scores such as "3 van de 4"). Issue 12."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from readiness.privacy import Finding, PersonalDataError, check_free_text, find_personal_data, passes_elfproef
from readiness.privacy.dates import date_matches

TODAY = dt.date(2026, 6, 1)


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find_personal_data(text, today=TODAY)]


# --------------------------------------------------------------------------- refused

OBFUSCATED = [
    ("email", "Mail naar j.jansen [at] gmail [dot] com voor de afspraak.", "j.jansen [at] gmail [dot] com"),
    ("email", "Adres: j.jansen(at)gmail.com", "j.jansen(at)gmail.com"),
    ("email", "Stuur het naar j.jansen (at) gmail (punt) com.", "j.jansen (at) gmail (punt) com"),
    ("email", "Zijn mail is jansen apenstaartje gmail punt com", "jansen apenstaartje gmail punt com"),
    ("email", "bereikbaar via jansen at ziggo punt nl", "jansen at ziggo punt nl"),
    ("email", "Mail jansen at gmail.com even", "jansen at gmail.com"),
    ("email", "J.Jansen [AT] Ziggo [DOT] NL", "J.Jansen [AT] Ziggo [DOT] NL"),
    ("email", "jansen{at}kpnmail{dot}nl", "jansen{at}kpnmail{dot}nl"),
    ("email", "Contact: jansen @ hotmail . com", "jansen @ hotmail . com"),
    ("email", "Mail j [dot] jansen [at] gmail [dot] com", "j [dot] jansen [at] gmail [dot] com"),
    ("email", "mail naar jansen<at>mail<dot>example<dot>org", "jansen<at>mail<dot>example<dot>org"),
    ("phone", "Bel 06 - 12 34 56 78 na vijf uur.", "06 - 12 34 56 78"),
    ("phone", "Nummer 0 6 1 2 3 4 5 6 7 8 doorgegeven.", "0 6 1 2 3 4 5 6 7 8"),
    ("phone", "Telefoon 06.12.34.56.78 (mobiel).", "06.12.34.56.78"),
    ("phone", "Bel 06 . 123 . 456 . 78 maar.", "06 . 123 . 456 . 78"),
    ("phone", "Vast nummer 020 - 123 45 67.", "020 - 123 45 67"),
    ("phone", "Zoon: +31 6 - 12 34 56 78", "+31 6 - 12 34 56 78"),
    ("phone", "Bereikbaar op 06  1234  5678 overdag.", "06  1234  5678"),
    ("phone", "Telefoon 0 30 123 45 67 (werk).", "0 30 123 45 67"),
    ("phone", "Zijn nummer: 0 6 12 34 56 78", "0 6 12 34 56 78"),
    ("bsn", "BSN 12-34-56-782 staat op de brief.", "12-34-56-782"),
    ("bsn", "Nummer 123 - 456 - 782 doorgegeven.", "123 - 456 - 782"),
    ("bsn", "Op de brief: 12.34.56.782", "12.34.56.782"),
    ("bsn", "BSN: 1 2 3 4 5 6 7 8 2", "1 2 3 4 5 6 7 8 2"),
    ("bsn", "Het burgerservicenummer is 1-2-3-4-5-6-7-8-2.", "1-2-3-4-5-6-7-8-2"),
    ("bsn", "Meneer heeft 1234 567 82 als nummer.", "1234 567 82"),
]


@pytest.mark.parametrize(("kind", "text", "value"), OBFUSCATED)
def test_obfuscated_personal_data_is_found(kind: str, text: str, value: str) -> None:
    assert (kind, value) in spans(text), spans(text)


@pytest.mark.parametrize(("kind", "text", "value"), OBFUSCATED)
def test_obfuscated_personal_data_is_refused_with_a_masked_dutch_message(kind: str, text: str, value: str) -> None:
    with pytest.raises(PersonalDataError) as info:
        check_free_text(text, "Toelichting", today=TODAY)
    message = str(info.value)
    assert "Het veld 'Toelichting' lijkt persoonsgegevens te bevatten" in message
    assert value not in message
    (finding,) = [f for f in info.value.findings if text[f.start : f.end] == value]
    assert "*" in finding.excerpt


def test_obfuscated_email_excerpt_shows_only_first_letter_and_domain_ending() -> None:
    (finding,) = find_personal_data("j.jansen [at] gmail [dot] com", today=TODAY)
    assert finding.excerpt == "j***@***.com"


# --------------------------------------------------------------------------- allowed

ORDINARY = [
    "De huurder at niet. De sociaal consulent belde Veilig Thuis.",
    "Hij at bij de buren, dat is een punt van zorg.",
    "Een belangrijk punt: de training Safe at Home staat gepland.",
    "Het team praat over de plaats van de kat in de maatregel; wat staat er in het plan?",
    "Sinds 2019 doen 3 van de 4 teams mee.",
    "Scores per team: 1 2 3 4 5 6 7 8 2.",  # passes the elfproef, but no BSN: single scores
    "Jaren 2019 2020 2021 2022 vergeleken.",
    "Punt 14 van de checklist, zie p. 22.",
    "Bereik: 1 000 000 huurders in de regio.",
    "In 2024-2025 en 2025-2026 evalueren we het stappenplan.",
    "Overleg op 01-03-2026 om 10.00 uur.",
    "Veilig Thuis 0800 - 2000, ook anoniem.",
    "Teams 1 t/m 4; 12 - 15 deelnemers per sessie.",
    "Scores 0 1 2 3 4 per vraag, gemiddeld 2,5.",
    "Score 0 2019 1.200 huurders",  # 020191200 passes the elfproef: a score, a year, a count
    "Scores 0 3 1.200 1.200 en 0 3 22 14 2019",  # ten digits after a lone 0: no phone number
    "In 2019 1.200 meldingen landelijk, 22 1.200 14 keer genoemd",  # both pass the elfproef
    "Apenstaartje en punt zijn tekens die we in mailadressen niet opschrijven.",
    "Per 1 januari 2026 werken 3 teams met het plan, 4 volgen in 2027.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_dutch_sentences_pass(text: str) -> None:
    assert spans(text) == []
    check_free_text(text, "Toelichting", today=TODAY)


def test_the_allowed_row_of_scores_would_be_a_bsn_with_its_label() -> None:
    """Not vacuous: the same nine digits are refused when a word says they are a number."""
    assert passes_elfproef("123456782")
    assert spans("BSN 1 2 3 4 5 6 7 8 2") == [("bsn", "1 2 3 4 5 6 7 8 2")]


# --------------------------------------------------------------------------- properties

names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=10)
AT_TOKENS = [" [at] ", "[at]", "(at)", " (at) ", "{at}", " at ", " apenstaartje ", " @ ", "@", "<at>", " [AT] ", " (@) "]
DOT_TOKENS = [" [dot] ", "[dot]", "(dot)", " (punt) ", " dot ", " punt ", ".", " . ", "{punt}", " [.] "]
TLDS = ["nl", "com", "org", "net", "eu", "be", "info"]


@given(names, names, st.sampled_from(AT_TOKENS), st.sampled_from(DOT_TOKENS), st.sampled_from(TLDS), st.data())
def test_any_obfuscated_address_is_found(local, domain, at, dot, tld, data) -> None:
    address = f"{local}{at}{domain}{dot}{tld}"
    template = data.draw(st.sampled_from(["{}", "Mail {} vandaag", "Adres: {}.", "({})"]))
    text = template.format(address)
    start = text.index(address)
    findings = find_personal_data(text, today=TODAY)
    assert [(f.kind, f.start, f.end) for f in findings] == [("email", start, start + len(address))]


PHONE_SEPARATORS = ["", " ", "-", ".", " - ", "  ", " . "]


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8), st.data())
def test_any_grouping_of_a_mobile_number_is_found(rest, data) -> None:
    digits = [0, 6, *rest]
    text_digits = str(digits[0])
    for d in digits[1:]:
        text_digits += data.draw(st.sampled_from(PHONE_SEPARATORS)) + str(d)
    text = f"Bel {text_digits} na vijf uur"
    assume(not list(date_matches(text, TODAY)))  # "06-1-00 ..." starts with a date: dates win
    # a group that is itself a whole 0800/0900 number is read as that service number
    assume(not any(re.sub(r"\D", "", g).startswith(("0800", "0900", "0906", "0909"))
                   and len(re.sub(r"\D", "", g)) >= 8 for g in text_digits.split()[1:]))  # fmt: skip
    start = text.index(text_digits)
    findings = find_personal_data(text, today=TODAY)
    assert [(f.kind, f.start, f.end) for f in findings] == [("phone", start, start + len(text_digits))]


@st.composite
def split_bsns(draw: st.DrawFn) -> str:
    digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
    assume(check != 10 and any(digits))
    number = "".join(map(str, digits)) + str(check)
    cuts = sorted(draw(st.sets(st.integers(2, 7), min_size=1, max_size=3)))
    cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] >= 2]  # groups of 2+ digits
    groups = [number[a:b] for a, b in zip([0, *cuts], [*cuts, 9], strict=True)]
    separator = draw(st.sampled_from([" ", "-", ".", " - ", " . ", "  "]))
    return separator.join(groups)


@given(split_bsns(), st.sampled_from(["{} staat op de brief", "Nummer: {}", "Het BSN is {}."]))
def test_any_grouping_of_a_valid_bsn_is_found(number: str, template: str) -> None:
    text = template.format(number)
    start = text.index(number)
    findings = find_personal_data(text, today=TODAY)
    assert [(f.kind, f.start, f.end) for f in findings] == [("bsn", start, start + len(number))]


VOCABULARY = [
    "de", "het", "een", "team", "teams", "kat", "praat", "staat", "plaats", "gaat", "wat", "dat",
    "maatregel", "straat", "staat", "punt", "belangrijk", "huurder", "sociaal", "consulent", "plan",
    "3", "4", "van", "2019", "2026", "12", "80%", "1.200", "scores", "vraag", "per", "jaar", "zie",
    "p.", "22", "14", "Veilig", "Thuis", "0800-2000", "training", "Safe", "Home", ",", ".", ";",
    "mee", "doen", "wij", "zorg", "over", "en", "of", "in", "op", "gemiddeld", "2,5", "0", "1", "2",
]  # fmt: skip


@given(st.lists(st.sampled_from(VOCABULARY), max_size=25))
def test_ordinary_sentences_never_match(words: list[str]) -> None:
    """Sentences of ordinary words, with "at" inside words, "punt", years, percentages and
    scores, never hold personal data (the verb "at" is tested with "punt" kept out)."""
    text = " ".join(words)
    # a row of 9+ single digits can be a phone-shaped or BSN-shaped number: not ordinary prose
    assume(not re.search(r"(?:\b\d\b\s+){7,}\b\d\b", text))
    assert find_personal_data(text, today=TODAY) == []


@given(st.lists(st.sampled_from([w for w in VOCABULARY if w not in {"punt", "."}] + ["at", "At"]), max_size=25))
def test_at_as_a_word_without_a_spelled_dot_never_matches(words: list[str]) -> None:
    assert find_personal_data(" ".join(words), today=TODAY) == []


def test_finding_type_is_unchanged() -> None:
    (finding,) = find_personal_data("jansen at gmail punt nl", today=TODAY)
    assert isinstance(finding, Finding) and finding.kind == "email" and finding.label == "e-mailadres"
