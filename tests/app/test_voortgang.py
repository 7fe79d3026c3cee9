"""The Voortgang page: one round gives a clear "nog maar één meting" with that round's
scores; several rounds give trend lines, a comparison of two chosen rounds (the last two
by default) and the plan's progress, all with the services' numbers."""

from __future__ import annotations

import datetime as dt
import json

from readiness.formatting import format_score, shown_score, short_text
from readiness.models import ActionStatus, ImprovementAction
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.services import assessment, plans, progress
from tests.app.conftest import start_app
from tests.app.tiles import tiles

PAGE = "voortgang"
SEVERAL = "demo-thuisgaard-wonen"  # three final rounds in the demo
ONE = "demo-woonstichting-lindeveld"  # a single final round


def frame_with(at, column: str):
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert len(found) == 1, (column, len(found))
    return found[0]


def show(at, section: str):
    """Choose one lower section of the page (only the chosen one is drawn)."""
    at.segmented_control(key="vg_section").set_value(section).run()
    assert not at.exception, at.exception
    return at


def subheaders(at) -> dict[str, str]:
    """"Vooruitgegaan (15)" -> {"Vooruitgegaan": "15"}."""
    out = {}
    for h in at.subheader:
        title, _, count = h.value.rpartition(" (")
        out[title] = count.rstrip(")")
    return out


def test_without_a_corporation_the_page_asks_to_choose_one(services):
    at = start_app(PAGE)
    assert any("Kies eerst een corporatie" in m.value for m in at.markdown)
    assert at.get("plotly_chart") == []


def test_one_round_says_so_and_shows_that_rounds_scores(seeded):
    org = assessment.get_organisation(seeded, ONE)
    (only,) = progress.round_scores(seeded, org.id)
    at = start_app(PAGE, {"org": org.slug})
    assert not at.get("plotly_chart") and not at.dataframe  # the answer first, the rest on request
    show(at, "vergelijken")
    assert any("Vergelijken kan zodra er twee metingen zijn" in i.value for i in at.info)
    assert at.selectbox == []  # nothing to compare
    show(at, "scores")
    assert any("nog maar één meting" in i.value and only.label in i.value for i in at.info)
    table = frame_with(at, "Score")
    assert list(table["Onderdeel"]) == [s.title for s in seeded.checklist.sections]
    for section, value in zip(seeded.checklist.sections, table["Score"], strict=True):
        assert value == shown_score(only.sections[section.id])
    assert {m.label: m.value for m in tiles(at)}["Totaalscore"] == f"{format_score(only.overall)} / 100"


def test_several_rounds_show_trend_and_compare_the_last_two_by_default(seeded):
    org = assessment.get_organisation(seeded, SEVERAL)
    scores = progress.round_scores(seeded, org.id)
    assert len(scores) == 3
    at = start_app(PAGE, {"org": org.slug})
    # The answer: every round with its phase, total score and basis, oldest first.
    answer = next(m.value for m in at.markdown if "- **" in m.value)
    intro, *entries = answer.split("\n- ")
    assert intro.startswith(f"**Van {scores[0].label} tot {scores[-1].label}:** totaalscore ")
    assert len(entries) == len(scores)
    for entry, s in zip(entries, scores, strict=True):
        assert entry.startswith(f"**{s.label} (")
        assert f"Fase {s.phase_level} van 5: {s.phase_name} · totaalscore {format_score(s.overall)} van 100" in entry
        assert "Basis: gemiddelde van de respondenten" in entry  # no consensus meeting in this demo
    show(at, "scores")
    assert not any("nog maar één meting" in i.value for i in at.info)

    trend = frame_with(at, "Meting")
    assert list(trend["Meting"]) == [s.label for s in scores]
    assert list(trend["Totaalscore"]) == [shown_score(s.overall) for s in scores]
    assert list(trend["Fase"]) == [f"{s.phase_level}: {s.phase_name}" for s in scores]

    show(at, "vergelijken")
    before, after = at.selectbox(key="vg_before"), at.selectbox(key="vg_after")
    assert (before.value, after.value) == (scores[1].round_id, scores[2].round_id)
    expected = progress.compare_rounds(seeded, org.id, scores[1].round_id, scores[2].round_id)
    counts = subheaders(at)
    assert counts["Vooruitgegaan"] == str(len(expected.up))
    assert counts["Achteruitgegaan"] == str(len(expected.down))
    assert counts["Kennis kwijt: nu vaak 'weet ik niet'"] == str(len(expected.newly_unknown))
    assert not [df for df in at.dataframe if "Nr" in df.value.columns]  # lists, not wide tables
    page = "\n".join(m.value for m in at.markdown)
    assert expected.up
    for m in expected.up:  # every question number with its words and the change as shown
        change = shown_score(m.after) - shown_score(m.before)
        line = (
            f"- Vraag {m.number} ({short_text(m.question, 70)}): {format_score(m.before)} → "
            f"{format_score(m.after)} ({'+' if change > 0 else ''}{change})"
        )
        assert line in page

    # Compare the first and the last round instead.
    before.set_value(scores[0].round_id).run()
    assert not at.exception
    wider = progress.compare_rounds(seeded, org.id, scores[0].round_id, scores[2].round_id)
    assert subheaders(at)["Vooruitgegaan"] == str(len(wider.up))
    total = {m.label: m for m in at.metric}["Totaalscore"]
    assert total.value == f"{format_score(wider.overall_before)} → {format_score(wider.overall_after)}"
    assert any(c.value == CLASSIFICATION_NOTE for c in at.caption)  # the phase is our own classification


def test_choosing_the_same_round_twice_gives_a_clear_message(seeded):
    org = assessment.get_organisation(seeded, SEVERAL)
    at = show(start_app(PAGE, {"org": org.slug}), "vergelijken")
    at.selectbox(key="vg_before").set_value(at.selectbox(key="vg_after").value).run()
    assert not at.exception
    assert [e.value for e in at.info if "verschillende" in e.value] == ["Kies twee verschillende metingen om te vergelijken."]


def test_plan_progress_shows_the_services_counts(seeded):
    org = assessment.get_organisation(seeded, SEVERAL)
    at = show(start_app(PAGE, {"org": org.slug}), "plan")
    assert any("nog geen acties in het verbeterplan" in i.value for i in at.info)

    rounds = progress.round_scores(seeded, org.id)
    utc = dt.UTC
    for item, status, due in (
        ("dra-01", ActionStatus.DONE, dt.date(2025, 1, 1)),
        ("dra-02", ActionStatus.PLANNED, dt.date(2025, 1, 1)),  # overdue
        ("stp-01", ActionStatus.IN_PROGRESS, dt.date(2099, 1, 1)),
    ):
        seeded.repo.add_action(
            ImprovementAction(
                org_id=org.id, item_id=item, description=f"Actie {item}", status=status, due_date=due,
                created_at=dt.datetime(2024, 9, 1, tzinfo=utc), updated_at=dt.datetime(2024, 10, 1, tzinfo=utc),
            )
        )
    at = show(start_app(PAGE, {"org": org.slug}), "plan")
    plan = progress.plan_progress(seeded, org.id)
    now = plan[-1]
    metrics = {m.label: m.value for m in tiles(at)}
    assert (metrics["Gereed"], metrics["Gepland of bezig"], metrics["Over tijd"]) == (str(now.done), str(now.open), str(now.overdue))
    assert (now.done, now.open, now.overdue) == (1, 2, 1)
    table = frame_with(at, "Moment")
    assert list(table["Moment"]) == [*(r.label for r in rounds), "Vandaag"]
    assert list(table["Gereed"]) == [p.done for p in plan]
    assert list(table["Waarvan over tijd"]) == [p.overdue for p in plan]


WITH_PLAN = "demo-woonkracht-duinrand"  # three final rounds and a plan from the first


def test_the_demo_plan_shows_progress_at_past_rounds(seeded):
    """The demo's plans were made after the first round and carried out before the later ones,
    so the chart shows the plan growing and getting done, not only a bar for today."""
    org = assessment.get_organisation(seeded, WITH_PLAN)
    rounds = progress.round_scores(seeded, org.id)
    assert len(rounds) == 3
    at = show(start_app(PAGE, {"org": org.slug}), "plan")
    assert not any("nog geen acties in het verbeterplan" in i.value for i in at.info)
    table = frame_with(at, "Moment")
    assert list(table["Moment"]) == [*(r.label for r in rounds), "Vandaag"]
    first, second, third = (table.iloc[i] for i in range(3))
    assert first["Totaal"] == 0  # the plan was made from the first round's outcome
    assert second["Totaal"] > 0 and second["Gereed"] > 0 and second["Gepland of bezig"] > 0
    assert third["Totaal"] >= second["Totaal"] and third["Gereed"] > second["Gereed"]
    assert list(table["Gereed"]) == [p.done for p in progress.plan_progress(seeded, org.id)]

    actions = plans.list_plan(seeded, org.id)
    now = dt.datetime.now(dt.UTC)
    assert all(a.created_at <= a.updated_at <= now for a in actions)  # nothing happens in the future
    assert all(a.suggestion_key for a in actions)  # taken from the proposals
    assert not {a.description for a in actions} & {
        p.description for r in rounds for p in plans.proposals_for_round(seeded, r.round_id)
    }


def test_meerdijk_compares_like_for_like_and_the_trend_marks_the_round_with_agreed_levels(seeded):
    """Meerdijk's latest round has agreed levels, the one before not (issue 22, item 1)."""
    org = assessment.get_organisation(seeded, "demo-stichting-woongoed-meerdijk")
    scores = progress.round_scores(seeded, org.id)
    assert scores[-1].agreed_items and not scores[-2].agreed_items
    expected = progress.compare_rounds(seeded, org.id, scores[-2].round_id, scores[-1].round_id)
    at = start_app(PAGE, {"org": org.slug})
    answer = next(m.value for m in at.markdown if "- **" in m.value)
    latest = answer.split("\n- ")[-1]
    assert f"({'+' if expected.overall_delta > 0 else ''}{shown_score(expected.overall_after) - shown_score(expected.overall_before)} sinds {scores[-2].label}, op het gemiddelde van de respondenten" in latest
    # The sentence over all rounds: score and phase on one basis (the respondents' mean for
    # both ends), the figure with the agreed levels beside it.
    intro = answer.split("\n- ")[0]
    first, last = scores[0], scores[-1]
    assert "op het gemiddelde van de respondenten totaalscore " in intro
    assert f"{format_score(first.overall_respondents)} → {format_score(last.overall_respondents)}" in intro
    before, after = last.phase_change_from(first)
    assert (before, after) == (first.phase_level, last.phase_respondents)
    assert (f"fase {before} → {after}" if before != after else f"fase {after} gelijk") in intro
    assert f"met de vastgestelde niveaus {format_score(first.overall)} → {format_score(last.overall)}, fase {last.phase_level}" in intro
    show(at, "scores")
    trend = frame_with(at, "Meting")
    assert trend["Basis"].iloc[-1].startswith("consensusgesprek: vragen ")
    assert trend["Totaal op gemiddelde respondenten"].iloc[-1] == shown_score(scores[-1].overall_respondents)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    marked = [t for t in spec["data"] if t.get("marker", {}).get("symbol") == "diamond-open"]
    assert len(marked) == 1 and marked[0]["x"][0].endswith("<br>◇ consensus")  # the round is marked …
    assert marked[0]["y"] == [shown_score(scores[-1].overall_respondents)]  # … with its like-for-like total
    show(at, "vergelijken")
    assert [i.value for i in at.info if "De basis verschilt" in i.value] == [f"{expected.basis_note} {expected.phase_note}"]
    totals = [m for m in at.metric if m.label == "Totaalscore"][-1]
    assert totals.value == f"{format_score(expected.overall_before)} → {format_score(expected.overall_after)}"
