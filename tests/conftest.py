"""Shared fixtures: one database built from the real documents per test session, a live Streamlit server on
it for the browser tests, and the AppTest environment pointing at it."""

from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.paths import DEFAULT_MANIFEST
from tests.helpers import streamlit_server

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


@pytest.fixture(scope="session")
def server_url(database_file, tmp_path_factory):
    """A real `streamlit run app.py` on loopback, for the browser tests."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(database_file, log) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
