"""Read the ETL's YAML data files (codebooks, rules) once per process and file version: a build that runs its
per-document stages once per document must not parse the same codebook thousands of times."""

import copy
import functools
from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: same result, faster


def read_yaml(path) -> object:
    """The parsed file (a fresh copy: callers may change it)."""
    path = Path(path)
    status = path.stat()
    return copy.deepcopy(parsed_yaml(path.resolve(), status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=32)
def parsed_yaml(path: Path, modified: int, size: int) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
