"""Prognose & budget: placeholder until its page lands (another engineer replaces this file)."""
import streamlit as st

st.title("Prognose & budget")
st.info("Deze pagina is in ontwikkeling.")
