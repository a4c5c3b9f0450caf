"""Roles as written, settled for the whole document once its tasks are read (every layout calls `finish`).

- A 责任单位 label (`labelled_responsible`) beside a 牵头单位 label of the same task names the units that work
  with the lead: `support`. Otherwise it means `lead` when the document pairs it with supporting units
  (责任单位 + 配合单位 somewhere in the list), else `responsible`: the list names units without saying who leads.
- A document convention such as 列第一位者为牵头单位 (found in the text, or `responsibility_convention:
  first_listed_leads` in the manifest) makes the first unit of an undifferentiated list `lead`, the others
  `support`.
"""

from etl.parse.agencies import join_cell_lines, load_rules, split_on_separators
from etl.parse.checks import check_tasks
from etl.parse.clean import clean_line
from etl.parse.records import ParseResult
from etl.parse.vocabulary import load_vocabulary

ROLE_ORDER = ("lead", "support", "responsible", "implementer")
CONVENTIONS = ("first_listed_leads", "as_written")  # as_written: ignore a convention found in the text


def detect_convention(lines: list[str]) -> str | None:
    """The responsibility convention the document states, if any (patterns in data/layout_words.yaml)."""
    text = "".join(clean_line(line) for line in lines)
    for name, pattern in load_vocabulary().conventions.items():
        if pattern.search(text):
            return name
    return None


def pairs_with_support(tasks) -> bool:
    return any("labelled_responsible" in task.responsibility and "support" in task.responsibility
               for task in tasks)


def settle_labels(responsibility: dict, labelled_as: str) -> dict:
    """labelled_responsible → lead or responsible (support beside a lead), roles in a fixed order (lead
    first)."""
    merged: dict = {}
    if "lead" in responsibility:
        labelled_as = "support"
    for role, values in responsibility.items():
        merged.setdefault(labelled_as if role == "labelled_responsible" else role, []).extend(values)
    return {role: merged[role] for role in ROLE_ORDER if role in merged}


def first_listed_leads(responsibility: dict) -> dict:
    """An undifferentiated list (only `responsible`) → its first unit leads, the others support."""
    if set(responsibility) != {"responsible"}:
        return responsibility
    items = split_on_separators(join_cell_lines(responsibility["responsible"], load_rules()))
    if not items:
        return responsibility
    settled = {"lead": [items[0]]}
    if items[1:]:
        settled["support"] = ["、".join(items[1:])]
    return settled


def finish(result: ParseResult, lines: list[str], source: dict) -> ParseResult:
    """Settle roles for the whole document and add the document-level warnings."""
    convention = source.get("responsibility_convention") or detect_convention(lines)
    convention = None if convention == "as_written" else convention
    labelled_as = "lead" if pairs_with_support(result.tasks) else "responsible"
    for task in result.tasks:
        task.responsibility = settle_labels(task.responsibility, labelled_as)
        if convention == "first_listed_leads":
            task.responsibility = first_listed_leads(task.responsibility)
    result.responsibility_convention = convention
    result.warnings += check_tasks(result.tasks)
    return result
