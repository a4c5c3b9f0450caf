"""Both languages complete (issue 14 item 5): every page in English shows no Chinese in its interface —
titles, headings, widget labels, buttons, tabs, table headers and the cells that are not document text —
and the Chinese left in its prose is quoted from the documents."""

import json
import re

import pytest

from analysis.i18n import text
from tests.helpers import run_page
from views.navigation import PAGES

CJK_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
NUMBER_WITH_CHINESE_UNIT = re.compile(r"\d[\u3400-\u9fff]")
# Columns that quote the documents (their text is Chinese in every language).
DOCUMENT_COLUMNS = {"Task content", "Title", "Group", "Source text", "Lead", "Support", "College offices",
                    "Deadline", "Agency", "Term", "Keyword", "Before", "After", "Evidence", "Clause", "My task",
                    "Peer task", "Differences", "Message", "Terms", "Province", "Document", "Field", "Source clause",
                    "Left", "Right"}
LABELLED = ("selectbox", "multiselect", "radio", "text_input", "toggle", "slider", "select_slider",
            "download_button", "button", "expander", "metric", "page_link")
INTERACTIONS = {"views/themes.py": {"term": "双师型"}, "views/tasks.py": {"q": "双师型"}}


@pytest.fixture(scope="module")
def document_text(database) -> str:
    """Every text the documents (and the manifest describing them) hold, to tell a quote from a label."""
    parts = []
    for sql in ("SELECT concat_ws(' ', task_number, title, content, local_measures, local_target, group_title,"
                "deadline_text)"
                " FROM tasks", "SELECT name FROM agencies", "SELECT raw_name FROM task_agencies",
                "SELECT concat_ws(' ', region_zh, province_zh, issuer, title, document_number) FROM documents",
                "SELECT raw_text FROM metrics", "SELECT term FROM region_keyness", "SELECT term FROM topics",
                "SELECT text FROM goals", "SELECT message FROM etl_warnings", "SELECT evidence FROM task_themes"):
        parts += [str(value) for (value,) in database.execute(sql).fetchall() if value]
    return "\n".join(parts)


def interface_texts(app) -> list[str]:
    texts = [element.value for kind in ("title", "header", "subheader") for element in getattr(app, kind)]
    for kind in LABELLED:
        texts += [element.label for element in app.get(kind) if getattr(element, "label", None)]
    texts += [tab.label for tab in app.tabs]
    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        texts += [config.get(str(column), {}).get("label") or str(column) for column in table.value.columns]
    return texts


def prose_texts(app) -> list[str]:
    return [element.value for kind in ("caption", "markdown", "info", "warning", "text")
            for element in getattr(app, kind)]


def table_cells(app, quoting: set[str]):
    """(header, cell) of the cells in columns that do not quote the documents (nor the `quoting` ones)."""
    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        for column in table.value.columns:
            header = config.get(str(column), {}).get("label") or str(column)
            if config.get(str(column), {}).get("hidden") or header in DOCUMENT_COLUMNS | quoting:
                continue
            for cell in table.value[column]:
                yield header, str(cell)


# The overview shows the documents side by side: a column per region holds that document's particulars.
QUOTING_COLUMNS = {"views/overview.py": {"Gaoping", "Jinzhou", "Wafangdian", "Zhongwei"}}


BILINGUAL = {text("language_switch", "en")}  # the language switch names itself in both languages


def unquoted(text: str, document_text: str) -> list[str]:
    return [run for run in CJK_RUN.findall(text) if run not in document_text]


@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_page_in_english_has_no_chinese_interface(app_environment, document_text, entry):
    app = run_page(entry.path, language="en", **INTERACTIONS.get(entry.path, {}))
    assert not app.exception, app.exception
    for shown in interface_texts(app):
        assert shown in BILINGUAL or not CJK_RUN.search(shown), f"Chinese in English on {entry.path}: {shown!r}"
    for shown in prose_texts(app):
        assert not unquoted(shown, document_text), f"untranslated text on {entry.path}: {shown!r}"
    for header, cell in table_cells(app, QUOTING_COLUMNS.get(entry.path, set())):
        assert not NUMBER_WITH_CHINESE_UNIT.search(cell), f"Chinese unit in {header!r} on {entry.path}: {cell!r}"
        assert not unquoted(cell, document_text), f"untranslated cell in {header!r} on {entry.path}: {cell!r}"
