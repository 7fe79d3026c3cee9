"""The instrument (checklist/items.yaml) and its loader (readiness.checklist)."""

from __future__ import annotations

import ast
import copy
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.checklist import (
    EXPECTED_SECTIONS,
    ChecklistError,
    load_checklist,
    parse_checklist,
    parse_citation,
    recording_advice,
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
    assert checklist.version == "2026.2"
    assert checklist.earlier_versions == ["2026.1"]
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
        "Niet aanwezig",
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


# --------------------------------------------------------------------------- broken variants


def _real() -> dict[str, Any]:
    return yaml.safe_load(ITEMS_YAML.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "items.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    for section in data["sections"]:
        for item in section["items"]:
            if item["id"] == item_id:
                return item
    raise KeyError(item_id)


def _section(data: dict[str, Any], section_id: str) -> dict[str, Any]:
    return next(s for s in data["sections"] if s["id"] == section_id)


def _renumber(data: dict[str, Any]) -> None:
    number = 0
    for section in data["sections"]:
        for item in section["items"]:
            number += 1
            item["number"] = number


def _unknown_top_key(d: dict[str, Any]) -> None:
    d["auteur"] = "iemand"


def _unknown_item_key(d: dict[str, Any]) -> None:
    _item(d, "ken-02")["toelichting"] = "extra"


def _unknown_action_key(d: dict[str, Any]) -> None:
    _item(d, "str-01")["actions"][1]["owner"] = "management"


def _duplicate_id(d: dict[str, Any]) -> None:
    _item(d, "stp-02")["id"] = "stp-01"


def _missing_section(d: dict[str, Any]) -> None:
    d["sections"] = [s for s in d["sections"] if s["id"] != "monitoring_evaluatie"]
    _renumber(d)


def _sections_out_of_order(d: dict[str, Any]) -> None:
    s = d["sections"]
    s[1], s[2] = s[2], s[1]
    _renumber(d)


def _duplicate_section(d: dict[str, Any]) -> None:
    copy_ = copy.deepcopy(_section(d, "uitdragen_visie"))
    copy_["items"][0]["id"] = "uit-02"
    d["sections"].append(copy_)
    _renumber(d)


def _unknown_section(d: dict[str, Any]) -> None:
    _section(d, "uitdragen_visie")["id"] = "communicatie"


def _empty_question(d: dict[str, Any]) -> None:
    _item(d, "dra-03")["question"] = "   "


def _missing_question(d: dict[str, Any]) -> None:
    del _item(d, "dra-04")["question"]


def _one_action(d: dict[str, Any]) -> None:
    item = _item(d, "stp-03")
    item["actions"] = item["actions"][:1]


def _empty_action_text(d: dict[str, Any]) -> None:
    _item(d, "ken-01")["actions"][2]["text"] = ""


def _scale_missing_level(d: dict[str, Any]) -> None:
    d["scale"] = [level for level in d["scale"] if level["value"] != 2]


def _scale_duplicate_level(d: dict[str, Any]) -> None:
    d["scale"][3]["value"] = 2


def _scale_level_five(d: dict[str, Any]) -> None:
    d["scale"][4]["value"] = 5


def _unknown_role(d: dict[str, Any]) -> None:
    _item(d, "str-04")["roles"].append("directie")


def _no_roles(d: dict[str, Any]) -> None:
    _item(d, "mon-01")["roles"] = []


def _phase_unknown_section(d: dict[str, Any]) -> None:
    d["phases"][2]["requires"].append("huisbezoeken")


def _phase_not_cumulative(d: dict[str, Any]) -> None:
    d["phases"][3]["requires"].remove("stappenplan")


def _wrong_item_number(d: dict[str, Any]) -> None:
    _item(d, "ken-02")["number"] = 13


def _bad_item_id(d: dict[str, Any]) -> None:
    _item(d, "stp-05")["id"] = "stp-5"


def _item_in_wrong_section(d: dict[str, Any]) -> None:
    _item(d, "mon-01")["id"] = "str-06"


def _version_as_number(d: dict[str, Any]) -> None:
    d["version"] = 2026.1


def _allows_na_not_bool(d: dict[str, Any]) -> None:
    _item(d, "dra-05")["allows_na"] = "misschien"


def _action_without_source(d: dict[str, Any]) -> None:
    del _item(d, "ken-02")["actions"][1]["source"]


def _action_with_source_and_own_mark(d: dict[str, Any]) -> None:
    _item(d, "dra-02")["actions"][0]["own_suggestion"] = True


def _action_source_without_page(d: dict[str, Any]) -> None:
    _item(d, "stp-04")["actions"][2]["source"] = "Handreiking, Stap 4: Delen van zorgen"


def _action_source_not_the_handreiking(d: dict[str, Any]) -> None:
    _item(d, "dra-02")["actions"][2]["source"] = "Draagvlak p. 8"


def _item_source_without_page(d: dict[str, Any]) -> None:
    _item(d, "str-02")["source"] = "Handreiking, Checklist"


def _current_version_as_earlier(d: dict[str, Any]) -> None:
    d["earlier_versions"] = [d["version"]]


def _case_tracking_action(d: dict[str, Any]) -> None:
    """The str-01 action of checklist 2026.1 that read as a case register (issue 12)."""
    _item(d, "str-01")["actions"][2]["text"] = (
        "Laat de aandachtsfunctionaris het verloop van casussen bijhouden, zonder gegevens "
        "van huurders, en daar periodiek over rapporteren aan het management."
    )


def _counting_action(d: dict[str, Any]) -> None:
    """The mon-01 action of checklist 2026.1 that counted consultations and referrals."""
    _item(d, "mon-01")["actions"][1] = {
        "text": "Houd (geanonimiseerd) bij hoe vaak er intern overleg, advies of doorverwijzing is geweest.",
        "own_suggestion": True,
    }


def _recording_explanation(d: dict[str, Any]) -> None:
    _item(d, "ken-03")["explanation"] += " De sociaal consulent registreert alle signalen in het huurdersdossier."


def _recording_phase(d: dict[str, Any]) -> None:
    d["phases"][4]["description"] += " Houd een overzicht bij van de gezinnen waar zorgen zijn."


def _replaces_key_of_another_item(d: dict[str, Any]) -> None:
    _item(d, "ken-01")["actions"][0]["replaces"] = ["dra-01:0123456789ab"]


def _replaces_malformed_key(d: dict[str, Any]) -> None:
    _item(d, "ken-01")["actions"][0]["replaces"] = ["ken-01:xyz"]


Mutation = Callable[[dict[str, Any]], None]

BROKEN: list[tuple[str, Mutation, list[str]]] = [
    ("onbekend veld bovenaan", _unknown_top_key, ["veld 'auteur'", "onbekend veld", "version"]),
    ("onbekend veld in item", _unknown_item_key, ["item ken-02", "veld 'toelichting'", "onbekend veld"]),
    ("onbekend veld in actie", _unknown_action_key, ["item str-01", "veld 'actions'", "'owner'", "onbekend veld"]),
    ("dubbele id", _duplicate_id, ["item stp-01", "veld 'id'", "twee keer"]),
    ("ontbrekende sectie", _missing_section, ["veld 'sections'", "'monitoring_evaluatie' ontbreekt"]),
    ("secties in verkeerde volgorde", _sections_out_of_order, ["veld 'sections'", "volgorde"]),
    ("dubbele sectie", _duplicate_section, ["sectie 'uitdragen_visie'", "veld 'id'", "twee keer"]),
    ("onbekende sectie", _unknown_section, ["sectie 'communicatie'", "veld 'id'", "onbekende sectie"]),
    ("lege vraag", _empty_question, ["item dra-03", "veld 'question'", "mag niet leeg zijn"]),
    ("ontbrekende vraag", _missing_question, ["item dra-04", "veld 'question'", "ontbreekt"]),
    ("één actie", _one_action, ["item stp-03, veld 'actions': minstens twee verbeteracties nodig (gevonden: 1)"]),
    ("lege actietekst", _empty_action_text, ["item ken-01", "veld 'actions', nr. 3, veld 'text'", "leeg"]),
    ("schaal mist niveau", _scale_missing_level, ["veld 'scale'", "vijf niveaus", "gevonden: 4"]),
    ("schaal dubbel niveau", _scale_duplicate_level, ["veld 'scale'", "niveau 2", "precies één keer"]),
    ("schaal niveau 5", _scale_level_five, ["schaalniveau 5", "veld 'value'", "0 tot en met 4"]),
    ("onbekende rol", _unknown_role, ["item str-04", "veld 'roles'", "onbekende rol 'directie'"]),
    ("geen rollen", _no_roles, ["item mon-01", "veld 'roles'", "minstens één rol nodig"]),
    ("fase met onbekende sectie", _phase_unknown_section, ["fase 2", "veld 'requires'", "'huisbezoeken'"]),
    ("fase niet cumulatief", _phase_not_cumulative, ["fase 3", "veld 'requires'", "'stappenplan'"]),
    ("verkeerd itemnummer", _wrong_item_number, ["item ken-02", "veld 'number'", "verwacht 12", "gevonden 13"]),
    ("ongeldige id", _bad_item_id, ["item stp-5", "veld 'id'", "abc-01"]),
    ("item in verkeerde sectie", _item_in_wrong_section, ["item str-06", "veld 'id'", "'mon-'"]),
    ("versie als getal", _version_as_number, ["veld 'version'", "tekst", "aanhalingstekens"]),
    ("allows_na geen boolean", _allows_na_not_bool, ["item dra-05", "veld 'allows_na'", "true of false"]),
    ("actie zonder bron", _action_without_source,
     ["item ken-02, veld 'actions', nr. 2, veld 'source'", "geen bron", "eigen suggestie", "own_suggestion: true"]),
    ("actie met bron én eigen suggestie", _action_with_source_and_own_mark,
     ["item dra-02, veld 'actions', nr. 1, veld 'source'", "eigen suggestie", "geen bron"]),
    ("actiebron zonder pagina", _action_source_without_page,
     ["item stp-04, veld 'actions', nr. 3, veld 'source'", "'Stap 4: Delen van zorgen'", "pagina"]),
    ("actiebron niet uit de handreiking", _action_source_not_the_handreiking,
     ["item dra-02, veld 'actions', nr. 3, veld 'source'", "begint met 'Handreiking,'"]),
    ("itembron zonder pagina", _item_source_without_page, ["item str-02, veld 'source'", "pagina"]),
    ("huidige versie als eerdere", _current_version_as_earlier, ["veld 'earlier_versions'", "huidige versie"]),
    ("actie houdt casussen bij", _case_tracking_action,
     ["item str-01, veld 'actions', nr. 3, veld 'text'", "casussen bijhouden", "geen grondslag", "Privacy p. 10"]),
    ("actie telt doorverwijzingen", _counting_action,
     ["item mon-01, veld 'actions', nr. 2, veld 'text'", "hoe vaak", "geen grondslag"]),
    ("uitleg registreert signalen", _recording_explanation,
     ["item ken-03, veld 'explanation'", "registreert alle signalen", "geen grondslag"]),
    ("fase houdt gezinnen bij", _recording_phase, ["fase 4, veld 'description'", "gezinnen", "geen grondslag"]),
    ("vervangt suggestie van ander item", _replaces_key_of_another_item,
     ["item ken-01, veld 'actions', nr. 1, veld 'replaces'", "'dra-01:0123456789ab'", "'ken-01:'"]),
    ("vervangt ongeldige sleutel", _replaces_malformed_key, ["item ken-01", "veld 'actions', nr. 1, veld 'replaces', nr. 1", "ongeldige sleutel 'ken-01:xyz'", "twaalf tekens"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(m, e, id=name) for name, m, e in BROKEN],
)
def test_broken_variant(tmp_path: Path, mutate: Mutation, expected: list[str]) -> None:
    data = _real()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} niet in: {message}"


def test_item_error_carries_item_id_and_field(tmp_path: Path) -> None:
    data = _real()
    _one_action(data)
    with pytest.raises(ChecklistError) as info:
        load_checklist(_write(tmp_path, data))
    assert info.value.item_id == "stp-03"
    assert info.value.field == "actions"
    assert info.value.source == str(tmp_path / "items.yaml")


def _replace_line(text: str, startswith: str, new: str) -> tuple[str, int]:
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    lines[number] = new
    return "\n".join(lines) + "\n", number + 1


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text, line = _replace_line(
        ITEMS_YAML.read_text(encoding="utf-8"), "na_label:", "na_label: Niet: van toepassing"
    )
    path = tmp_path / "items.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    message = str(info.value)
    assert message.startswith(f"{path}: regel {line}, kolom "), message
    assert "ongeldige YAML" in message
    assert info.value.line == line


def test_duplicate_yaml_key_names_the_line_and_field(tmp_path: Path) -> None:
    text = ITEMS_YAML.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == "- id: stp-02")
    indent = lines[number].index("id:")
    lines.insert(number + 1, " " * indent + "id: stp-99")
    path = tmp_path / "items.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    message = str(info.value)
    assert message.startswith(f"{path}: regel {number + 2}, veld 'id'"), message
    assert "twee keer" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "het bestand is leeg"),
        ("- alleen\n- een lijst\n", "een lijst"),
    ],
    ids=["leeg", "geen-blok"],
)
def test_file_without_fields(text: str, expected: str) -> None:
    with pytest.raises(ChecklistError) as info:
        parse_checklist(text, "checklist/items.yaml")
    assert str(info.value).startswith("checklist/items.yaml: ")
    assert expected in str(info.value)


def test_missing_top_level_field() -> None:
    data = _real()
    del data["phases"]
    with pytest.raises(ChecklistError) as info:
        parse_checklist(yaml.safe_dump(data, allow_unicode=True), "checklist/items.yaml")
    assert str(info.value) == "checklist/items.yaml: veld 'phases': dit verplichte veld ontbreekt"


# --------------------------------------------------------------------------- citations and no case records


def test_error_for_an_action_without_source_names_item_and_field(tmp_path: Path) -> None:
    data = _real()
    _action_without_source(data)
    with pytest.raises(ChecklistError) as info:
        load_checklist(_write(tmp_path, data))
    assert (info.value.item_id, info.value.field) == ("ken-02", "actions")


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


def test_str01_explanation_keeps_the_sociaal_consulent_as_first_contact(checklist: Checklist) -> None:
    """Issue 12, defect 4: the aandachtsfunctionaris is the vraagbaak beside the sociaal consulenten."""
    explanation = checklist.item("str-01").explanation
    assert "eerste aanspreekpunt" not in explanation
    assert "vraagbaak" in explanation and "sociaal consulenten" in explanation


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
    assert "voldoende" in dra03.question and "kan" in dra03.explanation and "leefbaarheid" in dra03.explanation
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
