"""Logging in, roles and modes in the Streamlit app (AppTest).

Shared mode (VOORDEURCHECK_MODE=shared) on a private copy of the demo database with
accounts made through the services; local mode is the default of the other app tests.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from readiness.services import accounts, assessment
from readiness.ui import auth
from tests.app.conftest import ENTRY_POINT, PAGES, TIMEOUT, start_app, stored_answers

PASSWORD = "Sleutelbos-aan-de-deur-7"
OWN_SLUG = "demo-thuisgaard-wonen"
OTHER_SLUG = "demo-woonkracht-duinrand"


@pytest.fixture
def shared(seeded, monkeypatch):
    """The demo database in shared mode, with a beheerder, a coordinator and a denktank account."""
    monkeypatch.setenv("VOORDEURCHECK_MODE", "shared")
    accounts.create_account(seeded, "beheer@example.org", PASSWORD, "beheerder")
    accounts.create_account(seeded, "coord@thuisgaard.nl", PASSWORD, "coordinator", OWN_SLUG)
    accounts.create_account(seeded, "denktank@example.org", PASSWORD, "denktank")
    return seeded


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    assert not at.exception, at.exception
    return at


def page_text(at: AppTest) -> str:
    """Everything readable on the page: text elements, widget labels and options."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]  # fmt: skip
    for box in at.selectbox:
        parts += [box.label, *map(str, box.options)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(map(str, parts))


def test_shared_mode_without_a_beheerder_refuses_to_start(seeded, monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MODE", "shared")
    at = start_app()
    assert "nog geen beheerder" in at.error[0].value
    assert "readiness users create --role beheerder" in at.error[0].value
    assert not at.text_input  # no login form: there is nobody who could log in


def test_the_app_serves_as_soon_as_the_first_beheerder_is_made(seeded, monkeypatch):
    """The check for a beheerder is remembered once it passed (issue 24: not a query on
    every page run), not while it fails: no restart needed after ``users create``."""
    monkeypatch.setenv("VOORDEURCHECK_MODE", "shared")
    at = start_app()
    assert "nog geen beheerder" in at.error[0].value
    accounts.create_account(seeded, "beheer@example.org", PASSWORD, "beheerder")
    at.run()
    assert not at.error and at.title[0].value == "Inloggen"
    at = log_in(at, "beheer@example.org")
    assert at.title[0].value != "Inloggen"


def test_every_page_asks_for_a_login_first(shared):
    at = start_app()
    assert at.title[0].value == "Inloggen"
    at.switch_page(f"{PAGES}/resultaten.py").run()
    assert at.title[0].value == "Inloggen"  # the page itself does not run
    assert OWN_SLUG not in page_text(at)


def test_a_wrong_password_gets_one_sentence_for_every_cause(shared):
    at = log_in(start_app(), "coord@thuisgaard.nl", "Niet-het-wachtwoord-1")
    assert at.warning[0].value == accounts.LOGIN_FAILED
    assert at.text_input(key="login_password").value == ""  # not kept in the session
    at = log_in(at, "niemand@thuisgaard.nl", "Niet-het-wachtwoord-1")
    assert at.warning[0].value == accounts.LOGIN_FAILED


def test_coordinator_sees_only_the_own_corporation_even_when_the_url_names_another(shared):
    own = assessment.get_organisation(shared, OWN_SLUG)
    other = assessment.get_organisation(shared, OTHER_SLUG)
    at = log_in(start_app(query={"org": OTHER_SLUG}), "coord@thuisgaard.nl")
    assert at.title[0].value == "Voordeurcheck"  # to the start page after logging in
    assert at.session_state["org"] == OWN_SLUG
    assert at.selectbox(key="pick_org").options == [own.name]
    text = page_text(at)
    assert other.name not in text and OTHER_SLUG not in text
    assert "coord@thuisgaard.nl" in "\n".join(c.value for c in at.sidebar.caption)
    for page in ("vragenlijst", "resultaten", "verbeterplan", "voortgang", "denktank", "beheer"):
        at.switch_page(f"{PAGES}/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert other.name not in page_text(at), page


def test_a_coordinator_is_not_offered_adding_a_corporation(shared):
    """The form is not shown to a coordinator (the service refuses it too: see the matrix test)."""
    at = log_in(start_app(), "coord@thuisgaard.nl")
    at.switch_page(f"{PAGES}/beheer.py").run()
    assert not at.exception
    assert at.title[0].value == "Beheer"
    assert not [w for w in at.text_input if w.key == "bh_org_name"]
    assert not [e for e in at.expander if e.label == "Nieuwe corporatie toevoegen"]


def test_denktank_member_gets_the_sector_view_and_nothing_else(shared):
    at = log_in(start_app(), "denktank@example.org")
    assert at.title[0].value == "Denktank"
    at.switch_page(f"{PAGES}/resultaten.py").run()
    assert at.title[0].value == "Geen toegang"
    assert not at.exception


def test_respondent_link_opens_only_that_questionnaire(shared):
    round_ = next(r for o in assessment.list_organisations(shared) for r in assessment.list_rounds(shared, o.id)
                  if not r.is_final)  # fmt: skip
    org = shared.repo.get_organisation_by_id(round_.org_id)
    link = accounts.create_invitation(shared, org.slug, round_.label, "uitvoering", "Team Noord")
    token = link.link.split("uitnodiging=")[1]
    at = start_app(query={"uitnodiging": token})
    assert not at.exception, at.exception
    assert at.title[0].value == "Vragenlijst"
    assert at.radio(key="vl_respondent").options == ["Uitvoering · Team Noord"]
    assert not at.sidebar.button  # no logout, no corporation picker
    at.switch_page(f"{PAGES}/resultaten.py").run()
    assert at.title[0].value == "Geen toegang"

    accounts.revoke_invitation(shared, link.id)
    at = start_app(query={"uitnodiging": token})
    assert "ingetrokken" in at.warning[0].value
    assert not at.radio


def test_an_idle_session_ends_with_a_message(shared):
    at = log_in(start_app(), "coord@thuisgaard.nl")
    at.session_state[auth.LAST_SEEN_KEY] = time.time() - auth.IDLE_TIMEOUT_S - 1
    at.run()
    assert at.title[0].value == "Inloggen"
    assert "niet actief" in at.warning[0].value


def test_an_idle_session_saves_no_answer_and_ends(shared):
    """A question card reruns without the router (issue 24), so its save itself checks the
    idle timeout: after it, a click saves nothing and the session ends."""
    org = assessment.get_organisation(shared, OWN_SLUG)
    round_ = assessment.start_round(shared, org.id, "Meting stilte", dt.date(2026, 5, 1))
    respondent = assessment.add_respondent(shared, round_.id, "uitvoering")
    at = log_in(start_app(query={"org": OWN_SLUG, "round": round_.id, "respondent": respondent.id}),
                "coord@thuisgaard.nl")  # fmt: skip
    at.switch_page(f"{PAGES}/vragenlijst.py").run()
    item = shared.checklist.sections[0].items[0]
    answer = f"vl_ans_{respondent.id}_{item.id}"
    at.radio(key=answer).set_value("3").run()
    assert stored_answers(shared, round_.id, respondent.id)[item.id].score == 3  # active: saved

    at.session_state[auth.LAST_SEEN_KEY] = time.time() - auth.IDLE_TIMEOUT_S - 1
    at.radio(key=answer).set_value("1").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Inloggen" and "niet actief" in at.warning[0].value
    assert stored_answers(shared, round_.id, respondent.id)[item.id].score == 3  # idle: not saved


def _session_check() -> None:
    """A page whose only content is what a fragment's run asks before it reads."""
    import streamlit as st

    from readiness.ui import auth

    st.write(f"afgelopen: {auth.session_ended()}")


def test_a_fragment_run_finds_a_switched_off_account_or_an_idle_session(shared):
    """What a section picker's run (a fragment, no router) checks before it shows anything."""
    at = AppTest.from_function(_session_check, default_timeout=TIMEOUT)
    at.session_state[auth.ACTOR_KEY] = accounts.authenticate(shared, "coord@thuisgaard.nl", PASSWORD)
    at.session_state[auth.LAST_SEEN_KEY] = time.time()
    assert at.run().markdown[0].value == "afgelopen: False"
    at.session_state[auth.LAST_SEEN_KEY] = time.time() - auth.IDLE_TIMEOUT_S - 1
    assert at.run().markdown[0].value == "afgelopen: True"
    at.session_state[auth.LAST_SEEN_KEY] = time.time()
    accounts.deactivate_account(shared, "coord@thuisgaard.nl")
    assert at.run().markdown[0].value == "afgelopen: True"


def test_logging_out_ends_the_session(shared):
    at = log_in(start_app(), "beheer@example.org")
    at.sidebar.button(key="logout").click().run()
    assert at.title[0].value == "Inloggen"
    assert at.warning[0].value == "U bent uitgelogd."


def test_a_deactivated_account_is_logged_out_at_its_next_step(shared):
    at = log_in(start_app(), "coord@thuisgaard.nl")
    accounts.deactivate_account(shared, "coord@thuisgaard.nl")
    at.run()
    assert at.title[0].value == "Inloggen"


def test_single_sign_on_button_and_email_mapping(shared):
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=TIMEOUT)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                          "client_id": "x", "client_secret": "x",
                          "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration"}  # fmt: skip
    at.run()
    assert at.button(key="login_sso").label == "Inloggen met Microsoft"
    at.user = {"is_logged_in": True, "email": "Coord@Thuisgaard.nl"}
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["org"] == OWN_SLUG  # logged in as the coordinator


def test_local_mode_refuses_to_serve_beyond_this_computer(app_db):
    previous = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(ENTRY_POINT), default_timeout=TIMEOUT).run()
        assert "lokale modus" in at.error[0].value and "VOORDEURCHECK_MODE=shared" in at.error[0].value
        assert not at.selectbox
    finally:
        st_config.set_option("server.address", previous)
