import streamlit as st

st.title("Vragenlijst")
st.info("Deze pagina wordt op dit moment gebouwd.")
