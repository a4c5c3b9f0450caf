"""Tokenize task texts into content terms for keyness, themes, topics and matching.

Input: the `tasks` DataFrame (docs/contracts.md). Output of `task_terms`: one row per (task, term) with its
count and an optional tier ('place', 'agency' or 'generic') the page can switch on and off.

Segmenter: rjieba (jieba's model in Rust, same dictionary, ~10× faster). It gives the same tokens as jieba
with our dictionary on every task text and sentence of the seeds (`python -m perf tokenizers`; the numbers are
in docs/performance.md); the two differ only on ASCII and number runs, which the pre-pass below removes first.

The surprising parts:
- jieba cuts '1+X', '3+2' and '互联网+' apart, so dictionary terms holding ASCII letters, digits or
  punctuation are cut out by a regex pre-pass before jieba ever sees the text (`protected` terms).
- Numbers and targets ('3年', '两个', '一所', '50%', '2021年') are removed before jieba, so a target never
  turns into a term; protected terms are matched first, so '3+2' survives the number pass.
- Function words are never stored. Policy boilerplate (加强、推进、完善 …, data/stopwords/policy_boilerplate.txt)
  and its compounds are no content term, but task_terms keeps them in the 'generic' tier, together with the
  generic policy words of data/stopwords/generic_policy_words.txt, so that a reader can switch them on in
  the distinctive-term lists. Place and agency names are stored with their tier.
- A text is tokenized piece by piece, cut at sentence ends (。；！？ and line breaks): no token crosses a
  sentence end anyway, and the pieces serve matching's sentences without a second pass (`text_pieces`).

All vocabulary lives in data files (data/dictionary.txt, data/stopwords/*.txt), one entry a line.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import rjieba

from etl.paths import DATA_DIRECTORY
from etl.rows import rows_by

DICTIONARY_PATH = DATA_DIRECTORY / "dictionary.txt"
STOPWORDS_DIRECTORY = DATA_DIRECTORY / "stopwords"
FUNCTION_WORDS_FILE = "function_words.txt"
BOILERPLATE_FILE = "policy_boilerplate.txt"
DROPPED_WORD_FILES = (FUNCTION_WORDS_FILE, BOILERPLATE_FILE)
GENERIC_WORDS_FILE = "generic_policy_words.txt"
PLACE_WORDS_FILE = "places.txt"
AGENCY_WORDS_FILE = "agency_words.txt"

TEXT_FIELDS = ("title", "content", "local_measures", "local_target")
TIER_PLACE = "place"
TIER_AGENCY = "agency"
TIER_GENERIC = "generic"
MINIMUM_AGENCY_NAME_LENGTH = 3
COLLECTIVE_NAME_PREFIXES = ("各", "相关")

CHINESE_NUMERALS = "零〇一二三四五六七八九十百千万亿两几"
# Measure words after a numeral mark a quantity or a target ('两个', '一所', '三年', '1万人次'). '级' is left
# out on purpose: '二级学院' is a term, not a count.
MULTI_CHARACTER_MEASURES = ("万人次", "人次", "个月", "学时", "课时", "小时", "学期", "周岁")
SINGLE_CHARACTER_MEASURES = "个所名门家项种批支次届轮年月日天周人位倍台套座万千亿元"
MEASURE_PATTERN = "(?:" + "|".join(MULTI_CHARACTER_MEASURES) + f"|[{SINGLE_CHARACTER_MEASURES}])"
ARABIC_NUMBER = r"\d+(?:\.\d+)?"
NUMBER_PATTERNS = (
    re.compile(rf"{ARABIC_NUMBER}\s*[:：]\s*{ARABIC_NUMBER}"),  # ratios such as 1:350
    re.compile(
        rf"第?\s*{ARABIC_NUMBER}(?:\s*[-—–~～至到]\s*{ARABIC_NUMBER})?\s*(?:[%％‰]|{MEASURE_PATTERN})?"
    ),
    re.compile(rf"百分之[{CHINESE_NUMERALS}点]+"),
    re.compile(rf"第[{CHINESE_NUMERALS}]+(?=[批届次轮个名位期])"),
    re.compile(rf"[{CHINESE_NUMERALS}]+{MEASURE_PATTERN}"),
)
NUMERAL_ONLY_TOKEN = re.compile(rf"^第?[{CHINESE_NUMERALS}\d.]+$")
HAS_WORD_CHARACTER = re.compile(r"[\w]")
ORDINARY_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
TOKEN_SEPARATOR = "\x1f"
TOKEN_COLUMNS = ["task_id", "field", "position", "text", "tokens", "generic"]


class Segmenter:
    """A private rjieba instance behind jieba's calls: add_word (suggested frequency, as jieba), cut, lcut."""

    def __init__(self):
        self._jieba = rjieba.Jieba()

    def add_word(self, word: str) -> None:
        self._jieba.add_word(word, None, None)

    def cut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's spelling)
        return self._jieba.cut(text, HMM)

    lcut = cut


@dataclass(eq=False)
class Tokenizer:
    """A private segmenter plus the vocabulary decisions that go with it. `fingerprint` changes whenever the
    vocabulary does (it keys the per-document token cache of etl/cache.py)."""

    segmenter: Segmenter
    protected_pattern: re.Pattern | None
    protected_forms: dict[str, str]
    dropped_words: frozenset[str]
    dictionary_terms: frozenset[str]
    tier_by_term: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    function_words: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()  # the 'generic' tier of task_terms (with the boilerplate)
    token_kinds: dict[str, str | None] = field(default_factory=dict)  # token_kind, once per distinct token


def read_word_list(path: Path) -> list[str]:
    """One entry a line; blank lines and '#' comments ignored; the first field only (jieba format allowed)."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(normalize_text(line.split()[0]))
    return words


def normalize_text(text: str) -> str:
    """NFKC folds full-width forms ('１＋Ｘ', '％') into the ASCII the patterns expect."""
    return unicodedata.normalize("NFKC", text)


def is_ordinary_word(term: str) -> bool:
    """Pure CJK words go to jieba; anything else must be protected by the regex pre-pass."""
    return bool(ORDINARY_WORD.match(term))


def is_specific_agency_name(name: str) -> bool:
    """Collective or bare names ('各市', '学校', '相关学院') are ordinary words in a task text, not agencies."""
    return len(name) >= MINIMUM_AGENCY_NAME_LENGTH and not name.startswith(COLLECTIVE_NAME_PREFIXES)


def specific_agency_names(agency_names: Iterable[str]) -> tuple[str, ...]:
    """The names that enter the vocabulary, normalized, sorted and without repeats."""
    names = {normalize_text(name) for name in agency_names if isinstance(name, str)}
    return tuple(sorted(name for name in names if is_specific_agency_name(name)))


def vocabulary_fingerprint(agency_names: Iterable[str]) -> str:
    """What the tokens of a text depend on besides the code and data files: the agency names of the corpus."""
    return hashlib.sha256("\n".join(specific_agency_names(agency_names)).encode("utf-8")).hexdigest()[:16]


def build_tokenizer(agency_names: Iterable[str] = ()) -> Tokenizer:
    """Build (once per distinct set of agency names) a tokenizer with the domain dictionary loaded."""
    return _build_tokenizer_cached(specific_agency_names(agency_names))


@functools.lru_cache(maxsize=8)
def _build_tokenizer_cached(agency_names: tuple[str, ...]) -> Tokenizer:
    dictionary_terms = read_word_list(DICTIONARY_PATH)
    place_words = read_word_list(STOPWORDS_DIRECTORY / PLACE_WORDS_FILE)
    agency_words = sorted(set(read_word_list(STOPWORDS_DIRECTORY / AGENCY_WORDS_FILE)) | set(agency_names))
    segmenter = Segmenter()
    for term in [*dictionary_terms, *place_words, *agency_words]:
        if is_ordinary_word(term):
            segmenter.add_word(term)
    protected_terms = [term for term in dictionary_terms if not is_ordinary_word(term)]
    tier_by_term = {word: TIER_PLACE for word in place_words}
    tier_by_term.update({word: TIER_AGENCY for word in agency_words})
    function_words = frozenset(read_word_list(STOPWORDS_DIRECTORY / FUNCTION_WORDS_FILE))
    boilerplate = frozenset(read_word_list(STOPWORDS_DIRECTORY / BOILERPLATE_FILE))
    dropped_words = function_words | boilerplate
    return Tokenizer(
        segmenter=segmenter,
        protected_pattern=compile_protected_pattern(protected_terms),
        protected_forms={term.casefold(): term for term in protected_terms},
        dropped_words=dropped_words - set(dictionary_terms),
        function_words=function_words - set(dictionary_terms),
        generic_words=frozenset(read_word_list(STOPWORDS_DIRECTORY / GENERIC_WORDS_FILE)) | boilerplate,
        dictionary_terms=frozenset(dictionary_terms),
        tier_by_term=tier_by_term,
        fingerprint=vocabulary_fingerprint(agency_names),
    )


def compile_protected_pattern(terms: list[str]) -> re.Pattern | None:
    """Longest first, and a term starting or ending in a digit may not sit inside a longer number."""
    if not terms:
        return None
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        pattern = re.escape(term)
        if term[0].isdigit():
            pattern = r"(?<![\d.])" + pattern
        if term[-1].isalnum() and term[-1].isascii():
            pattern += r"(?![0-9A-Za-z])"
        alternatives.append(pattern)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def strip_numbers(text: str) -> str:
    """Remove quantities, percentages, years and numeral+measure phrases; they are targets, not terms."""
    for pattern in NUMBER_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def split_protected(tokenizer: Tokenizer, text: str) -> Iterator[tuple[str, bool]]:
    """Yield (piece, is_protected) so protected terms bypass the number pass and jieba."""
    if tokenizer.protected_pattern is None:
        yield text, False
        return
    position = 0
    for match in tokenizer.protected_pattern.finditer(text):
        yield text[position : match.start()], False
        yield tokenizer.protected_forms[match.group().casefold()], True
        position = match.end()
    yield text[position:], False


def is_dropped_compound(dropped_words: frozenset[str], token: str) -> bool:
    """True if jieba glued dropped words together ('积极支持', '建立健全', '大力发展')."""
    if token in dropped_words:
        return True
    return any(
        token[:cut] in dropped_words and is_dropped_compound(dropped_words, token[cut:])
        for cut in range(2, len(token) - 1)
    )


def token_kind(tokenizer: Tokenizer, token: str) -> str | None:
    """'content', 'generic' (policy boilerplate and its compounds: stored in the generic tier only) or None
    (single characters, punctuation, numerals, function words and their compounds: never stored)."""
    known = tokenizer.token_kinds.get(token, "unknown")
    if known == "unknown":
        known = tokenizer.token_kinds[token] = classify_token(tokenizer, token)
    return known


def classify_token(tokenizer: Tokenizer, token: str) -> str | None:
    if token in tokenizer.dictionary_terms:
        return "content"
    if len(token) <= 1 or not HAS_WORD_CHARACTER.search(token) or NUMERAL_ONLY_TOKEN.match(token):
        return None
    if not is_dropped_compound(tokenizer.dropped_words, token):
        return "content"
    return None if is_dropped_compound(tokenizer.function_words, token) else TIER_GENERIC


def is_content_token(tokenizer: Tokenizer, token: str) -> bool:
    """Drop single characters, punctuation, numerals, function words, boilerplate and their compounds."""
    return token_kind(tokenizer, token) == "content"


def tokenize(tokenizer: Tokenizer, text: str | None) -> list[str]:
    """Content terms of one text, in order, repeats kept (counts matter for keyness)."""
    return [token for _, tokens in text_pieces(tokenizer, text) for token in tokens]


def text_pieces(tokenizer: Tokenizer, text: str | None) -> list[tuple[str, list[str]]]:
    """The normalized text cut at sentence ends, each piece with its content terms."""
    return [(piece, tokens) for piece, tokens, _ in text_pieces_with_generic(tokenizer, text)]


def text_pieces_with_generic(tokenizer: Tokenizer, text: str | None) -> list[tuple[str, list[str], list[str]]]:
    """As text_pieces, with each piece's generic words (boilerplate) as well."""
    if not text:
        return []
    return [(piece, *piece_terms(tokenizer, piece)) for piece in SENTENCE_END.split(normalize_text(text))]


def tokenize_piece(tokenizer: Tokenizer, text: str) -> list[str]:
    """Content terms of one normalized piece of text without sentence ends."""
    return piece_terms(tokenizer, text)[0]


def piece_terms(tokenizer: Tokenizer, text: str) -> tuple[list[str], list[str]]:
    """(content terms, generic words) of one normalized piece of text without sentence ends, in order."""
    tokens, generic = [], []
    for piece, is_protected in split_protected(tokenizer, text):
        if is_protected:
            tokens.append(piece)
            continue
        for token in tokenizer.segmenter.cut(strip_numbers(piece), HMM=True):
            token = token.strip()
            kind = token_kind(tokenizer, token)
            if kind == "content":
                tokens.append(token)
            elif kind == TIER_GENERIC:
                generic.append(token)
    return tokens, generic


def term_tier(tokenizer: Tokenizer, term: str) -> str | None:
    """'place', 'agency' or None (an ordinary term): names are no evidence of a theme."""
    return tokenizer.tier_by_term.get(term)


def stored_tier(tokenizer: Tokenizer, term: str) -> str | None:
    """The tier task_terms stores: 'place', 'agency', 'generic' (generic policy words) or None."""
    return tokenizer.tier_by_term.get(term) or (TIER_GENERIC if term in tokenizer.generic_words else None)


def task_text(task: pd.Series | dict, fields: Iterable[str] = TEXT_FIELDS) -> str:
    """Join the text fields of one task that are present; None and NaN are skipped."""
    pieces = []
    for field_name in fields:
        value = task.get(field_name)
        if isinstance(value, str) and value:
            pieces.append(value)
    return "\n".join(pieces)


def task_texts(tasks: pd.DataFrame, fields: Iterable[str] = TEXT_FIELDS) -> list[str]:
    """task_text of every row of `tasks` (a missing column counts as empty)."""
    columns = [tasks[name] for name in fields if name in tasks]
    return ["\n".join(value for value in values if isinstance(value, str) and value)
            for values in zip(*columns, strict=True)] if columns else [""] * len(tasks)


def task_tokens(tasks: pd.DataFrame, tokenizer: Tokenizer) -> pd.DataFrame:
    """DataFrame(task_id, field, position, text, tokens, generic): every non-empty piece of every text field in
    order, with its content terms and its generic words (boilerplate), each joined by TOKEN_SEPARATOR. Themes
    and matching read their tokens from here."""
    rows = []
    columns = [tasks[name] if name in tasks else [None] * len(tasks) for name in TEXT_FIELDS]
    for task_id, *values in zip(tasks["task_id"], *columns, strict=True):
        position = 0
        for field_name, value in zip(TEXT_FIELDS, values, strict=True):
            for piece, tokens, generic in text_pieces_with_generic(tokenizer, value if isinstance(value, str)
                                                                   else None):
                if piece:
                    rows.append((task_id, field_name, position, piece, TOKEN_SEPARATOR.join(tokens),
                                 TOKEN_SEPARATOR.join(generic)))
                    position += 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def split_tokens(joined: str) -> list[str]:
    return joined.split(TOKEN_SEPARATOR) if joined else []


def terms_from_tokens(tokens: pd.DataFrame, tokenizer: Tokenizer) -> pd.DataFrame:
    """DataFrame(task_id, term, count, tier): the task_tokens (content terms and generic words) counted per
    task, terms in code-point order."""
    rows = []
    for task_id, pieces in rows_by(tokens, "task_id", "tokens", "generic").items():
        counts = Counter(token for content, _ in pieces for token in split_tokens(content))
        generic = Counter(token for _, generics in pieces for token in split_tokens(generics))
        rows += [(task_id, term, counts[term] + generic[term],
                  stored_tier(tokenizer, term) or (TIER_GENERIC if term in generic else None))
                 for term in sorted(counts.keys() | generic.keys())]
    terms = pd.DataFrame(rows, columns=["task_id", "term", "count", "tier"])
    terms["count"] = terms["count"].astype("int64")
    terms["tier"] = terms["tier"].astype(object).where(terms["tier"].notna(), None)
    return terms


def task_terms(tasks: pd.DataFrame, tokenizer: Tokenizer) -> pd.DataFrame:
    """DataFrame(task_id, term, count, tier) over title + content + local_measures + local_target."""
    return terms_from_tokens(task_tokens(tasks, tokenizer), tokenizer)


# --- Stage (per document) ------------------------------------------------------------------------------------

LAST_TOKENIZER: list = []  # [(agencies frame, tokenizer)]: the frame every document of a build shares


def tokenizer_for(tables: dict) -> Tokenizer:
    """The tokenizer of this build: the domain dictionary plus the agency names of the whole corpus (cached).
    A document's stages see only its own tables, plus `int_corpus_agencies` for this: the same frame for every
    document, so its names are read once, not once per document."""
    agencies = tables["int_corpus_agencies"] if "int_corpus_agencies" in tables else tables["agencies"]
    if LAST_TOKENIZER and LAST_TOKENIZER[0][0] is agencies:
        return LAST_TOKENIZER[0][1]
    tokenizer = build_tokenizer(tuple(agencies["name"]))
    LAST_TOKENIZER[:] = [(agencies, tokenizer)]
    return tokenizer


def run(tables: dict, tokenizer: Tokenizer | None = None) -> dict:
    """Content terms of every task (of one document, or of all), and the pieces they came from."""
    # Load inputs
    tasks, tokenizer = tables["tasks"], tokenizer or tokenizer_for(tables)
    # Derive
    tokens = task_tokens(tasks, tokenizer)
    # Save outputs
    return {"task_terms": terms_from_tokens(tokens, tokenizer), "int_task_tokens": tokens}
