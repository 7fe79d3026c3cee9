import streamlit as st

st.title("Denktank")
st.info("Deze pagina wordt op dit moment gebouwd.")
