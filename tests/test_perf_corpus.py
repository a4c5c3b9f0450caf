"""The synthetic corpus of the benchmark (perf/corpus.py): every layout of the seeds, new regions, shuffled
tasks, varied numbers, a valid manifest, and the same bytes for the same seed."""

import difflib
import re

import pytest

from etl.manifest import load_manifest
from etl.paths import DEFAULT_MANIFEST
from perf.corpus import PERTURBERS, make_corpus, vary_numbers

SEEDS = {entry["doc_id"]: entry for entry in load_manifest(DEFAULT_MANIFEST)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(8, tmp_path_factory.mktemp("corpus") / "eight", seed=7)


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, tmp_path):
    again = make_corpus(8, tmp_path / "again", seed=7)
    other = make_corpus(8, tmp_path / "other", seed=8)
    for path in sorted((corpus.parent / "raw").iterdir()):
        assert (again.parent / "raw" / path.name).read_bytes() == path.read_bytes()
    assert again.read_text(encoding="utf-8") == corpus.read_text(encoding="utf-8")
    assert any((other.parent / "raw" / path.name).read_bytes() != path.read_bytes()
               for path in (corpus.parent / "raw").iterdir())


def test_every_seed_layout_is_used_and_has_a_perturber(corpus):
    entries = load_manifest(corpus)
    assert {entry["layout"] for entry in entries} == {entry["layout"] for entry in SEEDS.values()}
    assert {entry["layout"] for entry in SEEDS.values()} <= set(PERTURBERS)
    assert len({entry["region_id"] for entry in entries}) == 8


def test_places_are_renamed_in_the_text_and_the_manifest(corpus):
    entries = {entry["doc_id"]: entry for entry in load_manifest(corpus)}
    gaoping_copy = entries["syn00000"]  # document 0 is made from the first seed, Gaoping
    text = (corpus.parent / "raw" / gaoping_copy["file"]).read_text(encoding="utf-8")
    assert "高平" not in text and "高平" not in gaoping_copy["title"]
    assert gaoping_copy["region_zh"].endswith("市") and gaoping_copy["region_zh"][:-1] in text
    assert gaoping_copy["places"] == [gaoping_copy["region_zh"][:-1]]


def test_tasks_are_shuffled_kept_and_renumbered(corpus):
    from etl.build import parse_documents

    seeds = {source["doc_id"]: result.tasks for source, result in parse_documents(DEFAULT_MANIFEST)}
    for number, (source, result) in enumerate(parse_documents(corpus)):
        seed_tasks = seeds[list(SEEDS)[number % 4]]
        assert 0.75 * len(seed_tasks) <= len(result.tasks) <= len(seed_tasks), source["doc_id"]
        numbers = [task.number for task in result.tasks if task.kind == "task"]
        assert numbers == [str(position) for position in range(1, len(numbers) + 1)], source["doc_id"]
        origins = [seed_position(task.content, seed_tasks) for task in result.tasks if task.kind == "task"]
        assert len(set(origins)) == len(origins) and origins != sorted(origins), source["doc_id"]


def seed_position(content: str, seed_tasks: list) -> int:
    """Which seed task a synthetic task was made from (the most similar content)."""
    return max(range(len(seed_tasks)),
               key=lambda position: difflib.SequenceMatcher(None, content, seed_tasks[position].content).ratio())


def test_numbers_before_measure_words_vary_and_years_do_not():
    import random

    text = "到2025年建成3个专业群，双师型教师占比达到50%，每年培训1万人次"
    varied = vary_numbers(text, random.Random(1))
    assert varied.startswith("到2025年建成") and varied != text
    assert int(varied.split("达到")[1].split("%")[0]) <= 100


def test_copies_in_word_and_gb18030_read_as_their_utf8_text_would(corpus, tmp_path):
    """Copies 4–7 of the eight are the second copy of each seed: prose as DOCX, tables as GB18030 text; the
    same documents written as UTF-8 text give the same tasks, agencies, roles and deadlines. (The text exports
    carry a page break that doubles a character, 职/职业, which the cleaning repairs in text; a Word document
    has no such break, so contents are compared with doubled characters read once.)"""
    from etl.build import parse_documents
    from etl.parse.assemble import assemble

    as_text = make_corpus(8, tmp_path / "text", seed=7, formats=False)

    def read(manifest):
        parsed = parse_documents(manifest, progress=lambda message: None)
        tables = assemble(parsed)
        links = tables["task_agencies"].merge(tables["tasks"][["task_id", "doc_id"]], on="task_id")
        return {source["doc_id"]: (
            (result.document.format, result.document.encoding),
            [(task_id, re.sub(r"(.)\1", r"\1", content), deadline) for task_id, content, deadline in
             tables["tasks"].query("doc_id == @source['doc_id']")[["task_id", "content", "deadline_text"]]
             .itertuples(index=False)],
            sorted(map(tuple, links.query("doc_id == @source['doc_id']")[["task_id", "agency_id", "role"]]
                       .values.tolist())))
            for source, result in parsed if source["doc_id"] >= "syn00004"}

    formats, texts = read(corpus), read(as_text)
    assert [formats[f"syn0000{number}"][0] for number in range(4, 8)] == [
        ("docx", None), ("text", "gb18030"), ("text", "gb18030"), ("docx", None)]
    assert all(texts[doc][0] == ("text", "utf-8") for doc in texts)
    for doc in formats:
        assert formats[doc][1:] == texts[doc][1:], doc
        assert len(formats[doc][1]) >= 20 and formats[doc][2], doc
