import streamlit as st

st.title("Verbeterplan")
st.info("Deze pagina wordt op dit moment gebouwd.")
