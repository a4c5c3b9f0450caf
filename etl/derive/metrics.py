"""Target-metric extraction: turn the numbers in task texts into typed, traceable commitments.

`run(tables)` reads the text units (task contents, Jinzhou's measures and targets, goal paragraphs) and the
codebook data/indicators.yaml, and writes `metrics` (one row per number), `indicator_mentions` and
`indicators`. The module reads in the order it runs, one section per step:

  1. Load the codebook (patterns and expected units per indicator live in data/indicators.yaml, never here).
  2. Find numbers: QUANTITY_PATTERN finds a number with its unit (Arabic, or Chinese read by cn2an: 两千,
     一万二千, 一百零一; 1.5万 multiplied out), a share written in words (百分之三十 → 30%, 三成 → 30%,
     大体相当 → ~50%) or a ratio 1:N.
  3. Drop what is not a target: calendar years, unbounded year counts, slogans, titles, model descriptions,
     breakdowns already counted in a total, one-to-one correspondences and the subject of a distributive
     statement (the 四个 of 四个教学系部…重点打造1个, which instead multiplies the numbers after it).
  4. Read the fields from the words around each number: comparator, aspiration, target year, period or
     window, whether it is stated for the whole region, its clause.
  5. Assign an indicator from the codebook; a number shared by several items (…和…各3个) gives one row per item.
  6. Write the rows: raw_text (the clause), source line, issuer scope.

Decisions (what the issue left open)
  * Ratios: "1:N" is stored as value = N, unit "1:N", unit_class "ratio". The comparator is restated for N,
    so "师生比不低于1:350" (at least one teacher per 350 students) becomes value 350 with comparator "<=".
  * 万 and 亿 multiply the value and disappear from the unit: 1万人次 → 10000 人次, 1.5万 → 15000. A Chinese
    numeral is read by cn2an; a bare power (服务百家企业) or digits read one by one (一二) is not a number.
  * Shares in words: 百分之N → N%; N成 → N×10%; 大体相当 / 大致相当 / 基本相当 (职普比大体相当: about as many in
    vocational as in general schools) → a level of ~50%, with `written` keeping the words.
  * Years: a number of years is a target only when bounded (以上 / 以下 / 以内, or 不少于 … right before it).
    "3年以上企业工作经历" is a hiring qualification and is kept as duration >= 3 年. An unbounded "N年" is a
    window or part of a model's name (5年累计, 3年跟踪调查, 3年中职教育与2年高职教育) and is skipped. A number
    from 1900 to 2100 followed by 年 is a calendar year, never a target.
  * Months: only "N个月" is a duration; a bare "N月" is a date (2023年6月前, 2021年9月10日).
  * Model descriptions: a duration whose number is a term of an “A+B” label in the same sentence describes how
    that model works (每学期在学校3个月、在企业2个月的“3+2”…) and is skipped. Counts of things built under such
    a label stay: 20个“3+2”高职专业 → 20 个.
  * Slogans and names: a counted Chinese numeral followed by another numeral (“三个一”), a Chinese numeral inside
    a short quotation, 一次性, bare 百/千 (服务百家企业) and ordinals (第三方) are not numbers. Numbers not
    followed by a unit (1+X, 十四五, 一系一品, 〔2021〕37号, section numbers, phone numbers) never match.
  * Titles: a number inside 《…》 belongs to the cited document (《…等5个实施意见的通知》) and is skipped.
  * Breakdowns: a parenthesis holding two or more numbers in the unit of the number just before it splits that
    total by school or county (20个…（市职业技术学校10个、中宁县6个、海原县4个）); its numbers are skipped so
    totals are not counted twice. A parenthesis with a single number (（力争新建一所职业大学）) is its own target.
  * Correspondences: "1个专业（群）对接一个产业链" pairs one thing with another; neither number is a target.
  * Distributive statements: a count that opens its clause (or is followed by 各/每) and is followed in the
    same clause by another count is the set the later counts apply to each of: 四个教学系部（…）重点打造1个…
    特色品牌专业、联系1-2家深度合作企业 keeps 1 and 1-2 as written, with distributed_over = 4; the 四 itself
    is no target. Items sharing one number (遴选特色德育案例和思政课示范课各3个) each get a row with that number.
  * Comparator: a bound after the unit (以上 >=, 以下/以内 <=, 左右 ~) wins over a word before the number
    (不少于/不低于/至少 >=, 超过/高于 >, 不超过/不高于 <=, 约 ~, 达到 =); with neither it is "=". An enumeration
    "至少在8个专业、10个教学点" shares the word before its first number.
  * aspirational: 力争 / 争取 / 拟 in the number's clause before it, or 力争/争取 opening the sentence.
  * target_year: the nearest year phrase before the number in its sentence (years inside 《》 or （） and
    start years 自2021年起 excluded); else a paragraph opening "到2023年，" (Zhongwei's goal section); else the
    unit's deadline_year — except for a restated higher-level target (scope parent): the deadline of a list
    is its issuer's own (Jinzhou's 完成时间 is the college's), so a provincial target keeps only a year its
    own text states.
  * per_period / window_years: the nearest period phrase before the number in its sentence: 每学期 →
    "semester"; 每年, 年均, 全年, 年培训 … → "year"; a window "5年内" / "5年累计" gives window_years = 5 instead.
  * region_wide: the clause says the number is the whole region's (全市共…, 全市…达到, 共计, 合计, 总计).
  * Indicator: the codebook is searched in the number's own noun phrase first (the words after it up to the next
    number, or before it when nothing follows), then a noun shared by an enumeration ("5个国家级、30个省级…基地",
    "1个支撑…的、开放共享的…基地"). Shares, ratios and numbers with no words after them may also take their noun
    from the number-free items of their clause and the number-free clauses before them in the sentence ("提升
    “双师型”教师…比例，实现50%以上的目标任务"); a counter (个, 所) never does, since its noun follows it. A
    number's unit must fit the indicator's unit_class and units; within one context the first fitting indicator
    of the codebook wins. When the indicator was found in an earlier clause, raw_text starts at that clause so a
    reader sees the commitment.
  * issuer_scope: `parent` for a field the manifest marks as restating a higher level's plan, else
    `institution` when the document's issuer_kind is institution, else `region`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cn2an
import pandas as pd

from etl.data_files import read_yaml
from etl.derive.pattern_union import may_match, pattern_union
from etl.derive.text_layout import Span, TextLayout, top_level
from etl.paths import PROJECT_ROOT
from etl.rows import rows_frame

DEFAULT_INDICATORS = "data/indicators.yaml"

METRIC_COLUMNS = ["metric_id", "doc_id", "region_id", "task_id", "scope", "issuer_scope", "field", "indicator",
                  "value", "value_max", "unit", "unit_class", "comparator", "aspirational", "target_year",
                  "per_period", "window_years", "distributed_over", "region_wide", "written", "raw_text",
                  "clause_id", "line"]
MENTION_COLUMNS = ["doc_id", "region_id", "task_id", "indicator", "line", "snippet"]
UNIT_CLASSES = frozenset({"percent", "count", "person_times", "duration", "ratio", "money", "other"})
REQUIRED_INDICATOR_FIELDS = ("key", "label_zh", "label_en", "unit_class", "patterns")
INSTITUTION_ISSUERS = frozenset({"institution"})


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Numeric commitments from tasks and goal paragraphs, aligned to the indicator codebook."""
    # Load inputs
    units, indicators = tables["text_units"], load_indicators()
    issuer_kinds = dict(zip(tables["documents"]["doc_id"], tables["documents"]["issuer_kind"], strict=True))
    # Derive
    found = extract_metrics(units, indicators, issuer_kinds)
    mentions = indicator_mentions(units, indicators)
    # Save outputs
    return {"metrics": found, "indicator_mentions": mentions, "indicators": codebook_frame(indicators)}


def extract_metrics(text_units: pd.DataFrame, indicators: list[dict], issuer_kinds=None) -> pd.DataFrame:
    """One row per numeric commitment found in text_units (columns METRIC_COLUMNS, see module docstring).
    issuer_kinds maps doc_id → the document's issuer_kind (absent: a government's list)."""
    codebook = compile_indicators(indicators)
    rows, counters = [], {}
    for unit in unit_records(text_units):
        issuer_kind = (issuer_kinds or {}).get(unit["doc_id"])
        for row in unit_metrics(unit, codebook, issuer_kind):
            counters[row["doc_id"]] = counters.get(row["doc_id"], 0) + 1
            rows.append({"metric_id": f"{row['doc_id']}-m{counters[row['doc_id']]:03d}", **row})
    return metrics_frame(rows)


def unit_records(text_units: pd.DataFrame) -> list[dict]:
    """The rows as dicts of Python values (what to_dict("records") gives, column by column: faster)."""
    columns = list(text_units.columns)
    return [dict(zip(columns, values, strict=True))
            for values in zip(*(text_units[column].tolist() for column in columns), strict=True)]


def unit_metrics(unit: dict, codebook: Codebook, issuer_kind: str | None = None) -> list:
    """The steps of the module docstring, on one text unit."""
    text = unit.get("text") or ""
    if not isinstance(text, str) or not text:
        return []
    layout = TextLayout.of(text)
    numbers = find_numbers(text)                                    # 2. find numbers
    targets = drop_non_targets(text, numbers, layout)                # 3. drop non-targets
    fields = read_fields(text, targets, layout, unit)               # 4. read fields
    rows = []
    for index, target in enumerate(targets):                         # 5. assign indicator → 6. rows
        for indicator, context_start in assign_indicators(text, targets, index, layout, codebook):
            rows.append(metric_row(unit, text, layout, target, fields[index], indicator, context_start,
                                   issuer_kind))
    return rows


# --- 1. Codebook ------------------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Codebook:
    """The compiled indicators, and one expression matching wherever any of their patterns matches: words
    it does not match name no indicator, so each indicator need not be tried on them."""

    indicators: tuple[CompiledIndicator, ...]
    any_pattern: re.Pattern | None  # None: the patterns cannot be joined (etl/derive/pattern_union.py)

    def may_name(self, text: str) -> bool:
        return may_match(self.any_pattern, text)


def compile_indicators(indicators: list[dict]) -> Codebook:
    compiled_indicators = tuple(compile_indicator(indicator) for indicator in indicators)
    return Codebook(compiled_indicators, pattern_union(tuple(pattern for indicator in compiled_indicators
                                                             for pattern in indicator.patterns)))


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


def codebook_frame(indicators: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": entry["key"], "label_zh": entry["label_zh"], "label_en": entry["label_en"],
                          "unit_class": "|".join(as_list(entry["unit_class"])),
                          "patterns": "|".join(as_list(entry.get("patterns")))} for entry in indicators])


# --- 2. Finding numbers -------------------------------------------------------------------------------------

COUNT_UNITS = "个门所家名人项种次支"
UNIT_TABLE: dict[str, tuple[str, str]] = {  # unit as written → (unit stored, unit_class)
    "%": ("%", "percent"), "％": ("%", "percent"), "人次": ("人次", "person_times"),
    "个月": ("月", "duration"), "年": ("年", "duration"), "天": ("天", "duration"),
    "元": ("元", "money"), "倍": ("倍", "other"),
    **{unit: (unit, "count") for unit in COUNT_UNITS},
}
RATIO_UNIT = "1:N"
PERCENT_UNIT = "%"
PARITY_SHARE = 50.0  # 大体相当: about as many on each side
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARACTERS = "零〇一二两三四五六七八九十百千万亿"
POWER_CHARACTERS = "十百千万亿"
LONGEST_PLAIN_NUMBER = 9  # longer digit runs are phone numbers or codes

_UNITS = "|".join(sorted(map(re.escape, UNIT_TABLE), key=len, reverse=True))
_NUMBER = rf"\d+(?:\.\d+)?|[{NUMERAL_CHARACTERS}]+"
QUANTITY_PATTERN = re.compile(
    rf"(?<![\d.])1\s*[:：]\s*(?P<ratio>\d+)(?![\d.])"
    rf"|百分之(?P<percent>{_NUMBER})"
    rf"|(?<![\d.{NUMERAL_CHARACTERS}])(?P<tenths>\d|[一二三四五六七八九])成(?![员为功立本果绩就长熟才效型])"
    r"|(?P<parity>大体相当|大致相当|基本相当)"
    rf"|(?<![\d.〕\]第同统唯单{NUMERAL_CHARACTERS}])(?P<value>{_NUMBER})"
    rf"(?:\s*[-—－–~～至]\s*(?P<value_max>{_NUMBER}))?"
    rf"\s*(?P<multiplier>[万亿])?\s*(?P<unit>{_UNITS})"
)
SUFFIX_BOUND = re.compile(r"\s*(?P<word>以上|以下|以内|左右)")
SUFFIX_COMPARATORS = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}


@dataclass
class Candidate:
    """A number with its unit, before the fields that depend on its neighbours are read."""

    start: int
    end: int  # end of the unit and of a bound word after it (以上, 左右)
    unit_end: int
    value: float
    value_max: float | None
    unit: str
    unit_class: str
    suffix_comparator: str | None
    is_chinese: bool
    distributed_over: float | None = None  # set in step 3 for the counts of a distributive statement


def find_numbers(text: str) -> list:
    candidates = []
    for match in QUANTITY_PATTERN.finditer(text):
        candidate = number_candidate(text, match)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def number_candidate(text: str, match: re.Match) -> Candidate | None:
    if match.group("ratio"):
        return Candidate(match.start(), match.end(), match.end(), float(match.group("ratio")), None, RATIO_UNIT,
                         "ratio", None, False)
    if match.group("value"):
        return unit_candidate(text, match)
    return share_candidate(text, match)


def share_candidate(text: str, match: re.Match) -> Candidate | None:
    """百分之三十, 三成 and 大体相当 as a percentage."""
    if match.group("parity"):
        value, comparator = PARITY_SHARE, "~"
    else:
        written = match.group("percent") or match.group("tenths")
        number = number_value(written)
        if number is None:
            return None
        value, comparator = (number if match.group("percent") else number * 10), None
    bound = SUFFIX_BOUND.match(text, match.end())
    return Candidate(match.start(), bound.end() if bound else match.end(), match.end(), value, None, PERCENT_UNIT,
                     "percent", SUFFIX_COMPARATORS[bound.group("word")] if bound else comparator,
                     not match.group()[0].isdigit())


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
        value=value * multiplier, value_max=None if value_max is None else value_max * multiplier, unit=unit,
        unit_class=unit_class, suffix_comparator=SUFFIX_COMPARATORS[bound.group("word")] if bound else None,
        is_chinese=not match.group("value")[0].isdigit(),
    )


def number_value(written: str) -> float | None:
    if written[0].isdigit():
        return None if len(written.split(".")[0]) > LONGEST_PLAIN_NUMBER else float(written)
    return chinese_numeral_value(written)


@lru_cache(maxsize=4096)
def chinese_numeral_value(numeral: str) -> float | None:
    """一 1, 两千 2000, 一万二千 12000, 一百零一 101 (cn2an); None for what is not a number on its own: a bare
    power (服务百家企业), digits read one by one (一二), zero."""
    if numeral[0] in POWER_CHARACTERS and numeral[0] != "十":
        return None
    if len(numeral) > 1 and not any(character in POWER_CHARACTERS + "〇零" for character in numeral):
        return None
    try:
        value = float(cn2an.cn2an(numeral, "normal"))
    except ValueError:
        return None
    return value or None


# --- 3. Dropping what is not a target -----------------------------------------------------------------------

BOUND_WINDOW = 4  # characters before a number of years searched for 不少于 … ("不少于3年")
SHORT_QUOTATION = 8  # a Chinese numeral inside “…” this short is a slogan (“三个一”)
MODEL_LABEL = re.compile(rf"(\d+|[{NUMERAL_CHARACTERS}]+)\s*[+＋]\s*(\d+|[{NUMERAL_CHARACTERS}]+)")
CORRESPONDENCE = re.compile(r"[^，,。；、]{1,14}?(?:对接|对应|匹配|结对)")
DISTRIBUTING_WORD = re.compile(r"各|每(?![年月日天周学])")
UNBOUNDED_YEAR_WORDS = ("不少于", "不低于", "不超过", "不高于", "至少", "超过", "高于", "大约", "约")


def drop_non_targets(text: str, numbers: list, layout: TextLayout) -> list:
    """The numbers that are targets, in text order; the counts of a distributive statement get their
    distributed_over (module docstring)."""
    kept = [number for number in numbers if not is_named_number(text, number, layout)]
    breakdown = breakdown_indices(text, kept, layout)
    kept = [number for index, number in enumerate(kept) if index not in breakdown]
    paired = correspondence_indices(text, kept, layout)
    kept = [number for index, number in enumerate(kept) if index not in paired]
    return apply_distributors(text, kept, layout)


def is_named_number(text: str, candidate: Candidate, layout: TextLayout) -> bool:
    """Calendar years, unbounded year counts, slogans, titles and model descriptions."""
    return (is_calendar_year(candidate) or is_unbounded_years(text, candidate) or is_slogan(text, candidate)
            or inside_title(text, candidate.start) or is_model_description(text, candidate, layout))


def is_calendar_year(candidate: Candidate) -> bool:
    return candidate.unit == "年" and 1900 <= candidate.value <= 2100


def is_unbounded_years(text: str, candidate: Candidate) -> bool:
    """5年累计 / 3年跟踪调查: a window or a name; 3年以上 / 不少于3年: a bound that counts."""
    if candidate.unit != "年" or candidate.suffix_comparator:
        return False
    before = text[max(candidate.start - BOUND_WINDOW, 0):candidate.start]
    return not any(before.endswith(word) for word in UNBOUNDED_YEAR_WORDS)


def is_slogan(text: str, candidate: Candidate) -> bool:
    """“三个一”, 一次性 and Chinese numerals inside a short quotation are names, not quantities."""
    if not candidate.is_chinese or candidate.unit_class == "percent":
        return False
    following = text[candidate.unit_end:candidate.unit_end + 1]
    if following and (following in NUMERAL_CHARACTERS or following == "性"):
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
        clause_start = layout.clause_of(parenthesis.start).start
        before = [found for found in candidates[:index] if clause_start <= found.start < parenthesis.start]
        if len(inside) >= 2 and before and before[-1].unit == candidate.unit:
            skipped.update(inside)
    return skipped


def enclosing_parenthesis(text: str, position: int, layout: TextLayout) -> Span | None:
    """The （…） around position inside its clause, or None."""
    clause = layout.clause_of(position)
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


def correspondence_indices(text: str, candidates: list, layout: TextLayout) -> set:
    """1个专业（群）对接一个产业链: both numbers of a one-to-one pairing in one clause."""
    paired = set()
    for index, (first, second) in enumerate(zip(candidates, candidates[1:], strict=False)):
        if layout.clause_of(first.start) == layout.clause_of(second.start) \
                and CORRESPONDENCE.fullmatch(text, first.end, second.start):
            paired.update({index, index + 1})
    return paired


def apply_distributors(text: str, candidates: list, layout: TextLayout) -> list:
    """Drop the subject count of a distributive statement and set distributed_over on the counts after it."""
    kept, distributor = [], None
    for candidate in candidates:
        clause = layout.clause_of(candidate.start)
        if distributor is not None and layout.clause_of(distributor.start) == clause:
            candidate.distributed_over = distributor.value
        else:
            distributor = None
        if distributor is None and is_distributor(text, candidate, candidates, layout):
            distributor = candidate
            continue
        kept.append(candidate)
    return kept


def is_distributor(text: str, candidate: Candidate, candidates: list, layout: TextLayout) -> bool:
    """A count that opens its clause, or is followed by 各/每, with another count later in the same clause
    that is not a sibling of an enumeration (no 、 between them outside brackets)."""
    if candidate.unit_class != "count" or candidate.value_max is not None:
        return False
    clause = layout.clause_of(candidate.start)
    following = next((other for other in candidates if other.start > candidate.start), None)
    if following is None or following.start >= clause.end or following.unit_class not in ("count", "person_times"):
        return False
    between = top_level(text, candidate.end, following.start)
    if "、" in between:
        return False
    opens_clause = not text[clause.start:candidate.start].strip()
    return opens_clause or bool(DISTRIBUTING_WORD.search(between))


# --- 4. Reading the fields around a number ------------------------------------------------------------------

PREFIX_BOUND = re.compile(r"不少于|不低于|不超过|不高于|至少|超过|高于|达到|大约|(?<![制节签预])约")
PREFIX_COMPARATORS = {"不少于": ">=", "不低于": ">=", "至少": ">=", "超过": ">", "高于": ">",
                      "不超过": "<=", "不高于": "<=", "达到": "=", "大约": "~", "约": "~"}
FLIPPED_COMPARATORS = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}
ASPIRATION = re.compile(r"力争|争取|(?<![虚模草比])拟")
SENTENCE_ASPIRATION = re.compile(r"^(?:到\d{4}年[底末]?，?)?(?:力争|争取)")
YEAR_PHRASE = re.compile(r"(?<![\d—\-－～~至自从])(?P<year>(?:19|20)\d{2})\s*年(?!\s*(?:起|以来))")
LEADING_YEAR = re.compile(r"^\s*(?:到|至)\s*(?P<year>(?:19|20)\d{2})\s*年")
BRACKETED = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)")
PERIOD_PHRASE = re.compile(
    r"(?P<semester>每学期)"
    r"|(?P<year>每年度?|年均|全年|(?<![逐近今明去当往\d])年(?:培训|培养|招生))"
    rf"|(?P<window>(?P<window_years>\d+|[{NUMERAL_CHARACTERS}]+)年(?:内|累计))"
)
REGION_WIDE = re.compile(r"全[市县区省州旗][^，,。；]{0,12}?(?:共|达到|实现)|共计|合计|总计|总共")


@dataclass(frozen=True)
class Fields:
    comparator: str
    aspirational: bool
    target_year: int | None
    per_period: str | None
    window_years: int | None
    region_wide: bool
    clause_id: str


def read_fields(text: str, targets: list, layout: TextLayout, unit: dict) -> list:
    prefixes = prefix_comparators(text, targets, layout)
    deadline = None if unit.get("scope") == "parent" else optional_int(unit.get("deadline_year"))
    key = f"{unit.get('task_id') or unit['doc_id']}/{unit.get('field')}:{optional_int(unit.get('line_start'))}"
    fields = []
    for target, prefix in zip(targets, prefixes, strict=True):
        period, window = period_and_window(target, layout)
        fields.append(Fields(
            comparator=comparator(target, prefix), aspirational=is_aspirational(text, target, layout),
            target_year=target_year(text, target, layout, deadline), per_period=period, window_years=window,
            region_wide=bool(REGION_WIDE.search(layout.clause_before(target.start))),
            clause_id=f"{key}.{layout.clause_index(target.start)}"))
    return fields


def prefix_comparators(text: str, candidates: list, layout: TextLayout) -> list:
    """The comparator word before each number, shared along an enumeration (至少在8个专业、10个教学点)."""
    found = []
    for index, candidate in enumerate(candidates):
        clause = layout.clause_of(candidate.start)
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
    if ASPIRATION.search(text, layout.clause_of(candidate.start).start, candidate.start):
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


def period_and_window(candidate: Candidate, layout: TextLayout) -> tuple[str | None, int | None]:
    """(per_period, window_years) from the nearest period phrase before the number in its sentence."""
    phrases = list(PERIOD_PHRASE.finditer(layout.sentence_before(candidate.start)))
    if not phrases:
        return None, None
    nearest = phrases[-1]
    if nearest.lastgroup in ("window", "window_years"):
        years = number_value(nearest.group("window_years"))
        return None, int(years) if years else None
    return nearest.lastgroup, None


# --- 5. Assigning an indicator ------------------------------------------------------------------------------

LEVEL_ONLY = re.compile(r"[\u4e00-\u9fff]{0,4}级")
CJK_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
SHARED_NUMBER = "各"  # 遴选特色德育案例和思政课示范课各3个: each listed item gets the number
ITEM_JOINERS = re.compile(r"[、和与及]")
LEADING_VERB = re.compile(r"^(?:遴选|建设|建成|培育|打造|评选|推出|开展|形成)")


@dataclass(frozen=True)
class Context:
    """Words that may name what a number counts, and where they start (for raw_text)."""

    text: str
    start: int


def assign_indicators(text: str, targets: list, index: int, layout: TextLayout, codebook: Codebook) -> list:
    """[(indicator key or None, start of the words that named it)], one pair per row the number gives: one,
    or one per item of "A和B各N个"."""
    shared = shared_number_items(text, targets[index], layout)
    if shared:
        return [assign_indicator(targets[index], [context], codebook) for context in shared]
    return [assign_indicator(targets[index], indicator_contexts(text, targets, index, layout), codebook)]


def shared_number_items(text: str, candidate: Candidate, layout: TextLayout) -> list:
    """The items before 各 in "遴选A和B各3个" as contexts; [] when the number is not shared this way."""
    if text[candidate.start - 1:candidate.start] != SHARED_NUMBER:
        return []
    clause = layout.clause_of(candidate.start)
    words = LEADING_VERB.sub("", text[clause.start:candidate.start - 1])
    offset = candidate.start - 1 - len(words)
    pieces, start = [], 0
    for joiner in [*ITEM_JOINERS.finditer(words), None]:
        end = joiner.start() if joiner else len(words)
        if words[start:end].strip():
            pieces.append(Context(words[start:end], offset + start))
        start = joiner.end() if joiner else end
    return pieces if len(pieces) >= 2 else []


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


def assign_indicator(candidate: Candidate, contexts: list, codebook: Codebook) -> tuple:
    """(indicator key or None, start of the words that named it or None)."""
    fitting = [indicator for indicator in codebook.indicators
               if indicator.accepts(candidate.unit, candidate.unit_class)]
    for context in (context for context in contexts if codebook.may_name(context.text)):
        for indicator in fitting:
            if indicator.search(context.text):
                return indicator.key, context.start
    return None, None


# --- 6. Rows ------------------------------------------------------------------------------------------------

MIN_RAW_TEXT = 10  # a shorter clause gets the clause before it, so the reader sees the commitment


def metric_row(unit, text, layout, target: Candidate, fields: Fields, indicator, context_start,
               issuer_kind) -> dict:
    return {
        "doc_id": unit["doc_id"], "region_id": unit["region_id"], "task_id": optional_text(unit.get("task_id")),
        "scope": unit.get("scope"), "issuer_scope": issuer_scope(unit.get("scope"), issuer_kind),
        "field": unit.get("field"), "indicator": indicator,
        "value": target.value, "value_max": target.value_max, "unit": target.unit,
        "unit_class": target.unit_class, "comparator": fields.comparator, "aspirational": fields.aspirational,
        "target_year": fields.target_year, "per_period": fields.per_period, "window_years": fields.window_years,
        "distributed_over": target.distributed_over, "region_wide": fields.region_wide,
        "written": text[target.start:target.end].strip(),
        "raw_text": raw_text(text, target, layout, context_start), "clause_id": fields.clause_id,
        "line": line_of(target.start, unit.get("line_offsets"), unit.get("line_start")),
    }


def issuer_scope(scope: str | None, issuer_kind: str | None) -> str:
    """parent (restated higher-level target), institution (a college's own) or region (a government's own)."""
    if scope == "parent":
        return "parent"
    return "institution" if issuer_kind in INSTITUTION_ISSUERS else "region"


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


METRIC_TYPES = {"value": "Float64", "value_max": "Float64", "aspirational": "boolean", "target_year": "Int64",
                "window_years": "Int64", "distributed_over": "Float64", "region_wide": "boolean", "line": "Int64"}


def metrics_frame(rows: list) -> pd.DataFrame:
    return rows_frame(rows, METRIC_COLUMNS, METRIC_TYPES)


# --- Mentions: sentences naming an indicator, with or without a number ---------------------------------------

SNIPPET_RADIUS = 60


def indicator_mentions(text_units: pd.DataFrame, indicators: list[dict]) -> pd.DataFrame:
    """Every sentence that names an indicator, with or without a number: lets a page tell "mentions it
    without a number" from "no such commitment" by comparing with extract_metrics."""
    codebook = compile_indicators(indicators)
    rows = []
    for unit in unit_records(text_units):
        rows += unit_mentions(unit, codebook)
    return rows_frame(rows, MENTION_COLUMNS, {"line": "Int64"})


def unit_mentions(unit: dict, codebook: Codebook) -> list:
    text = unit.get("text") or ""
    if not isinstance(text, str) or not text:
        return []
    rows = []
    for sentence in TextLayout.of(text).sentences:
        sentence_text = text[sentence.start:sentence.end]
        for indicator in codebook.indicators if codebook.may_name(sentence_text) else ():
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
