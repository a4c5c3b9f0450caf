"""Plausibility checks of one document's parse, whatever its layout. A file cut short or a row lost shows as
a gap or a repeat in the task numbers, or as a last task without the responsibility clause the others have;
each becomes a warning (stage `check`) with its line, never a silent loss."""

from etl.parse.records import ParsedTask, ParseWarning

CHINESE_DIGITS = {character: value for value, character in enumerate("一二三四五六七八九", start=1)}


def number_value(number: str | None) -> int | None:
    """'14' → 14, '十四' → 14, '二十' → 20, '三' → 3 (1–99); None for anything else."""
    text = (number or "").strip()
    if text.isascii() and text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return CHINESE_DIGITS.get(text)
    if (tens and tens not in CHINESE_DIGITS) or (ones and ones not in CHINESE_DIGITS):
        return None
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)


def check_numbering(tasks: list[ParsedTask]) -> list[ParseWarning]:
    """Numbers of each kind of item should count up by one; a restart at 1 (a new section) is fine."""
    warnings = []
    for kind in dict.fromkeys(task.kind for task in tasks):
        previous = None
        for task in (task for task in tasks if task.kind == kind):
            value = number_value(task.number)
            if value is None:
                continue
            if previous is not None and value != previous + 1 and not (value == 1 and previous != 1):
                warnings.append(ParseWarning(task.line_start, numbering_message(kind, previous, value), "check"))
            previous = value
    return warnings


def numbering_message(kind: str, previous: int, value: int) -> str:
    if value > previous:
        missing = f"{previous + 1}" if value == previous + 2 else f"{previous + 1}–{value - 1}"
        return f"{kind} numbers jump from {previous} to {value}: {kind} {missing} not found; check the file here"
    return f"{kind} number {value} follows {previous}: numbered twice or out of order; check the file here"


def has_responsibility(task: ParsedTask) -> bool:
    return any("".join(lines).strip() for lines in task.responsibility.values())


def check_last_task(tasks: list[ParsedTask]) -> list[ParseWarning]:
    """The last task lacking the responsibility clause most tasks have: the file may be cut short."""
    own = [task for task in tasks if task.kind == "task"]
    with_clause = sum(map(has_responsibility, own))
    if len(own) < 2 or has_responsibility(own[-1]) or with_clause < len(own) / 2:
        return []
    return [ParseWarning(own[-1].line_start, f"the last task ({own[-1].number}) has no responsibility clause, "
                                             f"while {with_clause} of {len(own)} tasks have one: is the file cut "
                                             "short?", "check")]


def check_tasks(tasks: list[ParsedTask]) -> list[ParseWarning]:
    return check_numbering(tasks) + check_last_task(tasks)
