"""The text catalogue (locales/*.yaml, analysis/i18n.py): both languages complete and alike, every key the
code asks for present, no sentence for people left in the code, and Babel's locale formatting."""

import ast
import datetime
import re
import string
from pathlib import Path

import pytest
import yaml

from analysis.i18n import (
    LANGUAGES,
    LOCALES_DIRECTORY,
    catalogue,
    format_date,
    format_decimal,
    format_number,
    format_percent,
    join,
    label_of,
    text,
)
from etl.parse.agencies import RULES_PATH

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("views", "analysis")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# text("key" …) / t("key" …) / label("key" …) with a literal key; keys made at run time by a prefix:
# t(f"unit_class_{value}"), t("metric_field_" + field)
LITERAL_KEY = re.compile(r"""(?<![.\w])(?:t|text|label)\(\s*["']([A-Za-z0-9_]+)["'](?!\s*\+)""")
FORMATTED_KEY = re.compile(r"""(?<![.\w])(?:t|text|label)\(\s*(?:f["']([A-Za-z0-9_]*)\{|["']([A-Za-z0-9_]+)["']\s*\+)""")
# label_of("family", code, …) looks up <family>_<code>
FAMILY = re.compile(r"""\blabel_of\(\s*["']([A-Za-z0-9_]+)["']""")


def code_files():
    return sorted(path for folder in CODE_FOLDERS for path in (PROJECT_ROOT / folder).glob("*.py")) + [
        PROJECT_ROOT / "app.py"]


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# --- The catalogue itself ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_flat_and_has_no_repeated_key(language):
    path = LOCALES_DIRECTORY / f"{language}.yaml"
    keys = re.findall(r"^([^#\s][^:]*):", path.read_text(encoding="utf-8"), flags=re.M)
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    assert not repeated, f"{path.name} repeats {repeated}"  # YAML would silently keep the last one
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all(isinstance(value, str) for value in entries.values()), path.name


def test_every_key_has_both_languages():
    zh, en = set(catalogue("zh")), set(catalogue("en"))
    assert not zh - en, f"missing from locales/en.yaml: {sorted(zh - en)}"
    assert not en - zh, f"missing from locales/zh.yaml: {sorted(en - zh)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_empty(language):
    empty = [key for key, value in catalogue(language).items() if not value.strip()]
    assert not empty, f"empty in locales/{language}.yaml: {empty}"


def test_both_languages_use_the_same_placeholders():
    zh, en = catalogue("zh"), catalogue("en")
    differing = {key: (placeholders(zh[key]), placeholders(en[key])) for key in zh
                 if key in en and placeholders(zh[key]) != placeholders(en[key])}
    assert not differing, differing


def test_english_texts_hold_no_chinese_outside_quotes_and_names():
    """English texts may quote the documents (长期坚持, 万) but must not be Chinese sentences."""
    chinese = {key: value for key, value in catalogue("en").items()
               if len(CJK.findall(value)) > 6 and key not in ("language_switch", "language_name_zh")}
    assert not chinese, chinese


# --- The code asks only for keys the catalogue has ------------------------------------------------------------

def test_every_key_the_code_uses_is_in_the_catalogue():
    keys = set(catalogue("zh"))
    missing, families = {}, {}
    for path in code_files():
        source = path.read_text(encoding="utf-8")
        for key in LITERAL_KEY.findall(source):
            if key not in keys:
                missing.setdefault(key, path.name)
        prefixes = ["".join(parts) for parts in FORMATTED_KEY.findall(source)]
        for prefix in prefixes + [f"{family}_" for family in FAMILY.findall(source)]:
            if not any(key.startswith(prefix) for key in keys):
                families.setdefault(prefix, path.name)
    assert not missing, f"keys used in code but missing from the catalogue: {missing}"
    assert not families, f"key families used in code with no key in the catalogue: {families}"


def test_the_navigation_titles_are_in_the_catalogue():
    from views.navigation import PAGES

    assert all(text(entry.title, language) for entry in PAGES for language in LANGUAGES)


def test_every_agency_function_and_level_has_a_label():
    rules = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    # etl/parse/agencies.py adds these four codes of its own besides the patterns' functions
    functions = {entry["function"] for entry in rules["functions"]} | {"government", "school", "internal_unit",
                                                                      "other"}
    levels = {entry["level"] for entry in rules["levels"]} - {"local"}
    keys = set(catalogue("zh"))
    assert {f"function_{code}" for code in functions} <= keys, functions - {
        key.removeprefix("function_") for key in keys}
    assert {f"level_{code}" for code in levels} <= keys


def test_an_unknown_key_is_an_error_not_a_raw_key():
    with pytest.raises(KeyError, match="no_such_key"):
        text("no_such_key", "en")


# --- No text for people left in the code -------------------------------------------------------------------------

def docstring_nodes(tree) -> set[int]:
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the string constants (f-string parts included) holding Chinese characters or
    punctuation; docstrings and comments are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = docstring_nodes(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
            and CJK.search(node.value)]


def test_no_chinese_string_literal_in_views_and_analysis_code():
    found = [f"{path.relative_to(PROJECT_ROOT)}:{line}: {value[:40]!r}" for path in code_files()
             for line, value in chinese_literals(path)]
    assert not found, "move these to locales/*.yaml:\n" + "\n".join(found)


def test_the_literal_check_catches_code_but_not_docstrings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""说明。"""\n\n\ndef f(x):\n    """说明。"""\n    # 注释\n    return f"{x}（注）" + "、"\n',
                      encoding="utf-8")
    assert sorted(chinese_literals(sample)) == [(7, "、"), (7, "（注）")]


def test_nothing_under_etl_imports_analysis_or_the_catalogue():
    offenders = [str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "etl").rglob("*.py")
                 if re.search(r"^\s*(from|import) analysis\b", path.read_text(encoding="utf-8"), flags=re.M)]
    assert not offenders, offenders


# --- Babel formatting and the helpers --------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "expected"), [
    (lambda: format_number(10000, "en"), "10,000"),
    (lambda: format_number(3000, "zh", grouping=False), "3000"),
    (lambda: format_number(1.50, "en"), "1.5"),
    (lambda: format_percent(0.9375, "zh"), "94%"),
    (lambda: format_percent(0.5, "en"), "50%"),
    (lambda: format_percent(None, "en"), "—"),
    (lambda: format_decimal(0.375, "zh"), "0.38"),
    (lambda: format_decimal(2.0, "en", decimals=1), "2.0"),
    (lambda: format_date(datetime.date(2021, 9, 10), "zh"), "2021年9月10日"),
    (lambda: format_date("2021-09-10", "en"), "Sep 10, 2021"),
    (lambda: format_date(None, "en"), ""),
    (lambda: join(["高平市", "中卫市"], "zh"), "高平市、中卫市"),
    (lambda: join(["Gaoping", "Zhongwei"], "en"), "Gaoping, Zhongwei"),
    (lambda: label_of("function", "finance", "en"), "Finance"),
    (lambda: label_of("function", "no_such_function", "en"), "no_such_function"),
    (lambda: text("overview_intro", "en", n=5).split(":")[0], "5 lists side by side"),
])
def test_locale_formatting(call, expected):
    assert call() == expected
