"""The one display rule (readiness/formatting.py): halves up on a Decimal, never up onto a
scale level, changes as the difference of shown numbers, texts cut at a word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.formatting import (
    display_score,
    format_change,
    format_mean,
    format_score,
    score_delta,
    short_text,
)


@pytest.mark.parametrize(
    ("score", "text"),
    [
        (62.5, "63"),  # round() and "%.0f" give 62 (to even): the bug in issue 11
        (12.5, "13"),
        (87.5, "88"),
        ((62.5 + 62.5 + 62.5) / 3, "63"),  # a mean with float noise stays a half
        (62.49, "62"),
        (74.6, "74"),  # never up onto the target
        (75.0, "75"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_format_score(score, text):
    assert format_score(score) == text


def test_python_rounding_would_differ_so_the_test_can_fail():
    assert round(62.5) == 62 and f"{62.5:.0f}" == "62"
    assert display_score(62.5) == 63


def test_a_change_is_the_difference_of_the_shown_numbers():
    assert score_delta(62.5, 75.0) == 12  # 63 -> 75, not 12.5 -> 13
    assert format_change(62.5, 75.0) == "+12"
    assert format_change(75.0, 62.5) == "−12"
    assert format_change(75.0, 62.5, minus="-") == "-12"
    assert format_change(None, 50.0) == "–"


def test_format_mean_halves_up_with_a_decimal_comma():
    assert format_mean(2.25) == "2,3"
    assert format_mean(3.0) == "3,0"
    assert format_mean(None) == "–"


@given(st.text(alphabet=st.sampled_from("abcdefghij  ,."), min_size=0, max_size=200), st.integers(5, 120))
def test_short_text_never_cuts_inside_a_word(text, limit):
    cut = short_text(text, limit)
    words = " ".join(text.split())
    if len(words) <= limit:
        assert cut == words
        return
    assert cut.endswith("…")
    kept = cut[:-1]
    assert words.startswith(kept)
    rest = words[len(kept):]
    assert rest == "" or rest[0] in " ,." or kept == "" or kept[-1] in " ,.", (kept, rest)
    first_word = words.split(" ", 1)[0]
    assert len(cut) <= limit or first_word.startswith(kept)  # only one long word may overrun
