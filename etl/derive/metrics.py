"""Target-metric extraction: turn the numbers in task texts into typed, traceable commitments.

A pure stage: `extract_metrics(text_units, indicators)` and `indicator_mentions(text_units, indicators)` take
DataFrames and return DataFrames; the per-indicator facts (patterns, expected units) live in
data/indicators.yaml, never in this code. All regular expressions below are compiled once at import.

How a number becomes a metric
  1. QUANTITY_PATTERN finds a number (Arabic or Chinese, optionally a range and a 万/亿 multiplier) followed by a
     unit, or a ratio 1:N.
  2. Rules drop what is not a target (below), then the fields are read from the words around it.
  3. The text is cut into sentences (。；！？), clauses (，：) and enumeration items (、), ignoring separators
     inside brackets and quotes; a metric's raw_text is its clause.

Decisions (what the issue left open)
  * Ratios: "1:N" is stored as value = N, unit "1:N", unit_class "ratio". The comparator is restated for N,
    so "师生比不低于1:350" (at least one teacher per 350 students) becomes value 350 with comparator "<=".
  * 万 and 亿 multiply the value and disappear from the unit: 1万人次 → 10000 人次, 200万人次 → 2000000 人次.
  * Years: a number of years is a target only when bounded (以上 / 以下 / 以内, or 不少于 … right before it).
    "3年以上企业工作经历" is a hiring qualification and is kept as duration >= 3 年 (indicator
    teacher_enterprise_experience). An unbounded "N年" is a window or part of a model's name (5年累计,
    3年跟踪调查, 3年中职教育与2年高职教育) and is skipped. A number from 1900 to 2100 followed by 年 is a
    calendar year, never a target.
  * Months: only "N个月" is a duration; a bare "N月" is a date (2023年6月前, 2021年9月10日).
  * Model descriptions: a duration whose number is a term of an “A+B” label in the same sentence describes how
    that model works (每学期在学校3个月、在企业2个月的“3+2”…, 三天在企业、两天在学校的“3+2”) and is skipped.
    Counts of things built under such a label stay: 20个“3+2”高职专业 → 20 个.
  * Slogans and names: a counted Chinese numeral followed by another numeral (“三个一”), a Chinese numeral inside
    a short quotation, 一次性, bare 百/千 (服务百家企业) and ordinals (第三方) are not numbers. Numbers not
    followed by a unit (1+X, 十四五, 一系一品, 〔2021〕37号, section numbers, phone numbers) never match.
  * Titles: a number inside 《…》 belongs to the cited document (《…等5个实施意见的通知》) and is skipped.
  * Breakdowns: a parenthesis holding two or more numbers in the unit of the number just before it splits that
    total by school or county (20个…（市职业技术学校10个、中宁县6个、海原县4个）); its numbers are skipped so
    totals are not counted twice. A parenthesis with a single number (（力争新建一所职业大学）) is its own target.
  * Comparator: a bound after the unit (以上 >=, 以下/以内 <=, 左右 ~) wins over a word before the number
    (不少于/不低于/至少 >=, 超过/高于 >, 不超过/不高于 <=, 约 ~, 达到 =); with neither it is "=". An enumeration
    "至少在8个专业、10个教学点" shares the word before its first number.
  * aspirational: 力争 / 争取 / 拟 in the number's clause before it, or 力争/争取 opening the sentence.
  * target_year: the nearest year phrase before the number in its sentence (years inside 《》 or （） and
    start years 自2021年起 excluded); else a paragraph opening "到2023年，" (Zhongwei's goal section); else the
    unit's deadline_year.
  * per_period: the nearest period phrase before the number in its sentence: 每学期 → "semester"; 每年, 年均,
    全年, 年培训 … → "year"; a window such as "5年内" or "5年累计" resets it to None.
  * Indicator: the codebook is searched in the number's own noun phrase first (the words after it up to the next
    number, or before it when nothing follows), then a noun shared by an enumeration ("5个国家级、30个省级…基地",
    "1个支撑…的、开放共享的…基地"). Shares, ratios and numbers with no words after them may also take their noun
    from the number-free items of their clause and the number-free clauses before them in the sentence ("提升
    “双师型”教师…比例，实现50%以上的目标任务"); a counter (个, 所) never does, since its noun follows it. A
    number's unit must fit the indicator's unit_class and units; within one context the first fitting indicator
    of the codebook wins. When the indicator was found in an earlier clause, raw_text starts at that clause so a
    reader sees the commitment.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from etl.data_files import read_yaml
from etl.paths import PROJECT_ROOT

DEFAULT_INDICATORS = "data/indicators.yaml"

METRIC_COLUMNS = ["metric_id", "doc_id", "region_id", "task_id", "scope", "field", "indicator", "value",
                  "value_max", "unit", "unit_class", "comparator", "aspirational", "target_year", "per_period",
                  "raw_text", "line"]
MENTION_COLUMNS = ["doc_id", "region_id", "task_id", "indicator", "line", "snippet"]
UNIT_CLASSES = frozenset({"percent", "count", "person_times", "duration", "ratio", "money", "other"})
REQUIRED_INDICATOR_FIELDS = ("key", "label_zh", "label_en", "unit_class", "patterns")

# --- Units and numerals -------------------------------------------------------------------------------------

COUNT_UNITS = "个门所家名人项种次支"
UNIT_TABLE: dict[str, tuple[str, str]] = {  # unit as written → (unit stored, unit_class)
    "%": ("%", "percent"), "％": ("%", "percent"), "人次": ("人次", "person_times"),
    "个月": ("月", "duration"), "年": ("年", "duration"), "天": ("天", "duration"),
    "元": ("元", "money"), "倍": ("倍", "other"),
    **{unit: (unit, "count") for unit in COUNT_UNITS},
}
RATIO_UNIT = "1:N"
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9}
CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_POWERS)

_UNITS = "|".join(sorted(map(re.escape, UNIT_TABLE), key=len, reverse=True))
_NUMBER = rf"\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+"
QUANTITY_PATTERN = re.compile(
    rf"(?<![\d.])1\s*[:：]\s*(?P<ratio>\d+)(?![\d.])"
    rf"|(?<![\d.〕\]第同统唯单{CHINESE_NUMERAL_CHARS}])(?P<value>{_NUMBER})"
    rf"(?:\s*[-—－–~～至]\s*(?P<value_max>{_NUMBER}))?"
    rf"\s*(?P<multiplier>[万亿])?\s*(?P<unit>{_UNITS})"
)
SUFFIX_BOUND = re.compile(r"\s*(?P<word>以上|以下|以内|左右)")
SUFFIX_COMPARATORS = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
PREFIX_BOUND = re.compile(r"不少于|不低于|不超过|不高于|至少|超过|高于|达到|大约|(?<![制节签预])约")
PREFIX_COMPARATORS = {"不少于": ">=", "不低于": ">=", "至少": ">=", "超过": ">", "高于": ">",
                      "不超过": "<=", "不高于": "<=", "达到": "=", "大约": "~", "约": "~"}
FLIPPED_COMPARATORS = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}
BOUND_WINDOW = 4  # characters before a number of years searched for 不少于 … ("不少于3年")
LONGEST_PLAIN_NUMBER = 9  # longer digit runs are phone numbers or codes
SHORT_QUOTATION = 8  # a Chinese numeral inside “…” this short is a slogan (“三个一”)

# --- Context words ------------------------------------------------------------------------------------------

ASPIRATION = re.compile(r"力争|争取|(?<![虚模草比])拟")
SENTENCE_ASPIRATION = re.compile(r"^(?:到\d{4}年[底末]?，?)?(?:力争|争取)")
YEAR_PHRASE = re.compile(r"(?<![\d—\-－～~至自从])(?P<year>(?:19|20)\d{2})\s*年(?!\s*(?:起|以来))")
LEADING_YEAR = re.compile(r"^\s*(?:到|至)\s*(?P<year>(?:19|20)\d{2})\s*年")
BRACKETED = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)")
PERIOD_PHRASE = re.compile(
    r"(?P<semester>每学期)"
    r"|(?P<year>每年度?|年均|全年|(?<![逐近今明去当往\d])年(?:培训|培养|招生))"
    rf"|(?P<window>(?:\d+|[{CHINESE_NUMERAL_CHARS}]+)年(?:内|累计))"
)
MODEL_LABEL = re.compile(rf"(\d+|[{CHINESE_NUMERAL_CHARS}]+)\s*[+＋]\s*(\d+|[{CHINESE_NUMERAL_CHARS}]+)")
LEVEL_ONLY = re.compile(r"[\u4e00-\u9fff]{0,4}级")
CJK_CHARACTER = re.compile(r"[\u4e00-\u9fff]")

SENTENCE_ENDS = "。；;！？!?"
CLAUSE_SEPARATORS = "，,：:"
ITEM_SEPARATORS = "、"
OPENING_BRACKETS = "（(《〈【“‘"
CLOSING_BRACKETS = "）)》〉】”’"
MIN_RAW_TEXT = 10  # a shorter clause gets the clause before it, so the reader sees the commitment
SNIPPET_RADIUS = 60


# --- Codebook -----------------------------------------------------------------------------------------------

def load_indicators(path=DEFAULT_INDICATORS) -> list[dict]:
    """Read and check the codebook; a relative path is tried from the working directory, then the project."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = PROJECT_ROOT / path
    indicators = read_yaml(path) or []
    for indicator in indicators:
        validate_indicator(indicator)
    keys = [indicator["key"] for indicator in indicators]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"{path}: duplicate indicator keys {duplicates}")
    return indicators


def validate_indicator(indicator: dict) -> None:
    """Fail early on a codebook typo instead of silently matching nothing."""
    missing = [name for name in REQUIRED_INDICATOR_FIELDS if not indicator.get(name)]
    if missing:
        raise ValueError(f"indicator {indicator.get('key')!r} lacks {missing}")
    unknown = set(as_list(indicator["unit_class"])) - UNIT_CLASSES
    if unknown:
        raise ValueError(f"indicator {indicator['key']!r}: unknown unit_class {sorted(unknown)}")
    for pattern in as_list(indicator["patterns"]) + as_list(indicator.get("exclude")):
        re.compile(pattern)


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@dataclass(frozen=True)
class CompiledIndicator:
    """One codebook entry with its regular expressions compiled."""

    key: str
    unit_classes: frozenset
    units: frozenset | None
    patterns: tuple
    excludes: tuple

    def accepts(self, unit: str, unit_class: str) -> bool:
        return unit_class in self.unit_classes and (self.units is None or unit in self.units)

    def search(self, text: str):
        """First pattern match in text, unless an exclude pattern also matches it."""
        if any(exclude.search(text) for exclude in self.excludes):
            return None
        for pattern in self.patterns:
            match = pattern.search(text)
            if match:
                return match
        return None


def compile_indicators(indicators: list[dict]) -> tuple[CompiledIndicator, ...]:
    return tuple(compile_indicator(indicator) for indicator in indicators)


def compile_indicator(indicator: dict) -> CompiledIndicator:
    units = indicator.get("units")
    return CompiledIndicator(
        key=indicator["key"],
        unit_classes=frozenset(as_list(indicator["unit_class"])),
        units=frozenset(str(unit) for unit in units) if units else None,
        patterns=tuple(compiled(pattern) for pattern in as_list(indicator["patterns"])),
        excludes=tuple(compiled(pattern) for pattern in as_list(indicator.get("exclude"))),
    )


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# --- Text layout: sentences, clauses, enumeration items ----------------------------------------------------

@dataclass(frozen=True)
class Span:
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

    @classmethod
    def of(cls, text: str) -> TextLayout:
        layout = cls(text)
        for sentence_index, sentence in enumerate(split_spans(text, Span(0, len(text)), SENTENCE_ENDS, False)):
            layout.sentences.append(sentence)
            for clause in split_spans(text, sentence, CLAUSE_SEPARATORS, True):
                layout.clause_sentence.append(sentence_index)
                layout.clauses.append(clause)
                for item in split_spans(text, clause, ITEM_SEPARATORS, True):
                    layout.item_clause.append(len(layout.clauses) - 1)
                    layout.items.append(item)
        return layout

    def sentence_index(self, position: int) -> int:
        return self.clause_sentence[self.clause_index(position)]

    def clause_index(self, position: int) -> int:
        return span_index(self.clauses, position)

    def item_index(self, position: int) -> int:
        return span_index(self.items, position)

    def clause_text(self, index: int) -> str:
        return self.text[self.clauses[index].start:self.clauses[index].end]

    def sentence_before(self, position: int) -> str:
        """The text of the sentence holding position, up to that position."""
        return self.text[self.sentences[self.sentence_index(position)].start:position]


def span_index(spans: list, position: int) -> int:
    starts = [span.start for span in spans]
    return max(bisect.bisect_right(starts, position) - 1, 0)


def split_spans(text: str, span: Span, separators: str, bracket_aware: bool) -> list:
    """Cut span at separators; with bracket_aware, separators inside （）《》“” do not cut, and a colon
    between digits (1:350) never does. Every character of span belongs to exactly one piece."""
    pieces, start, depth = [], span.start, 0
    for position in range(span.start, span.end):
        character = text[position]
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


# --- Candidates: numbers with a unit ------------------------------------------------------------------------

@dataclass
class Candidate:
    """A number with its unit, before the fields that depend on its neighbours are read."""

    start: int
    end: int  # end of the unit and of a bound word after it (以上, 左右)
    unit_end: int
    written: str
    value: float
    value_max: float | None
    unit: str
    unit_class: str
    suffix_comparator: str | None
    is_chinese: bool


def chinese_numeral_value(numeral: str) -> int | None:
    """Value of a Chinese numeral such as 一, 两, 十, 二十, 三百; None for what is not a number (百, 一二)."""
    if not any(character in CHINESE_DIGITS or character == "十" for character in numeral):
        return None
    total, current = 0, None
    for character in numeral:
        if character in CHINESE_DIGITS:
            if current is not None:
                return None
            current = CHINESE_DIGITS[character]
        else:
            total += (1 if current is None else current) * CHINESE_POWERS[character]
            current = None
    value = total + (current or 0)
    return value or None


def number_value(written: str) -> float | None:
    if written[0].isdigit():
        return None if len(written.split(".")[0]) > LONGEST_PLAIN_NUMBER else float(written)
    value = chinese_numeral_value(written)
    return None if value is None else float(value)


def find_candidates(text: str) -> list:
    candidates = []
    for match in QUANTITY_PATTERN.finditer(text):
        candidate = ratio_candidate(text, match) if match.group("ratio") else unit_candidate(text, match)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def ratio_candidate(text: str, match: re.Match) -> Candidate:
    return Candidate(match.start(), match.end(), match.end(), match.group(), float(match.group("ratio")), None,
                     RATIO_UNIT, "ratio", None, False)


def unit_candidate(text: str, match: re.Match) -> Candidate | None:
    value = number_value(match.group("value"))
    value_max = number_value(match.group("value_max")) if match.group("value_max") else None
    if value is None or (match.group("value_max") and value_max is None):
        return None
    multiplier = MULTIPLIERS.get(match.group("multiplier"), 1)
    unit, unit_class = UNIT_TABLE[match.group("unit")]
    bound = SUFFIX_BOUND.match(text, match.end())
    return Candidate(
        start=match.start(), end=bound.end() if bound else match.end(), unit_end=match.end(),
        written=match.group(), value=value * multiplier,
        value_max=None if value_max is None else value_max * multiplier, unit=unit, unit_class=unit_class,
        suffix_comparator=SUFFIX_COMPARATORS[bound.group("word")] if bound else None,
        is_chinese=not match.group("value")[0].isdigit(),
    )


# --- What is not a target -----------------------------------------------------------------------------------

def is_target(text: str, candidate: Candidate, layout: TextLayout) -> bool:
    """False for calendar years, unbounded year counts, slogans and model descriptions (module docstring)."""
    return not (is_calendar_year(candidate) or is_unbounded_years(text, candidate)
                or is_slogan(text, candidate) or inside_title(text, candidate.start)
                or is_model_description(text, candidate, layout))


def is_calendar_year(candidate: Candidate) -> bool:
    return candidate.unit == "年" and 1900 <= candidate.value <= 2100


def is_unbounded_years(text: str, candidate: Candidate) -> bool:
    """5年累计 / 3年跟踪调查: a window or a name; 3年以上 / 不少于3年: a bound that counts."""
    if candidate.unit != "年" or candidate.suffix_comparator:
        return False
    before = text[max(candidate.start - BOUND_WINDOW, 0):candidate.start]
    return not any(before.endswith(word) for word in PREFIX_COMPARATORS if word != "达到")


def is_slogan(text: str, candidate: Candidate) -> bool:
    """“三个一”, 一次性 and Chinese numerals inside a short quotation are names, not quantities."""
    if not candidate.is_chinese:
        return False
    following = text[candidate.unit_end:candidate.unit_end + 1]
    if following and (following in CHINESE_NUMERAL_CHARS or following == "性"):
        return True
    return inside_short_quotation(text, candidate.start)


def inside_short_quotation(text: str, position: int) -> bool:
    opening = text.rfind("“", 0, position)
    if opening < 0 or text.rfind("”", opening, position) >= 0:
        return False
    closing = text.find("”", position)
    return closing >= 0 and closing - opening - 1 <= SHORT_QUOTATION


def inside_title(text: str, position: int) -> bool:
    """《…等5个实施意见的通知》: a number inside the title of another document is that document's business."""
    opening = text.rfind("《", 0, position)
    return opening >= 0 and text.rfind("》", opening, position) < 0 and text.find("》", position) >= 0


def is_model_description(text: str, candidate: Candidate, layout: TextLayout) -> bool:
    """A duration equal to a term of an “A+B” model label in the same sentence describes that model."""
    if candidate.unit_class != "duration":
        return False
    sentence = layout.sentences[layout.sentence_index(candidate.start)]
    terms = set()
    for match in MODEL_LABEL.finditer(text, sentence.start, sentence.end):
        terms.update(number_value(term) for term in match.groups())
    return candidate.value in terms or candidate.value_max in terms


def breakdown_indices(text: str, candidates: list, layout: TextLayout) -> set:
    """Indices of numbers that split the total before them by school or county (module docstring)."""
    skipped = set()
    for index, candidate in enumerate(candidates):
        parenthesis = enclosing_parenthesis(text, candidate.start, layout)
        if parenthesis is None or index in skipped:
            continue
        inside = [other for other, found in enumerate(candidates)
                  if parenthesis.start < found.start < parenthesis.end and found.unit == candidate.unit]
        clause_start = layout.clauses[layout.clause_index(parenthesis.start)].start
        before = [found for found in candidates[:index] if clause_start <= found.start < parenthesis.start]
        if len(inside) >= 2 and before and before[-1].unit == candidate.unit:
            skipped.update(inside)
    return skipped


def enclosing_parenthesis(text: str, position: int, layout: TextLayout) -> Span | None:
    """The （…） around position inside its clause, or None."""
    clause = layout.clauses[layout.clause_index(position)]
    depth = 0
    for opening in range(position - 1, clause.start - 1, -1):
        if text[opening] in "）)":
            depth += 1
        elif text[opening] in "（(" and depth:
            depth -= 1
        elif text[opening] in "（(":
            closing = next((end for end in range(position, clause.end) if text[end] in "）)"), clause.end)
            return Span(opening, closing)
    return None


# --- Fields read from the words around a number -------------------------------------------------------------

def prefix_comparators(text: str, candidates: list, layout: TextLayout) -> list:
    """The comparator word before each number, shared along an enumeration (至少在8个专业、10个教学点)."""
    found = []
    for index, candidate in enumerate(candidates):
        clause = layout.clauses[layout.clause_index(candidate.start)]
        previous = candidates[index - 1] if index else None
        same_clause = previous is not None and previous.end > clause.start
        span_start = previous.end if same_clause else clause.start
        words = PREFIX_BOUND.findall(text, span_start, candidate.start)
        if words:
            found.append(PREFIX_COMPARATORS[words[-1]])
        elif same_clause and "、" in text[span_start:candidate.start]:
            found.append(found[-1])
        else:
            found.append(None)
    return found


def comparator(candidate: Candidate, prefix: str | None) -> str:
    chosen = candidate.suffix_comparator or prefix or "="
    if candidate.unit_class == "ratio":
        return FLIPPED_COMPARATORS.get(chosen, chosen)
    return chosen


def is_aspirational(text: str, candidate: Candidate, layout: TextLayout) -> bool:
    clause = layout.clauses[layout.clause_index(candidate.start)]
    if ASPIRATION.search(text, clause.start, candidate.start):
        return True
    return bool(SENTENCE_ASPIRATION.match(layout.sentence_before(candidate.start)))


def target_year(text: str, candidate: Candidate, layout: TextLayout, deadline_year) -> int | None:
    before = BRACKETED.sub(lambda match: "#" * len(match.group()), layout.sentence_before(candidate.start))
    years = YEAR_PHRASE.findall(before)
    if years:
        return int(years[-1])
    leading = LEADING_YEAR.match(text)
    if leading:
        return int(leading.group("year"))
    return deadline_year


def per_period(candidate: Candidate, layout: TextLayout) -> str | None:
    phrases = list(PERIOD_PHRASE.finditer(layout.sentence_before(candidate.start)))
    if not phrases:
        return None
    return phrases[-1].lastgroup if phrases[-1].lastgroup != "window" else None


# --- Indicator assignment -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """Words that may name what a number counts, and where they start (for raw_text)."""

    text: str
    start: int


def indicator_contexts(text: str, candidates: list, index: int, layout: TextLayout) -> list:
    """Candidate noun phrases for candidates[index], nearest first (module docstring, "Indicator")."""
    candidate = candidates[index]
    item_index = layout.item_index(candidate.start)
    item = layout.items[item_index]
    previous_end = max([found.end for found in candidates[:index] if found.end > item.start], default=item.start)
    next_start = min([found.start for found in candidates[index + 1:] if found.start < item.end],
                     default=item.end)
    tail = text[candidate.end:next_start]
    contexts = [Context(tail, candidate.end)]
    if previous_end == item.start:
        contexts.append(Context(text[item.start:candidate.start], item.start))
    contexts += shared_noun_contexts(text, tail, item_index, layout)
    if refers_back(candidate, tail):
        contexts += free_item_contexts(text, candidates, item_index, layout)
        contexts += free_clause_contexts(text, candidates, layout.clause_index(candidate.start), layout)
    return contexts


def refers_back(candidate: Candidate, tail: str) -> bool:
    """A counter (个, 所, 门) names its noun right after it, so only a share, a ratio or a number with nothing
    after it may take its meaning from the words of other items or clauses (…比例，实现50%以上的目标任务)."""
    return candidate.unit_class in ("percent", "ratio") or not CJK_CHARACTER.search(tail)


def shared_noun_contexts(text: str, tail: str, item_index: int, layout: TextLayout) -> list:
    """5个左右国家级、30个左右省级…基地 / 1个支撑…的、开放共享的…基地: a number whose words stop at a level
    word or at 的 shares the noun of the next items of its clause."""
    if not modifier_only(tail):
        return []
    contexts = []
    clause_index = layout.item_clause[item_index]
    for following in range(item_index + 1, len(layout.items)):
        if layout.item_clause[following] != clause_index:
            break
        item = layout.items[following]
        contexts.append(Context(text[item.start:item.end], item.start))
        if not modifier_only(text[item.start:item.end]):
            break
    return contexts


def modifier_only(words: str) -> bool:
    words = words.strip()
    return bool(LEVEL_ONLY.fullmatch(words)) or words.endswith("的")


def free_item_contexts(text: str, candidates: list, item_index: int, layout: TextLayout) -> list:
    clause_index = layout.item_clause[item_index]
    return [Context(text[item.start:item.end], item.start)
            for other, item in enumerate(layout.items)
            if other != item_index and layout.item_clause[other] == clause_index
            and not holds_candidate(candidates, item)]


def free_clause_contexts(text: str, candidates: list, clause_index: int, layout: TextLayout) -> list:
    """Clauses before the number's clause in its sentence, back to the first that has a number of its own."""
    contexts = []
    sentence_index = layout.clause_sentence[clause_index]
    for earlier in range(clause_index - 1, -1, -1):
        clause = layout.clauses[earlier]
        if layout.clause_sentence[earlier] != sentence_index or holds_candidate(candidates, clause):
            break
        contexts.append(Context(text[clause.start:clause.end], clause.start))
    return contexts


def holds_candidate(candidates: list, span: Span) -> bool:
    return any(span.start <= candidate.start < span.end for candidate in candidates)


def assign_indicator(candidate: Candidate, contexts: list, indicators: tuple) -> tuple:
    """(indicator key or None, start of the words that named it or None)."""
    fitting = [indicator for indicator in indicators if indicator.accepts(candidate.unit, candidate.unit_class)]
    for context in contexts:
        for indicator in fitting:
            if indicator.search(context.text):
                return indicator.key, context.start
    return None, None


# --- raw_text and lines -------------------------------------------------------------------------------------

def raw_text(text: str, candidate: Candidate, layout: TextLayout, context_start: int | None) -> str:
    """The number's clause, widened back to where its indicator was named or to a readable length."""
    clause_index = layout.clause_index(candidate.start)
    start, end = layout.clauses[clause_index].start, layout.clauses[clause_index].end
    if context_start is not None:
        start = min(start, layout.clauses[layout.clause_index(context_start)].start)
    earlier = layout.clause_index(start) - 1
    if (len(text[start:end].strip()) < MIN_RAW_TEXT and earlier >= 0
            and layout.clause_sentence[earlier] == layout.clause_sentence[clause_index]):
        start = layout.clauses[earlier].start
    return text[start:end].strip(" \t\n，,：:、")


def line_of(position: int, line_offsets, line_start) -> int | None:
    """Source line of the character at position, from (char_offset, line_number) pairs."""
    pairs = [tuple(pair) for pair in line_offsets] if is_present(line_offsets) else []
    if not pairs:
        return optional_int(line_start)
    index = bisect.bisect_right([offset for offset, _ in pairs], position) - 1
    return int(pairs[max(index, 0)][1])


def is_present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return not pd.isna(value)
    return len(value) > 0 if hasattr(value, "__len__") else True


def optional_int(value) -> int | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value)


def optional_text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


# --- Public functions ---------------------------------------------------------------------------------------

def extract_metrics(text_units: pd.DataFrame, indicators: list[dict]) -> pd.DataFrame:
    """One row per numeric commitment found in text_units (columns METRIC_COLUMNS, see module docstring)."""
    compiled_indicators = compile_indicators(indicators)
    rows, counters = [], {}
    for unit in text_units.to_dict("records"):
        for row in unit_metrics(unit, compiled_indicators):
            counters[row["doc_id"]] = counters.get(row["doc_id"], 0) + 1
            rows.append({"metric_id": f"{row['doc_id']}-m{counters[row['doc_id']]:03d}", **row})
    return metrics_frame(rows)


def unit_metrics(unit: dict, indicators: tuple) -> list:
    text = unit.get("text") or ""
    if not isinstance(text, str) or not text:
        return []
    layout = TextLayout.of(text)
    candidates = [candidate for candidate in find_candidates(text) if is_target(text, candidate, layout)]
    skipped = breakdown_indices(text, candidates, layout)
    candidates = [candidate for index, candidate in enumerate(candidates) if index not in skipped]
    prefixes = prefix_comparators(text, candidates, layout)
    return [metric_row(unit, text, layout, candidates, index, prefixes[index], indicators)
            for index in range(len(candidates))]


def metric_row(unit, text, layout, candidates, index, prefix, indicators) -> dict:
    candidate = candidates[index]
    contexts = indicator_contexts(text, candidates, index, layout)
    indicator, context_start = assign_indicator(candidate, contexts, indicators)
    return {
        "doc_id": unit["doc_id"], "region_id": unit["region_id"], "task_id": optional_text(unit.get("task_id")),
        "scope": unit.get("scope"), "field": unit.get("field"), "indicator": indicator,
        "value": candidate.value, "value_max": candidate.value_max, "unit": candidate.unit,
        "unit_class": candidate.unit_class, "comparator": comparator(candidate, prefix),
        "aspirational": is_aspirational(text, candidate, layout),
        "target_year": target_year(text, candidate, layout, optional_int(unit.get("deadline_year"))),
        "per_period": per_period(candidate, layout),
        "raw_text": raw_text(text, candidate, layout, context_start),
        "line": line_of(candidate.start, unit.get("line_offsets"), unit.get("line_start")),
    }


def metrics_frame(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    return frame.astype({"value": "Float64", "value_max": "Float64", "aspirational": "boolean",
                         "target_year": "Int64", "line": "Int64"})


def indicator_mentions(text_units: pd.DataFrame, indicators: list[dict]) -> pd.DataFrame:
    """Every sentence that names an indicator, with or without a number: lets a page tell "mentions it
    without a number" from "no such commitment" by comparing with extract_metrics."""
    compiled_indicators = compile_indicators(indicators)
    rows = []
    for unit in text_units.to_dict("records"):
        rows += unit_mentions(unit, compiled_indicators)
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype({"line": "Int64"})


def unit_mentions(unit: dict, indicators: tuple) -> list:
    text = unit.get("text") or ""
    if not isinstance(text, str) or not text:
        return []
    rows = []
    for sentence in TextLayout.of(text).sentences:
        sentence_text = text[sentence.start:sentence.end]
        for indicator in indicators:
            match = indicator.search(sentence_text)
            if match:
                position = sentence.start + match.start()
                rows.append({"doc_id": unit["doc_id"], "region_id": unit["region_id"],
                             "task_id": optional_text(unit.get("task_id")), "indicator": indicator.key,
                             "line": line_of(position, unit.get("line_offsets"), unit.get("line_start")),
                             "snippet": snippet(text, sentence, position)})
    return rows


def snippet(text: str, sentence: Span, position: int) -> str:
    start = max(sentence.start, position - SNIPPET_RADIUS)
    end = min(sentence.end, position + SNIPPET_RADIUS)
    return text[start:end].strip()


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Numeric commitments from tasks and goal paragraphs, aligned to the indicator codebook."""
    # Load inputs
    units, indicators = tables["text_units"], load_indicators()
    # Derive
    found = extract_metrics(units, indicators)
    mentions = indicator_mentions(units, indicators)
    # Save outputs
    return {"metrics": found, "indicator_mentions": mentions, "indicators": codebook_frame(indicators)}


def codebook_frame(indicators: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": entry["key"], "label_zh": entry["label_zh"], "label_en": entry["label_en"],
                          "unit_class": "|".join(as_list(entry["unit_class"])),
                          "patterns": "|".join(as_list(entry.get("patterns")))} for entry in indicators])
