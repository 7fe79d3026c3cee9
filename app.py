"""Voordeurcheck: the Streamlit entry point. Only routing lives here."""

import streamlit as st

from readiness.ui.state import init_session

st.set_page_config(page_title="Voordeurcheck", page_icon=":material/door_front:", layout="wide")
init_session()

PAGES = "readiness/ui/pages"
navigation = st.navigation(
    {
        "Corporatie": [
            st.Page(f"{PAGES}/start.py", title="Start", icon=":material/home:", url_path="start", default=True),
            st.Page(f"{PAGES}/vragenlijst.py", title="Vragenlijst", icon=":material/checklist:", url_path="vragenlijst"),
            st.Page(f"{PAGES}/resultaten.py", title="Resultaten", icon=":material/bar_chart:", url_path="resultaten"),
            st.Page(f"{PAGES}/verbeterplan.py", title="Verbeterplan", icon=":material/task_alt:", url_path="verbeterplan"),
            st.Page(f"{PAGES}/voortgang.py", title="Voortgang", icon=":material/trending_up:", url_path="voortgang"),
        ],
        "Sector": [
            st.Page(f"{PAGES}/denktank.py", title="Denktank", icon=":material/groups:", url_path="denktank"),
        ],
        "Instellingen": [
            st.Page(f"{PAGES}/beheer.py", title="Beheer", icon=":material/settings:", url_path="beheer"),
        ],
    }
)
navigation.run()
