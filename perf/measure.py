"""Measurements, each in a fresh child process so its time and memory are its own.

`run_child(kind, arguments)` starts `python -m perf child <kind> <arguments as JSON>`, samples the memory of
the child and of every process it starts (their summed proportional set size, every 0.2 s; not when
watch_memory=False, as for every timed run), and returns (wall seconds, peak memory in bytes, the JSON the child
printed). The children (`CHILDREN`):
- build: the ETL on a manifest (with or without the incremental cache), its per-stage times;
- add: `python -m etl add` of one document into the manifest, then the build (issue 12: import and rebuild);
- jieba: raw jieba tokenization of the same documents' text (the reference the build is compared with);
- pages: every page of the navigation rendered server side by AppTest, several times, in one process.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from etl.paths import PROJECT_ROOT

SAMPLE_SECONDS = 0.2


# --- Parent side: run a child and watch its memory ----------------------------------------------------------

def process_tree(pid: int) -> list[int]:
    """pid and every descendant (from /proc/<pid>/task/*/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def resident_bytes(pid: int) -> int:
    """The process's proportional set size: its own pages plus its share of pages it shares with others
    (forked workers share their parent's pages: summing plain RSS would count those twice)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemoryWatcher(threading.Thread):
    """Samples the memory of a process tree (summed PSS) until stopped; `peak` is the largest sum seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(resident_bytes(pid) for pid in process_tree(self.pid)))
            time.sleep(SAMPLE_SECONDS)


def run_child(kind: str, arguments: dict, timeout: float | None = None,
              environment: dict | None = None, watch_memory: bool = True) -> tuple[float, int, dict]:
    """(wall seconds, peak RSS of the process tree in bytes (0 unless watch_memory), the child's JSON result);
    environment: variables set for the child only. Watching the memory has a cost: the kernel walks every page
    of every process to give its PSS (about a tenth of a 3,000-document build's time), so a time that is a goal
    is measured in a run of its own, unwatched."""
    command = [sys.executable, "-m", "perf", "child", kind, json.dumps(arguments)]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **(environment or {})})
    watcher = MemoryWatcher(child.pid)
    if watch_memory:
        watcher.start()
    try:
        output, errors = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    finally:
        watcher.running = False
    seconds = time.perf_counter() - started
    if watch_memory:
        watcher.join()
    if child.returncode != 0:
        raise RuntimeError(f"perf child {kind} failed ({child.returncode}):\n{errors[-3000:]}")
    result = json.loads(output.strip().splitlines()[-1])
    result.pop("own_peak_bytes", 0)  # ru_maxrss: the peak of one process, shared pages included
    return seconds, watcher.peak, result


# --- Child side ------------------------------------------------------------------------------------------

def own_peak_bytes() -> int:
    """The peak RSS of this process (ru_maxrss is in KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child_build(manifest: str, db: str, cache: str | None = None) -> dict:
    from etl.build import build

    timings: dict[str, float] = {}
    messages: list[str] = []
    tables = build(db, manifest, progress=messages.append, timings=timings, cache_dir=cache)
    tasks = tables.rows("tasks")
    return {"timings": timings, "tasks": tasks, "documents": tables.rows("documents"), "messages": messages}


def child_add(path: str, options: list, manifest: str, db: str, cache: str | None = None) -> dict:
    """`python -m etl add PATH …` into the manifest, then the build that follows (with the cache of the
    previous build): what an official waits for after bringing a list."""
    from etl.add import main as add_main

    if add_main([path, *options, "--manifest", manifest]) != 0:
        raise RuntimeError(f"python -m etl add {path} was refused")
    return child_build(manifest, db, cache)


def child_jieba(manifest: str) -> dict:
    """Raw jieba: initialize, then cut the text of every document of the manifest (default dictionary). The
    text is first read by the ETL's readers (a DOCX, a GB18030 file); that reading is reported apart
    (`reading_seconds`) and left out of the reference."""
    started = time.perf_counter()
    import yaml

    from etl.parse.read import read_document

    raw = Path(manifest).parent / "raw"
    documents = yaml.safe_load(Path(manifest).read_text(encoding="utf-8"))["documents"]
    texts = ["\n".join(read_document(raw / entry["file"], 1 << 30).lines) for entry in documents]
    reading = time.perf_counter() - started
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    return {"characters": sum(map(len, texts)), "tokens": tokens, "reading_seconds": reading}


def child_pages(db: str, repeats: int, timeout: float) -> dict:
    """Render every page `repeats` times, each time in a new AppTest session (caches stay warm in between, as
    on a server), and return the seconds of each render per page."""
    os.environ["POLICY_DB"] = db
    os.chdir(PROJECT_ROOT)
    from streamlit.testing.v1 import AppTest

    from views.navigation import PAGES

    renders: dict[str, list[float]] = {}
    for entry in PAGES:
        renders[entry.path] = []
        for _ in range(repeats):
            app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=timeout)
            app.run()
            started = time.perf_counter()
            app.switch_page(entry.path).run()
            renders[entry.path].append(time.perf_counter() - started)
            if app.exception:
                raise RuntimeError(f"{entry.path}: {app.exception[0].message}")
    return {"renders": renders}


CHILDREN = {"build": child_build, "add": child_add, "jieba": child_jieba, "pages": child_pages}


def child_main(kind: str, arguments: str) -> int:
    result = CHILDREN[kind](**json.loads(arguments))
    result["own_peak_bytes"] = own_peak_bytes()
    print(json.dumps(result, ensure_ascii=False))
    return 0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: p95 of 10 renders is the slowest, of 20 the slowest but one."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(share * len(ordered)))) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)
