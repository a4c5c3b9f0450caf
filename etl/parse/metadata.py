"""Facts about a document read from its own text, for the import proposal: issuer, title of the list, 文号,
date of issue (落款 / 成文日期), region and its level. Each is None when the text does not state it plainly.
"""

import re
from dataclasses import dataclass

from etl.parse.clean import clean_line

HEAD_LINES = 60
NUMBER = re.compile(r"^(?:(?:发文字号|文号|发文号)[：:])?([\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\d{1,4}号)$")
CHINESE_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
                       "六": "6", "七": "7", "八": "8", "九": "9"}
DATE = re.compile(r"^(?:(?:成文日期|发文日期|印发日期)[：:])?(\d{4}|[〇○零一二三四五六七八九]{4})[年\-./]"
                  r"([0-9一二三四五六七八九十]{1,3})(?:[月\-./]([0-9一二三四五六七八九十]{1,3})日?|月)$")
NOTICE = re.compile(r"关于印发(.+?)的通知$")
ISSUER_ENDINGS = ("人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "厅", "局", "委员会", "委",
                  "学院", "学校", "大学", "中心")
REGION = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|省|市|县|区|旗))")
FILLED_IN_BY = re.compile(r"^(?:填报|报送)?单位(?:（公章）|\(公章\))?[：:](.+?)(?=联系人|联系电话|填报|$)")
NATIONAL_ISSUERS = ("国务院", "教育部", "人力资源社会保障部", "国家发展改革委", "财政部")


@dataclass
class DocumentFacts:
    issuer: str | None = None
    title: str | None = None
    document_number: str | None = None
    issued_on: str | None = None
    region_zh: str | None = None
    admin_level: str | None = None
    issuer_kind: str | None = None
    province_zh: str | None = None


def head_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The first non-blank lines, cleaned (table cells too: a title row is often one)."""
    head = []
    for number, line in enumerate(lines, start=1):
        text = clean_line(line.replace("\t", " "))
        if text:
            head.append((number, text))
        if len(head) >= HEAD_LINES:
            break
    return head


def to_digits(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(CHINESE_YEAR_DIGITS[char] for char in text))
    tens, _, units = text.partition("十")
    if "十" not in text:
        return int(CHINESE_YEAR_DIGITS[text])
    return int(CHINESE_YEAR_DIGITS.get(tens, "1") if tens else 1) * 10 + int(CHINESE_YEAR_DIGITS.get(units, "0"))


def issue_date(head) -> tuple[int, str | None] | None:
    """(line, ISO date) of the first line that is only a date (the 落款 or 成文日期), not an 印发 line. A 落款
    dated by month only (2024年3月, under the issuer's name) is the date line too, with no date: no day is
    invented."""
    for position, (number, text) in enumerate(head):
        match = DATE.match(text)
        if not match:
            continue
        year, month = to_digits(match.group(1)), to_digits(match.group(2))
        if match.group(3) is None:
            if 1 <= month <= 12 and position and head[position - 1][1].endswith(ISSUER_ENDINGS):
                return number, None
            continue
        day = to_digits(match.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return number, f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_issuer(head, date_line: int | None) -> str | None:
    """The 落款 line above the date, else the red header (…文件), else the 通知's issuer (X关于印发…)."""
    candidate = previous_text(head, date_line) if date_line else None
    if candidate and candidate.endswith(ISSUER_ENDINGS) and len(candidate) <= 30:
        return candidate
    for _, text in head:
        if text.endswith("文件") and text[:-2].endswith(ISSUER_ENDINGS):
            return text[:-2]
    for _, text in head:
        match = FILLED_IN_BY.match(text)
        if match and match.group(1).endswith(ISSUER_ENDINGS):
            return match.group(1)
    for _, text in head:
        issuer, found, _ = text.partition("关于印发")
        if found and issuer.endswith(ISSUER_ENDINGS) and len(issuer) <= 30:
            return issuer
    return None


def institution_in(title: str | None) -> str | None:
    """A college's own list often names it only in the title: 江临职业技术学院“双高计划”…任务分解表."""
    match = re.match(r"^([\u4e00-\u9fff]{2,20}?(?:学院|学校|大学))", title or "")
    return match.group(1) if match else None


def previous_text(head, line: int) -> str | None:
    earlier = [text for number, text in head if number < line]
    return earlier[-1] if earlier else None


def find_title(head) -> str | None:
    """The list's own title: the 《…》 of 关于印发《…》的通知, else the first short line that names a plan/list."""
    for _, text in head:
        match = NOTICE.search(text)
        if match:
            return unquoted(match.group(1))
    for position, (_, text) in enumerate(head):
        if 8 <= len(text) <= 80 and re.search(r"(清单|方案|计划|措施|意见|要点|分工|任务|规划|细则|办法|表)$", text) \
                and not re.search(r"[，。；：]", text):
            if text.count("》") > text.count("《") and position:
                text = head[position - 1][1] + text  # a long title wrapped over two lines
            return text
    return None


def unquoted(title: str) -> str:
    """《A》 → A and 《A》重点任务分工 → A重点任务分工: the list's title, without the marks around the plan's name."""
    if title.startswith("《") and "》" in title:
        closing = title.index("》")
        return title[1:closing] + title[closing + 1:]
    return title


def region_of(*names) -> str | None:
    for name in names:
        match = REGION.match(name or "")
        if match and not match.group(1).endswith(("学院", "学校")):
            return match.group(1)
    return None


def level_of(region: str | None, issuer: str | None) -> str | None:
    if issuer and issuer.startswith(NATIONAL_ISSUERS):
        return "national"
    if not region:
        return None
    if region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("市", "自治州")):
        return "prefecture"
    return "county"


def kind_of(issuer: str | None, level: str | None) -> str | None:
    """issuer_kind from the issuer's name and the region's level."""
    if not issuer:
        return None
    if issuer.startswith(NATIONAL_ISSUERS):
        return "central_government"
    if issuer.endswith(("学院", "学校", "大学")):
        return "institution"
    if issuer.startswith("中共") or "党委" in issuer:
        return "party_committee"
    place = {"province": "province", "prefecture": "city", "county": "county"}.get(level or "")
    if not place:
        return "other"
    return f"{place}_government" if "人民政府" in issuer else f"{place}_department"


def read_facts(lines: list[str]) -> DocumentFacts:
    head = head_lines(lines)
    date = issue_date(head)
    title = find_title(head)
    issuer = find_issuer(head, date[0] if date else None) or institution_in(title)
    number = next((NUMBER.match(text).group(1) for _, text in head if NUMBER.match(text)), None)
    region = region_of(issuer, title)
    level = level_of(region, issuer)
    province = region if level == "province" else None
    return DocumentFacts(issuer=issuer, title=title, document_number=number, issued_on=date[1] if date else None,
                         region_zh=region, admin_level=level, issuer_kind=kind_of(issuer, level),
                         province_zh=province)
