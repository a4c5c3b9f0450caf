"""Registry of layouts: each layout is one module with a pure `parse(lines, source) -> ParseResult`.

Two general parsers read every layout seen so far: `prose` (numbered items under any numbering hierarchy,
responsibility in brackets or label paragraphs) and `table` (a task table, columns mapped from the header).
etl/parse/detect.py picks one for a document. The names of the first three layouts stay as aliases so that
existing manifests still build. Adding a layout = one module, one entry here, one fixture under
tests/fixtures/<layout>/.
"""

from etl.parse.layouts import prose, table

PARSERS = {
    "prose": prose.parse,
    "table": table.parse,
    # earlier names, kept for existing manifests
    "prose_bracketed": prose.parse,
    "prose_labelled": prose.parse,
    "tab_table": table.parse,
}
