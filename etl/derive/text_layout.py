"""Sentences, clauses and enumeration items of a text, as character spans (used by the metrics stage).

A sentence ends at 。；！？, a clause at ，：, an item at 、. Separators inside （）《》“” never cut a clause or
an item, and the colon of a ratio (1:350) never cuts. Every character belongs to exactly one piece.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

SENTENCE_ENDS = "。；;！？!?"
CLAUSE_SEPARATORS = "，,：:"
ITEM_SEPARATORS = "、"
OPENING_BRACKETS = "（(《〈【“‘"
CLOSING_BRACKETS = "）)》〉】”’"


class Span(NamedTuple):  # a tuple: a text has thousands of pieces, and a frozen dataclass is slow to make
    start: int
    end: int


@dataclass
class TextLayout:
    """Sentence, clause and item spans of one text, with lookups from a character position."""

    text: str
    sentences: list = field(default_factory=list)
    clauses: list = field(default_factory=list)
    clause_sentence: list = field(default_factory=list)
    items: list = field(default_factory=list)
    item_clause: list = field(default_factory=list)
    clause_starts: list = field(default_factory=list)  # for the lookups by position
    item_starts: list = field(default_factory=list)

    @classmethod
    @functools.lru_cache(maxsize=256)
    def of(cls, text: str) -> TextLayout:
        """The layout of text, cached: read only, the metrics and the mentions of one text share it."""
        layout = cls(text)
        for sentence_index, sentence in enumerate(split_spans(text, Span(0, len(text)), SENTENCE_ENDS, False)):
            layout.sentences.append(sentence)
            for clause in split_spans(text, sentence, CLAUSE_SEPARATORS, True):
                layout.clause_sentence.append(sentence_index)
                layout.clauses.append(clause)
                for item in split_spans(text, clause, ITEM_SEPARATORS, True):
                    layout.item_clause.append(len(layout.clauses) - 1)
                    layout.items.append(item)
        layout.clause_starts = [clause.start for clause in layout.clauses]
        layout.item_starts = [item.start for item in layout.items]
        return layout

    def sentence_index(self, position: int) -> int:
        return self.clause_sentence[self.clause_index(position)]

    def clause_index(self, position: int) -> int:
        return span_index(self.clause_starts, position)

    def item_index(self, position: int) -> int:
        return span_index(self.item_starts, position)

    def clause_of(self, position: int) -> Span:
        return self.clauses[self.clause_index(position)]

    def sentence_before(self, position: int) -> str:
        """The text of the sentence holding position, up to that position."""
        return self.text[self.sentences[self.sentence_index(position)].start:position]

    def clause_before(self, position: int) -> str:
        """The text of the clause holding position, up to that position."""
        return self.text[self.clause_of(position).start:position]


def span_index(starts: list, position: int) -> int:
    """The index of the span holding position, from the spans' starts (in order)."""
    return max(bisect.bisect_right(starts, position) - 1, 0)


@functools.lru_cache(maxsize=8)
def marks(separators: str, bracket_aware: bool) -> re.Pattern:
    """The characters split_spans acts on (it passes over every other one)."""
    return re.compile(f"[{re.escape(separators + (OPENING_BRACKETS + CLOSING_BRACKETS if bracket_aware else ''))}]")


def split_spans(text: str, span: Span, separators: str, bracket_aware: bool) -> list:
    """Cut span at separators (module docstring); returns the pieces, or [span] when nothing is left."""
    pieces, start, depth = [], span.start, 0
    for mark in marks(separators, bracket_aware).finditer(text, span.start, span.end):
        position, character = mark.start(), mark.group()
        if bracket_aware and character in OPENING_BRACKETS:
            depth += 1
        elif bracket_aware and character in CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        elif character in separators and depth == 0 and not is_ratio_colon(text, position):
            pieces.append(Span(start, position))
            start = position + 1
    pieces.append(Span(start, span.end))
    return [piece for piece in pieces if piece.end > piece.start] or [span]


def is_ratio_colon(text: str, position: int) -> bool:
    return (text[position] in ":：" and 0 < position < len(text) - 1
            and text[position - 1].isdigit() and text[position + 1].isdigit())


def top_level(text: str, start: int, end: int) -> str:
    """text[start:end] with everything inside brackets left out (for separators that count only outside)."""
    kept, depth = [], 0
    for character in text[start:end]:
        if character in OPENING_BRACKETS:
            depth += 1
        elif character in CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(character)
    return "".join(kept)
