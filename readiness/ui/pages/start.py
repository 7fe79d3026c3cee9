import streamlit as st

st.title("Start")
st.info("Deze pagina wordt op dit moment gebouwd.")
