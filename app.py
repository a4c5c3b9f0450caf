"""Entry point: builds the database on first start, then declares the pages and the shared sidebar."""

import streamlit as st

from analysis.database import database_path, ensure_database
from pages.common import language_switch, t

st.set_page_config(page_title="职业教育改革任务清单比较 · VET reform task lists", page_icon=":material/bar_chart:", layout="wide")

if not database_path().exists():
    with st.spinner("首次启动：正在从原始文件构建数据库… / First start: building the database…"):
        ensure_database()

language_switch()
pages = [
    st.Page("pages/overview.py", title=t("overview"), icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/tasks.py", title=t("task_explorer"), icon=":material/search:", url_path="tasks"),
    st.Page("pages/metrics.py", title=t("target_metrics"), icon=":material/target:", url_path="metrics"),
    st.Page("pages/agency_load.py", title=t("agency_load"), icon=":material/account_tree:", url_path="agency_load"),
    st.Page("pages/themes.py", title=t("keyword_themes"), icon=":material/label:", url_path="themes"),
    st.Page("pages/benchmark.py", title=t("peer_benchmark"), icon=":material/compare_arrows:", url_path="benchmark"),
]
st.navigation(pages).run()
