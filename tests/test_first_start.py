"""The very first start, as a new user meets it: no database yet, several visitors arriving at once at the
root and at deep links. The sidebar lists only the real pages from the first paint, every entry opens
during and after the build, exactly one build runs, and nobody sees an error."""

import pytest

from analysis.i18n import text
from etl.background import BUILD_STARTED
from etl.lock import build_lock
from tests.helpers import (
    LANGUAGE_SWITCH,
    assert_no_exception,
    open_app_page,
    streamlit_server,
    wait_until_idle,
)
from views.navigation import PAGES

pytestmark = pytest.mark.browser

TITLES = {text(entry.title, "zh") for entry in PAGES}
FIRST_SECONDS_MS = 3000


def sidebar_links(page) -> dict[str, str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    """Link text (without the material icon name drawn before it) → address."""
    return {links.nth(i).inner_text().strip().split("\n")[-1]: links.nth(i).get_attribute("href")
            for i in range(links.count())}


def test_first_start_without_a_database(browser, tmp_path):
    database, log = tmp_path / "new" / "policy.duckdb", tmp_path / "streamlit.log"
    database.parent.mkdir()
    # The test holds the build lock (as a `python -m etl` in a terminal would) until it has checked the first
    # paint and opened every entry, so the app's build is certainly still waiting or running meanwhile.
    held = build_lock(database)
    held.__enter__()
    with streamlit_server(database, log) as url:
        visitors = [browser.new_page(viewport={"width": 1280, "height": 900}) for _ in range(4)]
        addresses = [url, f"{url}/metrics?region=zhongwei", f"{url}/overview", f"{url}/peers?region=gaoping"]
        for visitor, address in zip(visitors, addresses, strict=True):
            visitor.goto(address, wait_until="domcontentloaded")
        first = visitors[0]
        first.get_by_text(LANGUAGE_SWITCH).first.wait_for(timeout=FIRST_SECONDS_MS * 5)
        links = sidebar_links(first)
        assert set(links) == TITLES, f"the sidebar lists {sorted(links)}"

        # Every entry the sidebar shows opens while the build waits: the progress message, no error.
        opened = []
        for title, href in links.items():
            tab, errors = open_app_page(browser, href, idle=False)
            tab.get_by_text(text("first_start_title", "zh")).first.wait_for()
            assert_no_exception(tab, errors)
            assert "Page not found" not in tab.inner_text("body"), title
            opened.append(tab)
        assert not database.exists()
        held.__exit__(None, None, None)

        for visitor in visitors + opened:
            visitor.get_by_text(text("first_start_title", "zh")).first.wait_for(state="detached", timeout=120000)
            wait_until_idle(visitor, 60000)
            body = visitor.inner_text("body")
            assert "Page not found" not in body and "Error" not in body.split(LANGUAGE_SWITCH)[-1]
            assert visitor.locator('[data-testid="stException"]').count() == 0
        # The deep links kept their address: the metrics page opened, not the default page.
        assert visitors[1].locator("h1").first.inner_text() == text("page_metrics", "zh")
        assert visitors[3].locator("h1").first.inner_text() == text("page_peers", "zh")
        for visitor in visitors + opened:
            visitor.close()
    assert database.exists()
    assert log.read_text().count(BUILD_STARTED) == 1, log.read_text()
