"""The checklist loader refuses a broken instrument file with a Dutch message that names the
item, the field and the line: one broken variant of the real items.yaml at a time."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.checklist import (
    ChecklistError,
    load_checklist,
    parse_checklist,
)

REPO = Path(__file__).resolve().parents[2]
ITEMS_YAML = REPO / "checklist" / "items.yaml"


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
    _item(d, "dra-02")["actions"][0]["kind"] = "eigen suggestie"


def _bron_without_quote(d: dict[str, Any]) -> None:
    del _item(d, "ken-01")["actions"][0]["quotes"]


def _item_without_kind(d: dict[str, Any]) -> None:
    del _item(d, "stp-02")["kind"]


def _explanation_without_quote(d: dict[str, Any]) -> None:
    _item(d, "dra-04")["explanation_quotes"] = []


def _quote_outside_the_cited_part(d: dict[str, Any]) -> None:
    _item(d, "dra-02")["actions"][0]["quotes"][0]["page"] = 30


def _unknown_kind(d: dict[str, Any]) -> None:
    _item(d, "dra-02")["actions"][1]["kind"] = "bronnen"


def _long_quote(d: dict[str, Any]) -> None:
    _item(d, "dra-02")["actions"][1]["quotes"][0]["text"] = "woord " * 80


def _linked_survey_action(d: dict[str, Any]) -> None:
    """The str-05 action of checklist 2026.2 (issue 26): a question about safety in the
    tenant satisfaction survey, which is linked to a tenant or address."""
    _item(d, "str-05")["actions"][0]["text"] = (
        "Voeg vragen over veiligheid achter de voordeur toe aan het huurderstevredenheidsonderzoek."
    )


def _own_safety_survey_explanation(d: dict[str, Any]) -> None:
    """The str-05 explanation of checklist 2026.2: asks how safe tenants feel at home."""
    _item(d, "str-05")["explanation"] = (
        "Onderzoeken onder huurders bevatten vragen over veiligheid achter de voordeur, bijvoorbeeld "
        "hoe veilig huurders zich thuis voelen en of zij weten waar ze terechtkunnen. De uitkomsten "
        "worden alleen op groepsniveau gebruikt om het beleid te verbeteren."
    )


def _case_tracking_question(d: dict[str, Any]) -> None:
    """The str-01 question of checklist 2026.2: the aandachtsfunctionaris follows cases."""
    _item(d, "str-01")["question"] = (
        "Er is ten minste één interne aandachtsfunctionaris aangesteld: een deskundige collega die "
        "casussen en hun verloop volgt en collega's motiveert en inspireert."
    )


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
        "kind": "eigen suggestie",
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
     ["item ken-02, veld 'actions', nr. 2, veld 'source'", "geen bron", "eigen suggestie", "kind: eigen suggestie"]),
    ("actie met bron én eigen suggestie", _action_with_source_and_own_mark,
     ["item dra-02, veld 'actions', nr. 1, veld 'source'", "eigen suggestie", "geen bron"]),
    ("bron zonder citaat", _bron_without_quote,
     ["item ken-01, veld 'actions', nr. 1, veld 'quotes'", "bron", "letterlijk citaat"]),
    ("item zonder soort", _item_without_kind, ["item stp-02, veld 'kind'", "'bron'", "'uitwerking'"]),
    ("uitleg zonder citaat", _explanation_without_quote,
     ["item dra-04, veld 'explanation_quotes'", "uitwerking", "letterlijk citaat"]),
    ("citaat buiten de bron", _quote_outside_the_cited_part,
     ["item dra-02, veld 'actions', nr. 1, veld 'quotes', nr. 1, veld 'page'", "p. 30", "Draagvlak p. 8"]),
    ("onbekende soort", _unknown_kind,
     ["item dra-02, veld 'actions', nr. 2, veld 'kind'", "'bronnen'", "'eigen suggestie'"]),
    ("te lang citaat", _long_quote,
     ["item dra-02, veld 'actions', nr. 2, veld 'quotes', nr. 1, veld 'text'", "hoogstens 320 tekens"]),
    ("onderzoek gekoppeld aan huurders", _linked_survey_action,
     ["item str-05, veld 'actions', nr. 1, veld 'text'", "huurderstevredenheidsonderzoek", "anoniem", "totalen"]),
    ("onderzoek naar eigen veiligheid", _own_safety_survey_explanation,
     ["item str-05, veld 'explanation'", "hoe veilig huurders zich thuis voelen", "weet u waar u terechtkunt"]),
    ("vraag volgt casussen", _case_tracking_question,
     ["item str-01, veld 'question'", "casussen en hun verloop volgt", "geen grondslag"]),
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
