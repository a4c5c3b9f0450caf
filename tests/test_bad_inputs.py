"""Bad input through the real CLI: each case exits non-zero, names the file (and line where known) on stderr,
and leaves an existing database byte for byte untouched with no temporary files behind.

One good build plus one run per bad case: each `python -m etl` takes a second or two.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = PROJECT_ROOT / "data" / "sources.yaml"
RAW_DIR = PROJECT_ROOT / "data" / "raw"


def run_etl(db: Path, manifest: Path, raw: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--db", str(db), "--manifest", str(manifest),
                           "--raw", str(raw)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def folder_state(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def good_database(tmp_path_factory):
    """A database built from copies of the real inputs, in a folder of its own."""
    root = tmp_path_factory.mktemp("bad_inputs")
    inputs = root / "good"
    shutil.copytree(RAW_DIR, inputs / "raw")
    shutil.copy(MANIFEST, inputs / "sources.yaml")
    folder = root / "db"
    folder.mkdir()
    db = folder / "policy.duckdb"
    result = run_etl(db, inputs / "sources.yaml", inputs / "raw")
    assert result.returncode == 0, result.stderr
    assert "ETL summary: 4 documents, 153 tasks, 4 safeguards" in result.stdout
    state = folder_state(folder)
    assert list(state) == ["policy.duckdb"], f"the build left other files behind: {list(state)}"
    return root, db, state


def manifest_line(text: str, needle: str) -> int:
    """1-based number of the first manifest line that equals needle (stripped)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == needle:
            return number
    raise AssertionError(f"{needle!r} not in the manifest")


def line_after(text: str, start: int, needle: str) -> int:
    lines = text.split("\n")
    for number in range(start, len(lines) + 1):
        if lines[number - 1].strip() == needle:
            return number
    raise AssertionError(f"{needle!r} not after line {start}")


# Each case: (name, function(workspace) -> list of locations of which stderr must name one, extra words).
# A location is `file` or `file:line`.

def empty_file(work: Path):
    (work / "raw" / "gaoping.txt").write_bytes(b"")
    return ["gaoping.txt"], ["empty"]


def binary_file(work: Path):
    # saved as UTF-16 by mistake: NUL bytes, otherwise plausible
    text = (RAW_DIR / "wafangdian.txt").read_text(encoding="utf-8")
    (work / "raw" / "wafangdian.txt").write_bytes(text.encode("utf-16-le"))
    return ["wafangdian.txt"], ["binary"]


def gbk_file(work: Path):
    data = (RAW_DIR / "zhongwei.txt").read_text(encoding="utf-8").encode("gbk")
    (work / "raw" / "zhongwei.txt").write_bytes(data)
    # lines 1 and 2 of zhongwei.txt are empty: the first Chinese (hence first non-UTF-8) byte is on line 3
    first_bad = next(number for number, line in enumerate(data.split(b"\n"), start=1) if any(b > 127 for b in line))
    assert first_bad == 3
    return [f"zhongwei.txt:{first_bad}"], ["GBK"]


def truncated_table(work: Path):
    lines = (RAW_DIR / "jinzhou.txt").read_bytes().split(b"\n")
    (work / "raw" / "jinzhou.txt").write_bytes(b"\n".join(lines[:100]) + b"\n")
    # line 99 opens row 8 (TAB 8), line 100 its empty 主要任务 cell: the row stops after 2 of its 8 cells
    assert lines[98] == b"\t8"
    return ["jinzhou.txt:99"], ["truncated"]


def unknown_layout(work: Path):
    path = work / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    entry = manifest_line(text, "- doc_id: zhongwei")
    layout = line_after(text, entry, "layout: prose")
    lines = text.split("\n")
    lines[layout - 1] = lines[layout - 1].replace("layout: prose", "layout: prose_numbered")
    path.write_text("\n".join(lines), encoding="utf-8")
    return [f"sources.yaml:{entry}", f"sources.yaml:{layout}"], ["prose_numbered"]


def invalid_yaml(work: Path):
    path = work / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    line = manifest_line(text, "region_en: Wafangdian")
    path.write_text(text.replace("region_en: Wafangdian\n", "region_en: Wafangdian: Dalian\n"), encoding="utf-8")
    return [f"sources.yaml:{line}"], ["YAML"]


def missing_field(work: Path):
    path = work / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    entry = manifest_line(text, "- doc_id: wafangdian")
    path.write_text(text.replace("    region_zh: 瓦房店市\n", ""), encoding="utf-8")
    return [f"sources.yaml:{entry}"], ["region_zh"]


CASES = [empty_file, binary_file, gbk_file, truncated_table, unknown_layout, invalid_yaml, missing_field]


@pytest.mark.parametrize("make_bad", CASES, ids=[case.__name__ for case in CASES])
def test_bad_input_is_refused_and_database_untouched(good_database, make_bad):
    root, db, state_before = good_database
    work = root / make_bad.__name__
    shutil.copytree(RAW_DIR, work / "raw")
    shutil.copy(MANIFEST, work / "sources.yaml")
    locations, words = make_bad(work)

    result = run_etl(db, work / "sources.yaml", work / "raw")

    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert any(f"{location}:" in result.stderr or result.stderr.rstrip().endswith(location)
               for location in locations), (locations, result.stderr)
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert folder_state(db.parent) == state_before, "the database changed or temporary files were left behind"
    assert not [path.name for path in work.rglob("*") if ".tmp" in path.name or path.suffix == ".wal"]
