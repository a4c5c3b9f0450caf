"""Responsibility clauses as written, in every common form, turned into {role: [text as written]}.

- labelled: 〔责任单位：A、B〕, （牵头单位：A；配合单位：B、C）, a paragraph 配合单位：B, 牵头：A / 配合：B in a cell;
- unlabelled: （A、B负责）, （A会同B负责）, （A牵头，B配合）, （A牵头，B按职责分工负责）, （A、B） when every item is
  an agency;
- a sentence that ends the task, without brackets: 由A牵头，B、C配合。 / ……，由A负责。;
- markers: A（牵头）、B — the marked units lead, the others support.

Roles: lead, support, responsible (named without saying who leads) and `labelled_responsible` for a 责任单位
label, which etl/parse/roles.py resolves for the whole document (lead when the document pairs it with
supporting units, else responsible). Agency names are split later (etl/parse/agencies.py).
"""

import re
from dataclasses import dataclass, field

from etl.parse.agencies import is_collective, keep_collectives_whole, load_rules, split_on_separators
from etl.parse.vocabulary import load_vocabulary

OPENING, CLOSING = "（(〔[【", "）)〕]】"
TRAILING = "。；;.，, \u3000"
SEPARATOR_EDGES = "；;，,、。.： \u3000\n\t"
DEADLINE_LIKE = re.compile(r"(19|20)\d{2}年|\d{1,2}月|底前|年底|长期|持续|常态化|每年|每季度|每月")
LEAD_MARKER = re.compile(r"[（(](牵头|主责|牵头单位)[）)]$")
SUPPORT_MARKER = re.compile(r"[（(](配合|协办|参与|配合单位)[）)]$")
HEDGES = re.compile(r"(按职责分工|按照职责分工|按职能分工|按职责|分工|分别|共同|具体)$")
AGENCY_MAX_CHARS = 30

# Unlabelled forms, tried in order: (pattern, role of group 1, role of group 2)
UNLABELLED = (
    (re.compile(r"^(.+?)牵头(?:负责)?[，,；;、]?(.+?)(?:配合|参与|协助|协办)(?:负责|实施)?$"), "lead", "support"),
    (re.compile(r"^(.+?)负责[，,；;](.+?)(?:配合|参与|协助|协办)$"), "lead", "support"),
    (re.compile(r"^(.+?)牵头(?:负责)?[，,；;](.+?)(?:负责|落实)$"), "lead", "support"),  # B按职责分工负责
    (re.compile(r"^(.+?)会同(.+?)(?:负责|实施|落实|推进)?$"), "lead", "support"),
    (re.compile(r"^(.+?)牵头(?:负责|落实)?$"), "lead", None),
    (re.compile(r"^(.+?)负责(?:落实|实施)?$"), "responsible", None),
)


@dataclass
class Clause:
    """The roles a clause names ({role: [text as written]}), its deadline, and where it starts in the text."""

    roles: dict = field(default_factory=dict)
    deadline: str | None = None
    start: int = 0
    unbalanced: bool = False

    def add(self, role: str, value: str) -> None:
        value = value.strip(SEPARATOR_EDGES)
        if not value:
            return
        if role == "deadline":
            self.deadline = f"{self.deadline}；{value}" if self.deadline else value
        else:
            self.roles.setdefault(role, []).append(value)


def label_role(label: str) -> str:
    """lead | support | labelled_responsible | deadline for a label word."""
    role = load_vocabulary().label_roles[label]
    return "labelled_responsible" if role == "responsible" else role


TRAILING_BRACKET_GROUP = re.compile(r"[（(][^（）()]*[）)]$")


def looks_like_agency(item: str) -> bool:
    """A unit's name: short, no sentence punctuation, and ends like an agency (局, 委, 政府 …; a collective such
    as 各县（市、区） by the word before its bracket), so that 各牵头单位要… is no unit."""
    rules = load_rules()
    item = LEAD_MARKER.sub("", SUPPORT_MARKER.sub("", item))
    if not 3 <= len(item) <= AGENCY_MAX_CHARS or re.search(r"[。；;：:，,]", item):
        return False
    if is_collective(item, rules):
        item = TRAILING_BRACKET_GROUP.sub("", item)
    return item.endswith(rules.plausible_endings)


def all_agencies(text: str) -> bool:
    items = keep_collectives_whole(split_on_separators(text), load_rules())  # 各区、县级市 is one unit
    return bool(items) and all(looks_like_agency(item) for item in items)


def parse_labelled(text: str) -> Clause | None:
    """'牵头单位：A；配合单位：B、C  完成时限：…' → roles and deadline; None when text has no leading label."""
    matches = list(load_vocabulary().label.finditer(text))
    if not matches or text[: matches[0].start()].strip(SEPARATOR_EDGES):
        return None
    clause = Clause()
    for match, following in zip(matches, matches[1:] + [None], strict=True):
        value = text[match.end(): following.start() if following else len(text)]
        role = label_role(match.group(1))
        if role == "deadline":
            clause.add(role, value)
        else:
            for marked_role, marked in split_markers(value, role).items():
                clause.add(marked_role, marked)
    return clause


def parse_unlabelled(text: str, bare_list: bool = True) -> Clause | None:
    """（A、B负责） / （A会同B负责） / （A牵头，B配合） / （A、B） — None unless every unit looks like an agency.
    bare_list=False refuses the last form (a sentence that is only names is no clause outside brackets)."""
    text = text.strip(SEPARATOR_EDGES)
    for pattern, first_role, second_role in UNLABELLED:
        match = pattern.match(text)
        if not match:
            continue
        first = HEDGES.sub("", match.group(1).strip(SEPARATOR_EDGES))
        second = HEDGES.sub("", match.group(2).strip(SEPARATOR_EDGES)) if second_role else ""
        if all_agencies(first) and (not second_role or all_agencies(second)):
            clause = Clause()
            for role, value in split_markers(first, first_role).items():
                clause.add(role, value)
            if second_role:
                clause.add(second_role, second)
            return clause
    if bare_list and all_agencies(text):
        clause = Clause()
        for role, value in split_markers(text, "responsible").items():
            clause.add(role, value)
        return clause
    return None


def split_markers(text: str, role: str) -> dict[str, str]:
    """A（牵头）、B → {lead: A, support: B}; without markers {role: text} unchanged."""
    items = split_on_separators(text)
    if not any(LEAD_MARKER.search(item) for item in items):
        return {role: text}
    roles: dict[str, list] = {}
    for item in items:
        marked_role = "lead" if LEAD_MARKER.search(item) else "support"
        roles.setdefault(marked_role, []).append(LEAD_MARKER.sub("", SUPPORT_MARKER.sub("", item)))
    return {marked_role: "、".join(names) for marked_role, names in roles.items()}


def trailing_bracket(text: str) -> tuple[int, int, bool] | None:
    """(start, end, closed) of the bracket group that ends the text (nested brackets and mixed shapes allowed,
    〔…] included); an opening bracket followed by a label and never closed counts, with closed=False."""
    end = len(text.rstrip(TRAILING))
    if end and text[end - 1] in CLOSING:
        depth = 0
        for position in range(end - 1, -1, -1):
            char = text[position]
            depth += char in CLOSING
            depth -= char in OPENING
            if depth == 0:
                return position, end, True
        return None
    label = load_vocabulary().label
    for position in range(end - 1, -1, -1):
        if text[position] in OPENING and label.match(text, position + 1):
            return position, end, False
    return None


def inner(text: str, start: int, end: int, closed: bool) -> str:
    return text[start + 1: end - 1 if closed else end]


def clause_in_bracket(text: str, start: int, end: int, closed: bool) -> Clause | None:
    body = inner(text, start, end, closed)
    clause = parse_labelled(body) or parse_unlabelled(body)
    if clause:
        clause.start, clause.unbalanced = start, not closed
    return clause


def trailing_clause(text: str) -> Clause | None:
    """The responsibility clause that ends a task's text: a bracket (possibly followed by a deadline bracket),
    or an inline label after the last sentence (…。责任单位：A、B)."""
    bracket = trailing_bracket(text)
    if bracket:
        clause = clause_in_bracket(text, *bracket)
        if clause:
            return clause
        body = inner(text, *bracket)
        if DEADLINE_LIKE.search(body) and not all_agencies(body):
            earlier = trailing_bracket(text[: bracket[0]])
            clause = clause_in_bracket(text, *earlier) if earlier else None
            if clause:
                clause.deadline = body
                return clause
    return inline_label(text) or sentence_clause(text)


SENTENCE_ENDS = "。！？!?\n"


def sentence_clause(text: str) -> Clause | None:
    """An unbracketed clause that ends the task's last sentence: the whole sentence (由A牵头，B配合。 / A负责。) or
    its last part after a comma when that part starts with 由 (……，由A负责。); every unit must look like one."""
    body = text.rstrip(TRAILING)
    start = max(body.rfind(char) for char in SENTENCE_ENDS) + 1
    starts = [start] + [position + 1 for position in range(start, len(body)) if body[position] in "，,；;"
                        and body.startswith("由", position + 1)]
    for position in starts:
        clause = parse_unlabelled(body[position:].removeprefix("由"), bare_list=False)
        if clause and clause.roles:
            clause.start = position if position == start else position - 1  # the comma stays out of the task
            return clause
    return None


def inline_label(text: str) -> Clause | None:
    """A label that starts the text or follows a sentence end, with only labelled lists after it."""
    for match in load_vocabulary().label.finditer(text):
        if match.start() == 0 or text[match.start() - 1] in "。；;":
            clause = parse_labelled(text[match.start():])
            if clause and clause.roles:
                clause.start = match.start()
                return clause
    return None


def cell_roles(text: str, column_role: str) -> Clause:
    """A table cell of a responsibility column: labels inside it win (牵头：A 配合：B), then a clause that says
    the roles in words (A牵头，B配合 / A会同B负责), then markers, then the column's own role."""
    clause = parse_labelled(text)
    if clause and clause.roles:
        return clause
    clause = parse_unlabelled(text, bare_list=False)
    if clause and clause.roles and set(clause.roles) != {"responsible"}:
        return clause
    clause = Clause()
    for role, value in split_markers(text, column_role).items():
        clause.add(role, value)
    return clause
