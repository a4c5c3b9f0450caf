"""python -m etl [--db PATH] [--manifest PATH] [--raw DIR] [--no-cache] [--jobs N] [--parquet DIR]: build the
DuckDB file from the raw documents."""

import argparse
import sys
import time

from etl.build import build, summary_line
from etl.errors import SourceError
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.split(": ", 1)[1].strip())
    parser.add_argument("--db", default=str(DEFAULT_DB), help="DuckDB file to (re)build (default: %(default)s)")
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help="sources manifest (default: %(default)s)")
    parser.add_argument("--raw", default=None, help="folder of the raw documents (default: raw/ beside the manifest)")
    parser.add_argument("--no-cache", action="store_true",
                        help="make every document again (default: reuse unchanged documents' results)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--parquet", default=None, metavar="DIR",
                        help="also write the public tables as Parquet partitioned by region (docs/parquet.md)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"Building {arguments.db} from {arguments.manifest}")
    try:
        options = {"cache_dir": None} if arguments.no_cache else {}
        tables = build(arguments.db, arguments.manifest, arguments.raw, jobs=arguments.jobs,
                       parquet_dir=arguments.parquet, **options)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"The database {arguments.db} was left untouched.", file=sys.stderr)
        return 1
    print(f"{summary_line(tables)} ({time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
