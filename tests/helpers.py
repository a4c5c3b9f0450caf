"""Helpers the page tests share (not fixtures: plain functions): open a page in the browser and wait for it,
run a page through AppTest in a language with query parameters, and check for exceptions."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LANGUAGE_SWITCH = "语言 / Language"  # the sidebar radio app.py draws on every page
APP_PATH = "../app.py"  # relative to the tests folder, where AppTest resolves it


def frame_with_column(app: AppTest, column):
    """The first dataframe on the page holding the column (AppTest does not expose dataframe keys)."""
    return next(element.value for element in app.dataframe if column in element.value.columns)


def run_page(page: str | None = None, language: str | None = None, **query_parameters) -> AppTest:
    """app.py run with the given ?lang= and query parameters, then switched to `page` (a views/ path)."""
    app = AppTest.from_file(APP_PATH, default_timeout=90)
    if language:
        app.query_params["lang"] = language
    for name, value in query_parameters.items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def open_app_page(browser, url: str, wait_text: str | None = None, timeout_ms: int = 45000, idle: bool = True,
                  width: int = 1400, requests: list | None = None):
    """Open a page `width` pixels wide, wait until the script has finished running (unless idle=False: a
    page that is still running, such as the first-start progress), and return (page, page errors). With
    `requests`, every URL the page asks for is appended to it."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.get_by_text(LANGUAGE_SWITCH).first.wait_for(timeout=timeout_ms)  # app.py has run: the page follows
    if wait_text:
        page.get_by_text(wait_text).first.wait_for(timeout=timeout_ms)
    if idle:
        # app.py draws the sidebar's link box after the page has run: then the whole page is on screen.
        page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.wait_for(timeout=timeout_ms)
        wait_until_idle(page, timeout_ms)
    return page, errors


def wait_until_idle(page, timeout_ms: int = 45000) -> None:
    """Streamlit shows a status widget while the script runs; wait for it to go away. A click's rerun may
    start a moment after the click, so give it that moment first."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_timeout(300)


def assert_no_exception(page, errors) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert not errors, errors


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(database: Path, log: Path, extra_environment: dict | None = None, start_timeout: float = 60):
    """`streamlit run app.py` on a free loopback port reading `database` (which may not exist yet: then the
    app builds it on first start); yields the base URL once the server answers its health check.
    extra_environment adds variables, e.g. POLICY_MANIFEST / POLICY_RAW_DIR of a temporary project copy."""
    port = free_port()
    environment = {**os.environ, "POLICY_DB": str(database), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
                   **(extra_environment or {})}
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=PROJECT_ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start within {start_timeout} s; see {log}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- Manifest edits for the bad-input tests --------------------------------------------------------------------

def entry_lines(text: str, doc_id: str) -> range:
    """0-based indexes of the manifest lines that belong to doc_id's entry."""
    lines = text.split("\n")
    start = next(index for index, line in enumerate(lines) if line.strip() == f"- doc_id: {doc_id}")
    end = next((index for index in range(start + 1, len(lines)) if lines[index].strip().startswith("- doc_id:")),
               len(lines))
    return range(start, end)


def edit_entry(text: str, doc_id: str, old: str, new: str | None) -> tuple[str, int]:
    """Replace the line `old` (compared stripped) in doc_id's entry by `new` (several lines allowed, each given
    the old line's indentation; None deletes it); returns (new text, 1-based line number of the edit)."""
    lines = text.split("\n")
    index = next(index for index in entry_lines(text, doc_id) if lines[index].strip() == old)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index:index + 1] = [] if new is None else [indent + line for line in new.split("\n")]
    return "\n".join(lines), index + 1


def entry_line(text: str, doc_id: str) -> int:
    """1-based line of doc_id's entry (its `- doc_id:` line)."""
    return entry_lines(text, doc_id)[0] + 1


SHARED_REGION = """regions:
  - region_id: liaoning_demo
    region_zh: 辽宁示例
    region_en: Liaoning demo
    province_zh: 辽宁省
    admin_level: prefecture

"""
REGION_KEYS = ("region_zh", "region_en", "province_zh", "admin_level")


def share_region(text: str, doc_ids: list[str]) -> str:
    """The manifest with doc_ids moved into one declared region `liaoning_demo`, their own region keys removed."""
    for doc_id in doc_ids:
        text, _ = edit_entry(text, doc_id, f"region_id: {doc_id}", "region_id: liaoning_demo")
        lines = text.split("\n")
        for index in reversed(entry_lines(text, doc_id)):
            if lines[index].strip().split(":")[0] in REGION_KEYS:
                del lines[index]
        text = "\n".join(lines)
    return text.replace("documents:\n", SHARED_REGION + "documents:\n", 1)


def source_lines(source_path, line_start: int, line_end: int) -> str:
    """Lines line_start..line_end of a raw file read again with the ETL's text reader, numbered as the pages
    number the stored lines (analysis.sources.numbered_line)."""
    from analysis.sources import numbered_line
    from etl.parse.formats import text

    path = Path(source_path)
    lines = text.read(path.read_bytes(), path).lines
    return "\n".join(numbered_line(number, line)
                     for number, line in enumerate(lines[max(line_start - 1, 0):line_end], start=line_start))


def chart_titles(app) -> list[str]:
    """The titles of the plotly charts an AppTest run drew, in page order."""
    import json

    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]
