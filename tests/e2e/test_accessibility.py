"""axe-core on every page (demo database, a demo corporation chosen through the URL).

Violations with impact "serious" or "critical" fail the test, and so do the rules in
FAILING_RULES whatever their impact (heading-order is "moderate", but a skipped heading
level breaks the outline that screen-reader users navigate by). The window is made as tall
as the page first, because axe cannot judge the colours of elements out of view.

Two lists keep this honest:

- FRAMEWORK: markup that Streamlit itself renders and that the app cannot change. Each
  entry names the axe rule, the exact selector and why it is Streamlit's.
- KNOWN_OWN: violations that are ours but need a fix outside the tests (each with the
  fix). Empty now. An entry keeps the page tests green while the fix is pending, but
  ``test_known_own_issues_are_fixed`` fails for as long as it is listed, so it cannot be
  forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.e2e.conftest import DESKTOP, inject_axe, new_page, open_page, show_whole_page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

FAILING_IMPACTS = {"serious", "critical"}
FAILING_RULES = {"heading-order"}  # fail at any impact


@dataclass(frozen=True)
class Exclusion:
    rule: str
    selector: str  # the flagged element must match this (itself or an ancestor)
    why: str
    min_contrast: float | None = None  # color-contrast only: still excluded down to this ratio


FRAMEWORK = [
    # st.navigation with sections ("Corporatie", "Sector", "Instellingen", as design.md
    # asks): Streamlit's SidebarNav renders <ul data-testid="stSidebarNavItems"> with a
    # <div> per section holding a <header> and that section's <li>s, so the <ul> has
    # non-<li> children and the <li>s have a <div> as parent. Not changeable from the app.
    Exclusion("list", '[data-testid="stSidebarNavItems"]', "Streamlit sidebar navigation with sections"),
    Exclusion("listitem", '[data-testid="stSidebarNavItems"] li', "Streamlit sidebar navigation with sections"),
    # The file uploader's button: Streamlit gives it the fixed English text "Upload", which
    # readiness/ui/style.py hides and replaces by the CSS-generated label "Bestand kiezen".
    # Chromium's accessibility tree (and Playwright's role query in test_vocabulary.py,
    # which finds the button by that name) counts generated content in the name, as the
    # accname spec says; axe-core does not, so it reports a nameless button.
    Exclusion("button-name", '[data-testid="stFileUploaderDropzone"] button',
              "uploader button named by CSS-generated content, which axe-core does not read"),
]

KNOWN_OWN: list[Exclusion] = [
    # Empty. Caption contrast was here (captions at 60 % of textColor fell to 4.24:1); fixed
    # by the darker textColor in .streamlit/config.toml.
]

PAGES = [
    # (id, path, which corporation)
    ("start", "/", "final"),
    ("vragenlijst", "/vragenlijst", "final"),  # read-only tables of a final round
    ("vragenlijst-concept", "/vragenlijst", "draft"),  # the questionnaire form itself
    ("resultaten", "/resultaten", "final"),
    ("verbeterplan", "/verbeterplan", "final"),
    ("voortgang", "/voortgang", "final"),
    ("denktank", "/denktank", "final"),
    ("beheer", "/beheer", "final"),
    ("toegang", "/toegang", "final"),
]

# Runs axe and returns the serious/critical violations, one entry per flagged element,
# with the first exclusion (index into `exclusions`) that covers it, or -1.
_RUN_AXE = """async (exclusions) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const found = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const impact = node.impact || v.impact;
      const target = node.target[0];
      const element = typeof target === 'string' ? document.querySelector(target) : null;
      const data = (node.any[0] || {}).data || {};
      const excludedBy = exclusions.findIndex((x) =>
        x.rule === v.id && element !== null && element.closest(x.selector) !== null &&
        (x.min_contrast === null || (data.contrastRatio || 0) >= x.min_contrast));
      found.push({rule: v.id, impact, help: v.help, target: node.target.join(' '),
                  html: node.html.slice(0, 160), contrast: data.contrastRatio || null, excludedBy});
    }
  }
  return found;
}"""


def _as_js(exclusions: list[Exclusion]) -> list[dict]:
    return [{"rule": x.rule, "selector": x.selector, "min_contrast": x.min_contrast} for x in exclusions]


@pytest.fixture(scope="session")
def axe_findings(browser, seeded_server, demo_org):
    """axe's serious/critical findings (and those of FAILING_RULES) per page id, run once
    per session (shared by the tests below)."""
    cache: dict[str, list[dict]] = {}

    def findings(page_id: str) -> list[dict]:
        if page_id not in cache:
            _, path, which = next(p for p in PAGES if p[0] == page_id)
            slug = demo_org.slug if which == "final" else demo_org.draft_slug
            with new_page(browser, DESKTOP) as page:
                open_page(page, f"{seeded_server.url}{path}?org={slug}")
                errors = page.locator("[data-testid='stException']")
                if errors.count():
                    pytest.fail(f"{page_id}: the app raised an exception:\n{errors.first.inner_text()}")
                show_whole_page(page)
                inject_axe(page)
                found = page.evaluate(_RUN_AXE, _as_js(FRAMEWORK + KNOWN_OWN))
            cache[page_id] = [f for f in found if f["impact"] in FAILING_IMPACTS or f["rule"] in FAILING_RULES]
        return cache[page_id]

    return findings


def _describe(findings: list[dict]) -> str:
    return "\n".join(
        f"- {f['rule']} ({f['impact']}): {f['help']}\n    at {f['target']}\n    {f['html']}"
        + (f"\n    contrast {f['contrast']}:1" if f["contrast"] else "")
        for f in findings
    )


@pytest.mark.parametrize("page_id", [p[0] for p in PAGES])
def test_page_has_no_serious_accessibility_violations(axe_findings, page_id):
    open_findings = [f for f in axe_findings(page_id) if f["excludedBy"] < 0]
    assert not open_findings, f"axe found on {page_id}:\n{_describe(open_findings)}"


def test_known_own_issues_are_fixed(axe_findings):
    n_framework = len(FRAMEWORK)
    known = [
        dict(f, page=page_id)
        for page_id, *_ in PAGES
        for f in axe_findings(page_id)
        if f["excludedBy"] >= n_framework
    ]
    assert not known, _describe(known)
