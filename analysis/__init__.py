"""Read-side of the dashboard: SQL queries and DataFrame analyses. Knows nothing of Streamlit."""
