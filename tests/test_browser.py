"""Real-browser checks: every page opens in Chromium without an exception and shows its content."""

import pytest

from tests.helpers import assert_no_exception, open_app_page

pytestmark = pytest.mark.browser

PAGES = [
    ("overview", "锦州师专"),
    ("tasks", "条任务"),
]


@pytest.mark.parametrize(("url_path", "expected_text"), PAGES)
def test_page_opens_without_exception(browser, server_url, url_path, expected_text):
    page, errors = open_app_page(browser, f"{server_url}/{url_path}", expected_text)
    assert_no_exception(page, errors)
    # Even as the server's first request, a deep link runs inside app.py: the sidebar switch is there.
    assert page.get_by_text("语言 / Language").count() == 1
    page.close()


def test_task_explorer_search_in_browser(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/tasks", "条任务")
    box = page.get_by_label("全文检索")
    box.fill("1+X")
    box.press("Enter")
    page.get_by_text("条任务").first.wait_for()
    page.wait_for_timeout(1500)
    assert "4 条任务" in page.inner_text("body").replace("\n", " ")
    assert_no_exception(page, errors)
    page.close()
