"""Build safety (etl/lock.py, etl/save.py): a build killed while writing leaves the old database byte for byte
intact and its temporary files are removed by the next build; two builds of one database never run at once
(the second says so and waits)."""

import hashlib
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.errors import SourceError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A real `python -m etl` whose writer stops after the first table until a file named `go` appears beside the
# database: the moment a build is half-written, held as long as the test needs.
PAUSED_BUILD = """
import sys, time
from pathlib import Path
import etl.save
write_table = etl.save.create_table
go = Path(sys.argv[2]).parent / "go"
def paused(connection, name, columns, frame):
    write_table(connection, name, columns, frame)
    if not go.exists():
        print("paused while writing", flush=True)
        for _ in range(1200):
            if go.exists():
                break
            time.sleep(0.1)
etl.save.create_table = paused
from etl.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def start_build(db: Path, paused: bool) -> subprocess.Popen:
    command = ["-c", PAUSED_BUILD] if paused else ["-m", "etl"]
    return subprocess.Popen([sys.executable, "-u", *command, "--db", str(db)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(process: subprocess.Popen, words: str) -> list[str]:
    """Read the process's output until a line contains words; returns the lines read."""
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, f"the process ended before printing {words!r}: {lines} {process.stderr.read()}"
        lines.append(line)
        if words in line:
            return lines


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def old_database(database_file, tmp_path) -> Path:
    folder = tmp_path / "db"
    folder.mkdir()
    shutil.copy(database_file, folder / "policy.duckdb")
    return folder / "policy.duckdb"


def test_a_build_killed_while_writing_leaves_the_old_database_and_the_next_build_cleans_up(database_file, tmp_path):
    db = old_database(database_file, tmp_path)
    before = digest(db)
    process = start_build(db, paused=True)
    wait_for_line(process, "paused while writing")
    leftovers = sorted(path.name for path in db.parent.glob("policy.duckdb.tmp*"))
    assert leftovers, "the build should be writing its temporary file now"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()

    assert process.returncode == -signal.SIGKILL
    assert digest(db) == before
    assert sorted(path.name for path in db.parent.glob("policy.duckdb.tmp*")) == leftovers

    tables = build(db, progress=lambda message: None)
    # the database and the per-document results of incremental builds (etl/cache.py), no temporary file
    assert sorted(path.name for path in db.parent.iterdir()) == ["policy.cache", "policy.duckdb"]
    assert not [path.name for path in db.parent.rglob("*") if ".tmp" in path.name]
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM tasks WHERE doc_id = 'wafangdian'").fetchone()[0] == 57
    assert len(tables["documents"]) >= 4


def test_a_second_build_waits_for_the_first_with_a_message(database_file, tmp_path):
    db = old_database(database_file, tmp_path)
    first = start_build(db, paused=True)
    wait_for_line(first, "paused while writing")
    second = start_build(db, paused=False)
    waited = wait_for_line(second, "another build of")
    assert f"another build of {db} is running; waiting for it to finish" in waited[-1]
    assert first.poll() is None and second.poll() is None  # the first holds the lock, the second waits

    (db.parent / "go").touch()
    first_out, first_err = first.communicate(timeout=120)
    second_out, second_err = second.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert "ETL summary: " in first_out and "ETL summary: " in second_out
    assert sorted(path.name for path in db.parent.iterdir()) == ["go", "policy.cache", "policy.duckdb"]
    assert not [path.name for path in db.parent.rglob("*") if ".tmp" in path.name]
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM tasks WHERE doc_id = 'zhongwei'").fetchone()[0] == 25


def test_a_file_that_is_not_a_database_is_never_overwritten(tmp_path):
    manifest_copy = tmp_path / "sources.yaml"
    manifest_copy.write_text("documents: []\n", encoding="utf-8")
    with pytest.raises(SourceError, match="exists and is not a DuckDB database: it is not overwritten"):
        build(manifest_copy, progress=lambda message: None)
    assert manifest_copy.read_text(encoding="utf-8") == "documents: []\n"
    with pytest.raises(SourceError, match="is not a file"):
        build(tmp_path, progress=lambda message: None)
