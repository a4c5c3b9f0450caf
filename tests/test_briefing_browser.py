"""Briefing-ready, in a real browser (issue 14 "Done when"): on every page at 1024 px, every file offered is
downloaded and checked (PNG/SVG with title and source line, CSV with BOM, XLSX with its About sheet, the
PPTX deck's slides, the HTML pack), a page opened from its copied link shows the same selections, and no
request leaves the machine."""

import io
import re
from urllib.parse import urlparse

import openpyxl
import pytest
from pptx import Presentation

from analysis.i18n import text
from analysis.provenance import project_version
from tests.helpers import assert_no_exception, open_app_page, wait_until_idle
from views.navigation import PAGES

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about", "chrome-extension")
LINKS = {"overview": "", "tasks": "?region=zhongwei&q=双师型", "metrics": "?indicator=skills_training_volume",
         "agency_load": "?region=wafangdian", "themes": "?region=jinzhou&term=双师型",
         "peers": "?region=zhongwei&peer=jinzhou"}
SHARE_LINK = '[data-testid="stSidebar"] [data-testid="stCode"]'
SOURCE_END = f"{text('app_title', 'zh')} {project_version()}"


def open_recorded(browser, url: str):
    """A 1024 px wide page that records every request it makes."""
    requests: list[str] = []
    page, errors = open_app_page(browser, url, width=1024, requests=requests)
    page.locator(SHARE_LINK).first.wait_for(timeout=60000)  # drawn when the page's script has finished
    wait_until_idle(page)
    return page, errors, requests


def leaving(requests: list[str]) -> list[str]:
    return [url for url in requests if urlparse(url).scheme not in LOCAL_SCHEMES
            and urlparse(url).hostname not in ("127.0.0.1", "localhost")]


def reveal_everything(page) -> None:
    """Open every expander, so the buttons inside are offered too."""
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.click()
    wait_until_idle(page)


def check_file(name: str, data: bytes) -> None:
    assert data, name
    if name.endswith(".png"):
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
    elif name.endswith(".svg"):
        svg = data.decode("utf-8")
        title = re.search(r'class="gtitle"[^>]*>([^<]+)<', svg)
        assert title and title.group(1).strip(), f"{name}: no title"
        assert "来源：" in svg and SOURCE_END in svg, f"{name}: no source line"
    elif name.endswith(".csv"):
        assert data.startswith(b"\xef\xbb\xbf"), name
    elif name.endswith(".xlsx"):
        about = openpyxl.load_workbook(io.BytesIO(data))["About"]
        labels = [row[0].value for row in about.iter_rows()]
        assert "来源文件" in labels and "引用" in labels, name
    elif name.endswith(".pptx"):
        slides = list(Presentation(io.BytesIO(data)).slides)
        assert len(slides) == 4, name  # title, the two charts, the headline table
        pictures = [shape for slide in slides[1:3] for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 2 and slides[3].shapes.title.text == text("bench_indicator_section", "zh")
    elif name.endswith(".html"):
        assert data.decode("utf-8").count('class="briefing-figure"') == 2, name
    else:
        pytest.fail(f"unexpected download {name}")


def download_all(page, tmp_path, done: set) -> list[str]:
    """Download every visible button not downloaded yet (`done`: their positions on the page, which do not
    change when another tab opens), and check each file."""
    names = []
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if index in done or not button.is_visible():  # done already, or in a tab that is not open
            continue
        done.add(index)
        with page.expect_download(timeout=90000) as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        check_file(target.name, target.read_bytes())
        names.append(target.name)
    return names


def share_link(page) -> str:
    return page.locator(SHARE_LINK).first.inner_text().strip()


@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_every_download_of_the_page(browser, server_url, entry, tmp_path):
    page, errors, requests = open_recorded(browser, f"{server_url}/{entry.url_path}{LINKS.get(entry.url_path, '')}")
    try:
        wait_until_idle(page)
        reveal_everything(page)
        done: set = set()
        names = download_all(page, tmp_path, done)
        for tab in page.get_by_role("tab").all()[1:]:  # the other tabs' files too
            tab.click()
            wait_until_idle(page)
            names += download_all(page, tmp_path, done)
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        tables = page.locator('[data-testid="stDataFrame"]').count()
        assert sum(name.endswith(".png") for name in names) >= charts - 1  # (a hidden tab's chart)
        if tables:  # every table shown leaves with its source (the upload page shows none before a file)
            assert any(name.endswith(".csv") for name in names) and any(name.endswith(".xlsx") for name in names), names
        else:
            assert not charts and page.locator('input[type="file"]').count() == 1, entry.url_path
        if entry.url_path == "peers":
            assert any(name.endswith(".pptx") for name in names)
        assert page.get_by_text("Deploy", exact=True).count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 1024  # usable at 1024 px
        assert_no_exception(page, errors)
        assert not leaving(requests), leaving(requests)
    finally:
        page.close()


@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_a_copied_link_opens_the_same_view(browser, server_url, entry):
    page, errors, requests = open_recorded(browser, f"{server_url}/{entry.url_path}{LINKS.get(entry.url_path, '')}")
    link = share_link(page)
    assert link.startswith(server_url) and "lang=zh" in link
    page.close()
    copy, errors, more_requests = open_recorded(browser, link)
    try:
        assert share_link(copy) == link
        assert_no_exception(copy, errors)
        for parameter in LINKS.get(entry.url_path, "").lstrip("?").split("&"):
            if parameter:
                assert parameter.split("=")[0] in link
        assert not leaving(requests + more_requests)
    finally:
        copy.close()
