"""The evidence layer: loads and validates data/, words numbers and builds figures. No Streamlit here but caches."""
