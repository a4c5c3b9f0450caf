"""Layout `prose_bracketed`: numbered tasks `N. title。content〔责任单位：…〕` under sections and groups."""

import re

from etl.parse.layouts.prose import ProseWalker, build_paragraphs
from etl.parse.records import ParseResult, ParseWarning

BRACKETED_RESPONSIBILITY = re.compile(r"[〔\[【（(](责任单位|责任部门|牵头单位)：([^〔〕\[\]【】]*)[〕\]】）)]?\s*$")


def attach_bracketed_responsibility(task, warnings) -> None:
    """Move the trailing 〔责任单位：…〕 out of the content into the task's lead responsibility."""
    match = BRACKETED_RESPONSIBILITY.search(task.content)
    if not match:
        if task.kind == "task":
            warnings.append(ParseWarning(task.line_start, f"task {task.number}: no 〔责任单位：…〕 found"))
        return
    task.responsibility.setdefault("lead", []).append(match.group(2))
    task.content = task.content[: match.start()].rstrip()


def parse(lines: list[str], source: dict) -> ParseResult:
    warnings: list = []
    paragraphs = build_paragraphs(lines, warnings)
    result = ProseWalker(source, attach_bracketed_responsibility).walk(paragraphs)
    result.warnings[:0] = warnings
    return result
