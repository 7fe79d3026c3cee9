import streamlit as st

st.title("Beheer")
st.info("Deze pagina wordt op dit moment gebouwd.")
