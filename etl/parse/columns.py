"""Table header cells mapped to task fields from their words (data/layout_words.yaml `table_headers`).

Raw fields: seq, name (a task's name: the group title when merged, else its title), content, target, lead,
support, responsible, deadline, ignore. Then, by position: the first content column is the content and a later
one after a responsibility column holds the issuer's own measures (local_measures); a responsibility column
after those measures names the issuer's own offices (implementer); a target column becomes local_target; and
a 责任单位 column beside a 配合单位 column leads.
"""

from etl.parse.clean import clean_line
from etl.parse.vocabulary import load_vocabulary

RESPONSIBILITY_FIELDS = ("lead", "support", "responsible")


def header_field(name: str) -> str:
    """The raw field of one header cell: the field of the longest header word it contains, else ignore."""
    name = clean_line(name).replace(" ", "")
    words = [word for word in load_vocabulary().header_fields if word in name]
    if not words:
        return "ignore"
    return load_vocabulary().header_fields[max(words, key=len)]


def map_header(names: list[str]) -> list[str]:
    fields = [header_field(name) for name in names]
    settled, seen_responsibility, seen_measures = [], False, False
    for field in fields:
        if field == "content" and "content" in settled and seen_responsibility:
            field, seen_measures = "local_measures", True
        elif field in RESPONSIBILITY_FIELDS and seen_measures:
            field = "implementer"
        elif field == "target":
            field = "local_target"
        seen_responsibility = seen_responsibility or field in RESPONSIBILITY_FIELDS
        settled.append(field)
    if "support" in settled and "responsible" in settled and "lead" not in settled:
        settled = ["lead" if field == "responsible" else field for field in settled]
    return settled
