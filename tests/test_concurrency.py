"""Concurrent use (issue 11 item 5): pages keep answering while the database file is rebuilt under them.

Two real builds are made: the seeds, and the seeds without one document. A background thread swaps them in
with os.replace (exactly what the ETL does) as fast as it can while AppTest sessions rerun pages. Every run must
finish without an exception and show ONE version consistently (the overview's cards and its table agree), and a
rerun after a swap shows the new version.
"""

import os
import shutil
import threading

import pytest
import yaml

from etl.build import build
from etl.paths import DEFAULT_MANIFEST, RAW_DIRECTORY
from tests.helpers import run_page

DROPPED = "wafangdian"


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, database_file):
    """(seeds database, seeds-without-one database) as files to swap in."""
    folder = tmp_path_factory.mktemp("versions")
    manifest = yaml.safe_load(DEFAULT_MANIFEST.read_text(encoding="utf-8"))
    manifest["documents"] = [entry for entry in manifest["documents"] if entry["doc_id"] != DROPPED]
    smaller_manifest = folder / "sources.yaml"
    smaller_manifest.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    smaller = folder / "smaller.duckdb"
    build(smaller, smaller_manifest, RAW_DIRECTORY, progress=lambda message: None)
    return database_file, smaller


def swap_in(source, target):
    """Copy a version beside the target and os.replace it in, as the ETL's writer does."""
    temporary = target.with_name(target.name + ".swap")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def shown_regions(app) -> set[str]:
    return {metric.label for metric in app.metric}


def test_a_rebuilt_database_is_shown_from_the_next_rerun(two_versions, tmp_path, monkeypatch):
    full, smaller = two_versions
    live = tmp_path / "policy.duckdb"
    swap_in(full, live)
    monkeypatch.setenv("POLICY_DB", str(live))
    app = run_page()
    assert not app.exception
    assert "瓦房店市" in shown_regions(app)
    for version, expected in [(smaller, False), (full, True), (smaller, False)]:
        swap_in(version, live)
        app.run()
        assert not app.exception
        assert ("瓦房店市" in shown_regions(app)) is expected


@pytest.mark.parametrize("page", ["views/overview.py", "views/metrics.py", "views/tasks.py"])
def test_pages_read_one_version_while_the_file_is_replaced(two_versions, tmp_path, monkeypatch, page):
    full, smaller = two_versions
    live = tmp_path / "policy.duckdb"
    swap_in(full, live)
    monkeypatch.setenv("POLICY_DB", str(live))
    sessions = [run_page(page) for _ in range(3)]
    stop, swaps = threading.Event(), [0]

    def keep_rebuilding():
        while not stop.is_set():
            swap_in(smaller if swaps[0] % 2 == 0 else full, live)
            swaps[0] += 1

    rebuilder = threading.Thread(target=keep_rebuilding, daemon=True)
    rebuilder.start()
    try:
        for _ in range(4):
            for session in sessions:
                session.run()
                assert not session.exception, session.exception
                if page == "views/overview.py":
                    # The cards and the table come from different queries of the same run: one version.
                    table = session.dataframe[0].value
                    assert len(table.columns) == len(session.metric)
    finally:
        stop.set()
        rebuilder.join()
    assert swaps[0] > 3, "the file was hardly replaced during the runs"
