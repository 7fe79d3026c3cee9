"""A page address with more than one part goes to its first part (readiness/ui/paths.py)."""

from __future__ import annotations

import pytest

from readiness.ui.paths import redirect_target

PAGE = {"sec-fetch-dest": "document", "accept": "text/html,application/xhtml+xml"}


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/resultaten/oud", "", "/resultaten"),
        ("/resultaten/oud/", "org=x", "/resultaten?org=x"),
        ("/bestaat/niet/echt", "", "/bestaat"),
        ("/resultaten", "", None),  # one part: Streamlit's page (or the Dutch not-found page)
        ("/", "", None),
        ("/static/js/index.js", "", None),  # Streamlit's own addresses are left alone
        ("/media/abc.pdf", "", None),
        ("/_stcore/health", "", None),
        ("/component/x/index.html", "", None),
        ("/app/static/logo.png", "", None),
    ],
)
def test_a_browser_asking_for_a_nested_page_goes_to_its_first_part(path, query, expected):
    assert redirect_target("GET", path, query, PAGE) == expected


def test_only_a_page_request_is_sent_on():
    assert redirect_target("POST", "/resultaten/oud", "", PAGE) is None
    assert redirect_target("GET", "/resultaten/static/js/x.js", "", {"sec-fetch-dest": "script"}) is None
    assert redirect_target("GET", "/resultaten/static/x.css", "", {"accept": "text/css"}) is None
    assert redirect_target("GET", "/resultaten/oud", "", {"accept": "text/html"}) == "/resultaten"


def test_a_base_url_path_is_kept():
    assert redirect_target("GET", "/vdc/resultaten/oud", "", PAGE, base="vdc") == "/vdc/resultaten"
    assert redirect_target("GET", "/vdc/resultaten", "", PAGE, base="vdc") is None
    assert redirect_target("GET", "/elders/a/b", "", PAGE, base="vdc") is None
