"""Item numbers of Chinese official documents: 一、 （一） 1. （1） ①, their conventional rank and their value.

GB/T 9704 (党政机关公文格式) orders the levels 一、 > （一） > 1. > （1）; ① comes below. A document may use any of
them as its task level and skip others, so the rank tells which of two levels is the outer one.
"""

import re
from dataclasses import dataclass

DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_NUMBER = "[一二三四五六七八九十百零〇]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# kind -> (pattern of the marker at the start of a paragraph, rank: smaller is outer)
MARKERS = {
    "一、": (re.compile(rf"^({CHINESE_NUMBER})[、．.](?!\d)"), 0),
    "（一）": (re.compile(rf"^（({CHINESE_NUMBER})）"), 1),
    "1.": (re.compile(r"^(\d{1,3})(?:[.．、](?![\d%])|\s(?=[^\d\s]))"), 2),
    "（1）": (re.compile(r"^（(\d{1,3})）"), 3),
    "1）": (re.compile(r"^(\d{1,3})）"), 3),
    "①": (re.compile(rf"^([{CIRCLED}])"), 4),
}
KINDS = tuple(MARKERS)


@dataclass(frozen=True)
class Marker:
    kind: str       # one of KINDS
    number: str     # as printed, without the trailing 、 or . but keeping brackets: 一, （一）, 12, （3）, ①
    value: int      # its value: 一 → 1, （十二） → 12, ③ → 3
    rest: str       # the text after the marker

    @property
    def rank(self) -> int:
        return MARKERS[self.kind][1]


def chinese_value(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105 (enough for item numbers)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGIT_VALUES[char]
    return total + current


def read_marker(text: str) -> Marker | None:
    """The item marker a paragraph starts with, or None."""
    for kind, (pattern, _) in MARKERS.items():
        match = pattern.match(text)
        if not match:
            continue
        digits = match.group(1)
        if kind in ("一、", "（一）"):
            value = chinese_value(digits)
        elif kind == "①":
            value = CIRCLED.index(digits) + 1
        else:
            value = int(digits)
        number = match.group(0).rstrip("、．. ") if kind in ("一、", "1.") else match.group(0)
        return Marker(kind, number, value, text[match.end():].lstrip())
    return None


def rank_of(kind: str) -> int:
    return MARKERS[kind][1]
