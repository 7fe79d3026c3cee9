"""Issue 23: the JSON depth check is linear, whatever the file holds.

Its former pattern for strings backtracked quadratically on a string that never closes
("\\"\\"\\"…): 32 KB took 6.6 s, 128 KB minutes. Each case here must finish in well under
a second at 1 MB, and the depth it measures must be exact.
"""

from __future__ import annotations

import time

import pytest

from readiness.export.importing.document import json_depth_exceeds, parse_document
from readiness.export.importing.limits import MAX_JSON_DEPTH
from readiness.export.importing.problems import ImportFileError

MB = 1024 * 1024
HOSTILE = {
    "unclosed string of escaped quotes": '"' + '\\"' * (MB // 2),
    "unclosed string of backslash-quote pairs": '"\\' * (MB // 2),
    "only quotes": '"' * MB,
    "only backslashes": "\\" * MB,
    "openers only": "[" * MB,
    "empty arrays side by side": "[]" * (MB // 2),
    "a string of brackets, unclosed": '"' + "[{" * (MB // 2),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_measuring_the_depth_of_a_megabyte_takes_well_under_a_second(name):
    text = HOSTILE[name]
    json_depth_exceeds("[]")  # numpy imported before the clock starts
    started = time.perf_counter()
    json_depth_exceeds(text)
    assert time.perf_counter() - started < 1.0, name


def test_the_quadratic_file_of_the_issue_is_refused_in_dutch_within_a_second(checklist):
    """128 KB of an unclosed string kept the import busy for minutes."""
    data = ('{"format": "voordeurcheck-export", "x": "' + '\\"' * 64 * 1024).encode()
    started = time.perf_counter()
    with pytest.raises(ImportFileError) as refused:
        parse_document(data, "export.json", checklist)
    assert time.perf_counter() - started < 1.0
    assert "geen geldige JSON" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "deeper"),
    [
        ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, False),
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), True),
        ("[" * (MAX_JSON_DEPTH + 1), True),  # unclosed: the parser would still recurse
        ("[" * 20 + "[" * 20 + "]" * 20, True),  # unclosed outside, closed inside: 40 deep
        ('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"["}', False),  # brackets in a string
        ("[]" * 100_000 + "[" * (MAX_JSON_DEPTH + 1), True),  # deep after the first chunk
        ("]" * 10 + "[" * MAX_JSON_DEPTH, False),  # broken before it gets deep
        ('"abc\\', False),
        ("", False),
    ],
)
def test_the_depth_is_measured_exactly(text, deeper):
    assert json_depth_exceeds(text) is deeper
