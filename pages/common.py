"""What every page shares: the language switch, the cached read-only connection, cached queries and
download buttons. The only module besides the pages themselves that imports streamlit."""

import streamlit as st

from analysis import queries
from analysis.database import connect_read_only, database_path, database_version
from analysis.exports import csv_bytes, xlsx_bytes
from analysis.labels import label

LANGUAGES = {"zh": "中文", "en": "English"}


def run_through_app() -> None:
    """Make sure a page always runs inside app.py's navigation.

    Streamlit treats a folder named pages/ as old-style (v1) pages until app.py first calls st.navigation,
    so a deep link opened as the server's very first request would run the page file alone, without the
    database check and the sidebar. Switching that mode off and rerunning hands the request to app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


run_through_app()


def language() -> str:
    """The chosen language: the sidebar switch, seeded from the URL (?lang=en) so a shared link keeps it."""
    if "language" not in st.session_state:
        requested = st.query_params.get("lang", "zh")
        st.session_state["language"] = requested if requested in LANGUAGES else "zh"
    return st.session_state["language"]


def t(key: str) -> str:
    return label(key, language())


def language_switch() -> None:
    language()
    st.sidebar.radio("语言 / Language", list(LANGUAGES), format_func=LANGUAGES.get, key="language",
                     horizontal=True)
    st.query_params["lang"] = st.session_state["language"]


@st.cache_resource
def connection(path: str, version: float):
    """One read-only connection per database file and version; a rebuilt file (new mtime) gets a fresh one."""
    return connect_read_only(path)


def query(name: str, *arguments, **keyword_arguments):
    """Run analysis.queries.<name> through the cache, keyed by the database file, its version and the
    arguments."""
    path = str(database_path())
    return cached_query(path, database_version(), name, arguments, tuple(sorted(keyword_arguments.items())))


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(path: str, version: float, name: str, arguments: tuple, keyword_arguments: tuple):
    return getattr(queries, name)(connection(path, version), *arguments, **dict(keyword_arguments))


def region_names() -> dict:
    frame = query("regions")
    column = "region_en" if language() == "en" else "region_zh"
    return dict(zip(frame["region_id"], frame[column], strict=True))


def download_buttons(frame, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM for Excel) and XLSX of exactly the table shown."""
    left, right = st.columns(2)
    left.download_button(t("download_csv"), csv_bytes(frame), f"{stem}.csv", "text/csv", key=f"{key}-csv")
    right.download_button(t("download_xlsx"), xlsx_bytes(frame, stem), f"{stem}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx")


def source_caption() -> None:
    st.caption(t("data_note"))
