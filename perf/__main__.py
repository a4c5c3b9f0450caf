"""python -m perf: the speed and memory goals, measured outside the test suite (timed tests are flaky on a shared
machine). Goals are ratios against a reference measured in the same run, or limits from issue 15.

    python -m perf corpus --docs N --out DIR [--seed S]     write a synthetic corpus (perf/corpus.py)
    python -m perf run [--docs N ...] [--seed S]            measure; N = 4 means the seeds themselves
    python -m perf tokenizers [--db PATH]                   rjieba against jieba on the seeds' texts

`run` prints, per corpus size: build time, peak RSS, database size, per-stage times, each page's server-side
render p50/p95 (AppTest), raw jieba tokenization of the same text and the build's ratio to it, the rebuild
after one changed document, and the goals with their verdicts (exit code 1 when one is missed).
"""

import argparse
import sys

from perf.corpus import make_corpus


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m perf", description="Speed and memory goals (issue 15).")
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="write a synthetic corpus made from the seeds")
    corpus.add_argument("--docs", type=int, required=True, help="number of documents")
    corpus.add_argument("--out", required=True, help="folder for sources.yaml and raw/")
    corpus.add_argument("--seed", type=int, default=0, help="random seed (default %(default)s)")
    run = commands.add_parser("run", help="build and measure corpora of the given sizes")
    run.add_argument("--docs", type=int, nargs="+", default=[4], help="corpus sizes (4 = the seeds)")
    run.add_argument("--seed", type=int, default=0, help="random seed of the synthetic corpora")
    run.add_argument("--repeats", type=int, default=10, help="renders per page (default %(default)s)")
    run.add_argument("--work", default=None, help="folder for corpora and databases (default: a temp folder)")
    run.add_argument("--skip-pages", action="store_true", help="do not render the pages")
    tokenizers = commands.add_parser("tokenizers", help="compare rjieba's tokens with jieba's on a database")
    tokenizers.add_argument("--db", default=None, help="built database (default: data/policy.duckdb)")
    child = commands.add_parser("child", help=argparse.SUPPRESS)
    child.add_argument("kind")
    child.add_argument("arguments")
    arguments = parser.parse_args(argv)
    if arguments.command == "corpus":
        manifest = make_corpus(arguments.docs, arguments.out, arguments.seed)
        print(f"wrote {arguments.docs} documents and {manifest}")
        return 0
    if arguments.command == "tokenizers":
        from perf import tokenizers as comparison

        return comparison.main(arguments.db) if arguments.db else comparison.main()
    if arguments.command == "child":
        from perf.measure import child_main

        return child_main(arguments.kind, arguments.arguments)
    from perf.report import run_benchmark

    return run_benchmark(arguments.docs, arguments.seed, arguments.repeats, arguments.work, arguments.skip_pages)


if __name__ == "__main__":
    sys.exit(main())
