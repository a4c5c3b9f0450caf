"""One regular expression matching wherever any of several does: a quick test that lets a stage skip trying
each pattern in turn on text none of them matches (most text, for the codebooks' patterns)."""

from __future__ import annotations

import re
from functools import lru_cache

GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # \1, (?P=name), (?(1)…)
DEFAULT_FLAGS = re.compile("").flags


def pattern_union(patterns: tuple[re.Pattern, ...]) -> re.Pattern | None:
    """(?:p1)|(?:p2)|…, or None when there is nothing to join or the join could differ from trying each:
    a pattern with flags of its own or referring to a group (joined, the group numbers would shift)."""
    if not patterns or any(pattern.flags != DEFAULT_FLAGS for pattern in patterns):
        return None
    return joined(tuple(pattern.pattern for pattern in patterns))


@lru_cache(maxsize=256)
def joined(sources: tuple[str, ...]) -> re.Pattern | None:
    if any(GROUP_REFERENCE.search(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources))
    except re.error:  # a group name used in two patterns, or an inline flag that must open the expression
        return None


def may_match(union: re.Pattern | None, text: str) -> bool:
    """False only when no pattern of the union can match text (None: no union, so maybe)."""
    return union is None or union.search(text) is not None
