"""Code tasks with themes from a researcher-editable codebook (data/themes.yaml, data/policy_instruments.yaml).

Input: the `tasks` DataFrame, a tokenizer from etl/terms.py and a codebook from `load_codebook`. Output of
`code_themes`: DataFrame(task_id, scheme, theme, score, evidence), several themes per task allowed.

Why tokens and not substrings: a term hits a token that equals or contains it, so '思政' hits '课程思政' but
a trigger can never match across a word boundary jieba found. Patterns cover what tokens cannot (phrases jieba
cuts apart, numbers). The surprising part: every task gets at least one theme; a task with no hit gets the
theme whose trigger terms share the most two-character pieces with its text (score 0, evidence
'部分匹配：…'), and `OTHER_THEME` only if it shares none.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.data_files import read_yaml
from etl.derive.pattern_union import may_match, pattern_union
from etl.derive.terms import (
    Tokenizer,
    normalize_text,
    split_tokens,
    task_texts,
    task_tokens,
    term_tier,
)
from etl.paths import DATA_DIRECTORY
from etl.rows import rows_by

THEMES_PATH = DATA_DIRECTORY / "themes.yaml"
POLICY_INSTRUMENTS_PATH = DATA_DIRECTORY / "policy_instruments.yaml"
OTHER_THEME = "other"
PARTIAL_MATCH_PREFIX = "部分匹配："
EVIDENCE_SEPARATOR = "、"
THEME_COLUMNS = ["task_id", "scheme", "theme", "score", "evidence", "evidence_count", "counted"]
CODEBOOK_COLUMNS = [
    "scheme",
    "theme",
    "label_zh",
    "label_en",
    "parent",
    "parent_label_zh",
    "parent_label_en",
    "terms",
    "patterns",
    "distinct_terms",
    "phrase_characters",
    "phrases",
]


@dataclass(frozen=True)
class Theme:
    """One code: its labels, the trigger terms (token level) and patterns (raw text level)."""

    key: str
    label_zh: str
    label_en: str
    terms: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    parent: str | None = None


@dataclass(frozen=True)
class Evidence:
    """When a theme counts for a task (the codebook's `evidence:` block): at least `distinct_terms` distinct
    hits, or one phrase: a hit of at least `phrase_characters` characters that is a term of the domain
    dictionary (data/dictionary.txt) or a pattern match (校企合作, 专项债券, 到2025年), or one of the shorter
    `phrases` the codebook names (双师型, 1+X)."""

    distinct_terms: int = 1
    phrase_characters: int = 4
    phrases: tuple[str, ...] = ()

    def is_phrase(self, hit: str, dictionary: frozenset[str], pattern_hits: list[str]) -> bool:
        return hit in self.phrases or (len(hit) >= self.phrase_characters
                                       and (hit in dictionary or hit in pattern_hits))

    def enough(self, hits: list[str], dictionary: frozenset[str], pattern_hits: list[str]) -> bool:
        distinct = dict.fromkeys(hits)
        return len(distinct) >= self.distinct_terms or any(
            self.is_phrase(hit, dictionary, pattern_hits) for hit in distinct)


@dataclass(frozen=True)
class Scheme:
    """A named set of themes, optionally grouped under parents (instrument types)."""

    name: str
    label_zh: str
    label_en: str
    themes: tuple[Theme, ...]
    parents: tuple[dict, ...] = ()
    evidence: Evidence = Evidence()


def load_codebook(path: Path | str = THEMES_PATH) -> dict[str, Scheme]:
    """Read one YAML codebook into {scheme name: Scheme}; merge several with `|`."""
    raw = read_yaml(path)
    themes = tuple(parse_theme(entry) for entry in raw["themes"])
    keys = [theme.key for theme in themes]
    assert len(keys) == len(set(keys)), f"duplicate theme keys in {path}"
    parents = tuple(raw.get("parents") or ())
    parent_keys = {parent["key"] for parent in parents}
    for theme in themes:
        assert theme.parent is None or theme.parent in parent_keys, f"{theme.key}: unknown parent in {path}"
    rule = raw.get("evidence") or {}
    evidence = Evidence(**{**rule, "phrases": tuple(normalize_text(str(phrase)) for phrase in rule.get("phrases") or ())})
    scheme = Scheme(raw["scheme"], raw.get("label_zh", ""), raw.get("label_en", ""), themes, parents, evidence)
    return {scheme.name: scheme}


def parse_theme(entry: dict) -> Theme:
    """Terms are NFKC-normalised like the tokens, so '１＋Ｘ' in a codebook still matches."""
    assert entry.get("terms") or entry.get("patterns"), f"theme {entry.get('key')} has no triggers"
    return Theme(
        key=entry["key"],
        label_zh=entry["label_zh"],
        label_en=entry["label_en"],
        terms=tuple(normalize_text(str(term)) for term in entry.get("terms") or ()),
        patterns=tuple(re.compile(str(pattern)) for pattern in entry.get("patterns") or ()),
        parent=entry.get("parent"),
    )


def codebook_table(codebook: dict[str, Scheme]) -> pd.DataFrame:
    """The codebook as a table, so the page can show what each code means and what triggers it."""
    rows = []
    for scheme in codebook.values():
        parent_labels = {parent["key"]: parent for parent in scheme.parents}
        for theme in scheme.themes:
            parent = parent_labels.get(theme.parent, {})
            rows.append(
                (
                    scheme.name,
                    theme.key,
                    theme.label_zh,
                    theme.label_en,
                    theme.parent,
                    parent.get("label_zh"),
                    parent.get("label_en"),
                    EVIDENCE_SEPARATOR.join(theme.terms),
                    " | ".join(pattern.pattern for pattern in theme.patterns),
                    scheme.evidence.distinct_terms,
                    scheme.evidence.phrase_characters,
                    EVIDENCE_SEPARATOR.join(scheme.evidence.phrases),
                )
            )
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)


def join_evidence(hits: list[str]) -> str:
    """Distinct hits in order of first appearance."""
    return EVIDENCE_SEPARATOR.join(dict.fromkeys(hits))


def character_bigrams(text: str) -> set[str]:
    """Two-character pieces of the CJK runs of a text."""
    pieces = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        pieces.update(run[position : position + 2] for position in range(len(run) - 1))
    return pieces


def partial_match(scheme: Scheme, text: str) -> tuple[str, str]:
    """Fallback for a task no trigger hit: the theme sharing the most bigrams with it, else OTHER_THEME."""
    text_bigrams = character_bigrams(text)
    best_key, best_shared = OTHER_THEME, set()
    for theme in scheme.themes:
        shared = text_bigrams & character_bigrams(" ".join(theme.terms))
        if len(shared) > len(best_shared):
            best_key, best_shared = theme.key, shared
    return best_key, PARTIAL_MATCH_PREFIX + EVIDENCE_SEPARATOR.join(sorted(best_shared))


class ThemeIndex:
    """Which themes of a scheme each distinct token hits, worked out once per token."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.themes_of: dict[str, tuple[int, ...]] = {}
        self.any_pattern = pattern_union(tuple(pattern for theme in scheme.themes for pattern in theme.patterns))

    def hits(self, token: str) -> tuple[int, ...]:
        found = self.themes_of.get(token)
        if found is None:
            found = self.themes_of[token] = tuple(
                index for index, theme in enumerate(self.scheme.themes) if any(term in token for term in theme.terms))
        return found

    def pattern_hits(self, text: str) -> dict[int, list[str]]:
        """{theme index: the matches of its patterns in text, pattern by pattern}, for the themes with any."""
        if not may_match(self.any_pattern, text):
            return {}
        found = {}
        for theme_index, theme in enumerate(self.scheme.themes):
            hits = [match.group() for pattern in theme.patterns for match in pattern.finditer(text)]
            if hits:
                found[theme_index] = hits
        return found


def code_task(index: ThemeIndex, task_id: str, tokens: list[str], text: str, phrases: frozenset[str]) -> list:
    """All theme rows of one task from its tokens (place and agency names already left out: they are not
    evidence of a theme) and its normalized text (for the patterns). A row counts only on enough evidence
    (the scheme's Evidence rule); a task without any hit gets the partial-match row, which never counts."""
    scheme, token_hits = index.scheme, {}
    for token in tokens:
        for theme_index in index.hits(token):
            token_hits.setdefault(theme_index, []).append(token)
    rows, hits_of_patterns = [], index.pattern_hits(text)
    for theme_index in sorted(token_hits.keys() | hits_of_patterns.keys()):  # the themes with a hit, in order
        pattern_hits = hits_of_patterns.get(theme_index, [])
        hits = token_hits.get(theme_index, []) + pattern_hits
        counted = scheme.evidence.enough(hits, phrases, pattern_hits)
        rows.append((task_id, scheme.name, scheme.themes[theme_index].key, float(len(hits)), join_evidence(hits),
                     len(dict.fromkeys(hits)), counted))
    if not rows:
        theme_key, evidence = partial_match(scheme, text)
        rows.append((task_id, scheme.name, theme_key, 0.0, evidence, 0, False))
    return rows


def theme_tokens(tokens: pd.DataFrame, tokenizer: Tokenizer) -> dict[str, list[str]]:
    """Each task's tokens in text order, without place and agency names."""
    return {task_id: [token for _, joined in sorted(pieces, key=lambda piece: piece[0])
                      for token in split_tokens(joined) if term_tier(tokenizer, token) is None]
            for task_id, pieces in rows_by(tokens, "task_id", "position", "tokens").items()}


def code_tokens(tasks: pd.DataFrame, tokens: pd.DataFrame, tokenizer: Tokenizer,
                codebook: dict[str, Scheme]) -> pd.DataFrame:
    """DataFrame(task_id, scheme, theme, score, evidence) for every scheme of the codebook."""
    by_task = theme_tokens(tokens, tokenizer)
    rows = []
    texts = [normalize_text(text) for text in task_texts(tasks)]
    for scheme in codebook.values():
        index = theme_index(scheme)
        for task_id, text in zip(tasks["task_id"], texts, strict=True):
            rows += code_task(index, task_id, by_task.get(task_id, []), text, tokenizer.dictionary_terms)
    return pd.DataFrame(rows, columns=THEME_COLUMNS).astype({"evidence_count": "int64", "counted": "bool"})


def code_themes(
    tasks: pd.DataFrame, tokenizer: Tokenizer, codebook: dict[str, Scheme], scheme: str = "vet_theme"
) -> pd.DataFrame:
    """DataFrame(task_id, scheme, theme, score, evidence); score = token hits + pattern matches."""
    assert scheme in codebook, f"scheme {scheme!r} not in codebook (has {sorted(codebook)})"
    return code_tokens(tasks, task_tokens(tasks, tokenizer), tokenizer, {scheme: codebook[scheme]})


THEME_INDEXES: dict[int, ThemeIndex] = {}


def theme_index(scheme: Scheme) -> ThemeIndex:
    """One index per scheme object (the codebook is read once per process, so its token cache lasts)."""
    index = THEME_INDEXES.get(id(scheme))
    if index is None or index.scheme is not scheme:
        index = THEME_INDEXES[id(scheme)] = ThemeIndex(scheme)
    return index


def codebook() -> dict[str, Scheme]:
    """The two codebooks of the build (read once per process and file version)."""
    return cached_codebook(THEMES_PATH, THEMES_PATH.stat().st_mtime_ns) | cached_codebook(
        POLICY_INSTRUMENTS_PATH, POLICY_INSTRUMENTS_PATH.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def cached_codebook(path: Path, modified: int) -> dict[str, Scheme]:
    return load_codebook(path)


# --- Stage (per document) ----------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Themes and policy instruments of every task, from the two codebooks and the tasks' tokens."""
    from etl.derive.terms import tokenizer_for

    # Load inputs
    tasks, tokens, tokenizer = tables["tasks"], tables["int_task_tokens"], tokenizer_for(tables)
    schemes = codebook()
    # Derive and save outputs
    return {"task_themes": code_tokens(tasks, tokens, tokenizer, schemes), "themes": codebook_table(schemes)}
