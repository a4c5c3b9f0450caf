"""A deliberately crude reader of the four seed documents, independent of the ETL's parsers, so tests of the
derived stages (matching, keyness, terms, themes) check those stages and not the parsing."""

import functools
import re
from pathlib import Path

import pandas as pd

RAW_DIRECTORY = Path(__file__).resolve().parents[1] / "data" / "raw"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
SPACE_NEXT_TO_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
TABLE_ROW_START = re.compile(r"\n(?=\t\d+\n)")
PROSE_TASK = re.compile(r"\n(\d+)[.．]\s*(.+?)(?=〔责任单位|责任单位：)", re.S)


def crude_clean(text: str) -> str:
    """Page breaks and stray spaces inside Chinese words go; bold markers go."""
    return SPACE_NEXT_TO_CJK.sub("", BOOKMARK.sub("", text)).replace("*", "").strip()


def task_row(region: str, number: str, title, content, measures=None, target=None) -> dict:
    return {
        "task_id": f"{region}-{int(number):03d}", "doc_id": region, "region_id": region, "kind": "task",
        "title": title, "content": content, "local_measures": measures or None, "local_target": target or None,
    }


def table_tasks(region: str) -> list[dict]:
    """TAB tables: a row starts with a cell holding only its number; cells start with a TAB."""
    text = BOOKMARK.sub("", (RAW_DIRECTORY / f"{region}.txt").read_text(encoding="utf-8"))
    rows = []
    for block in TABLE_ROW_START.split(text)[1:]:
        cells = [crude_clean(cell) for cell in re.split(r"(?:^|\n)\t", block)[1:]]
        measures, target = (cells[4], cells[5]) if len(cells) > 6 else (None, None)
        rows.append(task_row(region, cells[0], None, cells[2], measures, target))
    return rows


def prose_tasks(region: str) -> list[dict]:
    """Numbered tasks `N. title。content` ending where the responsible units start."""
    text = (RAW_DIRECTORY / f"{region}.txt").read_text(encoding="utf-8")
    rows = []
    for match in PROSE_TASK.finditer(text):
        title, _, content = crude_clean(match.group(2)).partition("。")
        rows.append(task_row(region, match.group(1), title, content))
    return rows


@functools.lru_cache(maxsize=1)
def raw_tasks() -> pd.DataFrame:
    """The 153 numbered tasks of the four documents (Gaoping's four safeguards are not numbered)."""
    rows = table_tasks("jinzhou") + table_tasks("wafangdian") + prose_tasks("gaoping") + prose_tasks("zhongwei")
    return pd.DataFrame(rows)
