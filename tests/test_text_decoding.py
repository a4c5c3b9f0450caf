"""Plain-text decoding (etl/parse/formats/text.py) and bounded reading (etl/raw_files.py): the encodings a
Chinese task list arrives in are read and reported, everything else is refused with the line and the reason."""

import codecs
import hashlib
import os

import pytest

from etl.errors import SourceError
from etl.parse.formats import text
from etl.parse.read import read_document
from etl.paths import RAW_DIRECTORY
from etl.raw_files import read_bounded

SEED = (RAW_DIRECTORY / "zhongwei.txt").read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")
RARE = "高平市副市长王喆、张镕参加，预算€5万🙂。\n"  # 喆 镕 € 🙂 are outside GB2312 but inside GB18030


def read(data: bytes):
    return text.read(data, "list.txt")


def refusal(data: bytes) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read(data)
    return caught.value


# --- Accepted, with the encoding reported ------------------------------------------------------------------

@pytest.mark.parametrize(("data", "encoding"), [
    (SEED.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SEED.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + SEED.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF32_LE + SEED.encode("utf-32-le"), "utf-32-le"),
    (SEED.encode("gbk"), "gb18030"),
    (SEED.encode("gb18030"), "gb18030"),
])
def test_the_seed_reads_the_same_in_every_accepted_encoding(data, encoding):
    document = read(data)
    assert document.encoding == encoding
    assert document.lines == SEED_LINES
    assert document.lines[2].startswith("中卫市贯彻落实《自治区深化产教融合")


def test_gb18030_keeps_characters_outside_gbk():
    document = read(RARE.encode("gb18030") + SEED.encode("gb18030"))
    assert document.encoding == "gb18030"
    assert document.lines[0] == RARE.strip()


def test_ascii_then_a_gbk_character_that_looks_like_a_cut_utf8_character_is_gbk():
    # 涓 in GBK is E4 B8: the start of a three-byte UTF-8 character, cut off
    document = read("Task list\n1. 涓".encode("gbk"))
    assert (document.encoding, document.lines) == ("gb18030", ["Task list", "1. 涓"])


def test_windows_and_old_mac_line_ends_become_lines():
    assert read("甲\r\n乙\r丙\n".encode()).lines == ["甲", "乙", "丙", ""]


# --- Refused, with the line and the reason -----------------------------------------------------------------

def test_a_utf8_character_cut_at_the_end_is_refused_naming_the_line():
    data = SEED.rstrip().encode("utf-8")[:-1]
    error = refusal(data)
    assert error.line == len(SEED.rstrip().split("\n"))
    assert "ends in the middle of a character (valid utf-8, but its last 2 byte(s)" in error.message
    assert "interrupted" in error.message


def test_a_gb18030_character_cut_at_the_end_is_refused_naming_the_line():
    data = SEED.rstrip().encode("gb18030")[:-1]
    error = refusal(data)
    assert error.line == len(SEED.rstrip().split("\n"))
    assert "valid gb18030, but its last 1 byte(s)" in error.message


def test_a_four_byte_gb18030_character_cut_after_three_bytes_is_refused():
    error = refusal(SEED.encode("gb18030") + "🙂".encode("gb18030")[:3])
    assert "its last 3 byte(s)" in error.message and error.line == len(SEED_LINES)


def test_utf16_cut_in_the_middle_of_a_character_is_refused():
    error = refusal((codecs.BOM_UTF16_LE + "第一行\n第二行".encode("utf-16-le"))[:-1])
    assert error.line == 2 and "valid utf-16-le, but its last 1 byte(s)" in error.message


def test_big5_is_refused_as_big5_not_read_as_nonsense():
    error = refusal("高平市\n推進產教融合，深化職業教育改革。\n".encode("big5"))
    assert error.line == 1
    assert "neither UTF-8" in error.message and "decodes as Big5" in error.message


def test_utf16_without_a_byte_order_mark_is_refused_as_binary_saying_what_it_looks_like():
    error = refusal(SEED.encode("utf-16-le"))
    assert "file looks binary: it looks like UTF-16 (little-endian) text without a byte-order mark" in error.message
    assert "big-endian" in refusal(SEED.encode("utf-16-be")).message


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "a PDF file"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "a ZIP archive (a DOCX/XLSX/PPTX file?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Office file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
])
def test_other_binary_files_are_refused_naming_what_they_look_like(data, kind):
    assert kind in refusal(data).message and "binary" in refusal(data).message


def test_a_utf8_byte_order_mark_over_gbk_bytes_is_refused():
    error = refusal(codecs.BOM_UTF8 + "第一行\n第二行".encode("gbk"))
    assert "starts with a utf-8-sig byte-order mark but is not valid" in error.message and error.line == 1


@pytest.mark.parametrize("data", [b"", b"  \n\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_an_empty_file_is_refused(data):
    assert "file is empty" in refusal(data).message


# --- Reading the file: bounded, regular files only, hashed -------------------------------------------------

def test_reading_never_goes_past_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    assert len(read_bounded(big, 5000)) == 5000
    with pytest.raises(SourceError, match="larger than the limit of"):
        read_bounded(big, 4999)


def test_reading_refuses_devices_and_fifos_without_hanging(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="is a named pipe"):
        read_bounded(fifo, 1000)
    with pytest.raises(SourceError, match="is a device"):
        read_bounded("/dev/zero", 1000)


def test_a_document_carries_the_sha256_of_its_bytes_and_its_encoding(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes(SEED.encode("gbk"))
    document = read_document(path)
    assert document.sha256 == hashlib.sha256(SEED.encode("gbk")).hexdigest()
    assert (document.encoding, document.format) == ("gb18030", "text")


def test_the_database_holds_each_seed_s_real_sha256_and_encoding(database):
    rows = dict(database.execute("SELECT doc_id, source_sha256 FROM documents").fetchall())
    for doc_id in ("gaoping", "jinzhou", "wafangdian", "zhongwei"):
        expected = hashlib.sha256((RAW_DIRECTORY / f"{doc_id}.txt").read_bytes()).hexdigest()
        assert rows[doc_id] == expected and len(expected) == 64
    encodings = dict(database.execute("SELECT doc_id, encoding FROM documents").fetchall())
    assert encodings["zhongwei"] == "utf-8"


def test_the_database_holds_every_canonical_line(database):
    lines = database.execute("SELECT line, text FROM document_lines WHERE doc_id = 'zhongwei' ORDER BY line"
                             ).fetchall()
    assert [text for _, text in lines] == SEED_LINES
    assert [number for number, _ in lines] == list(range(1, len(SEED_LINES) + 1))
    task_start = database.execute("SELECT l.text FROM tasks t JOIN document_lines l ON l.doc_id = t.doc_id "
                                  "AND l.line = t.line_start WHERE t.task_id = 'zhongwei-014'").fetchone()[0]
    assert task_start.startswith("14.")


def test_source_passages_read_a_gbk_file_as_the_etl_did(tmp_path):
    from tests.helpers import source_lines

    gbk = tmp_path / "zhongwei.txt"
    gbk.write_bytes(SEED.encode("gbk"))
    assert source_lines(str(gbk), 3, 3) == f"   3  {SEED_LINES[2]}"
    assert source_lines(str(gbk), 3, 5) == source_lines(str(RAW_DIRECTORY / "zhongwei.txt"), 3, 5)
