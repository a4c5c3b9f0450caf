"""The Parquet export: every public table, partitioned by region, read back unchanged by DuckDB and Arrow."""

import subprocess
import sys

import duckdb
import pyarrow.dataset as dataset
import pytest

from etl.parquet import write_parquet
from etl.paths import DEFAULT_MANIFEST, PROJECT_ROOT
from etl.schema import TABLES


@pytest.fixture(scope="module")
def exported(database_file, tmp_path_factory):
    return write_parquet(database_file, tmp_path_factory.mktemp("export") / "parquet")


def read_back(folder, table):
    return duckdb.connect().execute(
        f"SELECT * FROM read_parquet('{folder / table}/**/*.parquet', hive_partitioning = true)").df()


def test_every_table_is_exported_with_all_its_rows(exported, database):
    for table in TABLES:
        stored = database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert len(read_back(exported, table)) == stored, table


def test_tables_of_tasks_are_partitioned_by_the_task_region(exported):
    assert sorted(path.name for path in (exported / "task_terms").iterdir()) == [
        "task_region_id=gaoping", "task_region_id=jinzhou", "task_region_id=wafangdian", "task_region_id=zhongwei"]
    terms = read_back(exported, "task_terms")
    teacher = terms[(terms["task_id"] == "gaoping-008") & (terms["term"] == "双师型")]
    assert teacher["task_region_id"].tolist() == ["gaoping"]
    matches = dataset.dataset(exported / "task_matches", format="parquet", partitioning="hive").to_table()
    assert set(matches.column("task_region_id").to_pylist()) == {"gaoping", "jinzhou", "wafangdian", "zhongwei"}


def test_codebooks_are_one_file_and_columns_keep_their_values(exported, database):
    assert [path.name for path in (exported / "indicators").iterdir()] == ["data_0.parquet"]
    tasks = read_back(exported, "tasks").set_index("task_id")
    assert tasks.loc["zhongwei-001", "region_id"] == "zhongwei"
    assert tasks.loc["jinzhou-046", "content"] == database.execute(
        "SELECT content FROM tasks WHERE task_id = 'jinzhou-046'").fetchone()[0]


def test_the_command_line_writes_the_export_and_replaces_an_old_one(tmp_path):
    folder = tmp_path / "parquet"
    (folder / "stale_table").mkdir(parents=True)
    result = subprocess.run([sys.executable, "-m", "etl", "--db", str(tmp_path / "policy.duckdb"), "--manifest",
                             str(DEFAULT_MANIFEST), "--parquet", str(folder)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == sorted(TABLES)
    assert [path.name for path in tmp_path.iterdir() if ".tmp" in path.name or ".old" in path.name] == []
