"""python -m perf.import_eval DIR: score the importer on a folder of documents with hand-written ground truth.

DIR holds one folder per document with the document and an `expected.yaml` (file, issuer, title,
document_number, issued_on, tasks: [{number, starts_with, lead, support, responsible, collective, deadline}]).
Each document is read by `etl.importer.propose` exactly as `python -m etl add --dry-run` would, and scored:
task recall (expected tasks found, matched in order by their opening words), precision and recall of lead,
support and responsible links (names compared after the alias rules of data/agencies.yaml), deadlines, the
facts read from the text, and implausible agency names. Totals are pooled over all documents.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from etl.errors import SourceError
from etl.importer import propose
from etl.parse.agencies import canonical_name, load_rules
from etl.parse.checks import implausible_reasons
from etl.parse.clean import clean_line

ROLES = ("lead", "support", "responsible")
FACTS = ("issuer", "title", "document_number", "issued_on")


@dataclass
class Score:
    expected_tasks: int = 0
    found_tasks: int = 0
    parsed_tasks: int = 0
    links: dict = field(default_factory=lambda: {role: [0, 0, 0] for role in ROLES})  # right, parsed, expected
    deadlines: list = field(default_factory=lambda: [0, 0])  # right, expected
    facts: list = field(default_factory=lambda: [0, 0])
    implausible: list = field(default_factory=list)
    error: str | None = None

    def add(self, other: "Score") -> None:
        self.expected_tasks += other.expected_tasks
        self.found_tasks += other.found_tasks
        self.parsed_tasks += other.parsed_tasks
        for role in ROLES:
            self.links[role] = [a + b for a, b in zip(self.links[role], other.links[role], strict=True)]
        self.deadlines = [a + b for a, b in zip(self.deadlines, other.deadlines, strict=True)]
        self.facts = [a + b for a, b in zip(self.facts, other.facts, strict=True)]
        self.implausible += other.implausible


def normal(name: str) -> str:
    return canonical_name(clean_line(name), load_rules())


def task_texts(task) -> list[str]:
    title, content = (value if isinstance(value, str) else "" for value in (task["title"], task["content"]))
    texts = [f"{title}。{content}" if title else content, title, content]
    return [clean_line(text.replace("\n", "")) for text in texts if text]


def match_tasks(expected: list[dict], tasks: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (expected, parsed) in document order: the next parsed task whose text starts with starts_with."""
    pairs, position = [], 0
    for want in expected:
        opening = clean_line(str(want["starts_with"]))
        for index in range(position, len(tasks)):
            if any(text.startswith(opening) for text in task_texts(tasks[index])):
                pairs.append((want, tasks[index]))
                position = index + 1
                break
    return pairs


def score_links(score: Score, pairs, links_by_task: dict, expected_all, parsed_all) -> None:
    for role in ROLES:
        score.links[role][2] += sum(len(want.get(role) or []) for want in expected_all)
        score.links[role][1] += sum(len([n for r, n in links if r == role]) for links in parsed_all)
    for want, task in pairs:
        links = links_by_task.get(task["task_id"], [])
        for role in ROLES:
            expected = {normal(name) for name in want.get(role) or []}
            parsed = {name for found_role, name in links if found_role == role}
            score.links[role][0] += len(expected & parsed)


def score_document(folder: Path) -> Score:
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    score = Score(expected_tasks=len(expected["tasks"]))
    with tempfile.TemporaryDirectory() as empty:
        try:
            proposal = propose(folder / expected["file"], region_id="evaluation",
                               manifest_path=Path(empty) / "sources.yaml")
        except SourceError as error:
            score.error = str(error)
            return score
    tables = proposal.tables
    tasks = tables["tasks"][tables["tasks"]["kind"] == "task"].to_dict("records")
    names = tables["task_agencies"].merge(tables["agencies"][["agency_id", "name"]], on="agency_id")
    links_by_task: dict = {}
    for link in names.to_dict("records"):
        links_by_task.setdefault(link["task_id"], []).append((link["role"], link["name"]))
    pairs = match_tasks(expected["tasks"], tasks)
    score.parsed_tasks, score.found_tasks = len(tasks), len(pairs)
    score_links(score, pairs, links_by_task, expected["tasks"], [links_by_task.get(t["task_id"], []) for t in tasks])
    for want, task in pairs:
        if want.get("deadline"):
            score.deadlines[1] += 1
            score.deadlines[0] += clean_line(str(want["deadline"])) == (task["deadline_text"] or "")
    for fact in FACTS:
        score.facts[1] += 1
        score.facts[0] += str(expected.get(fact)) == str(proposal.entry.get(fact))
    score.implausible = sorted({name for name in names["raw_name"]
                                if set(implausible_reasons(name)) - {"ending"}})
    return score


def ratio(right: int, total: int) -> str:
    return f"{right / total:6.1%}" if total else "     —"


def row(name: str, score: Score) -> str:
    if score.error:
        return f"{name:<34} refused: {score.error[:90]}"
    links = "  ".join(f"{ratio(s[0], s[1])} {ratio(s[0], s[2])}" for s in score.links.values())
    return (f"{name:<34} {score.found_tasks:>3}/{score.expected_tasks:<3} {ratio(score.found_tasks, score.expected_tasks)}"
            f" +{score.parsed_tasks - score.found_tasks:<2} {links}  {ratio(*score.deadlines)}"
            f" {score.facts[0]}/{score.facts[1]}  {len(score.implausible)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m perf.import_eval", description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="folder of NN_name/ subfolders, each with a document and expected.yaml")
    folder = Path(parser.parse_args(argv).folder)
    print(f"{'document':<34} {'tasks':<7} recall extra  lead P  lead R   supp P  supp R   resp P  resp R  "
          "deadline facts implausible")
    total = Score()
    for document in sorted(path for path in folder.iterdir() if (path / "expected.yaml").exists()):
        score = score_document(document)
        print(row(document.name, score))
        for name in score.implausible:
            print(f"{'':<36}implausible: {name}")
        total.add(score)
    print(row("TOTAL", total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
