"""The plain records a layout parser returns: tasks, goal paragraphs and warnings, with source lines."""

from dataclasses import dataclass, field


@dataclass
class ParsedTask:
    """One task as the document states it; responsibility fields are kept as written (lists of lines)."""

    number: str | None
    kind: str
    section: str | None
    group_title: str | None
    title: str | None
    content: str
    line_start: int
    line_end: int
    content_offsets: list = field(default_factory=list)
    local_measures: str | None = None
    local_measures_offsets: list = field(default_factory=list)
    local_target: str | None = None
    local_target_offsets: list = field(default_factory=list)
    responsibility: dict = field(default_factory=dict)  # role -> list of lines as written
    deadline_text: str | None = None
    responsibility_line: int | None = None  # where the responsibility clause (or its first label) is


@dataclass
class ParsedGoal:
    section: str
    text: str
    line_start: int
    line_end: int
    line_offsets: list = field(default_factory=list)


@dataclass
class ParseWarning:
    """A problem a reader should look at: the line, a short code (for the pages' catalogue) and the facts."""

    line: int | None
    message: str
    code: str = "parse"
    stage: str = "parse"  # etl_warnings.stage: parse (the layout) or check (plausibility checks)


@dataclass
class ParseResult:
    tasks: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    responsibility_convention: str | None = None  # read from the text (e.g. 列第一位者为牵头单位) or the manifest
    document: object = None  # the ReadDocument parsed (canonical lines, encoding, sha256), set by parse_document
