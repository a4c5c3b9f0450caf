"""Timing goals, measured outside the test suite (timed tests are flaky on a shared 2-core machine).

Run: python -m perf
Goals: the metric extraction over the four documents well under 1 s; the whole ETL under 15 s; every page
query under 200 ms once the database is open.
"""

import tempfile
import time
from pathlib import Path

from etl import metrics
from etl.build import build, parse_documents
from etl.parse.assemble import assemble
from etl.paths import DEFAULT_MANIFEST

GOALS_SECONDS = {"metric extraction": 1.0, "full ETL": 15.0, "page queries (each)": 0.2}


def timed(function, *arguments, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*arguments)
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    tables = assemble(parse_documents(DEFAULT_MANIFEST, progress=lambda message: None))
    indicators = metrics.load_indicators()
    results = {"metric extraction": timed(metrics.extract_metrics, tables["text_units"], indicators)[0]}
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "policy.duckdb"
        results["full ETL"] = timed(lambda: build(database, DEFAULT_MANIFEST, progress=lambda m: None), repeat=1)[0]
        import duckdb

        from analysis import queries

        connection = duckdb.connect(str(database), read_only=True)
        slowest = 0.0
        for name in ("documents_overview", "filtered_tasks", "etl_warnings", "regions"):
            slowest = max(slowest, timed(getattr(queries, name), connection)[0])
        results["page queries (each)"] = slowest
        connection.close()
    failed = 0
    for name, seconds in results.items():
        verdict = "ok" if seconds <= GOALS_SECONDS[name] else "SLOW"
        failed += verdict != "ok"
        print(f"{name:<22} {seconds * 1000:8.1f} ms   goal {GOALS_SECONDS[name] * 1000:.0f} ms   {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
