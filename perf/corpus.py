"""A synthetic corpus for the benchmark: documents made by perturbing the seeds (data/raw/) in all their layouts.

`make_corpus(count, out_dir, seed)` writes `out_dir/sources.yaml` and `out_dir/raw/<doc_id>.<suffix>`. Document
i copies seed i mod (number of seeds) and gets:
- a new region: a made-up place name replaces the seed's region and places in the text and the manifest entry;
- shuffled tasks: the layout's perturber (PERTURBERS, one per layout) shuffles and drops a few tasks and
  renumbers them as the document numbered them;
- varied numbers: every quantity before a measure word (3个, 50%, 1万人次) is scaled by a random factor.

Every FORMAT_CYCLE-th copy of a seed is written in another format or encoding than UTF-8 text (FORMAT_WRITERS):
prose as a Word document (one paragraph per line) or GB18030 text, a table as GB18030 or UTF-16 text, so that
the readers of etl/parse/formats/ and the encoding detection take their share of the work.

Deterministic: the same (count, seed) gives byte-identical files (fixed dates inside DOCX). A layout
without a perturber gets the region and number changes only; a seed in a format that is not text is copied as
it is, under a new region (add a writer for its format to perturb it too).
"""

from __future__ import annotations

import datetime
import io
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml

from etl.manifest import load_manifest
from etl.paths import DEFAULT_MANIFEST

DROP_SHARE = 0.08  # share of tasks a synthetic document leaves out
NUMBER_FACTOR = (0.5, 2.0)
TEXT_SUFFIXES = (".txt",)
# Made-up place names: two syllables from these lists (with pinyin for the English name).
FIRST_SYLLABLES = [("安", "An"), ("宝", "Bao"), ("长", "Chang"), ("丹", "Dan"), ("东", "Dong"), ("丰", "Feng"),
                   ("福", "Fu"), ("广", "Guang"), ("和", "He"), ("华", "Hua"), ("嘉", "Jia"), ("江", "Jiang"),
                   ("金", "Jin"), ("康", "Kang"), ("乐", "Le"), ("临", "Lin"), ("隆", "Long"), ("美", "Mei"),
                   ("宁", "Ning"), ("平", "Ping"), ("普", "Pu"), ("庆", "Qing"), ("仁", "Ren"), ("瑞", "Rui"),
                   ("尚", "Shang"), ("寿", "Shou"), ("泰", "Tai"), ("通", "Tong"), ("万", "Wan"), ("文", "Wen"),
                   ("祥", "Xiang"), ("新", "Xin"), ("兴", "Xing"), ("延", "Yan"), ("永", "Yong"), ("裕", "Yu"),
                   ("云", "Yun"), ("泽", "Ze"), ("振", "Zhen"), ("卓", "Zhuo")]
SECOND_SYLLABLES = [("川", "chuan"), ("丰", "feng"), ("河", "he"), ("湖", "hu"), ("桥", "qiao"), ("阳", "yang"),
                    ("源", "yuan"), ("山", "shan"), ("林", "lin"), ("泉", "quan"), ("城", "cheng"), ("州", "zhou"),
                    ("溪", "xi"), ("峰", "feng"), ("原", "yuan"), ("岭", "ling"), ("谷", "gu"), ("滨", "bin"),
                    ("台", "tai"), ("塘", "tang"), ("坪", "ping"), ("水", "shui"), ("田", "tian"), ("陵", "ling"),
                    ("昌", "chang"), ("清", "qing"), ("德", "de"), ("安", "an"), ("宁", "ning"), ("乡", "xiang"),
                    ("口", "kou"), ("沙", "sha"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("冈", "gang"),
                    ("门", "men"), ("浦", "pu"), ("渡", "du"), ("庄", "zhuang")]
MEASURED_NUMBER = re.compile(
    r"(?<![\d.:：])(\d+(?:\.\d+)?)(?=[ \u3000]*(?:%|％|个|所|家|名|人次|人|万|项|门|支|次|套|座|条|期|批|学时|课时|小时|天|周"
    r"|个月|元|亿|余))")
NUMBERED_ITEM = re.compile(r"^[ \t]*(\d+)([.．、])", re.M)
HEADING = re.compile(r"^[ \t]*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)", re.M)
ROW_NUMBER = r"\t(?:\[bookmark: [^\]]*\])*(?P<number>\d+)\n"  # a 序号 cell, maybe with Word's anchors
TABLE_ROW = re.compile("^" + ROW_NUMBER, re.M)
ROW_START = re.compile(r"\n\n(?=" + ROW_NUMBER.replace("?P<number>", "?:") + ")")


# --- Names -----------------------------------------------------------------------------------------------

def place_name(number: int) -> tuple[str, str]:
    """(Chinese, English) made-up name number `number`; 1,600 distinct ones, then a numeral suffix."""
    first, second = FIRST_SYLLABLES[number % 40], SECOND_SYLLABLES[(number // 40) % 40]
    round_ = number // 1600
    suffix_zh, suffix_en = ("", "") if round_ == 0 else ("一二三四五六七八九"[(round_ - 1) % 9], f" {round_ + 1}")
    return first[0] + second[0] + suffix_zh, first[1] + second[1] + suffix_en


def region_stem(region_zh: str) -> str:
    """高平市 → 高平, 中宁县 → 中宁 (the stem names the place in running text)."""
    return re.sub(r"(市|县|区|自治州|自治县)$", "", region_zh)


def renamings(source: dict, number: int, rng: random.Random) -> tuple[dict[str, str], dict]:
    """Old place name → new one (the region first, then its places), and the new manifest names."""
    region_zh, region_en = place_name(number)
    stem = region_stem(source["region_zh"])
    mapping = {stem: region_zh}
    for place in source.get("places") or []:
        if place not in mapping:
            mapping[place] = place_name(rng.randrange(1600))[0]
    suffix = source["region_zh"][len(stem):]
    names = {"region_zh": region_zh + suffix, "region_en": region_en,
             "places": [mapping[place] for place in source.get("places") or []] or [region_zh]}
    return mapping, names


def rename_places(text: str, mapping: dict[str, str]) -> str:
    """Replace every old place name, longest first, in one pass (a new name is never renamed again)."""
    if not mapping or not text:
        return text
    pattern = re.compile("|".join(re.escape(name) for name in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda match: mapping[match.group()], text)


# --- Perturbations common to every layout ----------------------------------------------------------------

def vary_numbers(text: str, rng: random.Random) -> str:
    """Scale each quantity before a measure word; percentages stay at most 100, integers stay integers."""
    def scaled(match: re.Match) -> str:
        written = match.group(1)
        value = float(written) * rng.uniform(*NUMBER_FACTOR)
        if text[match.end():match.end() + 2].lstrip(" \u3000")[:1] in "%％":
            value = min(value, 100.0)
        return f"{value:.1f}" if "." in written else str(max(1, round(value)))

    return MEASURED_NUMBER.sub(scaled, text)


def shuffled_kept(items: list, rng: random.Random) -> list:
    """A shuffled copy without about DROP_SHARE of the items (never empty)."""
    kept = [item for item in items if rng.random() >= DROP_SHARE] or items[:1]
    rng.shuffle(kept)
    return kept


# --- Layout perturbers: text in, text out ----------------------------------------------------------------

def perturb_table_rows(text: str, rng: random.Random) -> str:
    """TAB tables: rows shuffled within their group (the merged group cell moves to the new first row), groups
    shuffled, a few rows left out, the 序号 column renumbered from the first row's number."""
    first_row = TABLE_ROW.search(text)
    if first_row is None:
        return text
    head, body = text[:first_row.start()], text[first_row.start():]
    tail = body[len(body.rstrip("\n ")):]
    groups: list[list[list[str]]] = []
    for row in ROW_START.split(body.rstrip("\n ")):
        cells = row.split("\n\t")
        if len(cells) < 2 or cells[1].strip() or not groups:
            groups.append([])
        groups[-1].append(cells)
    number, out_rows = int(first_row.group("number")), []
    rng.shuffle(groups)
    for group in groups:
        title = group[0][1] if len(group[0]) > 1 else ""
        for position, cells in enumerate(shuffled_kept(group, rng)):
            cells = [f"\t{number + len(out_rows)}", *cells[1:]]
            if len(cells) > 1:
                cells[1] = title if position == 0 else ""
            out_rows.append("\n\t".join(cells))
    return head + "\n\n".join(out_rows) + tail


def numbered_runs(text: str) -> list[list[tuple[int, int]]]:
    """Numbered paragraphs ('12.优化…' up to the next numbered line or heading) as (start, end) spans, in runs
    of consecutive ones (no heading between them)."""
    headings = [match.start() for match in HEADING.finditer(text)]
    starts = [match.start() for match in NUMBERED_ITEM.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    for index, start in enumerate(starts):
        following = [position for position in headings if position > start]
        end = min([*following[:1], *starts[index + 1:index + 2], len(text)])
        if not runs or runs[-1][-1][1] != start:
            runs.append([])
        runs[-1].append((start, end))
    return runs


def perturb_numbered_paragraphs(text: str, rng: random.Random) -> str:
    """Prose lists: numbered tasks shuffled within their group, a few left out, renumbered in order."""
    runs = numbered_runs(text)
    if not runs:
        return text
    number = int(NUMBERED_ITEM.match(text, runs[0][0][0]).group(1))
    first = text[runs[0][0][0]:runs[0][0][1]]
    separator = first[len(first.rstrip("\n")):] or "\n"  # what ends a paragraph, for the document's last one
    pieces, position = [], 0
    for run in runs:
        pieces.append(text[position:run[0][0]])
        for start, end in shuffled_kept(run, rng):
            paragraph = text[start:end]
            paragraph = paragraph if paragraph.endswith("\n") else paragraph + separator
            pieces.append(NUMBERED_ITEM.sub(rf"{number}\g<2>", paragraph, count=1))
            number += 1
        position = run[-1][1]
    pieces.append(text[position:])
    return "".join(pieces)


PERTURBERS: dict[str, Callable[[str, random.Random], str]] = {
    "table": perturb_table_rows,
    "prose": perturb_numbered_paragraphs,
    "tab_table": perturb_table_rows,  # the earlier layout names, still accepted in a manifest
    "prose_bracketed": perturb_numbered_paragraphs,
    "prose_labelled": perturb_numbered_paragraphs,
}


def perturb_text(text: str, layout: str, mapping: dict[str, str], rng: random.Random) -> str:
    """The layout's shuffle (if it has one), then new place names and varied numbers."""
    shuffle = PERTURBERS.get(layout)
    if shuffle is not None:
        text = shuffle(text, rng)
    return vary_numbers(rename_places(text, mapping), rng)


class NoAliasDumper(yaml.SafeDumper):
    """Every entry written out in full (a shared date object would otherwise become a YAML alias)."""

    def ignore_aliases(self, data) -> bool:
        return True


# --- The corpus --------------------------------------------------------------------------------------------

def synthetic_entry(source: dict, number: int, rng: random.Random) -> tuple[dict, dict[str, str]]:
    """The manifest entry of synthetic document `number` made from `source`, and its place renaming."""
    mapping, names = renamings(source, number, rng)
    doc_id = f"syn{number:05d}"
    entry = {key: value for key, value in source.items() if key != "path"}
    entry.update(doc_id=doc_id, region_id=doc_id, file=doc_id + Path(source["file"]).suffix, **names)
    for key in ("title", "issuer", "document_number"):
        if isinstance(entry.get(key), str):
            entry[key] = rename_places(entry[key], mapping)
    entry["description_zh"] = f"合成文档：由 {source['doc_id']} 打乱任务、替换地名和数字生成"
    entry["description_en"] = f"Synthetic document made from {source['doc_id']}: tasks shuffled, places and numbers changed"
    return entry, mapping


def make_document(source: dict, raw_dir: Path, out_raw: Path, number: int, seed: int, copy: int = 0,
                  formats: bool = True) -> dict:
    """Synthetic document `number`, the `copy`-th made from `source` (formats=False: every one as text)."""
    rng = random.Random(f"{seed}:{number}")
    entry, mapping = synthetic_entry(source, number, rng)
    data = (raw_dir / source["file"]).read_bytes()
    if Path(source["file"]).suffix.lower() in TEXT_SUFFIXES:
        text = perturb_text(data.decode("utf-8"), source["layout"], mapping, rng)
        suffix, data = write_in_format(text, source["layout"], copy) if formats else (".txt", text.encode("utf-8"))
        entry["file"] = entry["doc_id"] + suffix
    (out_raw / entry["file"]).write_bytes(data)
    return entry


# --- Other formats -------------------------------------------------------------------------------------------

FORMAT_CYCLE = 3  # copies 1, 4, 7 … of a seed: the layout's other format; the others stay UTF-8 text
FIXED_TIME = datetime.datetime(2024, 1, 1)


def word_document(text: str) -> bytes:
    """One paragraph per line (table cells included: the prose layouts have none)."""
    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_times(buffer.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """The same archive with every member dated FIXED_TIME (zip members carry the time they were written)."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()


def encoded(encoding: str) -> Callable[[str], bytes]:
    return lambda text: text.encode(encoding)


FORMAT_WRITERS: dict[str, tuple[tuple[str, Callable[[str], bytes]], ...]] = {
    "prose": ((".docx", word_document), (".txt", encoded("gb18030"))),
    # A table stays a text export, in another encoding: the seeds' exports mark a merged or page-broken cell in
    # ways a spreadsheet would need merge ranges for.
    "table": ((".txt", encoded("gb18030")), (".txt", encoded("utf-16"))),
}


def write_in_format(text: str, layout: str, copy: int) -> tuple[str, bytes]:
    """(suffix, bytes) of the copy-th synthetic copy of a seed: UTF-8 text, or every FORMAT_CYCLE-th copy in
    one of its layout's other formats, in turn."""
    writers = FORMAT_WRITERS.get(layout, ())
    if not writers or copy % FORMAT_CYCLE != 1:
        return ".txt", text.encode("utf-8")
    suffix, write = writers[(copy // FORMAT_CYCLE) % len(writers)]
    return suffix, write(text)


def make_corpus(count: int, out_dir, seed: int = 0, manifest_path=DEFAULT_MANIFEST, formats: bool = True) -> Path:
    """Write `count` synthetic documents and their manifest into out_dir; returns the manifest's path.
    formats=False writes every document as UTF-8 text."""
    manifest_path = Path(manifest_path)
    seeds = load_manifest(manifest_path)
    out_dir, raw_dir = Path(out_dir), manifest_path.parent / "raw"
    out_raw = out_dir / "raw"
    out_raw.mkdir(parents=True, exist_ok=True)
    entries = [make_document(seeds[number % len(seeds)], raw_dir, out_raw, number, seed, number // len(seeds),
                             formats) for number in range(count)]
    out_manifest = out_dir / "sources.yaml"
    header = f"# Synthetic corpus: {count} documents perturbed from {manifest_path} (seed {seed}); python -m perf\n"
    text = yaml.dump({"documents": entries}, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False)
    out_manifest.write_text(header + text, encoding="utf-8")
    load_manifest(out_manifest)  # the manifest must be valid
    return out_manifest
