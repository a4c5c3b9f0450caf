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
        if current and (not text or starts_structure(text) or ends_paragraph(current[-1][1])):
            paragraphs.append(current)
            current = []
        if text:
            current.append((number, text))
    if current:
        paragraphs.append(current)
    return paragraphs


def ends_paragraph(text: str) -> bool:
    """A finished sentence, a heading, or a closing bracket (a responsibility clause ends its paragraph)."""
    return ends_sentence(text) or is_heading(text) or text[-1] in "）)〕]】"


def build_paragraphs(lines: list[str], warnings: list) -> list[Paragraph]:
    """Rebuild paragraphs, joining those split by a page break."""
    paragraphs: list[Paragraph] = []
    for pieces in raw_paragraphs(lines):
        first_line, first_text = pieces[0]
        previous = paragraphs[-1] if paragraphs else None
        if previous and not ends_paragraph(previous.text) and not starts_structure(first_text) \
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
