"""Reader for Word documents (.docx): paragraphs and tables in body order, with Word's list numbers as text.

python-docx opens the package; the body XML is walked here, because python-docx 1.2 skips body-level content
controls (w:sdt), drops tracked insertions (w:ins) from Paragraph.text and repeats one cell object for merged
cells, so a merged continuation cannot be told from a real value (tests in /work/notes/formats.md, section 1).
Kept: content controls, tracked insertions, hyperlinks, smart tags, field results. Left out: deletions, field
codes, hidden (w:vanish) runs, text boxes, headers and footers. Numbering labels (一、 （一） 1. 第一条) are
rendered by word_numbering.WordNumbering as Word shows them.
"""

import io
import zipfile

from lxml import etree

from etl.errors import SourceError
from etl.parse.formats.archive import check_archive
from etl.parse.formats.canonical import Cell, LinesBuilder, Row, join_wrapped, text_lines
from etl.parse.formats.document import ReadDocument
from etl.parse.formats.word_numbering import W, load_numbering

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIPPED = {W + "del", W + "moveFrom", MC_FALLBACK, W + "txbxContent", W + "instrText", W + "delText", W + "pPr"}
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"}  # hold blocks, rows, cells


def read(data: bytes, path) -> ReadDocument:
    document = open_document(data, path)
    numbering = load_numbering(document)
    builder = LinesBuilder()
    paragraph_number = 0
    for block in blocks(document.element.body, {W + "p", W + "tbl"}):
        if block.tag == W + "p":
            paragraph_number += 1
            builder.paragraph(numbering.label(block) + paragraph_text(block), {"paragraph": paragraph_number})
        else:
            builder.table(table_rows(block, numbering))
    if not builder.lines:
        raise SourceError(path, "the Word document has no text")
    return builder.document("docx")


def open_document(data: bytes, path):
    import docx  # here, not at the top: a build without Word files does not wait for it
    from docx.opc.exceptions import PackageNotFoundError

    check_archive(data, path, "DOCX")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        raise SourceError(path, "damaged Word file: open it in Word or WPS and save it again as .docx") from None
    except ValueError as error:  # python-docx: another Office type (e.g. .docm with macros, a template)
        raise SourceError(path, f"not a Word document (.docx): {error}") from None


def blocks(container, tags):
    """The children of container with one of these tags, in order, looking inside content controls and
    other wrappers (w:sdt, w:customXml, a tracked insertion of whole paragraphs or rows)."""
    for child in container:
        if child.tag in tags:
            yield child
        elif child.tag in WRAPPERS:
            yield from blocks(child, tags)


def paragraph_text(paragraph) -> str:
    """Visible text of a w:p in order; a line break (w:br, w:cr) is a newline."""
    out: list[str] = []
    collect_text(paragraph, out)
    return "".join(out)


def collect_text(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "rPr" and child.find(W + "vanish") is not None:
            return  # a hidden run
        if tag in SKIPPED:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n" if child.get(W + "type") in (None, "textWrapping") else "")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            out.append(symbol(child))
        else:
            collect_text(child, out)


def symbol(element) -> str:
    try:
        return chr(int(element.get(W + "char") or "", 16))
    except ValueError:
        return ""


def table_rows(table, numbering) -> list[Row]:
    """The table as grid rows: gridSpan gives fillers merged from the left, a vMerge continuation a cell
    merged from above, gridBefore/gridAfter empty cells."""
    rows = []
    for number, tr in enumerate(blocks(table, {W + "tr"}), start=1):
        cells = [Cell() for _ in range(row_property(tr, "gridBefore"))]
        for tc in blocks(tr, {W + "tc"}):
            span, vertical = cell_merge(tc)
            merge = "up" if vertical == "continue" else None
            cells.append(Cell([] if merge else cell_lines(tc, numbering), merge))
            cells += [Cell(merge="left") for _ in range(span - 1)]
        rows.append(Row(cells, number))
    return rows


def row_property(tr, name: str) -> int:
    element = tr.find(f"{W}trPr/{W}{name}")
    try:
        return max(0, int(element.get(W + "val"))) if element is not None else 0
    except (TypeError, ValueError):
        return 0


def cell_merge(tc) -> tuple[int, str | None]:
    """(gridSpan, None | "restart" | "continue"); <w:vMerge/> without a value continues."""
    properties = tc.find(W + "tcPr")
    if properties is None:
        return 1, None
    span = properties.find(W + "gridSpan")
    try:
        width = max(1, int(span.get(W + "val"))) if span is not None else 1
    except (TypeError, ValueError):
        width = 1
    vertical = properties.find(W + "vMerge")
    if vertical is None:
        return width, None
    return width, "restart" if vertical.get(W + "val") == "restart" else "continue"


def cell_lines(tc, numbering) -> list[str]:
    """A cell's paragraphs as lines; a table nested in the cell gives one line per row."""
    lines = []
    for block in blocks(tc, {W + "p", W + "tbl"}):
        if block.tag == W + "p":
            lines += text_lines(numbering.label(block) + paragraph_text(block))
        else:
            for row in table_rows(block, numbering):
                lines.append(" ".join(join_wrapped(cell.lines) for cell in row.cells if cell.lines))
    return [line for line in lines if line]
