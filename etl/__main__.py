"""python -m etl [--db PATH] [--manifest PATH] [--raw DIR]: build the DuckDB file from the raw documents.
(python -m etl add PATH …: add a document, see etl/add.py.)"""

import argparse
import sys
import time

from etl.build import build, summary_line
from etl.errors import SourceError
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["add"]:
        from etl.add import main as add_main
        return add_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.split(":", 1)[1].split("\n")[0].strip())
    parser.add_argument("--db", default=str(DEFAULT_DB), help="DuckDB file to (re)build (default: %(default)s)")
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help="sources manifest (default: %(default)s)")
    parser.add_argument("--raw", default=None, help="folder of the raw documents (default: raw/ beside the manifest)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"Building {arguments.db} from {arguments.manifest}")
    try:
        tables = build(arguments.db, arguments.manifest, arguments.raw)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"The database {arguments.db} was left untouched.", file=sys.stderr)
        return 1
    print(f"{summary_line(tables)} ({time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
