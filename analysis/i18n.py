"""Text for people: one catalogue per language (locales/<language>.yaml) and locale formatting with Babel.

- text(key, language, **values): the catalogue's sentence for `key`, with str.format placeholders filled in.
  An unknown key raises KeyError: a missing sentence shows up in the tests, not as a raw key on a page.
- label_of(family, code, language): the label of a stored code (function_education, layout_tab_table …), or
  the code itself when the catalogue has none (codes come from data files that grow).
- format_number / format_percent / format_decimal / format_date: numbers, shares and dates as the reader's
  locale writes them (zh_Hans_CN or en).
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

import pandas as pd
import yaml
from babel import dates, numbers

from etl.paths import PROJECT_ROOT

LOCALES_DIRECTORY = PROJECT_ROOT / "locales"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
BABEL_LOCALES = {"zh": "zh_Hans_CN", "en": "en"}


def supported(language: str | None) -> str:
    """The language itself when the catalogue has it, else the default (Chinese)."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> dict[str, str]:
    """{key: sentence} of locales/<language>.yaml: flat keys, every value a string."""
    path = LOCALES_DIRECTORY / f"{supported(language)}.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in entries.items()}


def has_text(key: str, language: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalogue(language)


def text(key: str, language: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The sentence for `key` in `language`, placeholders ({name}) filled from `values`."""
    try:
        template = catalogue(language)[key]
    except KeyError:
        raise KeyError(f"text key {key!r} is missing from locales/{supported(language)}.yaml") from None
    return template.format(**values) if values else template


def label_of(family: str, code: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """Label of a stored code (`family`_`code`), or the code itself where the catalogue names none."""
    if is_missing(code):
        return ""
    key = f"{family}_{code}"
    return text(key, language) if has_text(key, language) else str(code)


def unit_word(unit: str, language: str = DEFAULT_LANGUAGE, plural: bool = True) -> str:
    """A unit of a number as the reader says it (unit_<unit>, unit_<unit>_plural: 人次 → person-times), else
    the unit as stored."""
    key = f"unit_{unit}_plural" if plural else f"unit_{unit}"
    return text(key, language) if has_text(key, language) else unit


def join(items, language: str = DEFAULT_LANGUAGE) -> str:
    """Items as a list the reader writes: 甲、乙、丙 or A, B, C ('' for none)."""
    if items is None or is_missing(items):
        return ""
    return text("list_separator", language).join(str(item) for item in items)


NAMED_AT_MOST = 10


def join_some(items, language: str = DEFAULT_LANGUAGE, at_most: int = NAMED_AT_MOST) -> str:
    """join() of the first `at_most` items and 'and N more' for the rest: a list that stays readable with
    thousands of regions."""
    items = list(items)
    if len(items) <= at_most:
        return join(items, language)
    return text("list_and_more", language, items=join(items[:at_most], language), n=len(items) - at_most)


# --- Locale formatting (Babel) ---------------------------------------------------------------------------------

def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA alike (values come back from DuckDB or pandas in any of these)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def babel_locale(language: str) -> str:
    return BABEL_LOCALES[supported(language)]


def format_number(value: Any, language: str = DEFAULT_LANGUAGE, decimals: int = 2, grouping: bool = True) -> str:
    """A number with up to `decimals` decimals (trailing zeros dropped), grouped as the locale groups
    thousands unless grouping=False: 10000 → 10,000; 1.50 → 1.5. Missing → ''."""
    if is_missing(value):
        return ""
    pattern = ("#,##0" if grouping else "0") + ("." + "#" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=babel_locale(language))


def format_compact(value: Any, language: str = DEFAULT_LANGUAGE, decimals: int = 2) -> str:
    """A large number in the locale's short form: 20000 → 2万 (Chinese) or 20K (English)."""
    if is_missing(value):
        return ""
    return numbers.format_compact_decimal(value, locale=babel_locale(language), fraction_digits=decimals)


def format_decimal(value: Any, language: str = DEFAULT_LANGUAGE, decimals: int = 2) -> str:
    """A figure with exactly `decimals` decimals: 0.375 → 0.38. Missing → '—'."""
    if is_missing(value):
        return text("missing_value", language)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=babel_locale(language))


def format_percent(share: Any, language: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """A share (0–1) as a percentage: 0.9375 → 94%. Missing → '—'."""
    if is_missing(share):
        return text("missing_value", language)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return numbers.format_percent(share, format=pattern, locale=babel_locale(language))


def format_date(value: Any, language: str = DEFAULT_LANGUAGE, pattern: str = "medium") -> str:
    """A date as the locale writes it ('medium': 2021年9月10日 / Sep 10, 2021; or a CLDR pattern such as
    'yyyy-MM-dd'). Missing → ''."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    elif hasattr(value, "date") and callable(value.date):  # datetime, pandas Timestamp
        value = value.date()
    return dates.format_date(value, format=pattern, locale=babel_locale(language))
