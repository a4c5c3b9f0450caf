"""What the upload page needs besides widgets: the size limit, a safe place for the uploaded bytes, and the
importer's proposal as plain tables. No streamlit here; the page shows these with st.dataframe / st.text only,
so nothing from a document is ever rendered as markdown or HTML."""

import hashlib
import re
import tempfile
from pathlib import Path

import pandas as pd

from analysis.i18n import label_of, text

UPLOAD_LIMIT_MB = 20  # the same number as server.maxUploadSize in .streamlit/config.toml (a test checks)
UPLOAD_DIRECTORY = Path(tempfile.gettempdir()) / "policy-uploads"
UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w.\-\u3400-\u9fff]+")
MAX_NAME_CHARACTERS = 80


def too_large(size: int) -> bool:
    return size > UPLOAD_LIMIT_MB * 1024 * 1024


def safe_file_name(name: str) -> str:
    """The uploaded name reduced to letters, digits, Chinese, . - _ (no folders, no leading dot): it becomes a
    file in data/raw/."""
    stem, _, suffix = Path(name or "").name.rpartition(".")
    stem, suffix = (stem, suffix) if stem else (suffix, "")
    stem = UNSAFE_NAME_CHARACTERS.sub("_", stem).strip("._")[:MAX_NAME_CHARACTERS] or "upload"
    suffix = UNSAFE_NAME_CHARACTERS.sub("", suffix).lower()[:8]
    return f"{stem}.{suffix}" if suffix else stem


def stored_upload(data: bytes, name: str) -> Path:
    """The bytes written (never run) to a temporary folder named by their hash, under a safe file name."""
    folder = UPLOAD_DIRECTORY / hashlib.sha256(data).hexdigest()[:20]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_file_name(name)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


# --- The importer's proposal (etl/importer.py) as plain values and tables ----------------------------------

def proposal_facts(proposal) -> dict:
    """What was detected, as the page shows it and as the correction form starts from."""
    entry = proposal.entry
    file_format = proposal.format + (f" ({proposal.encoding})" if proposal.encoding else "")
    return {"format": file_format, "layout": proposal.layout, "confidence": f"{proposal.confidence:.0%}",
            "region_name": entry.get("region_zh"), "region_en": entry.get("region_en"),
            "region_id": entry.get("region_id"), "province": entry.get("province_zh"),
            "level": entry.get("admin_level")}


def proposal_tasks(proposal, language: str) -> pd.DataFrame:
    """One row per task found: number, text, its agencies by role as written (牵头: A、B; 配合: C), source lines."""
    tasks, links, agencies = (proposal.tables[name] for name in ("tasks", "task_agencies", "agencies"))
    names = dict(zip(agencies["agency_id"], agencies["name"], strict=True))
    links = links.assign(name=[names.get(agency, raw) for agency, raw in zip(links["agency_id"], links["raw_name"],
                                                                             strict=True)])
    by_task = links.sort_values(["task_id", "position"]).groupby("task_id").apply(
        lambda group: roles_text(group, language), include_groups=False)
    return pd.DataFrame({
        "task_number": tasks["task_number"].fillna(""),
        "content": tasks["content"].fillna(""),
        "agencies_with_roles": tasks["task_id"].map(by_task).fillna(""),
        "lines": [f"{start}–{end}" if start != end else str(start)
                  for start, end in zip(tasks["line_start"], tasks["line_end"], strict=True)],
    })


def roles_text(links: pd.DataFrame, language: str) -> str:
    """A task's agencies grouped by role, roles in the order the text names them."""
    clauses = [text("upload_agencies_of_role", language, role=label_of("role", role, language),
                    agencies=text("list_separator", language).join(group["name"]))
               for role, group in links.groupby("role", sort=False)]
    return text("clause_separator", language).join(clauses)


def proposal_warnings(proposal) -> pd.DataFrame:
    """The parser's warnings with their lines, then what the importer could not find in the text."""
    warnings = proposal.warnings.reindex(columns=["line", "message"])
    notices = pd.DataFrame({"line": [None] * len(proposal.notices), "message": list(proposal.notices)})
    frame = pd.concat([frame for frame in (warnings, notices) if len(frame)] or [warnings], ignore_index=True)
    return frame.assign(line=frame["line"].astype("Int64").astype("string").fillna(""))


def already_added(data: bytes, raw_dir: Path) -> str | None:
    """The name of a file in the raw folder with exactly these bytes, if the list was added before."""
    digest = hashlib.sha256(data).digest()
    for path in sorted(Path(raw_dir).glob("*")):
        if path.is_file() and path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == digest:
            return path.name
    return None
