"""Reader for web pages (.html/.htm): paragraphs, lists and tables of the page body; lxml parses the text.

The bytes are decoded here, never by the parser (lxml silently cuts a gb2312-labelled page at the first GBK-only
character such as 镕): byte-order mark, then the <meta> charset (gb2312/gbk labels read as GB18030, their
superset), then the plain-text reader's choice (strict UTF-8, plausible GB18030) or its refusal. Scripts, styles, navigation,
headers, footers, forms and hidden elements are dropped with elements whose class or id names a menu, footer,
breadcrumb or 当前位置 (dqwz) bar. Tables become grids (rowspan, colspan); a table holding other tables, or one
cell a row, is page layout and is read as paragraphs. Nothing on the page is executed.
"""

import codecs
import re

import lxml.html
from lxml import etree

from etl.errors import SourceError
from etl.parse.formats import text
from etl.parse.formats.canonical import Cell, LinesBuilder, Row, join_wrapped, text_lines
from etl.parse.formats.document import ReadDocument

BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280",
             "iso-ir-58", "gb18030", "cp936", "windows-936", "ms936", "euc-cn"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "td", "th", "section", "article", "main", "address", "figure", "figcaption", "center",
          "caption", "tbody", "thead", "tfoot", "hr", "body"}
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "nav", "header",
                "footer", "aside", "form", "select", "button", "head", "input", "textarea")
DROPPED_NAMES = re.compile(r"^(nav|navbar|menu|footer|foot|header|breadcrumbs?|crumbs?|sidebar|copyright|share|"
                           r"position|location|dqwz|bottom)$", re.I)
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
WHITESPACE = re.compile(r"[ \t\r\f\u00a0]+")


def read(data: bytes, path) -> ReadDocument:
    text, encoding = decode_page(data, path)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise SourceError(path, f"not a readable web page ({error})") from None
    drop_page_furniture(root)
    walker = PageWalker()
    walker.walk(root.find("body") if root.find("body") is not None else root)
    walker.flush()
    if not walker.builder.lines:
        raise SourceError(path, "the web page has no text in its body")
    return walker.builder.document("html", encoding)


def codec(label: str | None) -> str | None:
    label = (label or "").strip().lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name if label else None
    except LookupError:
        return None
    return "utf-8" if name and name.startswith("utf-16") else name  # a <meta> saying utf-16 is wrong by definition


def decode_page(data: bytes, path) -> tuple[str, str]:
    """(text, encoding): byte-order mark, else the <meta> charset when the bytes fit it, else what the plain-text
    reader decides (strict UTF-8, plausible GB18030) or its refusal."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return XML_DECLARATION.sub("", data.decode(encoding)), encoding
            except UnicodeDecodeError as error:
                raise SourceError(path, f"the page starts with a {encoding} byte-order mark but is not valid "
                                        f"{encoding} (byte {error.start})") from None
    declared = META_CHARSET.search(data[:4096])
    encoding = codec(declared.group(1).decode("ascii", "replace")) if declared else None
    if encoding:
        try:
            return XML_DECLARATION.sub("", data.decode(encoding)), encoding
        except UnicodeDecodeError:
            pass  # old pages often declare the wrong charset
    decoded = text.read(data, path)
    return XML_DECLARATION.sub("", "\n".join(decoded.lines)), decoded.encoding


def drop_page_furniture(root) -> None:
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        element.getparent().remove(element) if element.getparent() is not None else None
    for element in list(root.iter(*DROPPED_TAGS)):
        element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = (element.get("class") or "").split() + [element.get("id") or ""]
        if any(DROPPED_NAMES.match(name) for name in names if name) or HIDDEN.search(element.get("style") or "") \
                or element.get("hidden") is not None:
            element.drop_tree()


def owner_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def table_rows_of(table) -> list:
    return [tr for tr in table.iter("tr") if owner_table(tr) is table]


def is_layout_table(table) -> bool:
    """Page layout rather than data: it holds another table, or no row has two cells."""
    if any(inner is not table for inner in table.iter("table")):
        return True
    return all(sum(1 for cell in tr if cell.tag in ("td", "th")) <= 1 for tr in table_rows_of(table))


def span(value, default: int, limit: int) -> int:
    try:
        return min(int(str(value).strip()), limit)
    except (TypeError, ValueError):
        return default


def table_grid(table) -> list[Row]:
    """The table as grid rows: rowspan fills the cells below (merged up), colspan the cells to the right (merged
    left); rowspan=0 runs to the table's end and spans are clamped as browsers do."""
    trs = table_rows_of(table)
    grid: list[list[Cell | None]] = [[] for _ in trs]
    for r, tr in enumerate(trs):
        c = 0
        for element in tr:
            if not isinstance(element.tag, str) or element.tag not in ("td", "th"):
                continue
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1  # a slot taken by a rowspan from above
            colspan = max(1, span(element.get("colspan"), 1, 1000))
            rowspan = span(element.get("rowspan"), 1, len(trs) - r)
            rowspan = len(trs) - r if rowspan == 0 else max(1, rowspan)
            lines = cell_lines(element)
            for dr in range(rowspan):
                row = grid[r + dr]
                row += [None] * (c + colspan - len(row))
                for dc in range(colspan):
                    merge = "left" if dc else ("up" if dr else None)
                    row[c + dc] = Cell(lines if merge is None else [], merge)
            c += colspan
    return [Row([cell or Cell() for cell in row], number) for number, row in enumerate(grid, start=1)]


def cell_lines(element) -> list[str]:
    """A cell's text; <br> and block children start new lines, a nested table gives one line per row."""
    parts: list[str] = []

    def walk(node):
        if not isinstance(node.tag, str):
            return
        if node.tag == "table" and node is not element:
            for row in table_grid(node):
                parts.append("\n" + " ".join(join_wrapped(c.lines) for c in row.cells if c.lines) + "\n")
            return
        parts.append("\n" if node.tag == "br" or node.tag in BLOCKS else "")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        parts.append("\n" if node.tag in BLOCKS else "")

    walk(element)
    return text_lines(normalized("".join(parts)))


def normalized(text: str) -> str:
    """HTML whitespace collapsed within each line (the full-width space U+3000 is kept)."""
    return "\n".join(WHITESPACE.sub(" ", line).strip() for line in text.split("\n"))


def list_label(number: int, kind: str | None) -> str:
    if kind in ("a", "A"):
        letter = chr(ord("a") + (number - 1) % 26)
        return (letter.upper() if kind == "A" else letter) + "."
    return f"{number}."


class PageWalker:
    """Walks the body in order: text gathers into the current block, a block or <br> ends a line."""

    def __init__(self):
        self.builder = LinesBuilder()
        self.buffer: list[str] = []
        self.paragraphs = 0

    def flush(self) -> None:
        text = normalized("".join(self.buffer))
        self.buffer.clear()
        if text.strip():
            self.paragraphs += 1
            self.builder.paragraph(text, {"paragraph": self.paragraphs})

    def walk(self, element, label: str = "") -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and not is_layout_table(element):
            self.flush()
            self.builder.table(table_grid(element))
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag in BLOCKS:
            self.flush()
            self.buffer.append(label)
        self.buffer.append(element.text or "" if tag else "")
        number = span(element.get("start"), 1, 10**6) if tag == "ol" else 1
        for child in element:
            child_label = ""
            if tag in ("ol", "ul") and child.tag == "li":
                child_label = list_label(number, element.get("type")) if tag == "ol" else "• "
                number += 1
            self.walk(child, child_label)
            self.buffer.append(child.tail or "")
        if tag in BLOCKS:
            self.flush()
