"""Render functions: each takes validated tables and draws them with Streamlit."""
