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
    assert checklist.version == "2026.1"
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
            assert action.text and action.source.startswith("Handreiking"), item.id
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
    """readiness.checklist imports only stdlib, yaml, pydantic and readiness.models."""
    tree = ast.parse((REPO / "readiness" / "checklist.py").read_text(encoding="utf-8"))
    allowed = set(sys.stdlib_module_names) | {"yaml", "pydantic", "readiness", "__future__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in allowed, name
            if name.startswith("readiness"):
                assert name == "readiness.models", name


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
]


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
