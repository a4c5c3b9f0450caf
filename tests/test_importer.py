"""The importer (etl/importer.py) and `python -m etl add`: the seeds' entries rebuilt from their files alone,
an added document appended to the manifest with its comments kept, and the clear refusals."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from etl.build import parse_documents
from etl.errors import SourceError
from etl.importer import add, insert_entry, propose
from etl.manifest import load_manifest
from etl.parse.assemble import assemble
from etl.paths import DEFAULT_MANIFEST, PROJECT_ROOT, RAW_DIRECTORY

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = [entry for entry in yaml.safe_load(DEFAULT_MANIFEST.read_text(encoding="utf-8"))["documents"]
         if entry["doc_id"] in ("gaoping", "jinzhou", "wafangdian", "zhongwei")]


@pytest.fixture(scope="module")
def built():
    return assemble(parse_documents(DEFAULT_MANIFEST, progress=lambda message: None))


def task_and_link_shape(tables, doc_id=None):
    """Tasks (number, hierarchy, texts, deadline) and links (task seq, agency name, role, position) of a doc."""
    tasks, links = tables["tasks"], tables["task_agencies"]
    if doc_id:
        tasks = tasks[tasks["doc_id"] == doc_id]
        links = links[links["task_id"].str.startswith(f"{doc_id}-")]
    task_columns = ["seq", "task_number", "kind", "section", "group_title", "title", "content", "local_measures",
                    "local_target", "deadline_text", "line_start", "line_end"]
    task_rows = tasks[task_columns].astype(object).where(tasks[task_columns].notna(), None).values.tolist()
    named = links.merge(tables["agencies"][["agency_id", "name"]], on="agency_id").merge(
        tasks[["task_id", "seq"]], on="task_id")
    return task_rows, sorted(named[["seq", "name", "role", "position"]].values.tolist())


@pytest.mark.parametrize("entry", SEEDS, ids=lambda entry: entry["doc_id"])
def test_seed_entry_rebuilt_from_the_file_alone(entry, built, tmp_path):
    """What the user passes on the command line (region id, name, level) plus the file: same tasks and agencies."""
    proposal = propose(RAW_DIRECTORY / entry["file"], region_id=entry["region_id"], region_name=entry["region_zh"],
                       level=entry["admin_level"], manifest_path=tmp_path / "sources.yaml")
    assert proposal.entry["layout"] == entry["layout"]
    assert proposal.confidence == 1.0
    expected_tasks, expected_links = task_and_link_shape(built, entry["doc_id"])
    tasks, links = task_and_link_shape(proposal.tables)
    assert tasks == expected_tasks
    assert links == expected_links


@pytest.mark.parametrize("doc_id, facts", [
    ("gaoping", {"issuer": "高平市人民政府办公室", "title": "高平市推进职业教育改革发展行动计划",
                 "document_number": "高政办发〔2021〕37号", "issued_on": "2021-09-10", "region_zh": "高平市"}),
    ("jinzhou", {"issuer": "锦州师范高等专科学校", "issuer_kind": "institution", "local_prefix": ""}),
    ("wafangdian", {"issuer": None, "title": "瓦房店市推进职业教育实用高效发展主要任务落实举措清单",
                    "region_zh": "瓦房店市", "local_prefix": "市"}),
    ("zhongwei", {"issuer": None, "region_zh": "中卫市", "document_number": None}),
])
def test_facts_read_from_the_text(doc_id, facts, tmp_path):
    proposal = propose(RAW_DIRECTORY / f"{doc_id}.txt", region_id=doc_id, manifest_path=tmp_path / "s.yaml")
    assert {key: proposal.entry.get(key) for key in facts} == facts


def test_table_proposal_carries_the_column_mapping(tmp_path):
    proposal = propose(RAW_DIRECTORY / "wafangdian.txt", region_id="w", manifest_path=tmp_path / "s.yaml")
    assert proposal.entry["columns"] == [
        {"name": "序号", "field": "seq"}, {"name": "主要任务", "field": "group_title"},
        {"name": "任务内容", "field": "content"}, {"name": "责任部门", "field": "responsible"}]


def copy_project_data(tmp_path) -> Path:
    manifest = tmp_path / "sources.yaml"
    shutil.copyfile(DEFAULT_MANIFEST, manifest)
    shutil.copytree(RAW_DIRECTORY, tmp_path / "raw")
    return manifest


def test_add_appends_the_entry_and_copies_the_file(tmp_path):
    manifest = copy_project_data(tmp_path)
    before = manifest.read_text(encoding="utf-8")
    proposal = propose(FIXTURES / "prose" / "first_listed_leads.txt", region_id="moushi", region_name="某市",
                       level="prefecture", province="某省", manifest_path=manifest)
    target = add(proposal, manifest, tmp_path / "raw")
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "existing text and comments are kept as they were"
    assert target.read_bytes() == (FIXTURES / "prose" / "first_listed_leads.txt").read_bytes()
    entries = load_manifest(manifest)
    assert [entry["doc_id"] for entry in entries][-1] == "moushi"
    assert entries[-1]["responsibility_convention"] == "first_listed_leads"
    parsed = dict((source["doc_id"], result) for source, result in parse_documents(manifest, progress=print))
    assert [task.responsibility for task in parsed["moushi"].tasks][1] == {
        "lead": ["各县（市、区）人民政府"], "support": ["市民政局"]}


def test_add_refuses_an_entry_without_its_level(tmp_path):
    manifest = copy_project_data(tmp_path)
    before = manifest.read_text(encoding="utf-8")
    proposal = propose(FIXTURES / "prose" / "first_listed_leads.txt", region_id="moushi", manifest_path=manifest)
    with pytest.raises(SourceError, match="admin_level, province_zh not found in the text; pass --level --province"):
        add(proposal, manifest, tmp_path / "raw")
    assert manifest.read_text(encoding="utf-8") == before


def test_entry_is_inserted_at_the_end_of_the_documents_list():
    text = "# comment\ndocuments:\n  - doc_id: a\n    file: a.txt\n\nregions:\n  - region_id: r\n"
    new = insert_entry(text, {"doc_id": "b", "file": "b.txt"})
    assert new.startswith("# comment\n")
    assert [entry["doc_id"] for entry in yaml.safe_load(new)["documents"]] == ["a", "b"]
    assert yaml.safe_load(new)["regions"] == [{"region_id": "r"}]


def test_region_id_of_another_region_is_refused(tmp_path):
    manifest = copy_project_data(tmp_path)
    with pytest.raises(SourceError, match="already used for 高平市"):
        propose(FIXTURES / "prose" / "unlabelled_items.txt", region_id="gaoping", manifest_path=manifest)


def test_unmappable_table_is_refused_with_the_header_cells_seen(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("\t序号\n\t牵头单位\n\t完成时限\n\n\t1\n\t市教育局\n\t2024年\n\n\t2\n\t市财政局\n\t2025年\n\n"
                    "\t3\n\t市人社局\n\t2025年\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"cannot be mapped.*序号.*columns:"):
        propose(path, region_id="t", layout="table", manifest_path=tmp_path / "s.yaml")


def test_text_without_tasks_is_refused(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("关于召开会议的通知\n\n定于下周召开会议。\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no task list recognised"):
        propose(path, region_id="t", manifest_path=tmp_path / "s.yaml")


def test_command_dry_run_previews_and_writes_nothing(tmp_path):
    manifest = copy_project_data(tmp_path)
    before = manifest.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "etl", "add", str(FIXTURES / "prose" / "unlabelled_items.txt"), "--region-id",
         "moushi", "--dry-run", "--manifest", str(manifest)], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stderr
    assert "layout: prose (confidence 1.00)" in result.stdout
    assert "4 tasks" in result.stdout
    assert "lead: 市人力资源和社会保障局; support: 有关部门" in result.stdout
    assert "warning line 21" in result.stdout
    assert "dry run: nothing written" in result.stdout
    assert manifest.read_text(encoding="utf-8") == before
    assert not (tmp_path / "raw" / "moushi.txt").exists()


def test_command_refusal_exits_non_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "etl", "add", str(tmp_path / "missing.txt"), "--dry-run"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "file not found" in result.stderr
