"""Read any supported file into canonical lines: sniff its format from its bytes, then hand them to that format's
reader (etl/parse/formats/).

The format is decided by content, not by the file name: government sites serve web pages and RTF renamed .doc,
and a table saved from Excel as "Text (Tab delimited)" is a .txt. Formats without a reader are refused with what
to do instead (an old .doc: save it as .docx). The file is read once, bounded by the size limit, and its
SHA-256 kept.
"""

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

from etl.errors import SourceError
from etl.parse.formats import READERS, ReadDocument
from etl.raw_files import DEFAULT_MAX_FILE_MB, MEGABYTE, read_bounded

SUPPORTED = ("Word .docx, PDF with a text layer, Excel .xlsx/.xls, CSV/TSV, web pages (.html) and plain text "
             "(UTF-8, GB18030, UTF-16)")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SNIFF_BYTES = 8192
DELIMITED_SUFFIXES = {".csv", ".tsv", ".tab"}
IMAGES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image"}
ARCHIVES = {b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive", b"Rar!": "a RAR archive"}


def refuse(path, what: str, advice: str) -> SourceError:
    return SourceError(path, f"{what}: {advice}. Supported: {SUPPORTED}.")


def sniff_format(data: bytes, path) -> str:
    """The reader for these bytes (a key of READERS), or a SourceError saying why the file cannot be read."""
    head = data[:SNIFF_BYTES]
    if head.startswith(b"PK\x03\x04"):
        return sniff_zip(data, path)
    if b"%PDF-" in head[:1024]:  # PDF readers accept junk before the header
        return "pdf"
    if head.startswith(OLE2):
        return sniff_ole(data, path)
    for magic, what in {**IMAGES, **ARCHIVES}.items():
        if head.startswith(magic):
            advice = "a scanned page needs OCR first" if what in IMAGES.values() else "unpack it first"
            raise refuse(path, f"this is {what}", advice)
    return sniff_text(head, path)


def sniff_zip(data: bytes, path) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SourceError(path, "damaged zip-based file (DOCX/XLSX are zip archives): was the download cut "
                                "short?") from None
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", "docx"), ("xl/", "xlsx")):
            if any(name.startswith(prefix) for name in names):
                return kind
        if any(name.startswith("ppt/") for name in names):
            raise refuse(path, "a PowerPoint presentation", "copy the list into a Word or Excel file")
    if "mimetype" in names:
        raise refuse(path, "an OpenDocument file (WPS/LibreOffice .odt/.ods)", "save it as .docx or .xlsx")
    if "OFD.xml" in names:
        raise refuse(path, "an OFD document", "export it as PDF or use the original Word/WPS file")
    raise refuse(path, "a zip archive", "unpack it and add the document inside")


OLE_STREAMS = (("EncryptedPackage", "encrypted"), ("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"),
               ("PowerPoint Document", "ppt"))
OLE_REFUSALS = {
    "encrypted": ("a password-protected (encrypted) Office file",
                  "open it, remove the password (File → Info → Protect) and save it again"),
    "doc": ("an old Word 97-2003 document (.doc)", "open it in Word or WPS and save it as .docx (Word Document)"),
    "ppt": ("an old PowerPoint presentation", "copy the list into a Word or Excel file"),
    "unknown": ("an unknown Office 97-2003 file", "save it as .docx or .xlsx"),
}


def sniff_ole(data: bytes, path) -> str:
    """Old Office (OLE2 compound file): its stream names, UTF-16-LE in its directory, say what it holds."""
    kind = next((kind for stream, kind in OLE_STREAMS if stream.encode("utf-16-le") in data[:4 << 20]), "unknown")
    if kind == "xls":
        return "xls"
    raise refuse(path, *OLE_REFUSALS[kind])


def sniff_text(head: bytes, path) -> str:
    sample = text_sample(head)
    start = sample.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("{\\rtf"):
        raise refuse(path, "a Rich Text (RTF) file, perhaps renamed", "open it in Word or WPS and save it as .docx")
    if "mime-version:" in sample[:2048].lower() and "multipart/related" in sample[:2048].lower():
        raise refuse(path, "a single-file web page (.mht)", "save it as .docx, or as a web page (.html)")
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<meta")) or "<html" in sample.lower():
        return "html"
    if start.startswith("<?xml"):
        raise refuse(path, "an XML file (e.g. Word 2003 XML)", "save it as .docx")
    if Path(str(path)).suffix.lower() in DELIMITED_SUFFIXES or looks_tab_separated(sample):
        return "csv"
    return "text"


def text_sample(head: bytes) -> str:
    """The first bytes as characters, enough to see markup and TABs: UTF-16 when it has a byte-order mark, else
    byte for byte (every encoding read here keeps ASCII as ASCII)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) // 2 * 2].decode("utf-16", "ignore")
    return head.decode("latin-1")


def looks_tab_separated(sample: str) -> bool:
    """Excel's "Save as Text": most lines hold TABs between values (a Word table exported as text instead opens
    each cell with a TAB at the start of its line, and is read as plain text)."""
    lines = [line for line in sample.splitlines()[:100] if line.strip()]
    inner = sum(1 for line in lines if "\t" in line.lstrip("\t"))
    leading = sum(1 for line in lines if line.startswith("\t"))
    return inner >= 2 and inner * 3 >= len(lines) and leading * 2 < len(lines)


def read_document(path, max_bytes: int = DEFAULT_MAX_FILE_MB * MEGABYTE,
                  format: str | None = None) -> ReadDocument:  # noqa: A002 - the manifest's field name
    """The document's canonical lines; `format` (a READERS key, e.g. from the manifest) skips the sniffing."""
    path = Path(path)
    data = read_bounded(path, max_bytes)
    if format is not None and format not in READERS:
        raise SourceError(path, f"unknown format {format!r} (known: {', '.join(sorted(READERS))})")
    document = READERS[format or sniff_format(data, path)](data, path)
    document.sha256 = hashlib.sha256(data).hexdigest()
    return document


def read_source(path) -> list[str]:
    """The canonical lines of a file (1-based line n is element n-1)."""
    return read_document(path).lines
