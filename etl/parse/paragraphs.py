"""Paragraphs rebuilt from canonical lines, with or without blank lines between them.

A line that starts a structure (an item number, a responsibility label, a bullet, back matter) always opens a
paragraph; other lines continue the paragraph above them (Word's "Save as .txt" puts one paragraph a line and
no blank lines). A page break in a text export is a blank line in the middle of a sentence (or a word): a
paragraph that does not end a sentence, is not a heading, and is followed by one that does not start a new
structure, is joined to it; a character repeated across the break (职 / 职业) is dropped once, with a warning.
"""

import re
from dataclasses import dataclass

from etl.parse.clean import TextBuilder, clean_line, ends_sentence
from etl.parse.numbering import read_marker
from etl.parse.records import ParseWarning
from etl.parse.vocabulary import load_vocabulary

BULLET = re.compile(r"^(——|[-•·])")
LIST_MAX_CHARS = 80
HEADING_MAX_CHARS = 40


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


def raw_paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Blank lines, structure lines, headings and finished sentences at a line end separate paragraphs; each
    keeps its (line number, cleaned text) pairs."""
    paragraphs, current = [], []
    for number, line in enumerate(lines, start=1):
        text = clean_line(line)
        if current and (not text or starts_structure(text) or not continues(current[-1][1], text)):
            paragraphs.append(current)
            current = []
        if text:
            current.append((number, text))
    if current:
        paragraphs.append(current)
    return paragraphs


def continues(previous: str, following: str) -> bool:
    """Whether `following` goes on with `previous` (a wrapped line or a page break): not after a finished
    sentence, a heading or a closing bracket (a responsibility clause ends its paragraph); after a label
    paragraph only when what follows is more of the list (配合单位：… 旅游和 / 文体广电局、农业农村局), never a
    sentence, and never after a deadline label."""
    if ends_sentence(previous) or is_heading(previous) or previous[-1] in "）)〕]】":
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
        if previous and continues(previous.text, first_text) and not starts_structure(first_text) \
                and blank_before(lines, first_line):
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
    """A page break shows as a blank line; without one the previous paragraph simply ended there."""
    return line_number >= 2 and not lines[line_number - 2].strip()
