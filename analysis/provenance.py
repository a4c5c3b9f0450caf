"""Where an exported chart or table comes from, worded for people; knows nothing of Streamlit.

A Provenance holds the documents behind a view, the filters active when it was exported, the date the
database was built and the project's version. From it come the lines drawn on every exported image
(filters_line, source_line) and the rows of the XLSX sheet "About" (about_rows).
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analysis.i18n import format_date, is_missing, text
from etl.paths import PROJECT_ROOT

DOCUMENTS_NAMED = 6  # a source line names this many documents, then "and N more" (all are in the About sheet)


@lru_cache(maxsize=1)
def project_version() -> str:
    """The version in pyproject.toml."""
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def built_on(identity: str | None) -> datetime.date | None:
    """The database's build date from its identity (inode-mtime_ns-size, analysis/database.py)."""
    try:
        return datetime.datetime.fromtimestamp(int(str(identity).split("-")[1]) / 1e9).date()
    except (IndexError, ValueError):
        return None


@dataclass(frozen=True)
class Provenance:
    """documents: rows of queries.document_sources (region_zh, region_en, title, document_number, issued_on);
    filters: (label, value as shown) of every active selection."""

    documents: pd.DataFrame
    language: str
    built: datetime.date | None = None
    filters: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def say(self, key: str, **values) -> str:
        return text(key, self.language, **values)

    def region(self, row) -> str:
        return row["region_en" if self.language == "en" else "region_zh"]


def document_label(provenance: Provenance, row) -> str:
    """高平市《…》（高政发〔2021〕20号） / Gaoping: … (no. …)."""
    number = row["document_number"]
    key = "export_document" if not is_missing(number) and number else "export_document_unnumbered"
    return provenance.say(key, region=provenance.region(row), title=row["title"], number=number)


def documents_text(provenance: Provenance) -> str:
    documents = provenance.documents
    named = [document_label(provenance, row) for row in documents.head(DOCUMENTS_NAMED).to_dict("records")]
    if len(documents) > DOCUMENTS_NAMED:
        named.append(provenance.say("export_more_documents", n=len(documents) - DOCUMENTS_NAMED))
    return provenance.say("clause_separator").join(named)


def build_date_text(provenance: Provenance) -> str:
    return format_date(provenance.built, provenance.language, "yyyy-MM-dd") if provenance.built else \
        provenance.say("not_stated")


def source_line(provenance: Provenance) -> str:
    """来源：…；构建于 2025-01-01；政策任务清单比较 0.1.0 / Source: …; built …; Comparing policy task lists 0.1.0."""
    return provenance.say("export_source_line", documents=documents_text(provenance),
                          date=build_date_text(provenance), project=provenance.say("app_title"),
                          version=project_version())


def filters_line(provenance: Provenance) -> str:
    """筛选：地区 = 高平市；… / Filters: Region = Gaoping; …, or '' when nothing is filtered."""
    if not provenance.filters:
        return ""
    parts = [provenance.say("export_filter", label=label, value=value) for label, value in provenance.filters]
    return provenance.say("export_filters", filters=provenance.say("clause_separator").join(parts))


def about_rows(provenance: Provenance, title: str) -> list[tuple[str, str]]:
    """(label, text) rows of the XLSX sheet "About": title, one row per source document (title, document
    number, date), the filters, build date, version and a citation line."""
    say = provenance.say
    rows = [(say("export_about_title"), title)]
    for _, row in provenance.documents.iterrows():
        issued = format_date(row["issued_on"], provenance.language, "yyyy-MM-dd") or say("date_not_stated")
        rows.append((say("export_about_source"), say(
            "export_about_document", region=provenance.region(row), title=row["title"],
            number=row["document_number"] if not is_missing(row["document_number"]) else say("not_stated"),
            date=issued)))
    for label, value in provenance.filters or ((say("export_about_filters"), say("export_no_filters")),):
        rows.append((say("export_about_filter", label=label), value))
    rows += [(say("export_about_built"), build_date_text(provenance)),
             (say("export_about_version"), f"{say('app_title')} {project_version()}"),
             (say("export_about_neutralized"), say("export_neutralized_note")),
             (say("export_about_citation"), say("export_citation", project=say("app_title"),
                                                 version=project_version(), title=title,
                                                 date=build_date_text(provenance),
                                                 n=len(provenance.documents)))]
    return rows
