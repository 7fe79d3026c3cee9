"""The instrument (checklist/items.yaml) and its loader (readiness.checklist)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from readiness.checklist import (
    EXPECTED_SECTIONS,
    ChecklistError,
    load_checklist,
    parse_checklist,
    parse_citation,
    recording_advice,
    survey_advice,
)
from readiness.models import Checklist

REPO = Path(__file__).resolve().parents[2]
ITEMS_YAML = REPO / "checklist" / "items.yaml"

EXPECTED_IDS = [
    "dra-01", "dra-02", "dra-03", "dra-04", "dra-05",
    "stp-01", "stp-02", "stp-03", "stp-04", "stp-05",
    "ken-01", "ken-02", "ken-03",
    "mon-01",
    "str-01", "str-02", "str-03", "str-04", "str-05",
    "uit-01",
]  # fmt: skip

EXPECTED_TITLES = [
    "Draagvlak",
    "Stappenplan",
    "Kennis en ondersteuning",
    "Monitoring en evaluatie",
    "Structurele inbedding",
    "Uitdragen van de visie",
]

ROLE_IDS = ["bestuur", "management", "uitvoering", "aandachtsfunctionaris", "sociaal_consulent"]


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(ITEMS_YAML)


# --------------------------------------------------------------------------- the real file


def test_real_file_loads(checklist: Checklist) -> None:
    assert checklist.version == "2026.3"
    assert checklist.earlier_versions == ["2026.2", "2026.1"]
    assert checklist.title
    assert "Signaleren achter de voordeur" in checklist.source
    assert "Kadera" in checklist.source and "2018" in checklist.source
    assert checklist.dont_know_label == "Weet ik niet"
    assert checklist.na_label == "Niet van toepassing"


def test_twenty_items_in_six_sections(checklist: Checklist) -> None:
    assert [s.id for s in checklist.sections] == list(EXPECTED_SECTIONS)
    assert [s.title for s in checklist.sections] == EXPECTED_TITLES
    assert [len(s.items) for s in checklist.sections] == [5, 5, 3, 1, 5, 1]
    assert len(checklist.items) == 20


def test_item_ids_are_stable_and_unique(checklist: Checklist) -> None:
    ids = [item.id for item in checklist.items]
    assert ids == EXPECTED_IDS
    assert len(set(ids)) == len(ids)
    assert [item.number for item in checklist.items] == list(range(1, 21))


def test_every_item_is_complete(checklist: Checklist) -> None:
    role_ids = {role.id for role in checklist.roles}
    for item in checklist.items:
        assert item.question, item.id
        assert item.explanation, item.id
        sentences = re.findall(r"[.!?](?:\s|$)", item.explanation)
        assert 2 <= len(sentences) <= 4, f"{item.id}: uitleg heeft {len(sentences)} zinnen"
        assert item.source.startswith("Handreiking"), item.id
        assert len(item.actions) >= 2, item.id
        for action in item.actions:
            assert action.text, item.id
            assert action.own_suggestion or action.source.startswith("Handreiking, "), item.id
        assert item.roles and set(item.roles) <= role_ids, item.id


def test_na_allowed_for_cooperation_between_corporations(checklist: Checklist) -> None:
    assert checklist.item("dra-05").allows_na is True
    assert checklist.item("dra-01").allows_na is False


def test_scale_is_zero_to_four(checklist: Checklist) -> None:
    assert [level.value for level in checklist.scale] == [0, 1, 2, 3, 4]
    assert [level.label for level in checklist.scale] == [
        "(Nog) niet",
        "In voorbereiding",
        "Gedeeltelijk",
        "Grotendeels",
        "Volledig geborgd",
    ]
    assert all(level.description for level in checklist.scale)


def test_roles(checklist: Checklist) -> None:
    assert [role.id for role in checklist.roles] == ROLE_IDS
    assert all(role.label and role.description for role in checklist.roles)


def test_phases_are_cumulative_gates(checklist: Checklist) -> None:
    assert [p.level for p in checklist.phases] == [0, 1, 2, 3, 4, 5]
    assert [p.requires for p in checklist.phases] == [
        [],
        ["draagvlak"],
        ["draagvlak", "stappenplan"],
        ["draagvlak", "stappenplan", "kennis_ondersteuning"],
        [
            "draagvlak",
            "stappenplan",
            "kennis_ondersteuning",
            "monitoring_evaluatie",
            "structurele_inbedding",
        ],
        list(EXPECTED_SECTIONS),
    ]
    assert len({p.name for p in checklist.phases}) == 6


def test_parse_checklist_from_text() -> None:
    text = ITEMS_YAML.read_text(encoding="utf-8")
    assert parse_checklist(text, "memory").items[0].id == "dra-01"


def test_missing_file_is_a_checklist_error(tmp_path: Path) -> None:
    missing = tmp_path / "geen.yaml"
    with pytest.raises(ChecklistError, match="geen.yaml: bestand niet gevonden"):
        load_checklist(missing)


def test_checklist_error_is_a_value_error() -> None:
    assert issubclass(ChecklistError, ValueError)


def test_loader_is_pure() -> None:
    """readiness.checklist (every module of the package) imports only stdlib, yaml,
    pydantic, readiness.models and its own modules."""
    allowed = set(sys.stdlib_module_names) | {"yaml", "pydantic", "readiness", "__future__"}
    modules = sorted((REPO / "readiness" / "checklist").glob("*.py"))
    assert len(modules) > 1
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, (path.name, name)
                if name.startswith("readiness"):
                    assert name == "readiness.models" or name.startswith("readiness.checklist."), (path.name, name)



def test_every_action_cites_the_handreiking_or_is_marked_as_own_suggestion(checklist: Checklist) -> None:
    for item in checklist.items:
        for action in item.actions:
            assert (action.source is None) == action.own_suggestion, (item.id, action.text)
            if action.source:
                assert parse_citation(action.source), (item.id, action.source)


def test_the_suggestions_issue_12_found_overstated_are_own_suggestions(checklist: Checklist) -> None:
    """Actions whose cited passage did not say what they propose are marked as our own."""
    own = {(item.id, n) for item in checklist.items for n, a in enumerate(item.actions, 1) if a.own_suggestion}
    assert {("str-04", 2), ("str-04", 3), ("uit-01", 1), ("stp-05", 2), ("mon-01", 2)} <= own


def test_str01_follows_the_course_without_a_case_register(checklist: Checklist) -> None:
    """Issue 12, defect 1: the aandachtsfunctionaris follows the course (Checklist p. 22)
    without recording signals or cases (Privacy p. 10) and reports on the working method."""
    action = checklist.item("str-01").actions[2]
    assert [name for name, *_ in parse_citation(action.source)] == ["Checklist", "Privacy en het delen van signalen"]
    assert "terugkoppeling van partners" in action.text
    assert "zonder signalen of casussen vast te leggen" in action.text
    assert "werkwijze" in action.text


def test_str01_counts_the_aandachtsfunctionaris_among_the_sociaal_consulenten(checklist: Checklist) -> None:
    """Issue 26: the handreiking (Functies p. 12) uses the term sociaal consulent for the
    aandachtsfunctionaris too; the tool no longer places it "naast" them."""
    item = checklist.item("str-01")
    texts = [item.explanation, *(a.text for a in item.actions), *(r.description for r in checklist.roles)]
    assert not any("naast de sociaal consulenten" in text for text in texts)
    assert "rekent deze functie tot de sociaal" in " ".join(item.explanation.split())
    assert "sociaal consulenten" in checklist.roles[3].description or "sociaal consulent" in checklist.roles[3].description
    assert "vraagbaak" in item.explanation


def test_wording_fixes_of_issue_12(checklist: Checklist) -> None:
    """The wording defects 5-10 of issue 12, where a test can see them."""
    ken02 = checklist.item("ken-02").actions[1].text
    assert "of een gesprek" in ken02 and "eergerelateerd" in ken02 and "medewerkers en sociaal consulenten" in ken02
    ken03 = checklist.item("ken-03").actions[0].text
    assert "altijd" not in ken03 and "niet meer" in ken03
    uit = checklist.item("uit-01")
    assert "zich inzet" not in uit.question and "bijdrage" in uit.question
    assert "zorgen kwijt" not in uit.explanation and "Veilig Thuis" in uit.explanation and "112" in uit.explanation
    stp01 = checklist.item("stp-01")
    assert "signaleren van" in stp01.question
    assert "niet verplicht" in stp01.explanation
    assert all("per team" not in a.text for a in stp01.actions)
    dra03 = checklist.item("dra-03")
    assert "kan" in dra03.explanation and "leefbaarheid" in dra03.explanation
    for item_id in ("dra-04", "dra-05", "stp-02", "stp-04", "str-05"):
        assert "bijvoorbeeld" in checklist.item(item_id).explanation, item_id
    assert "alleen een definitie van huiselijk geweld" in checklist.item("stp-02").explanation
    assert "woonomgeving" not in checklist.item("str-05").explanation


@pytest.mark.parametrize(
    "text",
    [
        "Laat de aandachtsfunctionaris het verloop van casussen bijhouden, zonder gegevens van huurders.",
        "Houd (geanonimiseerd) bij hoe vaak er intern overleg is geweest.",
        "Registreer signalen in het klantsysteem.",
        "Noteer de namen van huurders over wie zorgen zijn.",
        "Leg casussen vast in het dossier.",
        "Houd een lijst bij van gezinnen waar zorgen zijn.",
        "De sociaal consulent legt elke melding vast.",
    ],
)
def test_recording_advice_is_recognised(text: str) -> None:
    assert recording_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        "Signalen van huiselijk geweld worden niet in eigen systemen vastgelegd.",
        "Laat de aandachtsfunctionaris het verloop volgen, zonder signalen of casussen vast te leggen.",
        "Het stappenplan legt vast welke samenwerkingsafspraken er lokaal gelden.",
        "Leg vast dat een adviesvraag aan Veilig Thuis anoniem kan en dat persoonsgegevens alleen bij een melding worden gedeeld.",
        "Spreek af wie de sociale kaart bijhoudt.",
        "Het is volledig geregeld en wordt bijgehouden, ook als mensen van functie wisselen.",
        "Bespreek signalen van huurders met de sociaal consulent.",
    ],
)
def test_organisational_text_is_not_recording_advice(text: str) -> None:
    assert recording_advice(text) is None


# --------------------------------------------------------------------------- issue 26


@pytest.mark.parametrize(
    "text",
    [
        # surveys that can hold a signal per tenant
        "Voeg vragen over veiligheid achter de voordeur toe aan het huurderstevredenheidsonderzoek.",
        "Vraag in het tevredenheidsonderzoek onder huurders hoe veilig zij zich thuis voelen.",
        "Neem in de anonieme enquête onder huurders een vraag op of zij zich thuis veilig voelen.",
        "Koppel de antwoorden van de peiling over veiligheid aan het huurdernummer van de huurder.",
        "Stel in de vragenlijst over veiligheid achter de voordeur een open vraag aan huurders.",
        "Houd per adres bij wat huurders in het onderzoek over veiligheid antwoorden.",
    ],
)
def test_survey_advice_is_recognised(text: str) -> None:
    assert survey_advice(text) or recording_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        # registers, dossiers and tracking of cases, under other names
        "Zet zorgen over het gezin in het huurdersdossier.",
        "Houd een register bij van huurders over wie zorgen zijn.",
        "De aandachtsfunctionaris volgt casussen en hun verloop.",
        "Maak een overzicht van gezinnen waar signalen zijn gezien.",
        "Monitor de casussen tot Veilig Thuis ze afsluit.",
    ],
)
def test_registers_dossiers_and_case_tracking_are_recognised(text: str) -> None:
    assert recording_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        "Neem veiligheid achter de voordeur alleen op in een anoniem onderzoek onder huurders dat niet "
        "te koppelen is aan een huurder of adres, met een vraag over bekendheid. Vraag niet naar de eigen "
        "veiligheid en laat geen open antwoorden over dit onderwerp toe.",
        "Gebruik bij de evaluatie alleen de totalen van het hele onderzoek.",
        "Laat de aandachtsfunctionaris volgen hoe de werkwijze loopt.",
        "Voeg een overzicht toe van de vormen van huiselijk geweld.",
    ],
)
def test_anonymous_awareness_survey_and_following_the_method_are_allowed(text: str) -> None:
    assert survey_advice(text) is None and recording_advice(text) is None


def test_str05_asks_only_an_anonymous_awareness_survey(checklist: Checklist) -> None:
    """Issue 26, major defect: no question about the tenant's own safety; an anonymous survey
    that cannot be linked to a tenant or address, about awareness, no free text, totals
    only, and a plain sentence that the survey is not a way to signal."""
    item = checklist.item("str-05")
    text = " ".join(" ".join([item.explanation, *(a.text for a in item.actions)]).split())
    assert "anoniem onderzoek onder huurders dat niet te koppelen is aan een huurder of adres" in text
    assert "Weet u waar u terechtkunt" in text
    assert "hoe veilig huurders zich thuis voelen" not in text
    assert "huurderstevredenheidsonderzoek" not in text
    assert "open antwoorden" in text and "totalen" in text
    assert "geen manier is om zorgen te melden" in text
    assert all(survey_advice(t) is None for t in [item.explanation, *(a.text for a in item.actions)])


def test_actions_keep_the_conditions_of_the_source(checklist: Checklist) -> None:
    """Issue 26: the actions that dropped one of the source's conditions now state it."""
    stp04 = " ".join(checklist.item("stp-04").actions[2].text.split())
    assert "ophoudt" in stp04 and "tenzij" in stp04 and "mogelijk, niet nodig" in stp04
    ken01 = " ".join(checklist.item("ken-01").actions[1].text.split())
    assert "hoeven niet op huiselijk geweld te wijzen" in ken01 and "geen kaart noemt alle signalen" in ken01
    stp03 = " ".join(checklist.item("stp-03").actions[2].text.split())
    assert "verwerkingsovereenkomst" not in stp03
    assert "toestemming van de huurder" in stp03 and "vooraf aan de AVG" in stp03
    ken02 = " ".join(checklist.item("ken-02").actions[1].text.split())
    assert "niet bij aanwijzingen" not in ken02 and "kan het beter zijn" in ken02 and "hulpverleners" in ken02
    mon01 = checklist.item("mon-01")
    assert "geen wettelijke plicht" in " ".join(mon01.explanation.split())
    assert "geen plicht" in " ".join(mon01.actions[2].text.split())
    str01 = checklist.item("str-01")
    assert "casussen en hun verloop volgt" not in " ".join(str01.question.split())
    assert "wordt bijgehouden" not in checklist.scale[4].description
    str02 = " ".join((checklist.item("str-02").explanation + " " + checklist.item("str-02").actions[1].text).split())
    assert "(geanonimiseerde)" not in str02 and "kleine corporatie" in str02 and "herkennen" in str02


def test_claims_beyond_their_page_are_no_longer_a_bron(checklist: Checklist) -> None:
    """Issue 26: the concrete steps the handreiking does not name are 'uitwerking' or
    'eigen suggestie', not 'bron'."""
    beyond = [("dra-01", 3), ("stp-01", 2), ("stp-03", 1), ("ken-03", 2), ("str-02", 3), ("str-03", 3),
              ("str-05", 3), ("uit-01", 3)]
    for item_id, number in beyond:
        assert checklist.item(item_id).actions[number - 1].kind != "bron", (item_id, number)
    for item_id in ("dra-01", "dra-05", "str-05"):
        item = checklist.item(item_id)
        assert item.explanation_kind != "bron" or "tijd en geld" not in item.explanation, item_id
    assert "tijd en geld" not in checklist.item("dra-01").explanation
    assert "Aanleiding" not in checklist.item("dra-05").source
    stp03 = checklist.item("stp-03").actions[1]
    assert "anoniem" not in stp03.text and any(q.page in (27, 28, 29) for q in stp03.quotes)
    assert "Aedes" not in checklist.item("uit-01").actions[2].text


def test_phase_and_language_wording_of_issue_26(checklist: Checklist) -> None:
    phases = {p.level: " ".join(p.description.split()) for p in checklist.phases}
    assert "inspireert" not in phases[5]
    assert "stappenplan wordt regelmatig geëvalueerd" in phases[4]
    for item in checklist.items:
        assert "voldoende" not in item.question, item.id
        assert "signaleert en passend doorverwijst" not in item.question, item.id
        texts = [item.explanation, *(a.text for a in item.actions)]
        for text in texts:
            flat = " ".join(text.split())
            assert not re.search(r"(?<!sociaal )(?<!sociale )\bwijkteam", flat), (item.id, flat)
    assert checklist.scale[0].label != "Niet aanwezig"
    assert "geregeld" not in checklist.scale[0].description
