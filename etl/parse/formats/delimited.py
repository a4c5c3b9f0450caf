"""Reader for delimited text: CSV, TSV and Excel's "Save as Text" (tab-delimited, often UTF-16).

The bytes are decoded by the plain-text reader (one place decides encodings and refuses what it cannot decode);
the delimiter is the one of TAB , ; | that splits the first records into the most rows of one width. Quoted
cells may hold line breaks (Alt+Enter in Excel): they become continuation lines of the cell. Each row's
source names the line of the file where it starts. A quote left open at the end (a cut-off file) is refused.
"""

import csv
import io
from collections import Counter

from etl.errors import SourceError
from etl.parse.formats import text
from etl.parse.formats.canonical import Cell, LinesBuilder, Row
from etl.parse.formats.document import ReadDocument

DELIMITERS = "\t,;|"
SAMPLE_RECORDS = 50


def read(data: bytes, path) -> ReadDocument:
    decoded = text.read(data, path)
    body = "\n".join(decoded.lines)
    delimiter = choose_delimiter(body)
    builder = LinesBuilder()
    builder.table(records(body, delimiter, path))
    if not builder.lines:
        raise SourceError(path, "the file holds no values")
    return builder.document("csv", decoded.encoding)


def choose_delimiter(body: str) -> str:
    """The delimiter giving the most sampled records of one common width of two or more cells."""
    def score(delimiter: str) -> int:
        reader = csv.reader(io.StringIO(body), delimiter=delimiter)
        widths = Counter()
        try:
            for _, record in zip(range(SAMPLE_RECORDS), reader, strict=False):
                if any(value.strip() for value in record):
                    widths[len(record)] += 1
        except csv.Error:
            return 0
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        return count if width >= 2 else 0

    scores = {delimiter: score(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: scores[delimiter])  # ties: the first listed
    return best if scores[best] else ","


def records(body: str, delimiter: str, path) -> list[Row]:
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=True)
    rows, line = [], 1
    try:
        for number, record in enumerate(reader, start=1):
            rows.append(Row([Cell.of(value) for value in record], number, {"line": line}))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SourceError(path, f"cannot split the file into cells ({error}): a quoted cell is not closed — "
                                f"is the file cut short?", line) from None
    return rows
