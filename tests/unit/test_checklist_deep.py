"""Issue 23: a checklist nested 1,000 levels deep is a Dutch ChecklistError, not a
RecursionError (PyYAML's composer and pydantic recurse once per level)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.checklist import ChecklistError, parse_checklist
from tests.hostile import deeply_nested_checklist

ITEMS_YAML = (Path(__file__).resolve().parents[2] / "checklist" / "items.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("style", "depth"),
    [("block", 330), ("block", 1000), ("flow", 330), ("flow", 1000), ("flow", 5000), ("mapping", 1000),
     ("mapping", 5000)],  # block style at 5,000 levels is 25 MB of indentation: refused for its size
)  # fmt: skip
def test_a_deeply_nested_checklist_is_refused_in_dutch_naming_the_line(style, depth):
    with pytest.raises(ChecklistError) as refused:
        parse_checklist(deeply_nested_checklist(ITEMS_YAML, depth, style), "items.yaml")
    message = str(refused.value)
    assert message.startswith("items.yaml: regel ") and "dieper genest dan 20 niveaus" in message


def test_the_real_checklist_is_well_within_the_depth_limit():
    assert parse_checklist(ITEMS_YAML, "items.yaml").items
