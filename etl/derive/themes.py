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

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from etl.derive.terms import Tokenizer, normalize_text, task_text, term_tier, tokenize
from etl.paths import DATA_DIRECTORY

THEMES_PATH = DATA_DIRECTORY / "themes.yaml"
POLICY_INSTRUMENTS_PATH = DATA_DIRECTORY / "policy_instruments.yaml"
OTHER_THEME = "other"
PARTIAL_MATCH_PREFIX = "部分匹配："
EVIDENCE_SEPARATOR = "、"
THEME_COLUMNS = ["task_id", "scheme", "theme", "score", "evidence"]
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
class Scheme:
    """A named set of themes, optionally grouped under parents (instrument types)."""

    name: str
    label_zh: str
    label_en: str
    themes: tuple[Theme, ...]
    parents: tuple[dict, ...] = ()


def load_codebook(path: Path | str = THEMES_PATH) -> dict[str, Scheme]:
    """Read one YAML codebook into {scheme name: Scheme}; merge several with `|`."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    themes = tuple(parse_theme(entry) for entry in raw["themes"])
    keys = [theme.key for theme in themes]
    assert len(keys) == len(set(keys)), f"duplicate theme keys in {path}"
    parents = tuple(raw.get("parents") or ())
    parent_keys = {parent["key"] for parent in parents}
    for theme in themes:
        assert theme.parent is None or theme.parent in parent_keys, f"{theme.key}: unknown parent in {path}"
    scheme = Scheme(raw["scheme"], raw.get("label_zh", ""), raw.get("label_en", ""), themes, parents)
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
                )
            )
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)


def theme_hits(theme: Theme, tokens: list[str], text: str) -> list[str]:
    """Every hit in order: a token containing any trigger term (once per token), then each pattern match."""
    hits = [token for token in tokens if any(term in token for term in theme.terms)]
    for pattern in theme.patterns:
        hits.extend(match.group() for match in pattern.finditer(text))
    return hits


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


def code_task(scheme: Scheme, tokenizer: Tokenizer, task: dict) -> list[tuple]:
    """All theme rows of one task; place and agency names are not evidence of a theme."""
    text = normalize_text(task_text(task))
    tokens = [token for token in tokenize(tokenizer, text) if term_tier(tokenizer, token) is None]
    rows = []
    for theme in scheme.themes:
        hits = theme_hits(theme, tokens, text)
        if hits:
            rows.append((task["task_id"], scheme.name, theme.key, float(len(hits)), join_evidence(hits)))
    if not rows:
        theme_key, evidence = partial_match(scheme, text)
        rows.append((task["task_id"], scheme.name, theme_key, 0.0, evidence))
    return rows


def code_themes(
    tasks: pd.DataFrame, tokenizer: Tokenizer, codebook: dict[str, Scheme], scheme: str = "vet_theme"
) -> pd.DataFrame:
    """DataFrame(task_id, scheme, theme, score, evidence); score = token hits + pattern matches."""
    assert scheme in codebook, f"scheme {scheme!r} not in codebook (has {sorted(codebook)})"
    rows = []
    for task in tasks.to_dict("records"):
        rows.extend(code_task(codebook[scheme], tokenizer, task))
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Themes and policy instruments of every task, from the two codebooks."""
    from etl.derive.terms import tokenizer_for

    # Load inputs
    tasks, tokenizer = tables["tasks"], tokenizer_for(tables)
    codebook = load_codebook(THEMES_PATH) | load_codebook(POLICY_INSTRUMENTS_PATH)
    # Derive
    coded = pd.concat([code_themes(tasks, tokenizer, codebook, scheme) for scheme in codebook], ignore_index=True)
    # Save outputs
    return {"task_themes": coded, "themes": codebook_table(codebook)}
