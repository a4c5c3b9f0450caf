"""Every page of the navigation (views/navigation.py) runs in both languages, in AppTest and in a real
browser: a page added to the navigation is tested here without a line of its own."""

import json
import re

import pytest

from analysis.i18n import text
from tests.helpers import assert_no_exception, open_app_page, run_page
from views.navigation import PAGES

LANGUAGES = ("zh", "en")
RAW_NAME = re.compile(r"[a-z]+(_[a-z0-9]+)+")  # task_id, region_id, deadline_text …
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_page_runs_in_apptest(app_environment, entry, language):
    app = run_page(entry.path, language=language)
    assert not app.exception, app.exception
    titles = [element.value for element in app.title]
    assert titles, f"{entry.path} shows no title"
    if entry.title != "page_overview":  # the overview's title is the app's own
        assert titles[0] == text(entry.title, language)
    for table in app.dataframe:
        assert_readable_table(table, language)


def assert_readable_table(table, language: str) -> None:
    """Every shown column has a header for people (no raw column name such as task_id; no Chinese header in
    English) and no cell reads None or nan."""
    config = json.loads(table.proto.columns or "{}")
    frame = table.value
    shown = [column for column in frame.columns if not config.get(str(column), {}).get("hidden")]
    for column in shown:
        header = config.get(str(column), {}).get("label") or str(column)
        assert not RAW_NAME.fullmatch(header), f"raw column name {header!r} shown"
        if language == "en":
            assert not CJK.search(header), f"Chinese header {header!r} in English"
        assert not frame[column].isna().any(), f"missing cells shown as None in {header!r}"


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_page_opens_in_browser(browser, server_url, entry, language):
    page, errors = open_app_page(browser, f"{server_url}/{entry.url_path}?lang={language}")
    assert_no_exception(page, errors)
    assert page.get_by_text("语言 / Language").count() == 1
    assert "Page not found" not in page.inner_text("body")
    for other in PAGES:
        assert page.get_by_role("link", name=text(other.title, language)).count() >= 1
    page.close()
