"""A build running in a background thread of this process, watched by any number of dashboard sessions.

The dashboard holds one BackgroundBuild per database file: the first session that finds no database starts
it, every other session (and every later rerun) only watches its progress, so concurrent visitors never start
builds of their own. The build itself takes the cross-process lock of etl/lock.py, so a `python -m etl` in a
terminal and the dashboard never race either.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import SourceError

BUILD_STARTED = "policy database: background build started"


@dataclass
class BuildStatus:
    """What a watcher shows: state (idle | running | done | failed), steps done of total, messages, error."""

    state: str = "idle"
    done: int = 0
    total: int = 0
    messages: list = field(default_factory=list)
    error: str | None = None
    started: float | None = None
    finished: float | None = None


class BackgroundBuild:
    """Runs `build_function(progress=…, on_step=…)` at most once at a time, in a daemon thread."""

    def __init__(self, build_function):
        self.build_function = build_function
        self.status = BuildStatus()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start a build unless one is running; returns True when this call started it."""
        with self.lock:
            if self.status.state == "running":
                return False
            self.status = BuildStatus(state="running", started=time.time())
            print(BUILD_STARTED, flush=True)  # one line in the server log per build, for operators and tests
            self.thread = threading.Thread(target=self._run, name="policy-database-build", daemon=True)
            self.thread.start()
            return True

    def running(self) -> bool:
        return self.status.state == "running"

    def wait(self, timeout: float | None = None) -> BuildStatus:
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        return self.status

    def _progress(self, message: str) -> None:
        self.status.messages.append(message.strip())

    def _step(self, done: int, total: int) -> None:
        self.status.done, self.status.total = done, total

    def _run(self) -> None:
        try:
            self.build_function(progress=self._progress, on_step=self._step)
            self.status.state = "done"
        except SourceError as error:
            self.status.error = str(error)
            self.status.state = "failed"
        except Exception as error:  # noqa: BLE001 - shown to the user, never swallowed
            self.status.error = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"
            self.status.state = "failed"
        finally:
            self.status.finished = time.time()


def database_builder(database: Path, manifest: Path | None = None, raw_dir: Path | None = None):
    """A BackgroundBuild for `database` from the manifest (default: data/sources.yaml)."""
    from etl.paths import DEFAULT_MANIFEST

    def run(progress, on_step):
        from etl.build import build  # heavy imports (jieba, scikit-learn) happen in the build thread

        progress("loading the parsers and analysis libraries")
        return build(database, manifest or DEFAULT_MANIFEST, raw_dir, progress=progress, on_step=on_step)

    return BackgroundBuild(run)
