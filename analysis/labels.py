"""Bilingual labels (Chinese default, English for foreign researchers), kept out of the pages."""

from functools import lru_cache
from pathlib import Path

import yaml

AGENCY_RULES = Path(__file__).resolve().parent.parent / "data" / "agencies.yaml"

LABELS = {
    "app_title": ("职业教育改革任务清单比较", "Comparing vocational-education reform task lists"),
    "language": ("语言", "Language"),
    "overview": ("总览", "Overview"),
    "task_explorer": ("任务浏览", "Task explorer"),
    "region": ("地区", "Region"),
    "province": ("省份", "Province"),
    "admin_level": ("行政层级", "Administrative level"),
    "issuer": ("发文单位", "Issuing body"),
    "issuer_kind": ("发文主体类型", "Kind of issuer"),
    "title": ("标题", "Title"),
    "document_number": ("文号", "Document number"),
    "issued_on": ("发布日期", "Issued on"),
    "layout": ("版式", "Layout"),
    "tasks": ("任务数", "Tasks"),
    "safeguards": ("保障措施条目", "Safeguard items"),
    "lead_agencies": ("牵头/责任单位数", "Lead agencies"),
    "support_agencies": ("配合单位数", "Supporting agencies"),
    "implementer_units": ("校内落实部门数", "College offices (implementers)"),
    "agency_links": ("责任分工条目", "Agency links"),
    "deadline_span": ("完成时限跨度", "Deadline span"),
    "tasks_with_deadline": ("有完成时限的任务", "Tasks with a deadline"),
    "ongoing_tasks": ("长期坚持", "Ongoing (长期坚持)"),
    "warnings": ("解析提示", "Parser warnings"),
    "description": ("简介", "Description"),
    "not_stated": ("文中未载明", "not stated in the text"),
    "none": ("无", "none"),
    "group": ("主要任务/分组", "Group"),
    "agency": ("单位", "Agency"),
    "function": ("职能类别", "Function"),
    "deadline": ("完成时限", "Deadline"),
    "deadline_filter": ("时限", "Deadline"),
    "deadline_any": ("全部", "Any"),
    "deadline_dated": ("有具体年份", "Has a year"),
    "deadline_ongoing": ("长期坚持", "Ongoing"),
    "deadline_none": ("未注明", "None given"),
    "deadline_years": ("完成年份", "Deadline year"),
    "search_text": ("全文检索", "Search text"),
    "results": ("条任务", "tasks"),
    "pick_task": ("查看任务详情", "Open a task"),
    "content": ("任务内容", "Task content"),
    "local_measures": ("学校具体举措", "College's measures"),
    "local_target": ("学校完成目标", "College's targets"),
    "lead": ("责任单位（牵头）", "Lead"),
    "support": ("配合单位", "Support"),
    "implementer": ("校内责任部门", "College offices"),
    "source": ("来源", "Source"),
    "source_lines": ("原文行", "Source lines"),
    "raw_text": ("原文", "Source text"),
    "kind": ("类型", "Kind"),
    "kind_task": ("任务", "task"),
    "kind_safeguard": ("保障措施", "safeguard"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 XLSX", "Download XLSX"),
    "no_results": ("没有符合条件的任务。", "No task matches these filters."),
    "city_government": ("市政府", "City government"),
    "institution": ("院校", "Institution (college)"),
    "prefecture": ("地级市", "Prefecture-level city"),
    "county": ("县级市", "County-level city"),
    "province_level": ("省级", "Province"),
    "prose_bracketed": ("文本（括注责任单位）", "Prose, bracketed responsibility"),
    "prose_labelled": ("文本（分列责任/配合/时限）", "Prose, labelled fields"),
    "tab_table": ("表格", "Table"),
    "overview_intro": (
        "四份清单并列比较。注意：锦州清单由一所高校（锦州师专）制定，逐条重述辽宁省的任务与省直责任部门，"
        "并列出学校自己的举措和处室；其余三份由市政府制定。",
        "The four lists side by side. Note: Jinzhou's list is one college's (Jinzhou Normal College), restating "
        "Liaoning's provincial tasks and departments next to its own measures and offices; the other three are "
        "city governments' lists."),
    "data_note": ("数据来源：各地公开文件；每个数字可追溯到原文行。",
                  "Source: the four public documents; every figure traces back to its source lines."),
    "tasks_by_region": ("各地任务数", "Tasks per region"),
}


def label(key: str, language: str = "zh") -> str:
    zh, en = LABELS.get(key, (key, key))
    return en if language == "en" else zh


@lru_cache(maxsize=1)
def agency_labels() -> dict:
    data = yaml.safe_load(AGENCY_RULES.read_text(encoding="utf-8"))
    return {"function": data["function_labels"], "level": data["level_labels"]}


def function_label(function: str, language: str = "zh") -> str:
    pair = agency_labels()["function"].get(function, [function, function])
    return pair[1] if language == "en" else pair[0]


def level_label(level: str, language: str = "zh") -> str:
    pair = agency_labels()["level"].get(level, [level, level])
    return pair[1] if language == "en" else pair[0]
