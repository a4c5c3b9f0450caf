"""Reader for PDF files with a text layer (pdfplumber): prose re-joined into paragraphs, ruled tables as grids.

pdfplumber gives visual lines; a paragraph ends where the next line is indented, where the line before it
stops short of the right margin, where the next line opens with a heading label (一、 （二） 3. 第四条 ①) or after
a vertical gap. Running page numbers (— 3 —, 第3页 共10页) are dropped; a paragraph may run over a page break.
Ruled tables (find_tables) become grids; a cell pdfplumber returns as None is covered by a merged cell, from the
left when the cell to its left reaches over it, else from above. A table continued on the next page with the
same columns stays one table.

Refused, with what to do: an encrypted PDF (password needed), a PDF without text (scanned: needs OCR), a
garbled text layer ((cid:n) glyphs, mojibake). A scanned page inside a text PDF is a warning.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from statistics import median

from etl.errors import SourceError
from etl.parse.formats.canonical import Cell, LinesBuilder, Row, clean_text, join_wrapped
from etl.parse.formats.document import ReadDocument
from etl.parse.formats.pdf_quality import fix_cjk_compat, is_garbled

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # CJK fonts flood the log with "Could not get FontBBox"

HEADING = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十]+[、.．]|"
                     r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|[①-⑳])")
PAGE_NUMBER = re.compile(r"^[\s\-—－–_]*\d{1,4}[\s\-—－–_]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
INDENT_EM, SHORT_LINE_EM, GAP_EM = 0.8, 1.5, 1.2
END_MARKER_WINDOW = 2048


@dataclass
class PageContent:
    number: int
    characters: int
    lines: list = field(default_factory=list)  # pdfplumber text lines outside tables: text, x0, x1, top, bottom
    tables: list = field(default_factory=list)  # (top, [Row]) per ruled table


def read(data: bytes, path) -> ReadDocument:
    if b"%%EOF" not in data[-END_MARKER_WINDOW:]:  # pdfminer would read what it can of a cut file, silently
        raise SourceError(path, "the PDF ends without its end marker (%%EOF): the file was cut short (an "
                                "interrupted download?); fetch it again")
    pages = read_pages(data, path)
    if not any(page.characters for page in pages):
        raise SourceError(path, f"the PDF has no text layer ({len(pages)} page(s) of images, probably scanned): "
                                f"it needs OCR first, or use the original Word/WPS file")
    reason = is_garbled(all_text(pages))
    if reason:
        raise SourceError(path, f"the PDF's text layer is garbled ({reason}): its fonts do not say which "
                                f"characters they draw. Use the original Word/WPS file, or OCR the PDF")
    return assemble(pages)


def read_pages(data: bytes, path) -> list[PageContent]:
    import pdfplumber  # here, not at the top: a build without PDFs does not wait for it
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page_content(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise SourceError(path, "the PDF is encrypted (a password is needed to open it): remove the "
                                    "password or print it to a new PDF, then add that file") from None
        raise SourceError(path, f"damaged PDF ({cause}): was the download cut short?") from None
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise SourceError(path, f"damaged PDF ({type(error).__name__}: {error})") from None


def page_content(page, number: int) -> PageContent:
    content = PageContent(number, len(page.chars))
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj) -> bool:
        return not any(x0 - 1 <= obj.get("x0", 0) and obj.get("x1", 0) <= x1 + 1 and top - 1 <= obj.get("top", 0)
                       and obj.get("bottom", 0) <= bottom + 1 for x0, top, x1, bottom in boxes)

    for line in page.filter(outside_tables).extract_text_lines(return_chars=False):
        text = clean_text(fix_cjk_compat(line["text"]))
        if text and not PAGE_NUMBER.match(text):
            content.lines.append(dict(line, text=text))
    content.tables = [(table.bbox[1], table_rows(table)) for table in tables]
    return content


def all_text(pages: list[PageContent]) -> str:
    prose = "".join(line["text"] for page in pages for line in page.lines)
    cells = "".join(text for page in pages for _, rows in page.tables for row in rows
                    for cell in row.cells for text in cell.lines)
    return prose + cells


def table_rows(table) -> list[Row]:
    """A ruled table as grid rows; None cells are covered by a merged cell to the left or above."""
    values = table.extract()
    boxes = [row.cells for row in table.rows]
    column_left = [next((row[c][0] for row in boxes if c < len(row) and row[c] is not None), None)
                   for c in range(max((len(row) for row in boxes), default=0))]
    rows = []
    for r, row in enumerate(values):
        cells = []
        for c, value in enumerate(row):
            if value is not None:
                cells.append(Cell(cell_lines(value)))
                continue
            left = next((boxes[r][k] for k in range(c - 1, -1, -1) if boxes[r][k] is not None), None)
            covered_from_left = left is not None and column_left[c] is not None and left[2] > column_left[c] + 1
            cells.append(Cell(merge="left" if covered_from_left else "up"))
        rows.append(Row(cells, r + 1))
    return rows


def cell_lines(value: str) -> list[str]:
    """A cell's visual lines re-joined; a line opening with a numbering label starts a new one."""
    lines: list[list[str]] = []
    for piece in (clean_text(fix_cjk_compat(p)) for p in value.split("\n")):
        if piece and (not lines or HEADING.match(piece)):
            lines.append([piece])
        elif piece:
            lines[-1].append(piece)
    return [join_wrapped(pieces) for pieces in lines]


def assemble(pages: list[PageContent]) -> ReadDocument:
    builder = ParagraphBuilder(LinesBuilder(), [line for page in pages for line in page.lines])
    pending: list[Row] = []
    for page in pages:
        if not page.characters:
            builder.lines.warn("unread_page", f"page {page.number} has no text layer (a scanned page?): it was "
                                              f"not read", line=None)
        items = sorted([(line["top"], "line", line) for line in page.lines]
                       + [(top, "table", rows) for top, rows in page.tables], key=lambda item: item[0])
        for _, kind, item in items:
            if kind == "table":
                builder.flush()
                if pending and width(pending) != width(item):
                    builder.lines.table(pending)
                    pending = []
                pending += [Row(row.cells, row.number, {"page": page.number}) for row in item]
                continue
            if pending:
                builder.lines.table(pending)
                pending = []
            builder.add(item, page.number)
    builder.flush()
    if pending:
        builder.lines.table(pending)
    return builder.lines.document("pdf")


def width(rows: list[Row]) -> int:
    return max((len(row.cells) for row in rows), default=0)


class ParagraphBuilder:
    """Joins visual lines into paragraphs using the body text's size, left margin and right edge."""

    def __init__(self, lines: LinesBuilder, all_lines: list[dict]):
        self.lines = lines
        self.em = median([line["bottom"] - line["top"] for line in all_lines] or [10])
        self.left = min((line["x0"] for line in all_lines), default=0)
        self.right = max((line["x1"] for line in all_lines), default=0)
        self.pieces: list[str] = []
        self.source: dict = {}
        self.previous: dict | None = None
        self.paragraphs = 0

    def starts_paragraph(self, line: dict, page: int) -> bool:
        previous = self.previous
        return (previous is None or line["x0"] > self.left + INDENT_EM * self.em
                or previous["x1"] < self.right - SHORT_LINE_EM * self.em or bool(HEADING.match(line["text"]))
                or previous["page"] == page and line["top"] - previous["bottom"] > GAP_EM * self.em)

    def add(self, line: dict, page: int) -> None:
        if self.starts_paragraph(line, page):
            self.flush()
            self.paragraphs += 1
            self.source = {"page": page, "paragraph": self.paragraphs}
        elif page != self.source["page"]:
            self.source["page_end"] = page
        self.pieces.append(line["text"])
        self.previous = dict(line, page=page)

    def flush(self) -> None:
        if self.pieces:
            self.lines.add(join_wrapped(self.pieces), self.source)
        self.pieces, self.previous = [], None
