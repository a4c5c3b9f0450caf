"""docs/research_notebook.py runs on the session database and on a Parquet export of it, and rebuilds one
chart of each page with the seeds' numbers."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "research_notebook.py"


@pytest.fixture(scope="module")
def notebook():
    spec = importlib.util.spec_from_file_location("research_notebook", NOTEBOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runs_as_a_script_and_writes_every_chart(database_file, tmp_path):
    run = subprocess.run([sys.executable, str(NOTEBOOK), "--db", str(database_file), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    charts = sorted(path.stem for path in tmp_path.glob("*.html"))
    assert charts == sorted(path.stem for path in tmp_path.glob("*.csv"))
    prefixes = {name.split("_")[0] for name in charts}
    assert {"overview", "tasks", "metrics", "agency", "themes", "instruments", "peers"} <= prefixes


def test_parquet_export_gives_the_same_numbers(notebook, database, tmp_path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    for (table,) in database.execute("SELECT table_name FROM information_schema.tables").fetchall():
        database.execute(f"COPY \"{table}\" TO '{folder / table}.parquet' (FORMAT parquet)")
    from_parquet = notebook.main(["--parquet", str(folder), "--out", str(tmp_path / "a")])
    from_duckdb = notebook.main(["--db", database.execute("PRAGMA database_list").df()["file"].iloc[0],
                                 "--out", str(tmp_path / "b")])
    for name, frame in from_duckdb.items():
        assert frame.equals(from_parquet[name]), name


def test_the_etl_parquet_export_gives_the_same_numbers(notebook, database_file, tmp_path):
    from etl.parquet import write_parquet

    folder = write_parquet(database_file, tmp_path / "partitioned")
    from_parquet = notebook.main(["--parquet", str(folder), "--out", str(tmp_path / "a")])
    from_duckdb = notebook.main(["--db", str(database_file), "--out", str(tmp_path / "b")])
    for name, frame in from_duckdb.items():
        pd.testing.assert_frame_equal(frame, from_parquet[name], check_dtype=False, obj=name)


def test_the_numbers_are_the_seeds(notebook, database_file, tmp_path):
    results = notebook.main(["--db", str(database_file), "--out", str(tmp_path)])
    overview = results["overview"].set_index("region")
    assert overview.loc["Gaoping", ["tasks", "safeguards"]].tolist() == [17, 4]  # 17 tasks, 4 safeguard items
    targets = results["dual_qualified_teachers"].set_index("region_id")["target_percent"]
    assert targets.to_dict() == {"jinzhou": 50.0, "wafangdian": 60.0, "zhongwei": 50.0}  # Gaoping: no number
    grid = results["instrument_grid"]
    tax = grid[(grid["instrument"] == "Tax incentives") & (grid["domain"] == "Funding and finance")]
    assert tax["tasks"].tolist() == [3]  # Gaoping's task 14 names funding by 税收 alone (test_instrument_domains)
