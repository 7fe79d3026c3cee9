"""Figure tiles (readiness.ui.widgets.tiles) show their label, value and note literally:
a value such as "-3 punten" or "1. fase" must not turn into a list, a label with brackets
or asterisks must not turn into a link or bold text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from readiness.ui.widgets import md_literal

CASES = ["-3 punten", "+8 punten", "1. fase", "12) stappen", "41 ± 3", "a*b* [x](y) `c` #1 <b>", "63 / 100", "="]


@pytest.mark.parametrize("text", CASES)
def test_a_value_is_shown_as_written(text):
    html = MarkdownIt("commonmark").render(md_literal(text))
    assert html.startswith("<p>") and html.count("<p>") == 1  # one paragraph: no list, heading or code
    shown = html.removeprefix("<p>").removesuffix("</p>\n")
    assert shown.replace("&lt;", "<").replace("&gt;", ">") == text


def test_line_breaks_are_one_line():
    assert md_literal("Sinds\nNulmeting 2026") == "Sinds Nulmeting 2026"
