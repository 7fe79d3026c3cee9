"""Issue 13, case 7: a hostile items.yaml is refused at once, with a short Dutch message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.checklist import ChecklistError, parse_checklist
from tests.hostile import run_python_limited, yaml_alias_bomb

ITEMS_YAML = Path(__file__).resolve().parents[2] / "checklist" / "items.yaml"


def with_title(value: str) -> str:
    text = ITEMS_YAML.read_text(encoding="utf-8")
    return re.sub(r"^title: .*$", lambda _m: f"title: {value}", text, count=1, flags=re.M)


def test_case_7_an_alias_bomb_in_the_title_is_refused_without_expanding(tmp_path: Path) -> None:
    """The bomb (10^9 strings if expanded) is refused under a memory limit, in a child process."""
    path = tmp_path / "items.yaml"
    path.write_text(with_title(yaml_alias_bomb(9)), encoding="utf-8")
    outcome = run_python_limited(
        "import sys\nfrom readiness.checklist import ChecklistError, load_checklist\n"
        f"try:\n    load_checklist({str(path)!r})\nexcept ChecklistError as exc:\n    print(exc)\n",
        timeout=60,
    )
    assert outcome.returncode == 0, outcome.stderr
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("title:"))
    assert outcome.stdout.strip().startswith(
        f"{path}: regel {line}, kolom "
    ) and outcome.stdout.strip().endswith(
        "een YAML-verwijzing (alias '*') is in de checklist niet toegestaan; schrijf de tekst voluit"
    )


def test_an_alias_is_refused_even_when_small() -> None:
    with pytest.raises(ChecklistError, match=r"regel \d+, kolom \d+: een YAML-verwijzing"):
        parse_checklist(with_title('&t "Titel"') + "\nextra: *t\n", "items.yaml")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("[" + ", ".join(['"' + "x" * 50 + '"'] * 2000) + "]", "moet tekst zijn, gevonden: een lijst"),
        ("1" + "0" * 3000, "moet tekst zijn, gevonden: 1000000000"),
    ],
    ids=["a-long-list", "a-huge-number"],
)
def test_values_quoted_in_messages_are_short(value: str, shown: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(with_title(value), "items.yaml")
    message = str(caught.value)
    assert message.startswith("items.yaml: veld 'title': " + shown)
    assert len(message) < 250


BROKEN_YAML = [
    # (text, line of the fault, Dutch words the message must hold)
    ("version: 2026.2\ntitle: Klaar: of niet\n", 2, "dubbele punt"),
    ("version: 2026.2\nsections:\n  - id: a\n title: b\n", 4, "inspringing"),
    ("version: 2026.2\ntitle: 'niet gesloten\n", 2, "aanhalingsteken"),
    ("version: 2026.2\nsections:\n\t- id: a\n", 3, "tabs"),
    ("version: 2026.2\nroles: [bestuur, management\n", 2, "lijst tussen [ en ]"),
    ("version: 2026.2\n---\nversion: 2026.3\n", 2, "meer dan één YAML-document"),
    ("version: !!python/object:os.system x\n", 1, "label met '!'"),
]
ENGLISH = re.compile(r"\b(found|expected|mapping|while|scanning|allowed|token|stream|document|block|constructor)\b")


@pytest.mark.parametrize(("text", "line", "words"), BROKEN_YAML, ids=[w for _, _, w in BROKEN_YAML])
def test_broken_yaml_is_explained_in_dutch_with_its_line(text: str, line: int, words: str) -> None:
    """A checklist file with a YAML fault names the line and says in Dutch what is wrong:
    PyYAML's own English ("mapping values are not allowed here") never reaches the user."""
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "items.yaml")
    message = str(caught.value)
    assert message.startswith(f"items.yaml: regel {line},"), message
    assert "ongeldige YAML" in message and words in message, message
    assert not ENGLISH.search(message.replace("YAML-document", "")), message
