"""Entry point: declares the pages first (so the sidebar is right from the first paint), builds the database
on first start (one build, watched by every visitor), then runs the chosen page on one database version."""

import streamlit as st

from views.shared import language_switch, pin_database, t

st.set_page_config(page_title="职业教育改革任务清单比较 · VET reform task lists", page_icon=":material/bar_chart:",
                   layout="wide")

language_switch()
overview = st.Page("views/overview.py", title=t("overview"), icon=":material/dashboard:", url_path="home",
                   default=True)  # served at /; "home" only reserves a name other than /overview


def overview_by_name():
    """/overview opens the Overview (the default page itself lives at /)."""
    st.switch_page(overview, query_params=st.query_params.to_dict())


page = st.navigation([
    overview,
    st.Page(overview_by_name, title=t("overview"), url_path="overview", visibility="hidden"),
    st.Page("views/tasks.py", title=t("task_explorer"), icon=":material/search:", url_path="tasks"),
    st.Page("views/metrics.py", title=t("target_metrics"), icon=":material/target:", url_path="metrics"),
    st.Page("views/agency_load.py", title=t("agency_load"), icon=":material/account_tree:", url_path="agency_load"),
    st.Page("views/themes.py", title=t("keyword_themes"), icon=":material/label:", url_path="themes"),
    st.Page("views/peers.py", title=t("peer_benchmark"), icon=":material/compare_arrows:", url_path="peers"),
])
pin_database()
page.run()
