"""Layout `prose_labelled`: numbered tasks, each followed by 责任单位： / 配合单位： / 完成时限： paragraphs."""

from etl.parse.layouts.prose import ProseWalker, build_paragraphs, paragraph_label
from etl.parse.records import ParseResult, ParseWarning


def no_inline_responsibility(task, warnings) -> None:
    """Responsibility comes in the label paragraphs that follow; nothing to take from the task paragraph."""


def attach_label(task, paragraph, warnings) -> None:
    label, role, values = paragraph_label(paragraph)
    if role == "deadline":
        if task.deadline_text:
            warnings.append(ParseWarning(paragraph.builder.line_start, f"task {task.number}: second {label}"))
        task.deadline_text = values[0]
    else:
        task.responsibility.setdefault(role, []).extend(values)
    task.line_end = paragraph.builder.line_end


def parse(lines: list[str], source: dict) -> ParseResult:
    warnings: list = []
    paragraphs = build_paragraphs(lines, warnings)
    result = ProseWalker(source, no_inline_responsibility, attach_label).walk(paragraphs)
    for task in result.tasks:
        if task.kind == "task" and "lead" not in task.responsibility:
            result.warnings.append(ParseWarning(task.line_start, f"task {task.number}: no 责任单位 given"))
    result.warnings[:0] = warnings
    return result
