"""Reader for plain text: decode strictly, refusing input that would silently turn into garbage.

Empty, binary and non-UTF-8 (typically GBK) files are rejected with the file and line named, because a
half-decoded document would yield plausible-looking but wrong tasks.
"""


from etl.errors import SourceError
from etl.parse.formats.document import ReadDocument

BINARY_SAMPLE_BYTES = 8192


def read(data: bytes, path) -> ReadDocument:
    """The document's lines (1-based line n is element n-1), newline characters removed."""
    if not data.strip():
        raise SourceError(path, "file is empty")
    if b"\x00" in data[:BINARY_SAMPLE_BYTES]:
        raise SourceError(path, "file looks binary (contains NUL bytes), expected UTF-8 text")
    text = decode_utf8(path, data)
    return ReadDocument(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), "text", "utf-8")


def decode_utf8(path, data: bytes) -> str:
    """Decode strictly; on failure say which line broke and whether the file is really GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " The file decodes as GBK/GB18030: convert it to UTF-8 (e.g. iconv -f GBK -t UTF-8)."
        except UnicodeDecodeError:
            pass
        raise SourceError(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x}).{hint}", line) from None
