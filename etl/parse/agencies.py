"""Split responsibility fields into agencies, the way a reader of Chinese official documents would.

`市教育局、人社局` names 市人社局; `中宁、海原县人民政府` names two county governments; `市、县人民政府教育督导室`
names two offices; collective names (各市, 各县（区）人民政府, 各乡镇) stay one agency. Aliases, endings, functions
and levels come from data/agencies.yaml so a researcher can extend them without touching code.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.paths import DATA_DIRECTORY

RULES_PATH = DATA_DIRECTORY / "agencies.yaml"
SEPARATORS = "、，,；;／/"
LEVEL_WORD = re.compile(r"^(.{0,4}?)(县|市|区)(.+)$")


@dataclass(frozen=True)
class AgencyRules:
    level_prefixes: tuple
    name_endings: tuple
    department_endings: tuple
    standalone_names: frozenset
    standalone_patterns: tuple
    collective_patterns: tuple
    collective_level_words: tuple
    collective_followers: tuple
    plausible_endings: tuple
    aliases: dict
    functions: tuple
    levels: tuple


@lru_cache(maxsize=4)
def load_rules(path=RULES_PATH) -> AgencyRules:
    """Read the agency rules once; patterns are compiled here so splitting stays fast."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return AgencyRules(
        level_prefixes=tuple(sorted(data["level_prefixes"], key=len, reverse=True)),
        name_endings=tuple(data["name_endings"]),
        department_endings=tuple(data["department_endings"]),
        standalone_names=frozenset(data["standalone_names"]),
        standalone_patterns=tuple(re.compile(p) for p in data["standalone_patterns"]),
        collective_patterns=tuple(re.compile(p) for p in data["collective_patterns"]),
        collective_level_words=tuple(sorted(data["collective_level_words"], key=len, reverse=True)),
        collective_followers=tuple(re.compile(p) for p in data["collective_followers"]),
        plausible_endings=tuple(data["plausible_endings"]),
        aliases=dict(data["aliases"]),
        functions=tuple((re.compile(f["pattern"]), f["function"]) for f in data["functions"]),
        levels=tuple((re.compile(f["pattern"]), f["level"]) for f in data["levels"]),
    )


def join_cell_lines(lines: list[str], rules: AgencyRules) -> str:
    """Join the lines of a responsibility cell: a break after a complete name separates two agencies,
    a break inside a name (省教 / 育厅) is a page or cell wrap and is closed up."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text and text[-1] not in SEPARATORS and line[0] not in SEPARATORS and text.endswith(rules.name_endings):
            text += "、"
        text += line
    return text


def split_on_separators(text: str) -> list[str]:
    """Split on list separators that are not inside brackets (各县（区）人民政府 stays whole)."""
    items, current, depth = [], "", 0
    for char in text:
        if char in "（(〔[":
            depth += 1
        elif char in "）)〕]":
            depth = max(depth - 1, 0)
        if char in SEPARATORS and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip().removesuffix("等").strip() for item in items if item.strip().removesuffix("等").strip()]


def is_collective(name: str, rules: AgencyRules | None = None) -> bool:
    rules = rules or load_rules()
    return any(pattern.search(name) for pattern in rules.collective_patterns)


def keep_collectives_whole(items: list[str], rules: AgencyRules) -> list[str]:
    """各区、县级市人民政府 / 各县、市、区: a 各 followed by bare level words is one collective, though split on 、."""
    merged: list[str] = []
    for item in items:
        previous = merged[-1] if merged else ""
        if previous.startswith("各") and ends_with_level_word(previous, rules) \
                and item.startswith(rules.collective_level_words):
            merged[-1] = f"{previous}、{item}"
        else:
            merged.append(item)
    return merged


def ends_with_level_word(item: str, rules: AgencyRules) -> bool:
    """各区 / 各区、县级市 / 各县、市: nothing after the level words yet, so the next item may continue it."""
    rest = item[1:]
    for part in rest.split("、"):
        if part not in rules.collective_level_words:
            return False
    return True


def level_prefix(name: str, rules: AgencyRules) -> str:
    """The level prefix a name starts with (省, 市委, 县 …), or ''."""
    return next((prefix for prefix in rules.level_prefixes if name.startswith(prefix) and len(name) > len(prefix)), "")


LEVEL_WORDS = ("省", "市", "县", "区")
BARE_PLACE_MAX_CHARS = 3


def is_bare_place(item: str, rules: AgencyRules, places=()) -> bool:
    """A level word (市) or a place name without an institution (中宁): it borrows the next item's suffix."""
    if item in LEVEL_WORDS or item in places:
        return True
    return (len(item) <= BARE_PLACE_MAX_CHARS and not is_collective(item, rules)
            and not item.endswith(rules.name_endings + ("专", "校")))


def expand_shared_suffix(items: list[str], rules: AgencyRules, places=()) -> list[str]:
    """中宁、海原县人民政府 → 中宁县人民政府、海原县人民政府; 市、县人民政府教育督导室 → two offices."""
    expanded = list(items)
    for index in range(len(expanded) - 2, -1, -1):
        item, following = expanded[index], expanded[index + 1]
        if not is_bare_place(item, rules, places):
            continue
        match = LEVEL_WORD.match(following)
        if not match or not match.group(3).endswith(rules.name_endings):
            continue
        place, level_word, rest = match.groups()
        if item in LEVEL_WORDS:
            expanded[index] = item + rest
        else:
            expanded[index] = item + ("" if item.endswith(level_word) else level_word) + rest
    return expanded


def inherit_prefixes(items: list[str], rules: AgencyRules, local_prefix: str, places) -> list[str]:
    """A bare department (人社局) takes the level prefix of the item before it, or the region's own prefix."""
    result, previous_prefix, previous_collective = [], "", ""
    for item in items:
        own_prefix = level_prefix(item, rules)
        if is_collective(item, rules):
            previous_collective = item[:1] if item.startswith("各") else ""
            result.append(item)
            continue
        if previous_collective and any(p.search(item) for p in rules.collective_followers):
            item = previous_collective + item
        elif not own_prefix and needs_prefix(item, rules, places):
            item = (previous_prefix or local_prefix) + item
            own_prefix = level_prefix(item, rules)
        if own_prefix:
            previous_prefix = own_prefix.removesuffix("委") if own_prefix.endswith("委") else own_prefix
        result.append(item)
    return result


def needs_prefix(item: str, rules: AgencyRules, places) -> bool:
    if item in rules.standalone_names or any(item.startswith(place) for place in places) \
            or any(pattern.search(item) for pattern in rules.standalone_patterns):
        return False
    return item.endswith(rules.department_endings) or item in rules.aliases


def canonical_name(name: str, rules: AgencyRules) -> str:
    """Merge aliases: whole name first, then the name without its level prefix (市人社局 → 市人力资源和社会保障局)."""
    if name in rules.aliases:
        return rules.aliases[name]
    prefix = level_prefix(name, rules)
    base = name[len(prefix):]
    if prefix and base in rules.aliases:
        return prefix + rules.aliases[base]
    return name


def split_responsibility(text_or_lines, local_prefix="市", places=(), inherit=True, rules: AgencyRules | None = None):
    """Return [(raw_name, canonical_name)] for one responsibility field, in the order written.

    raw_name is the item as written (after cleaning); canonical_name is what a reader understands by it:
    shared prefixes and suffixes supplied, aliases merged. `inherit=False` is for a college's own offices,
    which have no level prefix to inherit.
    """
    rules = rules or load_rules()
    lines = text_or_lines if isinstance(text_or_lines, list) else str(text_or_lines or "").split("\n")
    written = keep_collectives_whole(split_on_separators(join_cell_lines(lines, rules)), rules)
    items = expand_shared_suffix(written, rules, places)
    if inherit:
        items = inherit_prefixes(items, rules, local_prefix, places)
    return [(raw, canonical_name(item, rules)) for raw, item in zip(written, items, strict=True)]


def classify(name: str, admin_level: str, role: str | None = None, rules: AgencyRules | None = None):
    """(function, level) of a canonical agency name; the college's own offices are internal units."""
    rules = rules or load_rules()
    if role == "implementer" and name not in rules.standalone_names:
        return "internal_unit", "internal_unit"
    if role == "implementer":
        return "school", "institution"
    function = next((f for pattern, f in rules.functions if pattern.search(name)), "other")
    level = next((lv for pattern, lv in rules.levels if pattern.search(name)), "local")
    return function, admin_level if level == "local" else level
