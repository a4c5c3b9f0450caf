"""Layout `prose`: numbered items in running text, under any numbering hierarchy (一、 （一） 1. （1） ①).

The task level is the numbering level whose items carry responsibility clauses (a trailing bracket or label
paragraphs after them); without any clause, the deepest level whose items have body text. Levels above it are
the section (outermost) and group headings; levels below it are part of the task. A manifest may force the
level with `task_numbering` (e.g. "1." or "（一）").

A task is its numbered paragraph plus the unnumbered paragraphs after it, until its responsibility clause
(〔责任单位：…〕, （A、B负责）, a 配合单位： paragraph …) or the next item. Items above the task level that carry a
title and a body are safeguards inside a safeguard section (保障), goal text inside a goal section (目标), and
otherwise not stored (reported when they come after the first task); the task-level items of a safeguard
section where none names a responsible unit are safeguards too. Back matter (抄送：…, 附件) ends the list only after its first task: a
notice before the list ends with 附件.
"""

import re
from dataclasses import dataclass

from etl.parse.clean import TextBuilder
from etl.parse.numbering import KINDS, rank_of, read_marker
from etl.parse.paragraphs import Paragraph, build_paragraphs, is_back_matter, is_heading
from etl.parse.records import ParsedGoal, ParsedTask, ParseResult, ParseWarning
from etl.parse.responsibility import Clause, parse_labelled, trailing_clause
from etl.parse.roles import finish

TITLE_MAX_CHARS = 40


def split_title(text: str) -> tuple[str | None, str]:
    """'优化专业布局。按照…' → ('优化专业布局', '按照…'); no full stop early on → no title."""
    position = text.find("。")
    if 0 < position <= TITLE_MAX_CHARS:
        return text[:position], text[position + 1:]
    return None, text


def label_clause(text: str) -> Clause | None:
    """A paragraph that is a responsibility or deadline label (配合单位：… / 完成时限：…)."""
    clause = parse_labelled(text)
    return clause if clause and (clause.roles or clause.deadline) else None


@dataclass
class LevelCount:
    items: int = 0
    with_clause: int = 0
    with_body: int = 0


def count_levels(paragraphs: list[Paragraph]) -> dict[str, LevelCount]:
    """Per numbering kind: items, items whose extent holds a responsibility clause, and items with body text
    (not a bare heading). An item extends to the next item of its own or an outer rank, so a clause after the
    sub-points 1. 2. 3. of a task （一） closes both the task and its last sub-point."""
    counts = {kind: LevelCount() for kind in KINDS}
    open_items: list[list] = []  # [kind, has_clause], outermost first
    for paragraph in paragraphs + [None]:
        marker = read_marker(paragraph.text) if paragraph else None
        if paragraph is None or marker or is_back_matter(paragraph.text):
            rank = marker.rank if marker else -1
            while open_items and rank_of(open_items[-1][0]) >= rank:
                kind, has_clause = open_items.pop()
                counts[kind].with_clause += has_clause
            if marker:
                open_items.append([marker.kind, False])
                counts[marker.kind].items += 1
                counts[marker.kind].with_body += not is_heading(paragraph.text)
        if open_items and paragraph and (label_clause(paragraph.text) or trailing_clause(paragraph.text)):
            for item in open_items:
                item[1] = True
    return {kind: count for kind, count in counts.items() if count.items}


def choose_task_level(paragraphs: list[Paragraph]) -> tuple[str | None, dict[str, LevelCount]]:
    """The numbering kind of the tasks: the level whose items are closed by the most clauses; when an outer
    level is closed by as many (the clause ends the last sub-point of each task), the one with fewer items
    left without a clause, then the deeper. Without any clause, the deepest level with two or more items that
    have body text."""
    counts = count_levels(paragraphs)
    with_clause = {kind: count for kind, count in counts.items() if count.with_clause}
    if with_clause:
        return max(with_clause, key=lambda kind: (with_clause[kind].with_clause,
                                                  with_clause[kind].with_clause / with_clause[kind].items,
                                                  rank_of(kind))), counts
    bodied = [kind for kind, count in counts.items() if count.with_body >= 2]
    return (max(bodied, key=rank_of) if bodied else None), counts


class ProseWalker:
    """Walks paragraphs, tracking section and group, and gathers each task's paragraphs and clause."""

    def __init__(self, source: dict, task_kind: str, heading_kinds: list[str]):
        self.goal_pattern = re.compile(source.get("goal_section_pattern") or "目标")
        self.safeguard_pattern = re.compile(source.get("safeguard_section_pattern") or "保障")
        self.task_kind, self.task_rank = task_kind, rank_of(task_kind)
        self.section_kind = heading_kinds[0] if heading_kinds else None
        self.result = ParseResult()
        self.section = self.group = None
        self.task: ParsedTask | None = None
        self.builder: TextBuilder | None = None
        self.body_offset = 0
        self.closed = True
        self.in_goals = self.in_safeguards = self.ended = False

    def walk(self, paragraphs: list[Paragraph]) -> ParseResult:
        for paragraph in paragraphs:
            self.visit(paragraph)
        self.close_task()
        self.mark_safeguards()
        return self.result

    def mark_safeguards(self) -> None:
        """Task-level items of a safeguard section (保障措施: （一）加强组织领导 …) are safeguards when none of
        them names a responsible unit; a section where some do holds tasks."""
        sections: dict = {}
        for task in self.result.tasks:
            if task.kind == "task" and task.section and self.safeguard_pattern.search(task.section):
                sections.setdefault(task.section, []).append(task)
        for tasks in sections.values():
            if not any(task.responsibility for task in tasks):
                for task in tasks:
                    task.kind = "safeguard"

    def visit(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        marker = read_marker(text)
        if self.ended:
            if not is_back_matter(text):
                self.unattached(paragraph)
        elif is_back_matter(text) and (self.result.tasks or self.task):  # before the list: 附件 of a notice
            self.close_task()
            self.unattached(paragraph)
            self.ended = True
        elif marker and marker.rank < self.task_rank:
            self.visit_upper_level(paragraph, marker)
        elif self.in_goals:
            self.add_goal(paragraph)
        elif marker and marker.kind == self.task_kind:
            self.open_task(paragraph, marker, "task")
        elif label_clause(text) and self.task is not None:
            self.attach_label(paragraph, label_clause(text))
        elif self.task is not None and not self.closed:
            self.continue_task(paragraph)
        else:
            self.unattached(paragraph)

    def visit_upper_level(self, paragraph: Paragraph, marker) -> None:
        title, body = split_title(marker.rest)
        if is_heading(paragraph.text) or not body:
            self.close_task()
            heading = (title or marker.rest).rstrip("。")
            if marker.kind == self.section_kind:
                self.section, self.group = paragraph.text, None
                self.in_goals = bool(self.goal_pattern.search(paragraph.text))
                self.in_safeguards = bool(self.safeguard_pattern.search(paragraph.text))
            else:
                self.group = heading
        elif self.in_goals:
            self.add_goal(paragraph)
        elif self.in_safeguards and title:
            self.open_task(paragraph, marker, "safeguard", group=None)
        else:
            self.close_task()
            self.unattached(paragraph)

    def open_task(self, paragraph: Paragraph, marker, kind: str, group="current") -> None:
        self.close_task()
        title, body = split_title(marker.rest)
        self.task = ParsedTask(number=marker.number, kind=kind, section=self.section,
                               group_title=self.group if group == "current" else group, title=title, content="",
                               line_start=paragraph.builder.line_start, line_end=paragraph.builder.line_end)
        self.builder = TextBuilder()
        self.builder.extend(paragraph.builder)
        self.body_offset = len(paragraph.text) - len(body)
        self.closed = False
        self.take_clause()

    def continue_task(self, paragraph: Paragraph) -> None:
        self.builder.extend(paragraph.builder, "\n")
        self.task.line_end = paragraph.builder.line_end
        self.take_clause()

    def take_clause(self) -> None:
        """A clause at the end of the task's text closes it: later plain paragraphs are not part of it."""
        clause = trailing_clause(self.builder.text[self.body_offset:])
        if clause:
            start = self.body_offset + clause.start
            self.record_clause(clause, self.builder.line_at(start))
            self.builder.text = self.builder.text[:start].rstrip()
            self.closed = True

    def attach_label(self, paragraph: Paragraph, clause: Clause) -> None:
        self.record_clause(clause, paragraph.builder.line_start)
        self.task.line_end = paragraph.builder.line_end
        self.closed = True

    def record_clause(self, clause: Clause, line: int) -> None:
        for role, values in clause.roles.items():
            self.task.responsibility.setdefault(role, []).extend(values)
        if clause.deadline:
            if self.task.deadline_text:
                self.warn(line, f"task {self.task.number}: second deadline {clause.deadline}", "second_deadline")
            else:
                self.task.deadline_text = clause.deadline
        if clause.roles and self.task.responsibility_line is None:
            self.task.responsibility_line = line
        if clause.unbalanced:
            self.warn(line, f"task {self.task.number}: responsibility bracket not closed", "unbalanced_bracket")

    def close_task(self) -> None:
        if self.task is None:
            return
        task, builder = self.task, self.builder
        task.content = builder.text[self.body_offset:].strip()
        task.content_offsets = shift_offsets(builder, self.body_offset, len(builder.text))
        self.result.tasks.append(task)
        self.task, self.builder, self.closed = None, None, True

    def add_goal(self, paragraph: Paragraph) -> None:
        builder = paragraph.builder
        self.result.goals.append(ParsedGoal(self.section, paragraph.text, builder.line_start, builder.line_end,
                                            builder.line_offsets))

    def unattached(self, paragraph: Paragraph) -> None:
        if self.result.tasks or self.task is not None:
            self.warn(paragraph.builder.line_start, f"text not attached to any task, not stored: "
                                                    f"{paragraph.text[:40]}", "unattached_text")

    def warn(self, line, message, code) -> None:
        self.result.warnings.append(ParseWarning(line, message, code))


def shift_offsets(builder: TextBuilder, cut: int, end: int) -> list[tuple[int, int]]:
    """Offsets of builder.text[cut:end] (the task's text after its number and title)."""
    shifted = [(offset - cut, line) for offset, line in builder.line_offsets if cut < offset < end]
    return [(0, builder.line_at(cut))] + shifted


def heading_kinds(counts: dict, task_kind: str) -> list[str]:
    """Numbering kinds above the task level, outermost first."""
    return sorted((kind for kind in counts if rank_of(kind) < rank_of(task_kind)), key=rank_of)


def parse(lines: list[str], source: dict) -> ParseResult:
    warnings: list = []
    paragraphs = build_paragraphs(lines, warnings)
    task_kind, counts = choose_task_level(paragraphs)
    task_kind = source.get("task_numbering") or task_kind
    if task_kind is None:
        return ParseResult(warnings=warnings)
    result = ProseWalker(source, task_kind, heading_kinds(counts, task_kind)).walk(paragraphs)
    result.warnings[:0] = warnings
    return finish(result, lines, source)


def level_summary(counts: dict) -> str:
    """'1.: 17 items, 17 with a clause; （一）: 10 items' — evidence for the import preview."""
    parts = []
    for kind, count in sorted(counts.items(), key=lambda item: rank_of(item[0])):
        parts.append(f"{kind} {count.items} items, {count.with_clause} with a responsibility clause")
    return "; ".join(parts)

