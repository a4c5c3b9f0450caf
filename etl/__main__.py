"""python -m etl [--db PATH] [--manifest PATH] [--raw DIR] [--max-file-mb N] [--accept-changes] [--no-cache]
[--jobs N] [--parquet DIR]: build the DuckDB file from the raw documents.
(python -m etl add PATH …: add a document, see etl/add.py.)"""

import argparse
import sys
import time
import traceback

from etl.build import build, summary_line
from etl.errors import SourceError
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST


def arguments_parser() -> argparse.ArgumentParser:
    description = __doc__.split(":", 1)[1].split("(python -m etl add")[0].strip()
    parser = argparse.ArgumentParser(prog="python -m etl", description=description)
    parser.add_argument("--db", default=str(DEFAULT_DB), help="DuckDB file to (re)build (default: %(default)s)")
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help="sources manifest (default: %(default)s)")
    parser.add_argument("--raw", default=None, help="folder of the raw documents (default: raw/ beside the manifest)")
    parser.add_argument("--max-file-mb", type=positive_number, default=None,
                        help="largest raw file to read, in MB (default: the manifest's limits: max_file_mb, or 20)")
    parser.add_argument("--accept-changes", action="store_true",
                        help="build even when a document loses items against the previous build (kept as warnings)")
    parser.add_argument("--no-cache", action="store_true",
                        help="make every document again (default: reuse unchanged documents' results)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--parquet", default=None, metavar="DIR",
                        help="also write the public tables as Parquet partitioned by region (docs/parquet.md)")
    parser.add_argument("--traceback", action="store_true", help="show the Python traceback of an unexpected error")
    return parser


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be above 0")
    return value


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["add"]:
        from etl.add import main as add_main
        return add_main(argv[1:])
    arguments = arguments_parser().parse_args(argv)
    started = time.perf_counter()
    print(f"Building {arguments.db} from {arguments.manifest}")
    untouched = f"The database {arguments.db} was left untouched."
    try:
        options = {"cache_dir": None} if arguments.no_cache else {}
        tables = build(arguments.db, arguments.manifest, arguments.raw, max_file_mb=arguments.max_file_mb,
                       accept_changes=arguments.accept_changes, jobs=arguments.jobs, parquet_dir=arguments.parquet,
                       **options)
    except SourceError as error:
        print(f"error: {error}\n{untouched}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted.\n{untouched}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a bug, not bad input: one message, the traceback on request
        if arguments.traceback:
            traceback.print_exc()
        where = traceback.extract_tb(error.__traceback__)[-1]
        print(f"error: unexpected {type(error).__name__}: {error} (in {where.filename}:{where.lineno}). This is a "
              f"bug in the ETL: please report it with the input that caused it (--traceback shows the "
              f"details).\n{untouched}", file=sys.stderr)
        return 2
    print(f"{summary_line(tables)} ({time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
