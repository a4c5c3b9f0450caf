"""Import a list: drop a file, see what was detected (format, layout, confidence) and the tasks it yields,
correct the region or layout, add it. The file is copied into the raw folder and appended to the manifest by
etl/importer.py; the database then rebuilds in the background while every session keeps reading the version it
has, and the new region appears on every page from the next run on. Nothing from the file is rendered as
markdown or HTML: document text goes through st.text, st.code and st.dataframe only."""

import threading
import time
from functools import partial
from typing import get_args

import streamlit as st

from analysis.database import database_path
from analysis.i18n import label_of
from analysis.uploads import (
    UPLOAD_LIMIT_MB,
    already_added,
    proposal_facts,
    proposal_tasks,
    proposal_warnings,
    stored_upload,
    too_large,
)
from etl.errors import SourceError
from etl.paths import manifest_path, raw_directory
from views.shared import database_build, language, show_table, t

st.title(t("page_upload"))
st.caption(t("upload_intro", limit=UPLOAD_LIMIT_MB))
uploaded = st.file_uploader(t("upload_file"), key="upload_file", max_upload_size=UPLOAD_LIMIT_MB)


def refusal(message_key: str, error: Exception) -> None:
    st.error(t(message_key))
    st.code(str(error), language=None)
    st.stop()


def propose(path, corrections: dict):
    """The importer's proposal for this file and these corrections, kept for the session. The importer (and
    the parsers and pydantic behind it) is imported when a file arrives: the empty page stays light."""
    from etl import importer

    key = f"upload_proposal:{path}:{sorted(corrections.items())}"
    if key not in st.session_state:
        try:
            st.session_state[key] = importer.propose(path, manifest_path=manifest_path(), **corrections)
        except SourceError as error:
            refusal("upload_refused", error)
    return st.session_state[key]


def position(options: list, value) -> int:
    return options.index(value) if value in options else 0


def corrections_form(facts: dict) -> dict:
    """Region names and id, province, level and layout as detected, each open to correction."""
    from etl.manifest import AdminLevel
    from etl.parse.layouts import PARSERS

    with st.form("upload_corrections"):
        st.subheader(t("upload_corrections"))
        left, right = st.columns(2)
        values = {key: column.text_input(t(f"upload_{key}"), facts[key] or "", key=f"upload_field_{key}")
                  for column, key in ((left, "region_name"), (right, "region_en"), (left, "region_id"),
                                      (right, "province"))}
        levels, layouts, lang = list(get_args(AdminLevel)), sorted(PARSERS), language()
        levels_shown = partial(label_of, "admin_level", language=lang)  # not t(): AppTest formats options
        layouts_shown = partial(label_of, "layout", language=lang)  # outside the page's session
        level = left.selectbox(t("upload_admin_level"), levels, index=position(levels, facts["level"]),
                               format_func=levels_shown)
        layout = right.selectbox(t("upload_layout"), layouts, index=position(layouts, facts["layout"]),
                                 format_func=layouts_shown)
        if not st.form_submit_button(t("upload_apply")):
            return {}
    return {**{key: value.strip() for key, value in values.items()}, "level": level, "layout": layout}


def show_proposal(proposal) -> None:
    facts = proposal_facts(proposal)
    columns = st.columns(3)
    for column, key in zip(columns, ("format", "layout", "confidence"), strict=True):
        column.caption(t(f"upload_detected_{key}"))
        column.text(facts[key] if key != "layout" else label_of("layout", facts[key], language()))
    tasks, warnings = proposal_tasks(proposal, language()), proposal_warnings(proposal)
    st.subheader(t("upload_preview"))
    st.text(t("upload_preview_count", tasks=len(tasks), warnings=len(warnings)))
    show_table(tasks, hide_index=True, width="stretch")
    if len(warnings):
        st.caption(t("upload_warnings"))
        show_table(warnings, hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False)
def manifest_lock() -> threading.Lock:
    """One add at a time in this server: two sessions adding at once must not both append to the manifest."""
    return threading.Lock()


def add(path, corrections: dict) -> None:
    """Propose again under the lock (another session may have added a list since the preview), then add."""
    from etl import importer

    with manifest_lock():
        try:
            importer.add(importer.propose(path, manifest_path=manifest_path(), **corrections), manifest_path(),
                         raw_directory())
        except SourceError as error:
            refusal("upload_add_refused", error)


@st.fragment(run_every=1.0)
def rebuild_progress(added_at: float) -> None:
    """Start the one background build unless one started after this list was added; follow it."""
    build = database_build(str(database_path()))
    if not build.running() and (build.status.started or 0) < added_at:
        build.start()
    status = build.status
    if status.state == "running":
        st.progress(status.done / status.total if status.total else 0.0,
                    text=t("upload_building", done=status.done, total=status.total or "…"))
        st.code("\n".join(status.messages[-6:]) or "…", language=None)
    elif status.state == "failed":
        st.error(t("upload_failed"))
        st.code(status.error, language=None)
    else:
        st.success(t("upload_done"))
        st.page_link("views/overview.py", label=t("page_overview"), icon=":material/dashboard:")


if uploaded is not None:
    data = uploaded.getvalue()
    if too_large(len(data)):  # server.maxUploadSize also stops it; checked here too, never trusted alone
        st.error(t("upload_too_large", size=round(len(data) / 2**20, 1), limit=UPLOAD_LIMIT_MB))
        st.stop()
    path = stored_upload(data, uploaded.name)
    corrections = st.session_state.get(f"upload_corrections:{path}", {})
    proposal = propose(path, corrections)
    show_proposal(proposal)
    new_corrections = corrections_form(proposal_facts(proposal))
    if new_corrections and new_corrections != corrections:
        st.session_state[f"upload_corrections:{path}"] = new_corrections
        st.rerun()
    duplicate = already_added(data, raw_directory())
    if st.session_state.get("upload_added_file") == str(path):
        pass  # added from this session: the rebuild's progress follows
    elif duplicate:
        st.warning(t("upload_already_added"))
        st.text(duplicate)
    elif st.button(t("upload_add"), type="primary", key="upload_add"):
        add(path, corrections)
        st.session_state.update(upload_added_file=str(path), upload_added_at=time.time())
        st.rerun()
if "upload_added_at" in st.session_state:
    st.info(t("upload_added"))
    rebuild_progress(st.session_state["upload_added_at"])
