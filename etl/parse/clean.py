"""General rules that undo Word/PDF conversion artefacts, applied line by line.

Every rule works on any document: bookmark anchors, Markdown emphasis, variant characters (table in
data/variant_characters.tsv), full-width letters and digits, stray spaces between Chinese characters and
half-width punctuation next to Chinese text. Rules never change the number of lines, so line numbers stay true.
"""

import re
from functools import lru_cache

from etl.paths import DATA_DIRECTORY

VARIANTS_PATH = DATA_DIRECTORY / "variant_characters.tsv"

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
EMPHASIS = re.compile(r"\*\*|__")
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
SPACE_BESIDE_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{CJK}])")
HALF_WIDTH_PUNCTUATION = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
PUNCTUATION_BESIDE_CJK = re.compile(rf"(?<=[{CJK}])[,;:()?!]|[,;:()?!](?=[{CJK}])")
TERMINAL_PUNCTUATION = "。！？；：!?;:"


@lru_cache(maxsize=1)
def variant_table() -> dict[int, str]:
    """Variant → standard character map for str.translate, read once from the data file."""
    table = {}
    for row in VARIANTS_PATH.read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            variant, standard = row.split("\t")[:2]
            table[ord(variant)] = standard
    return table


FULL_WIDTH_TO_ASCII = str.maketrans({chr(code): chr(code - 0xFEE0) for code in (
    *range(ord("０"), ord("９") + 1), *range(ord("Ａ"), ord("Ｚ") + 1), *range(ord("ａ"), ord("ｚ") + 1),
    *map(ord, "＋－％"))})


def full_width_to_ascii(text: str) -> str:
    """Full-width digits and Latin letters become ASCII so numbers parse; Chinese punctuation is kept."""
    return text.translate(FULL_WIDTH_TO_ASCII)


@lru_cache(maxsize=1 << 16)
def clean_line(text: str) -> str:
    """Clean one line of text; leading structure (a table TAB) must be split off by the caller first. Cached:
    layout detection, metadata and the parser read the same lines."""
    text = BOOKMARK.sub("", text)
    text = EMPHASIS.sub("", text)
    text = text.translate(variant_table())
    text = full_width_to_ascii(text)
    text = text.replace("\u3000", " ")
    text = SPACE_BESIDE_CJK.sub("", text)
    text = PUNCTUATION_BESIDE_CJK.sub(lambda match: HALF_WIDTH_PUNCTUATION[match.group()], text)
    text = SPACE_BESIDE_CJK.sub("", text)  # spaces next to punctuation that has just become full-width
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def clean_text(text: str) -> str:
    """Clean a multi-line string line by line (for text that did not come through a parser)."""
    return "\n".join(clean_line(line) for line in text.split("\n"))


def ends_sentence(text: str) -> bool:
    """True when text ends with punctuation that closes a sentence or a label, i.e. no page break inside."""
    stripped = text.rstrip("”’」』）)")
    return bool(stripped) and stripped[-1] in TERMINAL_PUNCTUATION


class TextBuilder:
    """Joins source lines into one cleaned text while remembering where each source line starts.

    The offsets let later stages (metrics) point at the exact source line of a number inside a long task.
    """

    def __init__(self):
        self.text = ""
        self.line_offsets: list[tuple[int, int]] = []

    def add(self, line_number: int, text: str, separator: str = "") -> None:
        if not text:
            return
        if self.text:
            self.text += separator
        self.line_offsets.append((len(self.text), line_number))
        self.text += text

    def extend(self, other: "TextBuilder", separator: str = "") -> None:
        """Append another builder's text, keeping its line offsets."""
        if not other.text:
            return
        if self.text:
            self.text += separator
        base = len(self.text)
        self.line_offsets += [(base + offset, line) for offset, line in other.line_offsets]
        self.text += other.text

    @property
    def line_start(self):
        return self.line_offsets[0][1] if self.line_offsets else None

    @property
    def line_end(self):
        return self.line_offsets[-1][1] if self.line_offsets else None

    def line_at(self, offset: int) -> int | None:
        """Source line of the character at offset."""
        line = self.line_start
        for start, number in self.line_offsets:
            if start > offset:
                break
            line = number
        return line
