"""Layout detection: which parser reads a document, with which options, how sure, and why.

`detect_layout(lines)` tries both general layouts on the canonical lines:
- table: a header row whose cells carry known words (序号, 任务内容, 责任单位 …), mapped to fields; the more
  cells are known and the more numbered rows follow, the surer;
- prose: numbered items; the task level is the one whose items carry responsibility clauses; the surer, the
  larger the share of task-level items with a clause (a list without any clause scores low).
The layout with more tasks read (weighted by confidence) wins. Options are manifest fields: `columns` for a
table, `task_numbering` for prose, `responsibility_convention` when the text states one.
"""

from dataclasses import dataclass, field

from etl.errors import SourceError
from etl.parse.layouts import prose, table
from etl.parse.paragraphs import build_paragraphs
from etl.parse.roles import detect_convention

NO_CLAUSE_CONFIDENCE = 0.4


@dataclass
class Detection:
    layout: str | None
    confidence: float
    evidence: list = field(default_factory=list)
    options: dict = field(default_factory=dict)
    tasks: int = 0
    candidates: dict = field(default_factory=dict)  # layout -> its own Detection, for a forced layout


def detect_table(lines: list[str]) -> Detection:
    header = table.find_header(lines, None)
    if header is None:
        return Detection(None, 0.0, ["no table header row found"])
    end, cells = header
    names = [cell.text for cell in cells]
    fields = table.map_header(names)
    rows = table.read_rows(lines, end, len(fields), structured=False)
    fields = table.settle_name_columns(fields, [row for row in rows if isinstance(row, list)])
    kinds = [table.classify_row(row, fields) for row in rows]
    task_rows, sections = kinds.count("task"), kinds.count("section")
    known = sum(field_name != "ignore" for field_name in fields) / len(fields)
    mapped = "content" in fields
    confidence = round(known * (1.0 if task_rows >= 3 else 0.5) * (1.0 if mapped else 0.3), 2)
    evidence = [f"header row at line {cells[0].line}: " + ", ".join(f"{name}→{field_name}" for name, field_name
                                                                    in zip(names, fields, strict=True)),
                f"{task_rows} numbered rows, {sections} section rows"]
    if not mapped:
        evidence.append("no task-content column among the header cells")
    columns = [{"name": name, "field": field_name} for name, field_name in zip(names, fields, strict=True)]
    return Detection("table", confidence, evidence, {"columns": columns}, task_rows)


def detect_prose(lines: list[str]) -> Detection:
    paragraphs = build_paragraphs(lines, [])
    task_kind, counts = prose.choose_task_level(paragraphs)
    if task_kind is None:
        return Detection(None, 0.0, ["no numbered items found"])
    level = counts[task_kind]
    confidence = level.with_clause / level.items if level.with_clause else NO_CLAUSE_CONFIDENCE
    evidence = [f"numbering levels: {prose.level_summary(counts)}",
                f"tasks are the {task_kind} items ({level.items})"]
    return Detection("prose", round(confidence, 2), evidence, {"task_numbering": task_kind}, level.items)


def detect_layout(lines: list[str]) -> Detection:
    """The best layout for these canonical lines; layout None when neither finds tasks."""
    candidates = [detect_table(lines), detect_prose(lines)]
    found = {candidate.layout: candidate for candidate in candidates if candidate.layout}
    if not found:
        return Detection(None, 0.0, [line for candidate in candidates for line in candidate.evidence])
    best = max(found.values(), key=lambda candidate: (candidate.tasks * candidate.confidence,
                                                      candidate.layout == "table"))
    best.candidates = found
    convention = detect_convention(lines)
    if convention:
        best.options["responsibility_convention"] = convention
        best.evidence.append(f"the text states a responsibility convention: {convention}")
    return best


def confidence_in(detection: Detection, layout: str) -> float:
    """How sure detection is of `layout` (a forced one may differ from its pick; the old names count as theirs)."""
    general = {"prose_bracketed": "prose", "prose_labelled": "prose", "tab_table": "table"}.get(layout, layout)
    candidate = detection.candidates.get(general)
    return candidate.confidence if candidate else 0.0


def require_layout(detection: Detection, path) -> Detection:
    if detection.layout is None:
        raise SourceError(path, "no task list recognised: neither a task table (a header row with 序号, 任务内容, "
                                "责任单位 …) nor numbered items (一、 （一） 1. …) were found; "
                                + "; ".join(detection.evidence))
    return detection
