"""Issue 23: the privacy guard sees what a person sees.

Text is normalised before it is matched (NFKC, invisible characters removed, look-alike
letters and dashes folded), written-out separators count, and the finding still points
at the text as typed. One table: every disguised form of the issue (and variants) is
refused with the kind it is, every ordinary sentence is accepted, including the seven
the guard used to refuse.
"""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.privacy import PersonalDataError, check_free_text, find_personal_data, normalise

TODAY = dt.date(2026, 6, 1)
ZW = "\u200b"  # zero-width space
CYR_O, CYR_A, CYR_E = "\u043e", "\u0430", "\u0435"

DISGUISED = [
    # e-mail: fullwidth, zero-width, Cyrillic letters, written-out "@" and "."
    ("email", "Mail jansen＠gmail．com voor de afspraak."),
    ("email", "Mail jansen＠gmail.com"),
    ("email", "jansen@gmail．nl"),
    ("email", f"jan{ZW}sen@gma{ZW}il.com"),
    ("email", f"jansen{ZW}@{ZW}gmail{ZW}.{ZW}com"),
    ("email", f"jansen@gmail.c{CYR_O}m"),
    ("email", f"j{CYR_A}nsen@gm{CYR_A}il.com"),
    ("email", f"jansen@ziggo.nl with {CYR_E}"),
    ("email", "jansen [a] gmail [.] com"),
    ("email", "jansen (a) gmail (.) com"),
    ("email", "jansen [a] gmail [p] nl"),
    ("email", "jansen bij gmail punt com"),
    ("email", "Mail: jansen bij ziggo punt nl"),
    ("email", "j.jansen bij kpnmail punt nl"),
    ("email", "jansen apestaartje gmail punt com"),
    ("email", "JANSEN@GMAIL.COM"),
    ("email", "jansen\u2060@\u2060gmail.com"),
    ("email", "jansen\u00ad@gmail.com"),
    ("email", "jansen\ufeff@gmail.com"),
    # phone: dashes, fullwidth digits, zero-width space, underscores
    ("phone", "Bel 06–12345678 na vijf uur."),
    ("phone", "Bel 06—12345678"),
    ("phone", "Bel 06\u201112345678"),
    ("phone", "Bel 06\u221212345678"),
    ("phone", "Nummer ０６１２３４５６７８"),
    ("phone", "Nummer ０６－１２３４５６７８"),
    ("phone", f"Bel 06{ZW}12345678"),
    ("phone", f"Bel 0{ZW}6{ZW}1{ZW}2{ZW}3{ZW}4{ZW}5{ZW}6{ZW}7{ZW}8"),
    ("phone", "Bel 06_12345678"),
    ("phone", "Bel 06_12_34_56_78"),
    ("phone", "Bel 020–1234567"),
    ("phone", "Bel +31\u00a06\u00a012345678"),
    ("phone", "Bel 06 – 12 34 56 78"),
    # BSN: fullwidth digits, underscores, en dash
    ("bsn", "BSN １２３４５６７８２"),
    ("bsn", "Nummer 123_456_782"),
    ("bsn", "Nummer 123–456–782"),
    ("bsn", "Nummer 123—456—782"),
    ("bsn", f"Nummer 1234{ZW}56782"),
    ("bsn", "Nummer １２３.４５６.７８２"),
    ("bsn", "bsn 12_34_56_782"),
    # IBAN: lower case, dashes
    ("iban", "Rekening nl91abna0417164300"),
    ("iban", "Rekening nl91 abna 0417 1643 00"),
    ("iban", "Rekening NL91-ABNA-0417-1643-00"),
    ("iban", "Rekening nl91-abna-0417-1643-00"),
    ("iban", "Rekening ＮＬ９１ＡＢＮＡ０４１７１６４３００"),
    ("iban", "Rekening NL91–ABNA–0417–1643–00"),
    # postcodes with a house number written together or spaced oddly
    ("postcode", "Woont op 1234AB12"),
    ("postcode", "Woont op 1234 ab 12"),
    ("postcode", "Woont op 1234  AB 12"),
    ("postcode", "Woont op 1234-AB 12"),
    ("postcode", "Woont op 1234ab12"),
    ("postcode", "Woont op 1234 ab, 12"),
    ("postcode", "Woont op １２３４ＡＢ"),
    ("postcode", "Woont op 1234–AB 12"),
    # street and house number in lower case
    ("address", "Woont op kerkstraat 12"),
    ("address", "Woont op dorpslaan 3a"),
    ("address", "Woont op Kerkstraat 12"),
    ("address", "Woont op Kerkstr\u0430at 12"),
    ("address", "WOONT OP KERKSTRAAT 12"),
    ("address", "Woont op DORPSWEG 3"),
    # dates of birth: two-digit years, words
    ("date_of_birth", "Zij is van 12-3-80"),
    ("date_of_birth", "Mevrouw: datum 12/3/80"),
    ("date_of_birth", "Zoon, datum 12–03–1980"),
    ("date_of_birth", "Geboren twaalf maart negentien vijfentachtig"),
    ("date_of_birth", "Huurder twaalf maart negentienvijfentachtig"),
    ("date_of_birth", "Dochter: 12 maart negentienhonderd vijfentachtig"),
    ("date_of_birth", "geboren op de twaalfde maart 1985"),
    ("date_of_birth", "Melding over de vader, eenentwintig juni negentien tachtig"),
    ("date_of_birth", "Cliënt, datum １２-０３-１９８５"),
    # an old date is refused when its sentence points to a person or a case, however it is
    # disguised: zero-width characters, fullwidth digits and letters, dashes, spaces,
    # underscores, look-alike letters, words
    ("date_of_birth", f"Mw. Jansen 12{ZW}-03{ZW}-1985"),
    ("date_of_birth", "Mevrouw ０１．０２．１９８０"),
    ("date_of_birth", "Gezin sinds 12—03—1985 bekend."),
    ("date_of_birth", "Casus: kind 03 04 2010"),
    ("date_of_birth", "Slachtoffer (12 - 03 - 1985)"),
    ("date_of_birth", "Dhr. K. 12_03_1985"),
    ("date_of_birth", "De huurder is van 12-maart-1985"),
    ("date_of_birth", "Pleger, 1985‑03‑12"),
    ("date_of_birth", "Clie\u0308nt 12-03-1985"),
    ("date_of_birth", "Aangifte 12/03/1985 gedaan."),
    ("date_of_birth", "Incident 1-1-1999 met de partner."),
    ("date_of_birth", "Signaal over de bewoner van 5 ｍａａｒｔ 1990"),
    ("date_of_birth", f"Meneer{ZW} 12-03-1985"),
    ("date_of_birth", "\u041cevrouw 12-03-1985"),
    ("date_of_birth", "De 40-jarige moeder, 12-3-86"),
    ("date_of_birth", "J. de Vries – 12–03–1985"),
    ("date_of_birth", "Piet Jansen 12\u00a003\u00a01985"),
    ("date_of_birth", "Dossier: de vader, twaalf maart negentien vijfentachtig"),
    ("date_of_birth", "Hij is van tweeëntwintig mei negentienhonderd negentig."),
    ("date_of_birth", "Mevrouw Jansen\n12-03-1985"),  # a line break without a full stop: one record
    ("date_of_birth", "Huurder:\n12-03-1985"),
    ("date_of_birth", "Mevrouw 1985.03.12"),
    ("date_of_birth", "Mevrouw 1985 03 12"),
    ("date_of_birth", "Mevrouw, 12 maart 85"),
    ("date_of_birth", "Huurder 12-mrt-85"),
    ("date_of_birth", f"Mev{ZW}rouw 12-03-1985"),
]

ORDINARY = [
    # the seven the guard used to refuse
    "Het MT besprak dit op 12-03-2015.",
    "Thema-avond 12-03-2015 met 40 deelnemers.",
    "De nota van 5 februari 2012 is nog leidend.",
    "In 1998 opgericht; fusie op 1-1-2008.",
    "Kosten: 123456782 cent in totaal.",
    "We hebben 1234 AB-formulieren uitgedeeld.",
    "Bij de Kerkstraat 1e fase ging het goed.",
    # ordinary organisational sentences
    "In 2026 willen we 80% van de 1.200 medewerkers trainen.",
    "In 2019 en 2020 hebben we 12 teams getraind.",
    "Het budget is € 12.500 per jaar.",
    "Versie 2.1 van de werkinstructie is vastgesteld.",
    "Artikel 5:12 Woningwet is van toepassing.",
    "3 van de 4 teams hebben de training gevolgd.",
    "Scores 3 3 2 4 1 0 2 3 4 in de eerste ronde.",
    "De huurder at niet mee; we spraken af bij de gemeente.",
    "Dit is een belangrijk punt voor het MT.",
    "Safe at Home is een methode.",
    "Deadline 01-03-2026 voor de evaluatie.",
    "In juni 2014 is de meldcode ingevoerd.",
    "Beleid vastgesteld 12-03-2012.",
    "Sinds 1 mei 2014 werken we met de meldcode.",
    "Bel Veilig Thuis via 0800-2000.",
    "KvK-nummer 12345678 staat op de factuur.",
    "De server heeft 2048 MB geheugen.",
    "Het wijkteam zit bij de gemeente; overleg elke week.",
    "We werken samen met bij Veilig Thuis, punt.",
    "Het protocol (versie 1.2.10) is herzien.",
    "Het kost 123.456.782 euro over tien jaar.",
    "In week 12 is de workshop; 30 deelnemers.",
    "De training duurt 2 dagdelen van 3 uur.",
    "Wij hebben 1000 km gereden voor huisbezoeken.",
    "Bij de Dorpsstraat 2e fase volgt later.",
    "Het jaarverslag van 3 maart 2010 is openbaar.",
    "De presentatie op 4-4-2011 was goed bezocht.",
    "Workshop 14-09-2009 voor alle consulenten.",
    "Het rapport van 1-2-2005 geldt nog.",
    "Audit 2-2-2012 gaf drie verbeterpunten.",
    "Evaluatie in 2027 met 1234 AB-formulieren.",
    "Onze medewerkers volgden 12 trainingen in 2025.",
    "We zijn onderweg 3 jaar bezig geweest.",
    "Cursus 'Signaleren' 10-10-2010 voor 20 mensen.",
    "De raad van commissarissen besprak dit op 1-6-2014.",
    "Het convenant met de gemeente is getekend op 5 mei 2013.",
    "Het werkplan van 2015 is leidend; herziening 1-1-2016.",
    "Wij bieden 24/7 bereikbaarheid via het KCC.",
    "Een op de tien huurders heeft schulden.",
    "Aandachtsfunctionaris: 1 fte per 5.000 woningen.",
    "Punt 3 van de agenda: de meldcode.",
    "Het MT (12 mensen) besloot op 3-3-2013 tot invoering.",
    "Contact via het algemene nummer van de corporatie.",
    "We trainden 40 consulenten in 2 groepen.",
    "De sleutel van kast 12 ligt bij de balie.",
    # an old date whose sentence points to no person or case passes, in any form
    "Datum 21.09.1979 staat op het formulier.",
    "12-03-1985",
    "Datum 12/3/80",
    "Datum 12–03–1980",
    "Datum １２-０３-１９８５",
    f"Datum 12{ZW}-03{ZW}-1985 op de tekening.",
    "twaalf maart negentienvijfentachtig",
    "12 maart negentienhonderd vijfentachtig",
    "eenentwintig juni negentien tachtig",
    "Het MT besprak dit op 12 03 2015.",
    "Folder gedrukt op 1-1-2001; oplage 5000.",
    "De meldcode-training van 12-03-2014 was vol.",
    "Overeenkomst met de gemeente sinds 01-01-2010.",
    "Inspectie van de liften op 3 maart 2009.",
    "Het gebouw is opgeleverd op 15-06-1978.",
    "Renovatie 1-9-1995 tot 1-9-1996 afgerond.",
    "Kantoor verhuisd op 12-03-2012.",
    "Huurverhoging per 1 juli 2012 doorgevoerd.",
    "Bewonerscommissie opgericht 3-3-2003.",
    "Kinderombudsman-rapport van 12-03-2014.",
    "Huurdersvereniging akkoord op 12-12-2012.",
    "Wijkteam actief sinds 1 januari 2015.",
    "Mevrouw de wethouder opende het pand. Het MT besprak dit op 12-03-2015.",
    "Melding en signaal zijn begrippen uit de meldcode.\nHet MT besprak dit op 12-03-2015.",
    "Versie 2012.03.1 van het protocol is vastgesteld.",
    "Mevrouw de wethouder komt 12 maart 14 uur.",
    "Op 12 maart 85 exemplaren uitgedeeld.",
]


@pytest.mark.parametrize(("kind", "text"), DISGUISED, ids=[t for _, t in DISGUISED])
def test_a_disguised_form_is_refused_as_what_it_is(kind, text):
    found = find_personal_data(text, today=TODAY)
    assert kind in [f.kind for f in found], found
    with pytest.raises(PersonalDataError):
        check_free_text(text, "Toelichting", today=TODAY)


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_sentence_is_accepted(text):
    assert find_personal_data(text, today=TODAY) == []
    check_free_text(text, "Toelichting", today=TODAY)


def test_the_table_has_at_least_a_hundred_cases():
    assert len(DISGUISED) + len(ORDINARY) >= 100
    assert len(set(DISGUISED)) == len(DISGUISED) and len(set(ORDINARY)) == len(ORDINARY)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"Mail jan{ZW}sen@gmail.com graag", f"jan{ZW}sen@gmail.com"),
        ("Bel ０６－１２３４５６７８ graag", "０６－１２３４５６７８"),
        (f"Mail jansen@gmail.c{CYR_O}m nu", f"jansen@gmail.c{CYR_O}m"),
    ],
)
def test_a_finding_points_at_the_text_as_written(text, shown):
    (finding,) = find_personal_data(text, today=TODAY)
    assert text[finding.start : finding.end] == shown


def test_normalise_folds_what_looks_the_same_and_keeps_case():
    assert normalise(f"Ｊansen{ZW}＠gmail．c{CYR_O}m 06–12_34") == "Jansen@gmail.com 06-12-34"
    assert normalise("Kerkstraat ÉÉN") == "Kerkstraat ÉÉN"
