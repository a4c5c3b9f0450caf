"""Paragraphs rebuilt from canonical lines, with or without blank lines between them.

A line that starts a structure (an item number, a responsibility label, a bullet, back matter) always opens a
paragraph; other lines continue the paragraph above them (Word's "Save as .txt" puts one paragraph a line and
no blank lines). A page break in a text export is a blank line in the middle of a sentence (or a word): a
paragraph that does not end a sentence, is not a heading, and is followed by one that does not start a new
structure, is joined to it; a character repeated across the break (职 / 职业) is dropped once, with a warning.

Text copied out of a PDF is hard-wrapped: every line of a paragraph but its last is as wide as the page. When
most lines share one display width, a line of that width never ends a paragraph by looking like a heading.
Lines that are only a page number (— 3 —, 第3页) are dropped wherever they fall. A bracket opened and not yet
closed keeps its paragraph open (a （ at a line's end, a label line inside it, a ） alone on the next line),
unless an item number starts the next line.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from unicodedata import east_asian_width

from etl.parse.clean import TextBuilder, clean_line, ends_sentence
from etl.parse.numbering import read_marker
from etl.parse.records import ParseWarning
from etl.parse.vocabulary import load_vocabulary

BULLET = re.compile(r"^(——|[-•·])")
LIST_MAX_CHARS = 80
HEADING_MAX_CHARS = 40
OPENING_BRACKETS, CLOSING_BRACKETS = "（(〔【[", "）)〕】]"
BRACKET = re.compile(f"[{re.escape(OPENING_BRACKETS + CLOSING_BRACKETS)}]")
WRAPPED_MIN_LINES = 8      # hard-wrapping is judged on at least this many prose lines
WRAPPED_MIN_WIDTH = 30     # display columns (15 Chinese characters): narrower lines are no page width
WRAPPED_SHARE = 0.4        # share of the prose lines that reach the page width


@dataclass
class Paragraph:
    builder: TextBuilder

    @property
    def text(self) -> str:
        return self.builder.text


def is_heading(text: str) -> bool:
    """A short numbered heading such as 一、指导思想 or （一）落实立德树人根本任务 (no sentence inside)."""
    return bool(read_marker(text)) and len(text) <= HEADING_MAX_CHARS and "。" not in text[:-1]


def starts_label(text: str) -> bool:
    match = load_vocabulary().label.match(text)
    return bool(match)


def is_back_matter(text: str) -> bool:
    return bool(load_vocabulary().back_matter.search(text))


def starts_structure(text: str) -> bool:
    return bool(read_marker(text) or starts_label(text) or BULLET.match(text) or is_back_matter(text))


def is_page_number(text: str) -> bool:
    return bool(load_vocabulary().page_number.match(text))


class CharacterWidths(dict):
    """{character: its display columns}, each character looked up once."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 2 if east_asian_width(char) in "WF" else 1
        return width


CHARACTER_WIDTHS = CharacterWidths()


def display_width(text: str) -> int:
    """Columns a line takes on a page: Chinese characters and full-width punctuation two, ASCII one."""
    return sum(map(CHARACTER_WIDTHS.__getitem__, text))


def wrap_width(texts: list[str]) -> int | None:
    """The page width of hard-wrapped text: the display width most lines reach (within two columns), when at
    least WRAPPED_SHARE of the prose lines reach it; None for one paragraph a line."""
    widths = [display_width(text) for text in texts if text and not text.startswith("\t")]
    if len(widths) < WRAPPED_MIN_LINES:
        return None
    counts = Counter(widths)
    width = max(counts, key=lambda w: (sum(counts[v] for v in range(w - 2, w + 1)), w))
    reaching = sum(counts[v] for v in range(width - 2, width + 1))
    return width if width >= WRAPPED_MIN_WIDTH and reaching >= WRAPPED_SHARE * len(widths) else None


def bracket_depth(text: str, depth: int = 0) -> int:
    """Brackets opened and not closed after text, when `depth` were open before it (a closing bracket
    without an opening one is ignored)."""
    for char in BRACKET.findall(text):
        depth = depth + 1 if char in OPENING_BRACKETS else max(depth - 1, 0)
    return depth


def holds_open(open_brackets: int, following: str) -> bool:
    """A bracket still open at the end of the paragraph (open_brackets of them) takes the next line, unless an
    item number starts it; a line that is only closing brackets (and a full stop) belongs to the bracket
    before it."""
    if following.strip("".join(CLOSING_BRACKETS) + "。；;，,") == "":
        return True
    return open_brackets > 0 and read_marker(following) is None


def raw_paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Blank lines, structure lines, headings and finished sentences at a line end separate paragraphs; each
    keeps its (line number, cleaned text) pairs. Page-number lines are left out."""
    return [list(pieces) for pieces in paragraph_pieces(tuple(lines))]


@lru_cache(maxsize=2)  # layout detection and then the prose parser read the same lines
def paragraph_pieces(lines: tuple[str, ...]) -> tuple[tuple[tuple[int, str], ...], ...]:
    texts = [clean_line(line) for line in lines]
    width = wrap_width(texts)
    paragraphs, current, open_brackets = [], [], 0  # brackets left open by the lines of `current`
    for number, text in enumerate(texts, start=1):
        if text and is_page_number(text):
            continue
        if current and not (text and holds_open(open_brackets, text)):
            full = width is not None and display_width(current[-1][1]) >= width - 2
            if not text or starts_structure(text) or not continues(current[-1][1], text, full):
                paragraphs.append(current)
                current, open_brackets = [], 0
        if text:
            current.append((number, text))
            open_brackets = bracket_depth(text, open_brackets)
    if current:
        paragraphs.append(current)
    return tuple(tuple(pieces) for pieces in paragraphs)


def continues(previous: str, following: str, full_line: bool = False) -> bool:
    """Whether `following` goes on with `previous` (a wrapped line or a page break): not after a finished
    sentence, a heading (unless `previous` is a full line of hard-wrapped text) or a closing bracket (a
    responsibility clause ends its paragraph); after a label paragraph only when what follows is more of the
    list (配合单位：… 旅游和 / 文体广电局、农业农村局), never a sentence, and never after a deadline label."""
    if ends_sentence(previous) or (is_heading(previous) and not full_line) or previous[-1] in "）)〕]】":
        return False
    labels = list(load_vocabulary().label.finditer(previous))
    if labels and labels[0].start() == 0:
        if load_vocabulary().label_roles[labels[-1].group(1)] == "deadline":
            return False
        return len(following) <= LIST_MAX_CHARS and not re.search(r"[。！？]", following)
    return True


def build_paragraphs(lines: list[str], warnings: list) -> list[Paragraph]:
    """Rebuild paragraphs, joining those split by a page break."""
    paragraphs: list[Paragraph] = []
    for pieces in raw_paragraphs(lines):
        first_line, first_text = pieces[0]
        previous = paragraphs[-1] if paragraphs else None
        if previous and blank_before(lines, first_line) and (
                holds_open(bracket_depth(previous.text), first_text)
                or continues(previous.text, first_text) and not starts_structure(first_text)):
            if previous.text[-1] == first_text[0] and "\u4e00" <= first_text[0] <= "\u9fff":
                warnings.append(ParseWarning(first_line, f"character {first_text[0]} repeated across a page "
                                                         "break; kept once", "page_break_repeat"))
                pieces = [(first_line, first_text[1:])] + pieces[1:]
            builder = previous.builder
        else:
            builder = TextBuilder()
            paragraphs.append(Paragraph(builder))
        for number, text in pieces:
            builder.add(number, text)
    return paragraphs


def blank_before(lines: list[str], line_number: int) -> bool:
    """A page break shows as a blank line (page-number lines around it aside); without one the previous
    paragraph simply ended there."""
    index = line_number - 2
    while index >= 0 and lines[index].strip() and is_page_number(clean_line(lines[index])):
        index -= 1
    return index >= 0 and not lines[index].strip()
