"""The upload page: a file goes in, the detected layout and the preview come out as plain text and tables, the
list is added to a temporary copy of the project's data (never the repository's data/), and the database
rebuilds in the background into the new version that every page then shows."""

import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest

from analysis import uploads
from analysis.i18n import label_of, text
from tests.helpers import (
    PROJECT_ROOT,
    assert_no_exception,
    open_app_page,
    run_page,
    streamlit_server,
    wait_until_idle,
)

DOCX = PROJECT_ROOT / "tests" / "fixtures" / "formats" / "tasks.docx"
PAGE = "views/upload.py"
NEW_REGION = "示例市"


@pytest.fixture
def project_copy(tmp_path, database_file, monkeypatch):
    """The manifest, raw documents and built database copied to a temporary folder the app is pointed at."""
    shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw")
    shutil.copy(PROJECT_ROOT / "data" / "sources.yaml", tmp_path / "sources.yaml")
    shutil.copy(database_file, tmp_path / "policy.duckdb")
    environment = {"POLICY_DB": str(tmp_path / "policy.duckdb"), "POLICY_MANIFEST": str(tmp_path / "sources.yaml"),
                   "POLICY_RAW_DIR": str(tmp_path / "raw")}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(PROJECT_ROOT)
    return tmp_path, environment


def test_upload_limit_is_the_servers():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == uploads.UPLOAD_LIMIT_MB
    assert uploads.too_large(uploads.UPLOAD_LIMIT_MB * 2**20 + 1) and not uploads.too_large(2**20)


@pytest.mark.parametrize("name, safe", [
    ("示例市任务清单.docx", "示例市任务清单.docx"), ("../../etc/passwd", "passwd"), (".bashrc", "bashrc"),
    ("a b;rm -rf.PDF", "a_b_rm_-rf.pdf"), ("<script>.html", "script.html"), ("", "upload"),
])
def test_uploaded_names_are_made_safe(name, safe):
    assert uploads.safe_file_name(name) == safe


def test_upload_page_without_a_file_states_the_limit(app_environment):
    app = run_page(PAGE, language="en")
    assert not app.exception
    assert f"up to {uploads.UPLOAD_LIMIT_MB} MB" in app.caption[0].value


def upload(app, path: Path):
    app.file_uploader[0].set_value((path.name, path.read_bytes(), "application/octet-stream"))
    return app.run()


def correct(app, **fields):
    """Fill in the correction form (the fixture names no province) and submit it."""
    for key, value in fields.items():
        app.text_input(key=f"upload_field_{key}").input(value)
    next(button for button in app.button if button.key.startswith("FormSubmitter:upload_corrections")).click()
    return app.run()


def test_unreadable_file_is_refused_with_the_readers_message(app_environment):
    app = upload(run_page(PAGE, language="en"), PROJECT_ROOT / "tests" / "fixtures" / "formats" / "scanned.pdf")
    assert not app.exception
    assert app.error[0].value == "This file cannot be read:"
    assert "no text layer" in app.code[0].value


def test_preview_shows_detection_tasks_and_agencies(app_environment):
    app = upload(run_page(PAGE, language="zh"), DOCX)
    assert not app.exception, app.exception
    tasks = app.dataframe[0].value
    assert len(tasks) > 0
    assert text("upload_agencies_of_role", "zh", role=label_of("role", "lead", "zh"), agencies="市教育局") in \
        list(tasks["agencies_with_roles"])  # 牵头：市教育局
    assert [text.value for text in app.text][0].startswith("docx")


def test_add_copies_the_file_appends_the_entry_and_rebuilds(project_copy):
    folder, _ = project_copy
    repository_manifest = (PROJECT_ROOT / "data" / "sources.yaml").read_bytes()
    before = (folder / "sources.yaml").read_text(encoding="utf-8")
    app = correct(upload(run_page(PAGE, language="en"), DOCX), province="示例省", region_id="shili")
    assert app.text_input(key="upload_field_province").value == "示例省"
    app.button(key="upload_add").click().run()
    assert not app.exception, app.exception
    from views.shared import database_build

    status = database_build(str(folder / "policy.duckdb")).wait(timeout=300)
    assert status.state == "done", status.error
    after = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    added = after[len(before) - 1:]
    assert NEW_REGION in added and "region_id: shili" in added and "示例省" in added
    assert (folder / "raw" / "shili.docx").read_bytes() == DOCX.read_bytes()
    with duckdb.connect(str(folder / "policy.duckdb"), read_only=True) as connection:
        regions = {row[0] for row in connection.execute("SELECT region_zh FROM documents").fetchall()}
    assert NEW_REGION in regions
    assert (PROJECT_ROOT / "data" / "sources.yaml").read_bytes() == repository_manifest
    assert not list((PROJECT_ROOT / "data" / "raw").glob("*.docx"))


@pytest.mark.browser
def test_upload_in_a_real_browser(browser, project_copy, tmp_path_factory):
    folder, environment = project_copy
    log = tmp_path_factory.mktemp("upload-server") / "streamlit.log"
    with streamlit_server(folder / "policy.duckdb", log, environment) as url:
        page, errors = open_app_page(browser, f"{url}/upload?lang=en", wait_text="Import a list")
        page.locator('input[type="file"]').set_input_files(str(DOCX))
        page.get_by_text("Preview: the tasks that will be read").wait_for(timeout=60000)
        page.get_by_label("Province (or autonomous region, municipality)").fill("示例省")
        page.get_by_role("button", name="Detect again with these corrections").click()
        page.wait_for_timeout(1500)
        wait_until_idle(page)
        page.get_by_role("button", name="Add and rebuild the database").click()
        page.get_by_text("The database is updated").wait_for(timeout=300000)
        assert_no_exception(page, errors)
        overview, errors = open_app_page(browser, f"{url}/overview?lang=zh")
        assert overview.get_by_text(NEW_REGION).count() >= 1
        assert_no_exception(overview, errors)
        overview.close()
        page.close()
