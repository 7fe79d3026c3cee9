import streamlit as st

st.title("Voortgang")
st.info("Deze pagina wordt op dit moment gebouwd.")
