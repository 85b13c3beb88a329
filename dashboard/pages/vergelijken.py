"""Vergelijken: placeholder until its page lands (another engineer replaces this file)."""
import streamlit as st

st.title("Vergelijken")
st.info("Deze pagina is in ontwikkeling.")
