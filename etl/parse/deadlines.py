"""Deadlines as written (完成时限 / 完成时间) turned into year, month and an 'ongoing' flag."""

import re

YEAR_MONTH = re.compile(r"((?:19|20)\d{2})年(?:(\d{1,2})月)?")
ONGOING = re.compile(r"长期|持续|常态化")


def parse_deadline(text: str | None) -> dict:
    """deadline_year is the latest year named (a cell may list one date per sub-measure, 2025年；2023年);
    deadline_month only when a single date is given; ongoing for 长期坚持 and the like. None where absent."""
    text = (text or "").strip() or None
    result = {"deadline_text": text, "deadline_year": None, "deadline_month": None, "ongoing": False}
    if not text:
        return result
    dates = [(int(year), int(month) if month else None) for year, month in YEAR_MONTH.findall(text)]
    if dates:
        result["deadline_year"] = max(year for year, _ in dates)
        if len(dates) == 1:
            result["deadline_month"] = dates[0][1]
    result["ongoing"] = bool(ONGOING.search(text))
    return result
