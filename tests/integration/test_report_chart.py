"""The report's section chart reuses one matplotlib figure per layout (for speed, see
BENCHMARKS.md): a chart must not depend on the charts drawn before it in the process."""

from __future__ import annotations

import dataclasses

import pytest

from readiness.config import load_settings
from readiness.export import figures
from readiness.services import assessment, open_app, reports
from readiness.services.demo import seed_demo


@pytest.fixture(scope="module")
def demo_results(tmp_path_factory):
    path = tmp_path_factory.mktemp("chart") / "voordeurcheck.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    seed_demo(app)
    out = []
    for org in assessment.list_organisations(app):
        if any(r.is_final for r in assessment.list_rounds(app, org.id)):
            report = reports.build_report(app, org.slug)
            out.append((report.result, report.previous_result))
    app.repo.engine.dispose()
    return out


def fresh(result, previous) -> bytes:
    figures._layout.cache_clear()
    return figures.section_chart(result, previous)


def test_a_chart_is_the_same_whatever_was_drawn_before(demo_results):
    result, previous = next((r, p) for r, p in demo_results if p is not None)
    withheld = dataclasses.replace(
        result,
        sections=[dataclasses.replace(s, score=None) for s in result.sections[:2]] + result.sections[2:],
        withheld_sections=tuple(s.section_id for s in result.sections[:2]),
    )
    cases = [(r, p) for r, p in demo_results] + [(result, None), (withheld, previous), (withheld, None)]
    assert len({(r.overall, p is None) for r, p in cases}) >= 3, "too few different charts to compare"
    expected = [fresh(r, p) for r, p in cases]
    assert len(set(expected)) == len(cases), "different reports gave the same picture"
    figures._layout.cache_clear()
    for _ in range(2):  # every chart drawn after all the others, on the reused figures
        for (r, p), png in zip(cases, expected, strict=True):
            assert figures.section_chart(r, p) == png
        cases.reverse()
        expected.reverse()
