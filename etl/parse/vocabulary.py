"""The layout vocabulary of data/layout_words.yaml (responsibility labels, table header words, conventions),
read once and compiled into regular expressions."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from etl.paths import DATA_DIRECTORY

WORDS_PATH = DATA_DIRECTORY / "layout_words.yaml"


@dataclass(frozen=True)
class Vocabulary:
    label_roles: dict            # label word -> lead | support | responsible | deadline
    label: re.Pattern            # a label followed by a colon, anywhere in a text
    header_fields: dict          # header word -> field
    conventions: dict            # convention name -> compiled pattern
    note_row: re.Pattern
    back_matter: re.Pattern
    page_number: re.Pattern      # a line that is only a page number (— 3 —, 第3页)


def longest_first(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=2)
def load_vocabulary(path=WORDS_PATH) -> Vocabulary:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    label_roles = {word: role for role, words in data["responsibility_labels"].items() for word in words}
    label_roles.update({word: "deadline" for word in data["deadline_labels"]})
    header_fields = {word: field for field, words in data["table_headers"].items() for word in words}
    return Vocabulary(
        label_roles=label_roles,
        label=re.compile(rf"({longest_first(label_roles)})\s*[：:]"),
        header_fields=header_fields,
        conventions={name: re.compile("|".join(patterns)) for name, patterns in data["conventions"].items()},
        note_row=re.compile("|".join(data["note_rows"])),
        back_matter=re.compile("|".join(data["back_matter"])),
        page_number=re.compile("|".join(data["page_numbers"])),
    )
