"""What a refused save could have touched, for tests that check nothing was written."""

from __future__ import annotations

from readiness.services import App


def everything(app: App) -> tuple:
    """All that a refused save could have touched, as plain values: every corporation with
    its rounds, respondents and answers, actions and agreed levels, and the publications."""
    out = []
    for org in app.repo.list_organisations():
        rounds = app.repo.list_rounds(org.id)
        data = [app.repo.round_data(r.id) for r in rounds]
        meetings = [app.repo.find_meeting(r.id) for r in rounds]
        out.append((
            org.slug, org.name, org.region, [r.label for r in rounds],
            [(p.label, sorted((a.item_id, a.score, a.note) for a in d.answers)) for d in data for p in d.respondents],
            [(a.description, a.owner, a.notes, a.version) for a in app.repo.list_actions(org.id)],
            [(m.place, [(lv.item_id, lv.level, lv.rationale) for lv in app.repo.list_agreed_levels(m.id)])
             for m in meetings if m],
        ))  # fmt: skip
    return tuple(out), [p.label for p in app.repo.list_publications()]
