import streamlit as st

st.title("Resultaten")
st.info("Deze pagina wordt op dit moment gebouwd.")
