"""Registry of layouts: each layout is one module with a pure `parse(lines, source) -> ParseResult`.

Adding a layout = one module, one entry here, one fixture under tests/fixtures/<layout>/.
"""

from etl.parse.layouts import prose_bracketed, prose_labelled, tab_table

PARSERS = {
    "prose_bracketed": prose_bracketed.parse,
    "prose_labelled": prose_labelled.parse,
    "tab_table": tab_table.parse,
}
