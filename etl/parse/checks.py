"""Plausibility checks that keep a parse from being silently wrong (etl_warnings stage `check`): gaps and repeats in task numbering, a task much longer
than its siblings (it may have swallowed the next one), a task without responsibility, and agency names that
cannot be names (a label glued on, unbalanced brackets, a sentence, an over-long name)."""

import re
from statistics import median

from etl.parse.agencies import is_collective, load_rules
from etl.parse.numbering import chinese_value
from etl.parse.records import ParsedTask, ParseWarning
from etl.parse.vocabulary import load_vocabulary

LONG_TASK_FACTOR = 3
LONG_TASK_MIN_CHARS = 400
AGENCY_MAX_CHARS = 25
SENTENCE = re.compile(r"[。；;！？，,]|(负责|配合|参与|牵头|落实|实施)$")
NUMBER_TEXT = re.compile(r"^[（(]?([0-9]+|[一二三四五六七八九十百零〇]+)[）)]?$")


def number_value(number: str | None) -> int | None:
    """'12' → 12, '（十二）' → 12, '二十四' → 24; None for anything else."""
    match = NUMBER_TEXT.match(number or "")
    if not match:
        return None
    digits = match.group(1)
    return int(digits) if digits.isdigit() else chinese_value(digits)


def numbering_warnings(tasks) -> list[ParseWarning]:
    """Within one parent (section and group), numbers should rise by one; a new parent may restart at 1."""
    warnings, previous = [], None
    for task in (task for task in tasks if task.kind == "task"):
        value, parent = number_value(task.number), (task.section, task.group_title)
        if value is None:
            continue
        if previous is not None:
            last, last_parent = previous
            allowed = {last + 1} | ({1} if parent != last_parent else set())
            if value not in allowed:
                code = "number_gap" if value > last + 1 else "number_repeat"
                warnings.append(ParseWarning(task.line_start, numbering_message(task.kind, last, value),
                                             stage="check", code=code))
        previous = (value, parent)
    return warnings


def numbering_message(kind: str, previous: int, value: int) -> str:
    if value > previous:
        missing = f"{previous + 1}" if value == previous + 2 else f"{previous + 1}–{value - 1}"
        return f"{kind} numbers jump from {previous} to {value}: {kind} {missing} not found; check the file here"
    return f"{kind} number {value} follows {previous}: numbered twice or out of order; check the file here"


def length_warnings(tasks) -> list[ParseWarning]:
    lengths = [len(task.content) for task in tasks if task.kind == "task"]
    if len(lengths) < 3:
        return []
    limit = max(LONG_TASK_FACTOR * median(lengths), LONG_TASK_MIN_CHARS)
    return [ParseWarning(task.line_start, f"task {task.number}: {len(task.content)} characters, over {limit:.0f} "
                                          "(may hold the next task)", stage="check", code="long_task")
            for task in tasks if task.kind == "task" and len(task.content) > limit]


def responsibility_warnings(tasks) -> list[ParseWarning]:
    """A task without any responsible unit, when the document names units for its other tasks."""
    own = [task for task in tasks if task.kind == "task"]
    if not any(task.responsibility for task in own):
        return []
    return [ParseWarning(task.line_start, f"task {task.number}: no responsible unit found", stage="check",
                         code="no_responsibility")
            for task in own[:-1] if not task.responsibility]  # the last one: check_last_task


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
                                             "short?", stage="check", code="last_task_without_clause")]


def check_tasks(tasks) -> list[ParseWarning]:
    """Plausibility checks of one document's tasks, whatever its layout (stage `check`)."""
    return numbering_warnings(tasks) + length_warnings(tasks) + responsibility_warnings(tasks) + check_last_task(tasks)


def balanced(name: str) -> bool:
    depth = 0
    for char in name:
        depth += char in "（(〔[【"
        depth -= char in "）)〕]】"
        if depth < 0:
            return False
    return depth == 0


def implausible_reasons(name: str) -> list[str]:
    """Why a split agency name cannot be a unit's name (empty when it can): label, unbalanced, sentence, long."""
    reasons = []
    if load_vocabulary().label.search(name) or re.search(r"单位[：:]|部门[：:]", name):
        reasons.append("label")
    if not balanced(name):
        reasons.append("unbalanced")
    if SENTENCE.search(name):
        reasons.append("sentence")
    if len(name) > AGENCY_MAX_CHARS:
        reasons.append("long")
    rules = load_rules()
    if not name.rstrip("）)").endswith(rules.plausible_endings) and not is_collective(name, rules):
        reasons.append("ending")
    return reasons
