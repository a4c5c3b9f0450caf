"""Import one document: `propose(path, **overrides)` reads it, detects its layout and proposes its manifest entry
with a preview of what the ETL will read; `add(proposal, manifest_path, raw_dir)` copies the file into the raw
folder and appends the entry to the manifest (as text, so its comments and formatting stay).

Used by `python -m etl add` and by the upload page. Nothing here writes unless `add` is called.
"""

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from etl.errors import SourceError
from etl.manifest import Document
from etl.parse.assemble import assemble
from etl.parse.detect import Detection, detect_layout, require_layout
from etl.parse.layouts import PARSERS
from etl.parse.metadata import read_facts
from etl.parse.read import read_document
from etl.paths import DEFAULT_MANIFEST

ENTRY_ORDER = ("doc_id", "region_id", "region_zh", "region_en", "province_zh", "admin_level", "issuer_kind",
               "issuer", "title", "document_number", "issued_on", "description_zh", "description_en", "file",
               "layout", "task_numbering", "responsibility_convention", "local_prefix", "places", "columns")
OPTION_OF = {"admin_level": "--level", "region_zh": "--region-name", "region_id": "--region-id",
             "province_zh": "--province"}
LEVEL_PREFIXES = (("自治区", "自治区"), ("省", "省"), ("自治州", "州"), ("市", "市"), ("县", "县"), ("区", "区"),
                  ("旗", "旗"))


@dataclass
class Proposal:
    """What `propose` found: the manifest entry to add and a preview of its tables (assemble's shapes)."""

    path: Path
    format: str
    encoding: str | None
    detection: Detection
    entry: dict
    tables: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)   # facts not found in the text, to check before adding

    @property
    def layout(self) -> str:
        return self.entry["layout"]

    @property
    def confidence(self) -> float:
        return self.detection.confidence

    @property
    def warnings(self) -> pd.DataFrame:
        return self.tables["etl_warnings"]


def existing_manifest(manifest_path) -> dict:
    path = Path(manifest_path)
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def ascii_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def choose_ids(path: Path, region_id: str | None, region_zh: str | None, manifest: dict) -> tuple[str, str]:
    """(doc_id, region_id): the region id given, else the file name; refused when another region uses it."""
    documents = manifest.get("documents") or []
    region_id = region_id or ascii_id(path.stem) or "region"
    regions = {entry.get("region_id"): entry.get("region_zh") for entry in manifest.get("regions") or []}
    for entry in documents:
        if entry.get("region_id") == region_id and entry.get("region_zh") not in (None, region_zh):
            raise SourceError(path, f"region id {region_id!r} is already used for {entry.get('region_zh')} "
                                    f"(document {entry.get('doc_id')}); pass --region-id with another id")
    if region_id in regions and regions[region_id] not in (None, region_zh):
        raise SourceError(path, f"region id {region_id!r} is already declared for {regions[region_id]}; pass "
                                "--region-id with another id")
    taken = {entry.get("doc_id") for entry in documents}
    doc_id, number = region_id, 2
    while doc_id in taken:
        doc_id, number = f"{region_id}_{number}", number + 1
    return doc_id, region_id


def local_prefix(region_zh: str | None, issuer_kind: str | None) -> str:
    """The prefix of the region's own departments (市 → 市教育局); a department's or college's list names its
    own divisions (思政处, 教务处) bare, so it gets none."""
    if issuer_kind and (issuer_kind.endswith("_department") or issuer_kind == "institution"):
        return ""
    for ending, prefix in LEVEL_PREFIXES:
        if region_zh and region_zh.endswith(ending):
            return prefix
    return ""


def place_name(region_zh: str | None) -> list[str]:
    if not region_zh:
        return []
    for ending, _ in LEVEL_PREFIXES:
        if region_zh.endswith(ending) and len(region_zh) > len(ending) + 1:
            return [region_zh[: -len(ending)]]
    return [region_zh]


def build_entry(path: Path, detection: Detection, facts, overrides: dict, manifest: dict) -> tuple[dict, list]:
    notices = []
    region_zh = overrides.get("region_name") or facts.region_zh
    if not region_zh:
        notices.append("region not stated in the text: pass --region-name")
    doc_id, region_id = choose_ids(path, overrides.get("region_id"), region_zh, manifest)
    admin_level = overrides.get("level") or facts.admin_level
    if not admin_level:
        notices.append("administrative level not found: pass --level")
    if not (overrides.get("province") or facts.province_zh) and admin_level != "national":
        notices.append("province not stated in the text: pass --province")
    entry = {
        "doc_id": doc_id, "region_id": region_id, "region_zh": region_zh or region_id,
        "region_en": overrides.get("region_en") or region_id.replace("_", " ").title(),
        "province_zh": overrides.get("province") or facts.province_zh, "admin_level": admin_level,
        "issuer_kind": facts.issuer_kind, "issuer": facts.issuer, "title": facts.title or path.stem,
        "document_number": facts.document_number, "issued_on": facts.issued_on,
        "file": f"{doc_id}{path.suffix.lower()}", "layout": detection.layout,
        "local_prefix": local_prefix(region_zh, facts.issuer_kind), "places": place_name(region_zh),
    }
    entry.update(detection.options)
    if not facts.title:
        notices.append("title not found in the text: the file name is used")
    return {key: entry[key] for key in ENTRY_ORDER if key in entry}, notices


def chosen_detection(lines: list[str], layout: str | None, path) -> Detection:
    """The detected layout, or the one asked for (with the options detection found for it)."""
    detection = detect_layout(lines)
    if layout:
        if layout not in PARSERS:
            raise SourceError(path, f"unknown layout {layout!r} (known: {', '.join(sorted(PARSERS))})")
        general = {"prose_bracketed": "prose", "prose_labelled": "prose", "tab_table": "table"}.get(layout, layout)
        forced = detection.candidates.get(general) or Detection(general, 0.0, ["layout given, not detected"])
        forced.candidates = detection.candidates
        if detection.options.get("responsibility_convention"):
            forced.options["responsibility_convention"] = detection.options["responsibility_convention"]
        return forced
    return require_layout(detection, path)


def preview_tables(path: Path, document, entry: dict) -> dict:
    source = dict(entry, path=str(path), format=document.format, layout_source="detected")
    result = PARSERS[entry["layout"]](document.lines, source)
    if not result.tasks:
        raise SourceError(path, f"no tasks found with layout {entry['layout']!r}")
    result.warnings[:0] = document.warnings  # what the reader could not read, as in parse_document
    result.document = document
    return assemble([(source, result)])


def propose(path, region_id=None, region_name=None, level=None, layout=None, manifest_path=DEFAULT_MANIFEST,
            **overrides) -> Proposal:
    """Read a file and propose its manifest entry; raises SourceError with a clear message when it cannot."""
    path = Path(path)
    document = read_document(path)
    detection = chosen_detection(document.lines, layout, path)
    facts = read_facts(document.lines)
    overrides.update(region_id=region_id, region_name=region_name, level=level)
    entry, notices = build_entry(path, detection, facts, overrides, existing_manifest(manifest_path))
    tables = preview_tables(path, document, entry)
    return Proposal(path, document.format, document.encoding, detection, entry, tables, notices)


# --- Writing --------------------------------------------------------------------------------------------

def yaml_value(value) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "\n" + "\n".join("      - " + flow(item) for item in value)
    return flow(value)


def flow(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000,
                          sort_keys=False).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def entry_text(entry: dict) -> str:
    """The entry as manifest text, in the manifest's own style (two-space list items, flow-style columns)."""
    lines = []
    for position, (key, value) in enumerate(entry.items()):
        lead = "  - " if position == 0 else "    "
        lines.append(f"{lead}{key}: {yaml_value(value)}")
    return "\n".join(lines) + "\n"


def insert_entry(text: str, entry: dict) -> str:
    """The manifest text with the entry appended at the end of its `documents:` list."""
    root = yaml.compose(text)
    documents = next((value for key, value in getattr(root, "value", []) if key.value == "documents"), None)
    if documents is None or not isinstance(documents, yaml.SequenceNode):
        return text.rstrip("\n") + "\n\ndocuments:\n" + entry_text(entry)
    lines = text.splitlines(keepends=True)
    end = documents.end_mark.line if documents.end_mark.column == 0 else documents.end_mark.line + 1
    before = "".join(lines[:end]).rstrip("\n") + "\n\n"
    return before + entry_text(entry) + ("\n" + "".join(lines[end:]) if lines[end:] else "")


def add(proposal: Proposal, manifest_path=DEFAULT_MANIFEST, raw_dir=None) -> Path:
    """Copy the file into the raw folder and append the entry to the manifest; returns the copied file."""
    manifest_path = Path(manifest_path)
    raw_dir = Path(raw_dir) if raw_dir else manifest_path.parent / "raw"
    required = [name for name, info in Document.model_fields.items() if info.is_required()] + ["admin_level"]
    if proposal.entry.get("admin_level") != "national":
        required.append("province_zh")  # the manifest asks it of every region below the national level
    missing = [key for key in required if not proposal.entry.get(key)]
    if missing:
        raise SourceError(proposal.path, f"not added: {', '.join(missing)} not found in the text; pass "
                                         + " ".join(OPTION_OF.get(key, key) for key in missing))
    target = raw_dir / proposal.entry["file"]
    data = proposal.path.read_bytes()
    if target.exists() and hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
        raise SourceError(target, "a different file with this name is already in the raw folder; pass "
                                  "--region-id with another id")
    text = manifest_path.read_text(encoding="utf-8") if manifest_path.exists() else ""
    new_text = insert_entry(text, proposal.entry)
    yaml.safe_load(new_text)  # never write a manifest that does not parse
    raw_dir.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(proposal.path, target)
    temporary = manifest_path.with_suffix(".yaml.tmp")
    temporary.write_text(new_text, encoding="utf-8")
    temporary.replace(manifest_path)
    return target
