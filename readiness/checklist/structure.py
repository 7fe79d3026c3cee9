"""Layer 3: rules that span the whole file: the six sections in the handreiking's order,
unique ids, consecutive numbers, a complete 0..4 scale, known roles, cumulative phases,
earlier versions."""

from __future__ import annotations

from readiness.checklist.errors import _fail, _join
from readiness.models import Checklist, Phase

#: The six sections of the handreiking's checklist, in its (build-up) order.
EXPECTED_SECTIONS: tuple[str, ...] = (
    "draagvlak",
    "stappenplan",
    "kennis_ondersteuning",
    "monitoring_evaluatie",
    "structurele_inbedding",
    "uitdragen_visie",
)

#: Item ids are "<prefix>-NN"; the prefix ties an item to its section.
ITEM_PREFIXES: dict[str, str] = {
    "draagvlak": "dra",
    "stappenplan": "stp",
    "kennis_ondersteuning": "ken",
    "monitoring_evaluatie": "mon",
    "structurele_inbedding": "str",
    "uitdragen_visie": "uit",
}

#: The answer scale: each value exactly once.
SCALE_VALUES: tuple[int, ...] = (0, 1, 2, 3, 4)


def _check_versions(checklist: Checklist, src: str) -> None:
    seen: set[str] = set()
    for version in checklist.earlier_versions:
        if version == checklist.version:
            _fail(
                src,
                "",
                "earlier_versions",
                f"'{version}' is de huidige versie; noem hier alleen eerdere versies",
            )
        if version in seen:
            _fail(src, "", "earlier_versions", f"versie '{version}' staat er twee keer in")
        seen.add(version)


def _check_scale(checklist: Checklist, src: str) -> None:
    values = [level.value for level in checklist.scale]
    for value in SCALE_VALUES:
        count = values.count(value)
        if count > 1:
            _fail(
                src,
                "",
                "scale",
                f"niveau {value} komt {count} keer voor; elk niveau van 0 tot en met 4 "
                "moet precies één keer voorkomen",
            )
    missing = [v for v in SCALE_VALUES if v not in values]
    if missing:
        _fail(src, "", "scale", f"niveau {_join(missing)} ontbreekt; de schaal loopt van 0 tot en met 4")


def _check_roles(checklist: Checklist, src: str) -> list[str]:
    seen: list[str] = []
    for role in checklist.roles:
        if role.id in seen:
            _fail(src, f"rol '{role.id}'", "id", "deze rol is twee keer gedefinieerd")
        seen.append(role.id)
    return seen


def _check_sections(checklist: Checklist, src: str) -> None:
    ids = [section.id for section in checklist.sections]
    seen: set[str] = set()
    for section_id in ids:
        if section_id in seen:
            _fail(src, f"sectie '{section_id}'", "id", "deze sectie komt twee keer voor")
        seen.add(section_id)
    for section_id in ids:
        if section_id not in EXPECTED_SECTIONS:
            _fail(
                src,
                f"sectie '{section_id}'",
                "id",
                f"onbekende sectie; de handreiking kent alleen {_join(EXPECTED_SECTIONS)}",
            )
    for section_id in EXPECTED_SECTIONS:
        if section_id not in seen:
            _fail(src, "", "sections", f"sectie '{section_id}' ontbreekt")
    if tuple(ids) != EXPECTED_SECTIONS:
        _fail(
            src,
            "",
            "sections",
            f"de secties staan niet in de volgorde van de handreiking: verwacht "
            f"{_join(EXPECTED_SECTIONS)}, gevonden {_join(ids)}",
        )


def _check_items(checklist: Checklist, role_ids: list[str], src: str) -> None:
    first_seen: dict[str, str] = {}
    expected_number = 0
    for section in checklist.sections:
        prefix = ITEM_PREFIXES[section.id]
        for item in section.items:
            where = f"item {item.id}"
            if item.id in first_seen:
                _fail(
                    src,
                    where,
                    "id",
                    f"deze id komt twee keer voor (ook in sectie '{first_seen[item.id]}'); "
                    "item-ids moeten uniek zijn",
                    item_id=item.id,
                )
            first_seen[item.id] = section.id
            if item.id.split("-", 1)[0] != prefix:
                _fail(
                    src,
                    where,
                    "id",
                    f"items in sectie '{section.id}' hebben een id die begint met '{prefix}-'",
                    item_id=item.id,
                )
            expected_number += 1
            if item.number != expected_number:
                _fail(
                    src,
                    where,
                    "number",
                    f"verwacht {expected_number} (items worden in bestandsvolgorde doorgenummerd "
                    f"vanaf 1), gevonden {item.number}",
                    item_id=item.id,
                )
            for role in item.roles:
                if role not in role_ids:
                    _fail(
                        src,
                        where,
                        "roles",
                        f"onbekende rol '{role}'; gedefinieerde rollen: {_join(role_ids)}",
                        item_id=item.id,
                    )
            if len(set(item.roles)) != len(item.roles):
                _fail(src, where, "roles", "een rol staat er meer dan één keer in", item_id=item.id)


def _check_phases(checklist: Checklist, src: str) -> None:
    section_ids = {section.id for section in checklist.sections}
    previous: Phase | None = None
    for index, phase in enumerate(checklist.phases):
        where = f"fase {phase.level}"
        if phase.level != index:
            _fail(
                src,
                where,
                "level",
                f"fasen worden in volgorde genummerd vanaf 0: verwacht {index}, gevonden {phase.level}",
            )
        for section_id in phase.requires:
            if section_id not in section_ids:
                _fail(
                    src,
                    where,
                    "requires",
                    f"onbekende sectie '{section_id}'; bekende secties: {_join(EXPECTED_SECTIONS)}",
                )
        if len(set(phase.requires)) != len(phase.requires):
            _fail(src, where, "requires", "een sectie staat er meer dan één keer in")
        if previous is not None:
            dropped = [s for s in previous.requires if s not in phase.requires]
            if dropped:
                _fail(
                    src,
                    where,
                    "requires",
                    f"fasen zijn cumulatief: ook {_join(dropped)} uit fase {previous.level} "
                    "moet erin staan",
                )
        previous = phase
