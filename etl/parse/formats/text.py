"""Reader for plain text: decode strictly, refusing input that would silently turn into garbage.

Order: a byte-order mark (UTF-32, UTF-8, UTF-16 LE/BE) → strict UTF-8 → strict GB18030 (the superset of GB2312
and GBK) when the result is plausible simplified Chinese (GB18030 also decodes Big5 bytes, into nonsense) →
a refusal that says what the bytes look like. A multibyte character cut off at the end of the file (an
interrupted download) is an error naming the line, never a silently dropped character. The encoding used is
reported in ReadDocument.encoding. Pipe tables in the text (| 序号 | 任务 | …, a wiki or Markdown export) become
canonical table rows (etl/parse/formats/pipe_tables.py).
"""

import codecs

from etl.errors import SourceError
from etl.parse.formats.document import ReadDocument
from etl.parse.formats.pipe_tables import with_pipe_tables

BOMS = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
FALLBACKS = ("utf-8", "gb18030")
PLAUSIBLE_GB2312_SHARE = 0.8
BINARY_SAMPLE_BYTES = 8192
PLAUSIBLE_TEXT_SHARE = 0.9  # of UTF-16 characters that are ASCII, CJK or CJK punctuation  # real simplified prose ≈ 0.9 even with rare names; Big5 read as GB 0.18–0.5
SIGNATURES = (  # what a file with NUL bytes probably is, for the refusal
    (b"PK\x03\x04", "a ZIP archive (a DOCX/XLSX/PPTX file?)"), (b"%PDF-", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls/.ppt)"), (b"\x7fELF", "a program"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def read(data: bytes, path) -> ReadDocument:
    """The document's lines (1-based line n is element n-1), newline characters removed."""
    if not data.strip():
        raise SourceError(path, "file is empty: expected the document's text")
    text, encoding = decode_text(data, path)
    if not text.strip():
        raise SourceError(path, "file is empty (only white space): expected the document's text")
    if "\x00" in text:
        raise SourceError(path, f"file looks binary: the {encoding} text contains NUL characters",
                          text[: text.index("\x00")].count("\n") + 1)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables = with_pipe_tables(lines)
    if tables:
        return ReadDocument(tables[0], "text", encoding, tables[1])
    return ReadDocument(lines, "text", encoding)


def decode_text(data: bytes, path) -> tuple[str, str]:
    """(text, encoding name) or a SourceError that names the line and says how to fix the file."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return decode_strictly(data, encoding, path, skip=len(bom) if encoding != "utf-8-sig" else 0), encoding
    if b"\x00" in data:
        order = utf16_without_mark(data)
        if order:
            raise SourceError(path, f"file looks binary: it looks like UTF-16 ({order}) text without a byte-order "
                                    "mark; re-save it as UTF-8 (or as UTF-16 with a byte-order mark)")
        raise SourceError(path, f"file looks binary: {describe_binary(data)}; expected a text document",
                          line_of(data, data.index(b"\x00")))
    cut_short = None
    for encoding in FALLBACKS:
        try:
            text = decode_strictly(data, encoding, path)
        except UnicodeDecodeError:
            continue
        except CutCharacter as error:  # ASCII then a cut UTF-8 lead: may be a whole GBK character instead
            if encoding != "utf-8" or not error.text_before.isascii():
                raise
            cut_short = error
            continue
        if encoding == "utf-8" or plausible_chinese(text):
            return text, encoding
    raise cut_short or SourceError(path, undecodable_reason(data), first_bad_line(data))


def decode_strictly(data: bytes, encoding: str, path, skip: int = 0) -> str:
    """Decode all of data[skip:]; a character cut off at the end is a SourceError, other bad bytes raise
    UnicodeDecodeError (so the next encoding can be tried), except after a byte-order mark."""
    body = data[skip:]
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(body, final=False)
    except UnicodeDecodeError as error:
        if skip or encoding == "utf-8-sig":
            line = body[: error.start].decode(encoding, errors="replace").count("\n") + 1
            raise SourceError(path, f"the file starts with a {encoding} byte-order mark but is not valid "
                                    f"{encoding} (at byte {skip + error.start}): re-save it as UTF-8", line) from None
        raise
    cut = len(decoder.getstate()[0])
    if cut:
        raise CutCharacter(path, encoding, body[-cut:], text)
    return text


class CutCharacter(SourceError):
    """The bytes are valid up to a multibyte character cut off at the very end."""

    def __init__(self, path, encoding: str, tail: bytes, text_before: str):
        self.text_before = text_before
        super().__init__(path, f"the file ends in the middle of a character (valid {encoding}, but its last "
                               f"{len(tail)} byte(s) {tail!r} are an incomplete character): the download was "
                               "probably interrupted; fetch the file again", text_before.count("\n") + 1)


def plausible_chinese(text: str) -> bool:
    """GB18030 decodes Big5 etc. into *some* hanzi; real simplified prose is mostly GB2312 characters."""
    non_ascii = [character for character in text if ord(character) > 0x7F]
    if not non_ascii:
        return True
    in_gb2312 = sum(1 for character in non_ascii if encodable(character, "gb2312"))
    return in_gb2312 / len(non_ascii) >= PLAUSIBLE_GB2312_SHARE


def encodable(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def describe_binary(data: bytes) -> str:
    """What bytes with NULs probably are: a known file type, UTF-16/32 without its mark, or unknown binary."""
    head = data[:1024]
    kind = next((name for signature, name in SIGNATURES if head.startswith(signature)), None)
    if b"%PDF-" in head:  # PDF readers accept junk before the header
        kind = "a PDF file"
    if kind:
        return f"it starts like {kind}, which this reader cannot read"
    return f"it contains NUL bytes (first at byte {data.index(0)}), which text never does"


def utf16_without_mark(data: bytes) -> str | None:
    """'little-endian' / 'big-endian' when the bytes read as plausible UTF-16 text, else None."""
    sample = data[:BINARY_SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    for encoding, order in (("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")):
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if decoded and sum(map(looks_like_text, decoded)) / len(decoded) >= PLAUSIBLE_TEXT_SHARE:
            return order
    return None


def looks_like_text(character: str) -> bool:
    """Printable ASCII, line ends, CJK ideographs and punctuation, full-width forms."""
    code = ord(character)
    return (0x20 <= code < 0x7F or character in "\t\r\n" or 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027)


def undecodable_reason(data: bytes) -> str:
    position = first_bad_byte(data)
    reason = f"the file is neither UTF-8 (byte 0x{data[position]:02x} at byte {position}) nor GBK/GB18030"
    try:
        data.decode("big5")
        return reason + ("; it decodes as Big5 (traditional Chinese): convert it to UTF-8 "
                         "(e.g. iconv -f BIG5 -t UTF-8)")
    except UnicodeDecodeError:
        return reason + ": save it as UTF-8"


def first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return 0


def first_bad_line(data: bytes) -> int:
    return line_of(data, first_bad_byte(data))


def line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1
