"""What the two prose layouts share: paragraphs rebuilt across page breaks, and the section/group/task walk.

A page break in these exports is a blank line in the middle of a sentence (or a word). A paragraph that does
not end a sentence, is not a heading, and is followed by one that does not start a new structure, is joined
to it; a character repeated across the break (职 / 职业) is dropped once, with a warning.
"""

import re
from dataclasses import dataclass

from etl.parse.clean import TextBuilder, clean_line, ends_sentence
from etl.parse.records import ParsedGoal, ParsedTask, ParseResult, ParseWarning

CHINESE_NUMERAL = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{CHINESE_NUMERAL}]+)、(.+)$")
GROUP = re.compile(rf"^（([{CHINESE_NUMERAL}]+)）(.+)$")
TASK = re.compile(r"^(\d{1,3})[.．、](?!\d)(.+)$")
LABEL = re.compile(r"^(责任单位|责任部门|牵头单位|配合单位|协办单位|参与单位|完成时限|完成时间)：(.*)$")
BULLET = re.compile(r"^(——|[-•·])")
BACK_MATTER = re.compile(r"^(抄送|印发|主送|附件)：|印发$")
HEADING_MAX_CHARS = 40
LABEL_ROLES = {"责任单位": "lead", "责任部门": "lead", "牵头单位": "lead", "配合单位": "support",
               "协办单位": "support", "参与单位": "support", "完成时限": "deadline", "完成时间": "deadline"}


@dataclass
class Paragraph:
    builder: TextBuilder

    @property
    def text(self):
        return self.builder.text


def is_heading(text: str) -> bool:
    """Short section or group headings such as 一、指导思想 or （一）落实立德树人根本任务."""
    return bool(SECTION.match(text) or GROUP.match(text)) and len(text) <= HEADING_MAX_CHARS and "。" not in text[:-1]


def starts_structure(text: str) -> bool:
    return bool(SECTION.match(text) or GROUP.match(text) or TASK.match(text) or LABEL.match(text)
                or BULLET.match(text) or BACK_MATTER.match(text))


def raw_paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Blank lines separate paragraphs; each paragraph keeps its (line number, cleaned text) pairs."""
    paragraphs, current = [], []
    for number, line in enumerate(lines, start=1):
        text = clean_line(line)
        if text:
            current.append((number, text))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def build_paragraphs(lines: list[str], warnings: list) -> list[Paragraph]:
    """Rebuild paragraphs, joining those split by a page break."""
    paragraphs: list[Paragraph] = []
    for pieces in raw_paragraphs(lines):
        first_line, first_text = pieces[0]
        previous = paragraphs[-1] if paragraphs else None
        if previous and not ends_sentence(previous.text) and not is_heading(previous.text) \
                and not starts_structure(first_text):
            if previous.text[-1] == first_text[0] and "\u4e00" <= first_text[0] <= "\u9fff":
                warnings.append(ParseWarning(first_line, f"character {first_text[0]} repeated across a page "
                                                         "break; kept once"))
                pieces = [(first_line, first_text[1:])] + pieces[1:]
            builder = previous.builder
        else:
            builder = TextBuilder()
            paragraphs.append(Paragraph(builder))
        for number, text in pieces:
            builder.add(number, text)
    return paragraphs


def split_title(text: str) -> tuple[str | None, str]:
    """'优化专业布局。按照…' → ('优化专业布局', '按照…'); no full stop early on → no title."""
    position = text.find("。")
    if 0 < position <= HEADING_MAX_CHARS:
        return text[:position], text[position + 1:]
    return None, text


class ProseWalker:
    """Walks paragraphs, tracking section and group, and hands task paragraphs to the layout's hooks."""

    def __init__(self, source: dict, task_paragraph, label_paragraph=None):
        self.goal_pattern = re.compile(source.get("goal_section_pattern") or "目标")
        self.safeguard_pattern = re.compile(source.get("safeguard_section_pattern") or "保障")
        self.task_paragraph = task_paragraph
        self.label_paragraph = label_paragraph
        self.result = ParseResult()
        self.section = self.group = self.task = None
        self.in_goals = self.in_safeguards = False
        self.unattached: dict[str, list] = {}
        self.sections_with_items: set = set()

    def walk(self, paragraphs: list[Paragraph]) -> ParseResult:
        for paragraph in paragraphs:
            self.visit(paragraph)
        for section, items in self.unattached.items():
            if section in self.sections_with_items:
                for line, text in items:
                    self.result.warnings.append(ParseWarning(line, f"text not attached to any task, not stored: "
                                                                   f"{text[:40]}"))
        return self.result

    def visit(self, paragraph: Paragraph) -> None:
        text, builder = paragraph.text, paragraph.builder
        if SECTION.match(text) and is_heading(text):
            self.section, self.group, self.task = text, None, None
            self.in_goals = bool(self.goal_pattern.search(text))
            self.in_safeguards = bool(self.safeguard_pattern.search(text))
        elif self.section is None:
            return
        elif self.in_goals:
            self.result.goals.append(ParsedGoal(self.section, text, builder.line_start, builder.line_end,
                                                builder.line_offsets))
        elif GROUP.match(text):
            self.visit_group(paragraph)
        elif TASK.match(text):
            self.visit_task(paragraph)
        elif LABEL.match(text) and self.task is not None and self.label_paragraph:
            self.label_paragraph(self.task, paragraph, self.result.warnings)
        else:
            self.unattached.setdefault(self.section, []).append((builder.line_start, text))

    def visit_group(self, paragraph: Paragraph) -> None:
        number, rest = GROUP.match(paragraph.text).groups()
        title, body = split_title(rest)
        if body and title and self.in_safeguards:
            self.task = None
            self.add_task(paragraph, number, "safeguard", title, len(paragraph.text) - len(body))
        elif body and title:
            self.unattached.setdefault(self.section, []).append((paragraph.builder.line_start, paragraph.text))
        else:
            self.group, self.task = (title or rest).rstrip("。"), None

    def visit_task(self, paragraph: Paragraph) -> None:
        number, rest = TASK.match(paragraph.text).groups()
        title, body = split_title(rest)
        self.task = self.add_task(paragraph, number, "task", title, len(paragraph.text) - len(body))
        self.task_paragraph(self.task, self.result.warnings)

    def add_task(self, paragraph: Paragraph, number, kind, title, body_offset) -> ParsedTask:
        builder = paragraph.builder
        task = ParsedTask(number=number, kind=kind, section=self.section, group_title=self.group, title=title,
                          content=builder.text[body_offset:], line_start=builder.line_start,
                          line_end=builder.line_end, content_offsets=shift_offsets(builder, body_offset))
        self.result.tasks.append(task)
        self.sections_with_items.add(self.section)
        return task


def shift_offsets(builder: TextBuilder, cut: int) -> list[tuple[int, int]]:
    """Offsets of the text after its first `cut` characters (the task's number and title)."""
    shifted = [(max(offset - cut, 0), line) for offset, line in builder.line_offsets]
    kept = [(offset, line) for offset, line in shifted if offset > 0]
    first_line = builder.line_at(cut)
    return [(0, first_line)] + kept


def paragraph_label(paragraph: Paragraph) -> tuple[str, str, list[str]]:
    """(label, role, value lines) of a 责任单位： / 配合单位： / 完成时限： paragraph."""
    label, value = LABEL.match(paragraph.text).groups()
    return label, LABEL_ROLES[label], [value]
