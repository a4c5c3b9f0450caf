"""The sources manifest (data/sources.yaml) as a contract: a pydantic model that refuses unknown or misspelled
keys, wrong types, missing fields, bad dates and unknown codes, then the rules between entries (unique ids and
files, shared regions declared once). Every problem names the manifest, the entry, its line and the key.

`read_manifest(path)` gives the checked Manifest; `load_manifest(path)` its documents as plain dicts (region
fields filled in from `regions:`), which is what the parse stages take.
"""

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

import pydantic
from pydantic import Field, field_validator, model_validator

from etl import manifest_problems as problems
from etl.errors import ManifestError, Problem, SourceError
from etl.manifest_yaml import line_of, parse_yaml, read_manifest_text
from etl.parse.formats import READERS
from etl.parse.layouts import PARSERS
from etl.parse.layouts.table import COLUMN_FIELDS, TEXT_FIELDS
from etl.raw_files import DEFAULT_MAX_FILE_MB, MEGABYTE

Identifier = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Text = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, min_length=1)]
Year = Annotated[int, Field(ge=1949, le=2100)]
AdminLevel = Literal["national", "province", "prefecture", "county", "township"]
IssuerKind = Literal["central_government", "province_government", "province_department", "city_government",
                     "city_department", "county_government", "county_department", "party_committee",
                     "institution", "other"]


class Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Column(Strict):
    name: Text = Field(description="the column's header as printed (e.g. 责任部门)")
    field: str = Field(description=f"what the column holds: one of {', '.join(COLUMN_FIELDS)}")

    @field_validator("field")
    @classmethod
    def known_field(cls, value: str) -> str:
        if value not in COLUMN_FIELDS:
            raise ValueError(f"unknown column field {value!r}{problems.suggestion(value, COLUMN_FIELDS)}")
        return value


class Region(Strict):
    region_id: Identifier = Field(description="lowercase ASCII id (e.g. zhongwei)")
    region_zh: Text = Field(description="the region's Chinese name (e.g. 中卫市)")
    region_en: Text = Field(description="the region's English name (e.g. Zhongwei)")
    province_zh: Text | None = Field(None, description="province or autonomous region (null for national)")
    admin_level: AdminLevel = Field(description="the region's level")


class Document(Strict):
    doc_id: Identifier = Field(description="lowercase ASCII id, unique in the manifest (e.g. zhongwei)")
    region_id: Identifier = Field(description="lowercase ASCII id of the region (e.g. zhongwei)")
    region_zh: Text | None = Field(None, description="the region's Chinese name (e.g. 中卫市)")
    region_en: Text | None = Field(None, description="the region's English name (e.g. Zhongwei)")
    province_zh: Text | None = Field(None, description="province or autonomous region (e.g. 宁夏回族自治区)")
    admin_level: AdminLevel | None = Field(None, description="the region's level")
    issuer: Text | None = Field(None, description="the issuing body as the document names it, or null")
    issuer_kind: IssuerKind | None = Field(None, description="the kind of issuer")
    title: Text = Field(description="the document's title")
    document_number: Text | None = Field(None, description="文号 such as 高政办发〔2021〕37号, or null")
    issued_on: date | None = Field(None, description="date of issue as YYYY-MM-DD (e.g. 2021-09-10), or null")
    plan_start_year: Year | None = Field(None, description="first year the plan covers (e.g. 2021), or null")
    plan_end_year: Year | None = Field(None, description="last year the plan covers (e.g. 2025), or null")
    description_zh: Text | None = Field(None, description="one line in Chinese for the Overview page")
    description_en: Text | None = Field(None, description="one line in English for the Overview page")
    file: Text = Field(description="the file's name inside the raw folder (e.g. zhongwei.txt)")
    format: str | None = Field(None, description=f"file format, sniffed if absent: {', '.join(READERS)}")
    layout: str = Field("auto", description=f"a layout the ETL knows: {', '.join(PARSERS)}, or auto (detected)")
    task_numbering: Literal["一、", "（一）", "1.", "（1）", "1）", "①"] | None = Field(
        None, description="(prose) the numbering of the tasks; detected when absent")
    columns: list[Column] | None = Field(None, description="(table) one {name, field} per column, in order; "
                                                           "mapped from the header words when absent")
    scope: dict[str, Literal["local", "parent"]] | None = Field(
        None, description=f"which text fields restate a higher level's plan: {{field: local | parent}} for "
                          f"fields {', '.join(TEXT_FIELDS)}")
    local_prefix: str | None = Field(None, description="prefix of the region's own departments (e.g. 市)")
    places: list[Text] = Field([], description="place names of the region's sub-units (e.g. [中宁, 海原])")
    goal_section_pattern: str | None = Field(None, description="regular expression for goal section headings")
    safeguard_section_pattern: str | None = Field(None, description="regular expression for safeguard sections")
    responsibility_convention: Literal["first_listed_leads", "as_written"] | None = Field(
        None, description="first_listed_leads when the document says 列第一位者为牵头单位 (found in the text when "
                          "absent); as_written ignores a convention found in the text")

    @field_validator("file")
    @classmethod
    def relative_file(cls, value: str) -> str:
        return check_relative_path(value)

    @field_validator("issued_on", mode="before")
    @classmethod
    def date_as_text(cls, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD (e.g. 2021-09-10), or null")
        return value

    @field_validator("layout")
    @classmethod
    def known_layout(cls, value: str) -> str:
        if value not in PARSERS and value != "auto":
            raise ValueError(f"unknown layout {value!r}{problems.suggestion(value, PARSERS)}")
        return value

    @field_validator("format")
    @classmethod
    def known_format(cls, value: str | None) -> str | None:
        if value is not None and value not in READERS:
            raise ValueError(f"unknown format {value!r}{problems.suggestion(value, READERS)}")
        return value

    @field_validator("scope")
    @classmethod
    def known_scope_fields(cls, value: dict | None) -> dict | None:
        for name in value or {}:
            if name not in TEXT_FIELDS:
                raise ValueError(f"unknown scope field {name!r}{problems.suggestion(name, TEXT_FIELDS)}")
        return value

    @field_validator("goal_section_pattern", "safeguard_section_pattern")
    @classmethod
    def valid_pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value

    @field_validator("columns")
    @classmethod
    def usable_columns(cls, value: list[Column] | None) -> list[Column] | None:
        if value is None:
            return value
        fields = [column.field for column in value]
        if not fields or fields[0] != "seq":
            raise ValueError("the first column must be the row number (field: seq)")
        repeated = sorted({name for name in fields if name != "ignore" and fields.count(name) > 1})
        if repeated:
            raise ValueError(f"field {repeated[0]!r} is given to more than one column; mark extra columns "
                             "field: ignore")
        if "content" not in fields:
            raise ValueError("no column has field: content (the task text)")
        return value

    @model_validator(mode="after")
    def consistent(self):
        if self.plan_start_year and self.plan_end_year and self.plan_start_year > self.plan_end_year:
            raise ValueError(f"plan_start_year {self.plan_start_year} is after plan_end_year {self.plan_end_year}")
        return self


class Limits(Strict):
    max_file_mb: float = Field(DEFAULT_MAX_FILE_MB, gt=0, description="largest raw file read, in MB")


class Manifest(Strict):
    documents: list[Document] = Field(min_length=1, description="one entry per document")
    regions: list[Region] = Field([], description="regions shared by several documents, declared once")
    limits: Limits = Field(Limits(), description="limits on the raw files")
    _path: Path | None = pydantic.PrivateAttr(None)
    _lines: dict = pydantic.PrivateAttr(default_factory=dict)  # document index -> line of its entry

    def max_file_bytes(self, max_file_mb: float | None = None) -> int:
        """The size limit per raw file: the command line's --max-file-mb, else the manifest's limits."""
        return int((max_file_mb or self.limits.max_file_mb) * MEGABYTE)

    def where(self, index: int) -> str:
        """'data/sources.yaml:57, document 'wafangdian'' for messages about a document's file."""
        return f"{self._path}:{self._lines.get(index)}, document {self.documents[index].doc_id!r}"

    def region(self, region_id: str) -> Region | None:
        return next((region for region in self.regions if region.region_id == region_id), None)

    def entries(self) -> list[dict]:
        """The documents as plain dicts, region fields filled in from `regions:`; unset keys left out."""
        entries = []
        for document in self.documents:
            entry = document.model_dump(mode="json", exclude_none=True)
            region = self.region(document.region_id)
            for name in problems.REGION_FIELDS:
                if region is not None and entry.get(name) is None and getattr(region, name) is not None:
                    entry[name] = getattr(region, name)
            entries.append(entry)
        return entries


def check_relative_path(value: str) -> str:
    """A file name inside the raw folder: relative, no '..', forward slashes."""
    if "\x00" in value or "\\" in value:
        raise ValueError("use a plain file name inside the raw folder, with / between folders")
    path = PurePosixPath(value)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", value):
        raise ValueError("an absolute path is not allowed: give the file's name inside the raw folder and "
                         "copy the file there")
    if ".." in path.parts:
        raise ValueError("'..' is not allowed: the file must be inside the raw folder; copy it there")
    return value


def read_manifest(path, raw_dir=None, max_file_mb: float | None = None) -> Manifest:
    """The checked manifest; ManifestError lists every problem with file, entry, line and key. With raw_dir,
    each document's file is checked too (inside raw_dir, a regular file, within the size limit)."""
    path = Path(path)
    data, root = parse_yaml(path, read_manifest_text(path))
    if not isinstance(data, dict):
        raise ManifestError(path, [Problem(1, "the manifest must be a mapping with a documents: list")])
    try:
        manifest = Manifest.model_validate(data)
    except pydantic.ValidationError as error:
        raise ManifestError(path, [problems.explain(detail, data, root, Manifest)
                                   for detail in error.errors()]) from None
    found = problems.problems_between_entries(manifest, data, root)
    if raw_dir is not None and not found:
        if not Path(raw_dir).is_dir():
            raise SourceError(raw_dir, "raw folder not found: pass --raw DIR, the folder holding the documents")
        found = problems.raw_file_problems(manifest, Path(raw_dir), manifest.max_file_bytes(max_file_mb), data, root)
    if found:
        raise ManifestError(path, found)
    manifest._path = path
    manifest._lines = {index: line_of(root, ("documents", index)) for index in range(len(manifest.documents))}
    return manifest


def load_manifest(path, raw_dir=None) -> list[dict]:
    """The document entries, checked, as plain dicts."""
    return read_manifest(path, raw_dir).entries()
