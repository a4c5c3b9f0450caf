"""Readers: every format's fixture (tests/fixtures/formats/, written by make_fixtures.py) read into the canonical
lines and sources the table and prose parsers rely on, and every refusal worded for the person who brought the
file."""

import io
import zipfile
from pathlib import Path

import pytest

from etl.errors import SourceError
from etl.parse.formats import READERS, archive
from etl.parse.formats.pdf_quality import fix_cjk_compat, is_garbled
from etl.parse.formats.word_numbering import format_number
from etl.parse.read import read_document, sniff_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"


def read(name: str):
    return read_document(FIXTURES / name)


def rows_of(document, table: int = 1) -> list[list[str]]:
    """The table's rows as lists of cell texts (continuation lines joined with '|')."""
    rows, cells = [], []
    for line, source in zip(document.lines, document.sources, strict=True):
        if source.get("table") != table or source.get("title"):
            continue
        if source.get("end_of_row"):
            rows.append(cells)
            cells = []
        elif line.startswith("\t"):
            cells.append(line[1:])
        else:
            cells[-1] += "|" + line
    return rows


def paragraphs_of(document) -> list[str]:
    return [line for line, source in zip(document.lines, document.sources, strict=True) if "cell" not in source
            and "end_of_row" not in source]


def source_of(document, line: str) -> dict:
    return document.sources[document.lines.index(line)]


# --- DOCX -------------------------------------------------------------------------------------------------

def test_docx_paragraphs_keep_word_list_numbers_content_controls_and_tracked_insertions():
    document = read("tasks.docx")
    assert document.format == "docx"
    assert paragraphs_of(document) == [
        "示例市职业教育改革重点任务清单", "一、总体要求", "（一）到2025年，职业教育体系更加完善。", "二、重点任务",
        "（一）深化产教融合。（市教育局牵头，市财政局、市人社局配合）",  # 市财政局 inserted, 市文旅局 deleted
        "1.建设实训基地", "2.共建产业学院",
        "（二）建设“双师型”教师队伍，占比达到60%。",  # inside a content control, still counted
        "1.开展职业技能培训",  # a new list (startOverride) restarts at 1
        "第一条附则一", "第二条附则二",  # numbering from the paragraph style
    ]
    assert source_of(document, "二、重点任务") == {"paragraph": 4}


def test_docx_table_merged_cells_carried_down_and_section_rows_whole():
    document = read("tasks.docx")
    assert rows_of(document) == [
        ["序号", "主要任务", "具体任务", "牵头单位", "完成时限"],
        ["一、产教融合", "", "", "", ""],
        ["1", "推进产教融合", "建设市级实训基地", "市教育局", "2025年6月底"],
        ["2", "推进产教融合", "共建产业学院", "市教育局", "2025年12月底"],
        ["3", "提升师资水平", "培训骨干教师200人；|完善教师考核制度", "市人社局", "长期坚持"],
        ["4", "健全保障机制 强化督导", "", "市政府办公室", "2025年底"],  # a Word tab became a space
        ["备注：各县（市、区）参照执行", "", "", "", ""],
    ]
    carried = [s for line, s in zip(document.lines, document.sources, strict=True) if s.get("merged") == "up"]
    assert carried == [{"table": 1, "row": 4, "cell": 2, "merged": "up"},
                       {"table": 1, "row": 4, "cell": 4, "merged": "up"}]
    section = [s for s in document.sources if s.get("row") == 2 and "cell" in s]
    assert all(s["spans_row"] for s in section) and [s.get("merged") for s in section] == [None] + ["left"] * 4
    assert source_of(document, "完善教师考核制度") == {"table": 1, "row": 5, "cell": 3, "cell_line": 2}


def test_word_numbering_counts_in_chinese_as_word_does():
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 35, 101)] == \
        ["一", "十", "十一", "二十", "三十五", "一百零一"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(12, "decimal") == "12"


# --- PDF --------------------------------------------------------------------------------------------------

def test_pdf_paragraphs_rejoined_and_kangxi_radicals_repaired():
    document = read("tasks.pdf")
    assert document.format == "pdf"
    assert paragraphs_of(document) == [
        "示例市职业教育改革任务清单", "一、总体要求",
        "（一）工作目标。到2025年，建成高水平专业群3个，“双师型”教师占比达到60%以上，职业教育服务能力明显增强。",
        "（二）基本原则。坚持需求导向，统筹推进。", "二、重点任务", "2025年重点工作如下表。",
    ]  # the page number "— 1 —" is gone; the PDF maps 工 一 高 to Kangxi radicals (⼯ ⼀ ⾼)
    assert not any("\u2f00" <= character <= "\u2fd5" for line in document.lines for character in line)
    assert source_of(document, "一、总体要求") == {"page": 1, "paragraph": 2}


def test_pdf_ruled_table_with_merged_cells():
    document = read("tasks.pdf")
    assert rows_of(document) == [
        ["序号", "主要任务", "牵头单位", "完成时限"],
        ["1", "推进产教融合", "市教育局", "2025年6月底"],
        ["2", "推进产教融合", "市人社局", "2025年12月底"],
        ["3", "建设实训基地，完善机制", "", "持续推进"],
    ]
    assert document.sources[document.lines.index("\t市人社局") - 1] == \
        {"table": 1, "page": 1, "row": 3, "cell": 2, "merged": "up"}


def test_pdf_scanned_page_inside_a_text_pdf_is_a_warning():
    warnings = read("tasks.pdf").warnings
    assert [(w.line, w.code, w.stage, w.message) for w in warnings] == \
        [(None, "unread_page", "read", "page 2 has no text layer (a scanned page?): it was not read")]


@pytest.mark.parametrize("name, words", [
    ("scanned.pdf", "no text layer"), ("garbled.pdf", "text layer is garbled"), ("encrypted.pdf", "encrypted"),
])
def test_pdf_refusals(name, words):
    with pytest.raises(SourceError) as refusal:
        read(name)
    assert words in refusal.value.message and refusal.value.path.endswith(name)


@pytest.mark.parametrize("name", ["tasks.pdf", "tasks.docx", "tasks.xlsx"])
def test_file_cut_short_is_refused(tmp_path, name):
    path = tmp_path / name
    whole = (FIXTURES / name).read_bytes()
    path.write_bytes(whole[: len(whole) * 9 // 10])
    with pytest.raises(SourceError, match="cut short"):
        read_document(path)


def test_garbled_text_detection_and_repair_on_strings():
    assert "unmapped glyphs" in is_garbled("(cid:12)(cid:15)" * 20)
    assert is_garbled("推进职业教育改革发展，建设高水平专业群，完善校企合作机制。") is None
    assert fix_cjk_compat("⼯作⽬标（⼀）") == "工作目标（一）"  # full-width brackets stay full-width


# --- XLSX / XLS -------------------------------------------------------------------------------------------

def test_xlsx_merged_ranges_formats_and_sheets():
    document = read("tasks.xlsx")
    assert document.lines[0] == "示例市职业教育改革任务清单（2025年）"
    assert document.sources[0] == {"sheet": "任务清单", "table": 1, "row": 1, "title": True}
    assert rows_of(document) == [
        ["序号", "主要任务", "具体任务", "牵头单位", "完成时限", "目标值"],
        ["一、产教融合", "", "", "", "", ""],
        ["1", "推进产教融合", "建设实训基地|共建产业学院", "市教育局", "2025年6月30日", "60%"],
        ["2", "推进产教融合", "双师型教师培训", "市人社局", "2025-12-31", "1200"],
        ["3", "提升师资水平", "开展教师轮训", "", "长期坚持", "12.5%"],  # the empty row 6 is left out
    ]
    assert source_of(document, "\t完善督导评估") == {"sheet": "第二批", "table": 2, "row": 2, "cell": 2}
    assert [w.code for w in document.warnings] == ["sheet_without_table", "hidden_sheet"]
    assert [w.message for w in document.warnings] == [
        "sheet '填表说明' holds no table (no two rows of two or more filled cells): not read",
        "sheet '旧版' is hidden: not read",
    ]


def test_xls_merged_range_and_percentage():
    document = read("tasks.xls")
    assert document.format == "xls"
    assert rows_of(document) == [["序号", "主要任务", "牵头单位", "目标值"],
                                 ["1", "推进产教融合", "市教育局", "60%"], ["2", "推进产教融合", "市人社局", "1200"]]


# --- CSV / TSV --------------------------------------------------------------------------------------------

CSV_ROWS = [["序号", "主要任务", "牵头单位", "完成时限"], ["1", "建设实训基地，|共建产业学院", "市教育局", "2025年6月底"],
            ["2", "培训“双师型”教师", "市人社局、市财政局", "长期坚持"], ["3", "强化督导评估", "市政府督导室", "2025年底"]]


@pytest.mark.parametrize("name, encoding", [
    ("tasks_utf8.csv", "utf-8-sig"), ("tasks_semicolon.csv", "utf-8"), ("tasks_gb18030.csv", "gb18030"),
    ("tasks_excel_unicode.txt", "utf-16-le"),
])
def test_delimited_text_in_every_encoding_and_delimiter(name, encoding):
    document = read(name)
    assert document.format == "csv"
    assert document.encoding.removesuffix("-sig") == encoding.removesuffix("-sig")  # decided by the text reader
    assert paragraphs_of(document) == ["示例市职业教育改革任务清单"]
    assert rows_of(document) == CSV_ROWS
    assert source_of(document, "\t2") == {"table": 1, "line": 5, "row": 4, "cell": 1}  # row 3 spans lines 3-4


def test_csv_cut_inside_a_quoted_cell_is_refused(tmp_path):
    path = tmp_path / "cut.csv"
    whole = (FIXTURES / "tasks_utf8.csv").read_text(encoding="utf-8-sig")
    path.write_text(whole[: whole.index("共建")], encoding="utf-8")
    with pytest.raises(SourceError, match="quoted cell is not closed") as refusal:
        read_document(path)
    assert refusal.value.line == 3


# --- HTML -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, encoding", [("tasks_gb2312.html", "gb18030"), ("tasks_utf8_bom.html", "utf-8-sig")])
def test_web_page_body_lists_and_table(name, encoding):
    document = read(name)
    assert (document.format, document.encoding) == ("html", encoding)
    assert paragraphs_of(document) == [
        "示例市职业教育改革任务清单", "各县（市、区）人民政府，市直各部门：",
        "现将任务清单印发给你们。联系人：王喆，电话1234567。",  # 喆 is outside GB2312: read as GB18030
        "1.总体要求", "2.重点任务", "• 附件：任务分解表",
    ]
    assert rows_of(document) == [
        ["序号", "主要任务", "牵头单位", "完成时限"], ["一、产教融合", "", "", ""],
        ["1", "推进产教融合", "市教育局|市发展改革委", "2025年6月底"], ["2", "推进产教融合", "市人社局", "2025年12月底"],
        ["3", "建设实训基地 完善机制", "", "持续推进"],
    ]
    page_text = "\n".join(document.lines)
    for dropped in ("脚本文字", "当前位置", "首页", "主办", "版权所有", "隐藏文字", "示例市人民政府\n"):
        assert dropped not in page_text


def test_web_page_in_an_undeclared_unknown_encoding_is_refused(tmp_path):
    path = tmp_path / "big5.html"
    path.write_bytes("<html><body><p>推進產教融合</p></body></html>".encode("big5"))
    with pytest.raises(SourceError) as refusal:
        read_document(path)
    assert refusal.value.path == str(path)


# --- Every table, every format: the invariants the table parser relies on ----------------------------------

READABLE = ["tasks.docx", "tasks.pdf", "tasks.xlsx", "tasks.xls", "tasks_utf8.csv", "tasks_semicolon.csv",
            "tasks_gb2312.html", "tasks_utf8_bom.html"]


@pytest.mark.parametrize("name", READABLE)
def test_canonical_table_lines(name):
    document = read(name)
    assert len(document.sources) == len(document.lines)
    widths: dict = {}
    cells = 0
    for line, source in zip(document.lines, document.sources, strict=True):
        assert "\t" not in line[1:], f"a TAB inside cell text: {line!r}"
        if source.get("end_of_row"):
            assert line == ""
            widths.setdefault(source["table"], set()).add(cells)
            cells = 0
        elif "cell_line" in source:
            assert line.strip() and not line.startswith("\t"), f"a blank or TAB-led continuation: {line!r}"
        elif "cell" in source:
            assert line.startswith("\t"), line
            cells += 1
        else:
            assert line and not line.startswith("\t"), f"a blank or TAB-led paragraph: {line!r}"
    assert widths and all(len(found) == 1 for found in widths.values()), f"rows of different widths: {widths}"


def test_every_reader_has_a_fixture():
    fixtures = {sniff_format((FIXTURES / name).read_bytes(), FIXTURES / name) for name in READABLE}
    assert set(READERS) - {"text"} <= fixtures


# --- Sniffing and refusals --------------------------------------------------------------------------------

def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive_file:
        for name in names:
            archive_file.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize("data, name, words", [
    ((FIXTURES / "old_word.doc").read_bytes(), "list.doc", "save it as .docx"),
    ((FIXTURES / "password.docx").read_bytes(), "list.docx", "password-protected (encrypted)"),
    (b"{\\rtf1\\ansi ...}", "list.doc", "Rich Text (RTF)"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "list.doc", "single-file web page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "scan.png", "a PNG image"),
    (zip_with("[Content_Types].xml", "ppt/presentation.xml"), "list.pptx", "PowerPoint"),
    (zip_with("mimetype", "content.xml"), "list.odt", "OpenDocument"),
    (zip_with("notes.txt"), "list.zip", "a zip archive"),
    (b"PK\x03\x04 cut short", "list.docx", "damaged zip-based file"),
])
def test_unsupported_files_are_refused_with_what_to_do(data, name, words):
    with pytest.raises(SourceError) as refusal:
        sniff_format(data, name)
    assert words in refusal.value.message
    assert refusal.value.path == name
    if "damaged" not in words:
        assert "Supported: Word .docx, PDF with a text layer" in refusal.value.message


@pytest.mark.parametrize("data, name, expected", [
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "list.doc", "html"),  # a web page renamed .doc
    ("<html><body><p>任务</p></body></html>".encode("utf-16"), "page.htm", "html"),  # Word's "web page" save
    (b"%PDF-1.4 after junk", "list.pdf", "pdf"),
    (b"\n\nxx %PDF-1.7", "list.bin", "pdf"),
    ("序号\t任务\t单位\n1\t建设\t市教育局\n2\t培训\t市人社局\n".encode(), "list.txt", "csv"),  # Excel's tab text
    ("序号,任务\n1,建设\n".encode(), "list.csv", "csv"),
    ("一、总体要求\n（一）推进产教融合。\n".encode(), "list.txt", "text"),
])
def test_format_is_sniffed_from_content(data, name, expected):
    assert sniff_format(data, name) == expected


@pytest.mark.parametrize("seed", ["gaoping.txt", "jinzhou.txt", "wafangdian.txt", "zhongwei.txt"])
def test_seeds_stay_plain_text(seed):
    """A Word table exported as text opens each cell with a TAB: it is plain text for the table parser."""
    assert sniff_format((SEEDS / seed).read_bytes(), SEEDS / seed) == "text"


def test_zip_that_would_unpack_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(SourceError, match="would unpack to"):
        read("tasks.docx")


def test_manifest_format_overrides_sniffing_and_unknown_format_is_refused():
    assert read_document(FIXTURES / "tasks_semicolon.csv", format="text").format == "text"
    with pytest.raises(SourceError, match="unknown format 'doc'"):
        read_document(FIXTURES / "tasks.docx", format="doc")
