"""python -m etl add PATH [--region-id ID] [--region-name NAME] [--level LEVEL] [--province NAME] [--layout NAME]
[--dry-run]:
detect a document's format and layout, show what the ETL will read from it, then copy it into the raw folder and
append its entry to the sources manifest (with --dry-run, only show)."""

import argparse
import sys
from typing import get_args

from etl.errors import SourceError
from etl.importer import add, entry_text, propose
from etl.manifest import AdminLevel
from etl.parse.layouts import PARSERS
from etl.paths import DEFAULT_MANIFEST

PREVIEW_TASKS = 5
PREVIEW_WARNINGS = 12


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m etl add", description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("path", help="the document (text, or any format a reader in etl/parse/formats/ knows)")
    parser.add_argument("--region-id", help="lowercase ASCII id of the region (default: from the file name)")
    parser.add_argument("--region-name", help="the region's Chinese name (default: read from the issuer or title)")
    parser.add_argument("--level", choices=get_args(AdminLevel), help="administrative level of the region")
    parser.add_argument("--province", help="the province's Chinese name (default: read from the text where stated)")
    parser.add_argument("--layout", choices=sorted(PARSERS), help="force a layout instead of detecting it")
    parser.add_argument("--dry-run", action="store_true", help="only show what would be added")
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST), help="sources manifest (default: %(default)s)")
    parser.add_argument("--raw", default=None, help="raw folder (default: raw/ beside the manifest)")
    return parser.parse_args(argv)


def agencies_by_role(tables, task_id: str) -> str:
    links = tables["task_agencies"]
    links = links[links["task_id"] == task_id]
    names = links.merge(tables["agencies"][["agency_id", "name"]], on="agency_id")
    parts = [f"{role}: {'、'.join(group.sort_values('position')['name'])}"
             for role, group in names.groupby("role", sort=False)]
    return "; ".join(parts) or "(no agency)"


def preview_lines(proposal) -> list[str]:
    tables = proposal.tables
    tasks = tables["tasks"]
    lines = [f"format: {proposal.format}" + (f" ({proposal.encoding})" if proposal.encoding else ""),
             f"layout: {proposal.layout} (confidence {proposal.confidence:.2f})"]
    lines += [f"  {line}" for line in proposal.detection.evidence]
    lines += ["", f"{int((tasks['kind'] == 'task').sum())} tasks, {int((tasks['kind'] == 'safeguard').sum())} "
                  f"safeguards, {len(tables['agencies'])} agencies, {len(tables['task_agencies'])} links, "
                  f"{len(tables['etl_warnings'])} warnings"]
    for _, task in tasks.head(PREVIEW_TASKS).iterrows():
        lines.append(f"  {task['task_number']} {str(task['title'] or task['content'])[:40]}  "
                     f"[{agencies_by_role(tables, task['task_id'])}]")
    for _, warning in tables["etl_warnings"].head(PREVIEW_WARNINGS).iterrows():
        lines.append(f"  warning line {warning['line']}: {warning['message']}")
    lines += [f"  check: {notice}" for notice in proposal.notices]
    return lines + ["", "manifest entry:", entry_text(proposal.entry)]


def main(argv=None) -> int:
    options = arguments(argv)
    try:
        proposal = propose(options.path, region_id=options.region_id, region_name=options.region_name,
                           level=options.level, layout=options.layout, manifest_path=options.manifest,
                           province=options.province)
        print("\n".join(preview_lines(proposal)))
        if options.dry_run:
            print("dry run: nothing written")
            return 0
        target = add(proposal, options.manifest, options.raw)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {target} and its entry to {options.manifest}; run python -m etl to rebuild the database")
    return 0


if __name__ == "__main__":
    sys.exit(main())
