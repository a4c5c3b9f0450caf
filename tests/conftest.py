"""Shared fixtures: one database built from the real documents per test session, a live Streamlit server on
it for the browser tests, and the AppTest environment pointing at it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.paths import DEFAULT_MANIFEST

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(path, tables) of a database built once from data/sources.yaml and data/raw/."""
    path = tmp_path_factory.mktemp("database") / "policy.duckdb"
    tables = build(path, DEFAULT_MANIFEST, progress=lambda message: None)
    return path, tables


@pytest.fixture(scope="session")
def database_file(built):
    return built[0]


@pytest.fixture(scope="session")
def tables(built):
    return built[1]


@pytest.fixture(scope="session")
def database(database_file):
    connection = duckdb.connect(str(database_file), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def app_environment(database_file, monkeypatch):
    """AppTest reads the session's database, never the developer's data/policy.duckdb."""
    monkeypatch.setenv("POLICY_DB", str(database_file))
    monkeypatch.chdir(PROJECT_ROOT)
    return database_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(database_file):
    """A real `streamlit run app.py` on loopback, for the browser tests."""
    port = free_port()
    environment = dict(os.environ, POLICY_DB=str(database_file), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.terminate()
        pytest.fail("streamlit server did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def open_app_page(browser, url: str, wait_text: str | None = None, timeout_ms: int = 45000):
    """Open a page, wait until the script has finished running, and return (page, page errors)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    if wait_text:
        page.get_by_text(wait_text).first.wait_for(timeout=timeout_ms)
    wait_until_idle(page, timeout_ms)
    return page, errors


def wait_until_idle(page, timeout_ms: int = 45000) -> None:
    """Streamlit shows a status widget while the script runs; wait for it to go away."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_timeout(300)


def assert_no_exception(page, errors) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert not errors, errors
