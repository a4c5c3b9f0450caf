"""docs/schema.md documents every table and every column that etl/schema.py TABLES creates.

A table is documented by a Markdown heading that names it (e.g. `## tasks` or ``## `tasks` — one row per task``);
each of its columns must appear as a whole word in that heading's section (up to the next heading of the same or a
higher level).
"""

import re
from pathlib import Path

import pytest

from etl.schema import TABLES

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def word(name: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def sections(text: str) -> list[tuple[str, str]]:
    """(heading text, section body) for every heading, the body running to the next heading of level <= its own."""
    lines = text.split("\n")
    headings = [(index, len(match.group(1)), match.group(2)) for index, line in enumerate(lines)
                if (match := HEADING.match(line))]
    result = []
    for position, (index, level, title) in enumerate(headings):
        end = next((other for other, other_level, _ in headings[position + 1:] if other_level <= level), len(lines))
        result.append((title, "\n".join(lines[index + 1:end])))
    return result


def table_section(text: str, table: str) -> str | None:
    pattern = word(table)
    found = [body for title, body in sections(text) if pattern.search(title)]
    return "\n".join(found) if found else None


def schema_text() -> str:
    assert SCHEMA_DOC.exists(), "docs/schema.md is missing: it must document every table in etl/schema.py TABLES"
    return SCHEMA_DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("table", list(TABLES))
def test_table_and_columns_documented(table):
    section = table_section(schema_text(), table)
    assert section is not None, f"docs/schema.md has no heading naming the table {table!r}"
    missing = [column for column in TABLES[table] if not word(column).search(section)]
    assert not missing, f"docs/schema.md, table {table}: columns not documented: {missing}"


def test_section_finder_on_a_sample():
    """The checker itself: a table is found by its heading, and a column named only elsewhere does not count."""
    sample = ("# Schema\n\n## `tasks` — one row per task\n\n| column | type |\n|---|---|\n| task_id | VARCHAR |\n\n"
              "### Notes\n\nseq is the order.\n\n## goals\n\ngoal_id, text\n")
    tasks = table_section(sample, "tasks")
    assert tasks is not None and word("task_id").search(tasks) and word("seq").search(tasks)
    assert not word("goal_id").search(tasks)
    assert table_section(sample, "task_agencies") is None
    assert not word("task").search("task_id")
