"""What every page shares: the language switch, the database snapshot of this run, cached queries and
download buttons. Only this folder's modules and app.py import streamlit."""

import time
from pathlib import Path

import streamlit as st

from analysis import queries
from analysis.database import VersionGone, database_identity, database_path, open_snapshot
from analysis.exports import csv_bytes, xlsx_bytes
from analysis.i18n import LANGUAGES, format_number, has_text, is_missing, supported, text
from etl.background import database_builder

RUN_IDENTITY = "_database_identity"
PROGRESS_POLL_SECONDS = 0.4


def language() -> str:
    """The chosen language: the sidebar switch, seeded from the URL (?lang=en) so a shared link keeps it."""
    if "language" not in st.session_state:
        st.session_state["language"] = supported(st.query_params.get("lang"))
    return st.session_state["language"]


def t(key: str, **values) -> str:
    """The catalogue's text for `key` in the chosen language (analysis/i18n.py; locales/<language>.yaml)."""
    return text(key, language(), **values)


def language_switch() -> None:
    language()
    st.sidebar.radio(t("language_switch"), list(LANGUAGES), format_func=lambda code: t(f"language_name_{code}"),
                     key="language", horizontal=True)
    st.query_params["lang"] = st.session_state["language"]


# --- The database: built once on first start, one snapshot per run -----------------------------------------

@st.cache_resource(show_spinner=False)
def database_build(path: str):
    """The one background build of this server process for `path` (shared by every session)."""
    return database_builder(path)


def wait_for_database() -> None:
    """On first start (no database yet): start the one build, show its progress, rerun when it is done."""
    st.title(t("first_start_title"))
    st.info(t("first_start_intro"))
    build = database_build(str(database_path()))
    if build.status.state in ("idle", "done"):
        build.start()
    bar, log = st.progress(0.0), st.empty()
    while build.running():
        status = build.status
        fraction = status.done / status.total if status.total else 0.0
        bar.progress(min(fraction, 1.0), text=t("first_start_progress", done=status.done, total=status.total or "…"))
        log.code("\n".join(status.messages[-8:]) or "…", language=None)
        time.sleep(PROGRESS_POLL_SECONDS)
    if build.status.state == "failed":
        st.error(t("first_start_failed"))
        st.code(build.status.error, language=None)
        if st.button(t("first_start_retry"), key="first_start_retry"):
            build.start()
            st.rerun()
        st.stop()
    st.rerun()


PIN_ATTEMPTS = 5


def pin_database() -> None:
    """Take the database version this run reads (built first if missing); every query of the run uses it."""
    path = str(database_path())
    for _ in range(PIN_ATTEMPTS):
        identity = database_identity()
        if identity is None:
            wait_for_database()
        try:
            snapshot(path, identity)
            break
        except (VersionGone, FileNotFoundError):  # replaced between looking and opening: look again
            continue
    st.session_state[RUN_IDENTITY] = identity


@st.cache_resource(show_spinner=False, max_entries=4)
def snapshot(path: str, identity: str):
    """The read-only snapshot of one database version; runs still using an evicted one keep it alive."""
    return open_snapshot(Path(path), identity)


def query(name: str, *arguments, **keyword_arguments):
    """Run analysis.queries.<name> on this run's snapshot, cached by version and arguments. If that version
    is gone (replaced and evicted since the run began), the run starts again on the current one."""
    identity = st.session_state.get(RUN_IDENTITY) or database_identity()
    try:
        return cached_query(str(database_path()), identity, name, arguments,
                            tuple(sorted(keyword_arguments.items())))
    except VersionGone:
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(path: str, identity: str, name: str, arguments: tuple, keyword_arguments: tuple):
    return getattr(queries, name)(snapshot(path, identity), *arguments, **dict(keyword_arguments))


def region_names() -> dict:
    frame = query("regions")
    column = "region_en" if language() == "en" else "region_zh"
    return dict(zip(frame["region_id"], frame[column], strict=True))


# --- Tables for people: localized headers, no None/nan cells ---------------------------------------------

def column_labels(frame) -> dict[str, str]:
    """Headers of the columns the catalogue names (column_<name>) in the chosen language; columns it does not
    name (already localized ones, region names) keep their names."""
    return {column: t(f"column_{column}") for column in frame.columns
            if isinstance(column, str) and has_text(f"column_{column}")}


def readable(frame, hidden=()):
    """A copy for people: the missing cells of the shown columns blank instead of None/nan (whole numbers
    as written, other numbers in the locale's format)."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if column in hidden or not values.isna().any():
            continue
        shown[column] = [cell_text(value) for value in values]
    return shown


def cell_text(value) -> str:
    """One cell of a column with gaps, as text: '' for a gap, whole numbers without separators (years,
    line numbers), other numbers in the locale's format."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    return format_number(value, language()) if isinstance(value, int | float) else str(value)


def show_table(frame, column_config=None, **options):
    """st.dataframe with localized headers and blank missing cells. The caller's column_config entries win;
    a column configured as None is hidden (it stays in the data, untouched)."""
    config = {**column_labels(frame), **(column_config or {})}
    hidden = [column for column, setting in config.items() if setting is None]
    return st.dataframe(readable(frame, hidden), column_config=config, **options)


def download_buttons(frame, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM for Excel) and XLSX of exactly the table shown, headers in the chosen language."""
    frame = frame.rename(columns=column_labels(frame))
    left, right = st.columns(2)
    left.download_button(t("download_csv"), csv_bytes(frame), f"{stem}.csv", "text/csv", key=f"{key}-csv")
    right.download_button(t("download_xlsx"), xlsx_bytes(frame, stem), f"{stem}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx")


def source_caption() -> None:
    st.caption(t("data_note"))
