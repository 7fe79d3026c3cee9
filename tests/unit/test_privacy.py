"""Tests for readiness.privacy: the personal-data guard on free-text fields."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from readiness.privacy import (
    PRIVACY_NOTICE,
    Finding,
    PersonalDataError,
    check_free_text,
    find_personal_data,
)

TODAY = dt.date(2026, 6, 1)


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text, today=TODAY)]


def found(text: str, kind: str) -> list[Finding]:
    return [f for f in find_personal_data(text, today=TODAY) if f.kind == kind]


# --------------------------------------------------------------------------- positives

POSITIVES = [
    # e-mail
    ("email", "Mevrouw mailde vanaf j.jansen@voorbeeld.nl over de overlast.", "j.jansen@voorbeeld.nl"),
    ("email", "Contact via piet_de-vries+huur@mail.example.com, graag terugbellen.", "piet_de-vries+huur@mail.example.com"),
    ("email", "Zijn adres (k.bakker@hotmail.com) staat in het dossier.", "k.bakker@hotmail.com"),
    # phone
    ("phone", "Mevrouw belde 06-12345678 na het huisbezoek.", "06-12345678"),
    ("phone", "Bereikbaar op 06 1234 5678 tussen negen en vijf.", "06 1234 5678"),
    ("phone", "Zoon is bereikbaar via +31 6 12345678.", "+31 6 12345678"),
    ("phone", "Buurman gaf nummer 0031 6 1234 5678 door.", "0031 6 1234 5678"),
    ("phone", "Huurder heeft vast nummer 020-1234567.", "020-1234567"),
    ("phone", "Het nummer is 010 123 4567, zei de buurvrouw.", "010 123 4567"),
    ("phone", "Bel haar op (020) 123 4567 of via tel:0612345678.", "(020) 123 4567"),
    ("phone", "Nummer +31 (0)6 12345678 genoteerd.", "+31 (0)6 12345678"),
    ("phone", "Bel 06 12 34 56 78 voor een afspraak.", "06 12 34 56 78"),
    # postcode (+ house number)
    ("postcode", "Mevrouw op Dorpsstraat 4, 1234 AB belde 06-12345678", "1234 AB"),
    ("postcode", "Het gezin woont op 1234 AB 12 in de wijk.", "1234 AB 12"),
    ("postcode", "Adres 1234AB 12a, tweede verdieping.", "1234AB 12a"),
    ("postcode", "Melding over 1234ab, nr 5 ontvangen.", "1234ab, nr 5"),
    ("postcode", "Overlast in 3511 LX gemeld.", "3511 LX"),
    # street + house number
    ("address", "Mevrouw op Dorpsstraat 4, 1234 AB belde 06-12345678", "Dorpsstraat 4"),
    ("address", "Signalen bij het gezin op de Kerkstraat 12.", "Kerkstraat 12"),
    ("address", "Huisbezoek Stationsweg 101a afgerond.", "Stationsweg 101a"),
    ("address", "Ze woont aan de Herengracht 7 driehoog.", "Herengracht 7"),
    # BSN
    ("bsn", "Het BSN van meneer is 123456782.", "123456782"),
    ("bsn", "Burgerservicenummer 123.456.782 staat op de brief.", "123.456.782"),
    ("bsn", "Op het paspoort stond 1234.56.782 als nummer.", "1234.56.782"),
    ("bsn", "BSN: 111 222 333 doorgegeven.", "111 222 333"),
    ("bsn", "Oud BSN 12345672 (acht cijfers).", "12345672"),
    # date of birth
    ("date_of_birth", "Mevrouw is geboren op 12-03-1985 en woont alleen.", "12-03-1985"),
    ("date_of_birth", "Kind geb. 04/07/2019, zorgen over verwaarlozing.", "04/07/2019"),
    ("date_of_birth", "Geboortedatum: 1985-03-12.", "1985-03-12"),
    ("date_of_birth", "Meneer (12 maart 1956) woont bij zijn dochter.", "12 maart 1956"),
    ("date_of_birth", "Zoon geb. 3-11-98 woont nog thuis.", "3-11-98"),
    ("date_of_birth", "Datum 21.09.1979 staat op het formulier van de huurder.", "21.09.1979"),
    # IBAN
    ("iban", "Huur wordt betaald van NL91ABNA0417164300 door de zoon.", "NL91ABNA0417164300"),
    ("iban", "Rekening NL91 ABNA 0417 1643 00 hoort bij de dochter.", "NL91 ABNA 0417 1643 00"),
    ("iban", "Duitse rekening DE89370400440532013000 gebruikt.", "DE89370400440532013000"),
]


@pytest.mark.parametrize(("kind", "text", "value"), POSITIVES)
def test_detects_personal_data(kind: str, text: str, value: str) -> None:
    matches = found(text, kind)
    assert [text[f.start : f.end] for f in matches].count(value) == 1, find_personal_data(text, today=TODAY)


@pytest.mark.parametrize(("kind", "text", "value"), POSITIVES)
def test_excerpt_is_masked(kind: str, text: str, value: str) -> None:
    (finding,) = [f for f in found(text, kind) if text[f.start : f.end] == value]
    assert "*" in finding.excerpt
    assert value not in finding.excerpt
    assert finding.label  # Dutch label present


def test_excerpt_examples() -> None:
    assert found("mail j.jansen@voorbeeld.nl", "email")[0].excerpt == "j***@***.nl"
    assert found("bel 06-12345678", "phone")[0].excerpt == "06-****5678"
    assert found("geboren 12-03-1985", "date_of_birth")[0].excerpt == "**-**-1985"
    assert found("BSN 123456782", "bsn")[0].excerpt == "*******82"
    assert found("Kerkstraat 12", "address")[0].excerpt == "Kerkstraat **"


def test_full_sentence_finds_street_postcode_and_phone() -> None:
    assert kinds("Mevrouw op Dorpsstraat 4, 1234 AB belde 06-12345678") == ["address", "postcode", "phone"]


def test_postcode_label_mentions_house_number() -> None:
    assert found("1234 AB", "postcode")[0].label == "postcode"
    assert "huisnummer" in found("1234 AB 12", "postcode")[0].label


# --------------------------------------------------------------------------- negatives

NEGATIVES = [
    "In 2026 willen we 80% van de 1.200 medewerkers trainen",
    "Deadline 01-03-2026",
    "Overleg op 01-03-2026 10:00 met het sociaal wijkteam",
    "Evaluatie gepland op 15 september 2026, daarna elk jaar.",
    "Actie afgerond op 2025-11-30",
    "stappenplan versie 2.1",
    "artikel 5:12 Woningwet",
    "team van 12 mensen",
    # Public service numbers of organisations (0800/0900) are allowed on purpose:
    # the handreiking itself tells staff to call Veilig Thuis on 0800-2000.
    "Veilig Thuis 0800-2000",
    "Bij recent seksueel geweld: Centrum Seksueel Geweld 0800-0188",
    "Meld Misdaad Anoniem 0800-7000",
    "Informatielijn 0900-1234567 van de gemeente",
    "item dra-05",
    "€ 12.500",
    "Budget € 123.456.782 voor de hele wijkaanpak",
    "Begroting 1.250.000 euro, waarvan 12,5% voor training",
    "Handreiking Signaleren achter de voordeur (Kadera, 2018), p. 10",
    "Stappenplan vastgesteld in juni 2014 en herzien in maart 2023.",
    "Sinds 2019 doen 3 van de 4 teams mee; 2 sessies per kwartaal.",
    "KvK-nummer 12345672 van de corporatie",
    "RSIN 123456782 staat op de factuur van de corporatie",
    "Het bestand is 2048 MB groot",
    "Woningstichting opgericht op 12 mei 1913",
    "Wijkbeheerder, sociaal consulent en huismeester zijn aandachtsfunctionaris",
    "Ronde 2 - Uitvoering 2026 Q1",
    "Verwijzing naar de sociale kaart: www.vooreenveiligthuis.nl",
    "Score 3 van 4, 2 acties open, 14 dagen doorlooptijd",
    "Tussen 2016-2026 groeide het aantal meldingen",
    "Telefonisch spreekuur ma t/m vr 9.00-17.00 uur",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_organisational_text_passes(text: str) -> None:
    assert find_personal_data(text, today=TODAY) == []
    check_free_text(text, "Toelichting", today=TODAY)


def test_bsn_with_one_digit_changed_is_not_found() -> None:
    assert kinds("BSN 123456782") == ["bsn"]
    for i in range(9):
        changed = "123456782"[:i] + str((int("123456782"[i]) + 1) % 10) + "123456782"[i + 1 :]
        assert kinds(f"BSN {changed}") == [], changed


def test_all_zeros_is_not_a_bsn() -> None:
    assert kinds("nummer 000000000") == []


def test_iban_with_bad_checksum_is_not_found() -> None:
    assert kinds("NL91ABNA0417164301") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Melding 12-03-2016", ["date_of_birth"]),  # exactly 10 years ago: could be a child
        ("Melding 12-03-2017", []),  # less than 10 years ago: organisational
        ("Vergadering 12-03-2016", []),  # old, but the sentence says what the date is
        ("Evaluatie 01-03-2030", []),  # future
        ("Kind geboren op 01-03-2024", ["date_of_birth"]),  # recent, but explicitly a birth date
        ("geboren op 01-03-2030", []),  # a date of birth cannot be in the future
        ("Rapport 12-03-85", []),  # old, but no person or case in the sentence
        ("Mevrouw 12-03-85", ["date_of_birth"]),  # a two-digit year with "-" is a date
        ("Mevrouw gebruikt versie 1.2.80", []),  # with dots it is a version number ...
        ("geb. 1.2.80", ["date_of_birth"]),  # ... unless a birth word comes right before
        ("Datum 31-02-1985", []),  # not a calendar date
    ],
)
def test_date_of_birth_rules(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


# An old full date passes unless its sentence points to a person or a case: whether or not
# the sentence says what the date is ...
ACCEPTED_DATES = [
    "Datum 21.09.1979 staat op het formulier.",  # nothing says what the date is: still no person
    "12-03-1985",
    "Het MT besprak dit op 12-03-2015.",
    "De nota van 5 februari 2012 is nog leidend.",
    "In 1998 opgericht; fusie op 1-1-2008.",
    "vastgesteld 12-03-2012",
    "Beleid vastgesteld 12-03-2012",
    "Het protocol is op 12-03-2012 vastgesteld door het MT.",
    "Besluit van 12-03-2012: de meldcode geldt voor alle teams.",
    "Bestuursbesluit 01-02-2011",
    "Sinds 1 mei 2014 werken we met de meldcode.",
    "Per 01-01-2015 is er een aandachtsfunctionaris.",
    "Ingangsdatum: 01-01-2015",
    "Vergadering 12-03-2016",
    "Op 12-03-2012 is het convenant ondertekend.",
    "Vastgesteld door de Raad van Toezicht op 12-03-2012.",
    "Besluit Raad van Bestuur 12-03-2012",
    "Protocol Huiselijk Geweld 12-03-2012",
    "Overleg met Veilig Thuis sinds 01-06-2013.",
    "Notulen MT-overleg 14-02-2011, herzien 2024.",
    "Meldcode in werking getreden op 2012-07-01.",
]

# ... but never when the sentence points to a person or a case, whatever else it says.
PERSONAL_DATES = [
    "Melding 12-03-2012",  # a case word
    "Datum 21.09.1979 staat op het formulier van de huurder.",
    "Gezin bekend sinds 12-03-2012.",
    "Casus 3: vader, 12-03-1985.",
    "Het signaal van 12-03-2012 is besproken in het MT.",  # a case word beats "besproken", "MT"
    "Geboren op 12-03-1985, sinds dan huurder.",  # birth word right before
    "Geboortedatum vastgesteld: 12-03-1985",  # birth word, whatever follows
    "Leeftijd bepaald per 12-03-1985.",  # a person word in the sentence
    "Mevrouw woont sinds 12-03-1985 in de flat.",  # a title
    "Mw. Jansen is sinds 12-03-2012 lid.",
    "Dhr. Bakker, per 01-01-2010 verhuisd.",
    "Zoon sinds 3 maart 2008 uit huis.",
    "Overleden per 12-03-2012.",
    "J. de Vries is sinds 12-03-1985 lid van de huurdersraad.",  # initials + surname
    "Lid sinds 12-03-2012: A.B. Jansen",
    "Jan Jansen 12-03-1985",  # a name right before the date
    "Piet van Dijk (12-03-1985) besluit zelf.",  # ... with an organisational word further on
    "Besluit 12-03-1985 Jan Jansen",  # a name right after the date
    "Beleid vastgesteld. Mevrouw X 12-03-1985 belde.",  # the explanation is in another sentence
]


@pytest.mark.parametrize("text", ACCEPTED_DATES)
def test_an_old_date_without_a_person_or_case_is_accepted(text: str) -> None:
    assert kinds(text) == []
    check_free_text(text, "Toelichting", today=TODAY)


@pytest.mark.parametrize("text", PERSONAL_DATES)
def test_an_old_date_near_a_person_or_a_case_is_refused(text: str) -> None:
    assert kinds(text) == ["date_of_birth"]
    with pytest.raises(PersonalDataError, match="mogelijke geboortedatum"):
        check_free_text(text, "Toelichting", today=TODAY)


def test_an_accepted_date_does_not_shield_another_date() -> None:
    text = "Beleid vastgesteld 12-03-2012; geboren 04-05-1990."
    assert [text[f.start : f.end] for f in find_personal_data(text, today=TODAY)] == ["04-05-1990"]


def test_date_and_phone_are_told_apart() -> None:
    assert kinds("01-03-2026 06 12345678") == ["phone"]


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "Bel 06-12345678, mail a.b@c.nl, BSN 123456782, geb. 12-03-1985, NL91ABNA0417164300"
    findings = find_personal_data(text, today=TODAY)
    assert [f.kind for f in findings] == ["phone", "email", "bsn", "date_of_birth", "iban"]
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_empty_text() -> None:
    assert find_personal_data("") == []
    check_free_text("", "Toelichting")
    check_free_text(None, "Toelichting")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- error

def test_error_names_field_kind_and_reason_without_full_value() -> None:
    with pytest.raises(PersonalDataError) as info:
        check_free_text("Mevrouw belde 06-12345678 over haar buurman.", "Toelichting")
    err = info.value
    message = str(err)
    assert isinstance(err, ValueError)
    assert err.field == "Toelichting"
    assert [f.kind for f in err.findings] == ["phone"]
    assert "'Toelichting'" in message
    assert "telefoonnummer: 06-****5678" in message
    assert "06-12345678" not in message
    assert "12345678" not in message
    assert "geen grondslag" in message
    assert "p. 10" in message


@pytest.mark.parametrize(("kind", "text", "value"), POSITIVES)
def test_error_message_never_contains_unmasked_value(kind: str, text: str, value: str) -> None:
    with pytest.raises(PersonalDataError) as info:
        check_free_text(text, "Omschrijving verbeteractie", today=TODAY)
    message = str(info.value)
    assert "'Omschrijving verbeteractie'" in message
    finding = next(f for f in info.value.findings if text[f.start : f.end] == value)
    assert f"{finding.label}: {finding.excerpt}" in message
    assert value not in message


def test_error_with_date_says_why_and_how_to_write_an_organisation_date() -> None:
    with pytest.raises(PersonalDataError) as info:
        check_free_text("Melding 12-03-2012", "Toelichting", today=TODAY)
    message = str(info.value)
    assert "mogelijke geboortedatum: **-**-2012" in message
    assert "10 of meer jaar geleden wordt alleen geweigerd als de zin naar een persoon of een casus wijst" in message
    assert "'geboren', 'leeftijd', 'mevrouw', 'huurder', 'gezin', 'melding'" in message  # what makes it refused
    assert "zonder zulke woorden" in message and "maand en jaar" in message  # how to write it instead
    assert "12-03-2012" not in message


def test_error_lists_at_most_five_findings() -> None:
    text = " ".join(f"06-1234567{i}" for i in range(7))
    with pytest.raises(PersonalDataError) as info:
        check_free_text(text, "Notities")
    assert len(info.value.findings) == 7
    assert "en nog 2" in str(info.value)


def test_privacy_notice_is_dutch_and_mentions_tenants() -> None:
    assert "huurders" in PRIVACY_NOTICE
    assert "grondslag" in PRIVACY_NOTICE


def test_module_is_pure() -> None:
    code = (
        "import sys, readiness.privacy; "
        "bad = [m for m in ('streamlit', 'sqlalchemy', 'pandas', 'plotly') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- properties

letters_and_spaces = st.text(st.one_of(st.characters(categories=["L"]), st.just(" ")), max_size=200)


@given(letters_and_spaces)
def test_letters_and_spaces_never_match(text: str) -> None:
    # "jansen at gmail punt nl" is letters and spaces too: a spelled-out address
    words = set(text.lower().split())
    assume(not (words & {"at", "apenstaartje"} and words & {"punt", "dot"}))
    assert find_personal_data(text, today=TODAY) == []


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
    assume(check != 10 and any(digits))
    return "".join(map(str, digits)) + str(check)


def _formats(bsn: str) -> list[str]:
    forms = [bsn, f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}", f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"]
    if bsn.startswith("0"):
        forms.append(bsn[1:])  # eight digits, leading zero dropped
    return forms


TEMPLATES = [
    "BSN {}",
    "Het burgerservicenummer van de huurder is {}.",
    "Meneer (bsn {}) belde gisteren",
    "{} staat op de brief",
    "Nummer: {}, doorgegeven door de buurvrouw",
]


@given(valid_bsns(), st.data())
def test_valid_bsn_is_found_in_any_format(bsn: str, data: st.DataObject) -> None:
    number = data.draw(st.sampled_from(_formats(bsn)))
    template = data.draw(st.sampled_from(TEMPLATES))
    text = template.format(number)
    start = text.index(number)
    assert [(f.kind, f.start, f.end) for f in find_personal_data(text, today=TODAY)] == [
        ("bsn", start, start + len(number))
    ]


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_bsn_with_one_digit_changed_fails_the_elfproef(bsn: str, position: int, delta: int) -> None:
    digit = (int(bsn[position]) + delta) % 10
    changed = bsn[:position] + str(digit) + bsn[position + 1 :]
    # Changing one digit by a non-zero amount changes the weighted sum by w*delta, w in 1..9:
    # never a multiple of 11, so the elfproef always catches it.
    assert kinds(f"BSN {changed}") == []


FRAGMENTS = [
    "Mevrouw", "belde", "op", "de", "Kerkstraat", "12", "1234 AB", "06-12345678", "0800-2000",
    "2026", "80%", "1.200", "€ 12.500", "01-03-2026", "12-03-1985", "geboren", "123456782",
    "123456783", "j@x.nl", "NL91ABNA0417164300", ",", ".", "versie 2.1", "artikel 5:12",
]  # fmt: skip

mixed_text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.text(st.sampled_from("0123456789 -./@+,ABnlKerkstraat€%"), max_size=60),
)


@given(mixed_text)
def test_check_free_text_raises_iff_findings(text: str) -> None:
    findings = find_personal_data(text, today=TODAY)
    if findings:
        with pytest.raises(PersonalDataError) as info:
            check_free_text(text, "Toelichting", today=TODAY)
        assert info.value.findings == findings
    else:
        check_free_text(text, "Toelichting", today=TODAY)


@given(mixed_text)
def test_findings_are_well_formed(text: str) -> None:
    findings = find_personal_data(text, today=TODAY)
    for f in findings:
        raw = text[f.start : f.end]
        assert 0 <= f.start < f.end <= len(text)
        assert raw.strip() == raw
        assert f.excerpt != raw
        assert "*" in f.excerpt
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_org_number_exemption_needs_the_label() -> None:
    assert kinds("nummer 12345672") == ["bsn"]
    assert kinds("KvK-nummer 12345672") == []
    assert kinds("RSIN: 123456782") == []
