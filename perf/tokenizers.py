"""`python -m perf tokenizers`: does rjieba give the same tokens as jieba with our dictionary? (issue 10, item 5)

Both segmenters get the same vocabulary (data/dictionary.txt, the place and agency word lists and the agency
names of the built database) and go through the same pre- and post-processing of etl/derive/terms.py. The
texts are those the ETL tokenizes: every task's four text fields, every sentence piece of them and every goal
paragraph of the manifest's documents. Prints the number of texts, how many differ and the time of each.
"""

from __future__ import annotations

import dataclasses
import time

import duckdb

from etl.derive import terms
from etl.paths import DEFAULT_DB


class JiebaSegmenter:
    """jieba.Tokenizer behind the calls terms.Segmenter offers."""

    def __init__(self):
        import jieba

        jieba.setLogLevel(60)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()

    def add_word(self, word: str) -> None:
        self._jieba.add_word(word)

    def cut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's spelling)
        return list(self._jieba.cut(text, HMM=HMM))


def with_jieba(tokenizer: terms.Tokenizer, words: list[str]) -> terms.Tokenizer:
    segmenter = JiebaSegmenter()
    for word in words:
        segmenter.add_word(word)
    return dataclasses.replace(tokenizer, segmenter=segmenter, token_kinds={})


def vocabulary(agency_names: tuple[str, ...]) -> list[str]:
    """The words etl/derive/terms.py adds to the segmenter, in the same order."""
    words = [*terms.read_word_list(terms.DICTIONARY_PATH),
             *terms.read_word_list(terms.STOPWORDS_DIRECTORY / terms.PLACE_WORDS_FILE),
             *sorted(set(terms.read_word_list(terms.STOPWORDS_DIRECTORY / terms.AGENCY_WORDS_FILE))
                     | set(agency_names))]
    return [word for word in words if terms.is_ordinary_word(word)]


def seed_texts(database) -> tuple[list[str], tuple[str, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        tasks = connection.execute("SELECT * FROM tasks ORDER BY task_id").df()
        goals = [row[0] for row in connection.execute("SELECT text FROM goals").fetchall()]
        names = tuple(row[0] for row in connection.execute("SELECT name FROM agencies").fetchall())
    tasks = tasks.astype(object).where(tasks.notna(), None)
    texts = []
    for task in tasks.to_dict("records"):
        whole = terms.task_text(task)
        texts.append(whole)
        texts += [piece for piece in terms.SENTENCE_END.split(terms.normalize_text(whole)) if piece]
    return texts + goals, terms.specific_agency_names(names)


def compare(database=DEFAULT_DB) -> dict:
    texts, names = seed_texts(database)
    ours = terms.build_tokenizer(names)
    reference = with_jieba(ours, vocabulary(names))
    timings, results = {}, {}
    for name, tokenizer in (("jieba", reference), ("rjieba", ours)):
        started = time.perf_counter()
        results[name] = [terms.tokenize(tokenizer, text) for text in texts]
        timings[name] = time.perf_counter() - started
    differing = [text for text, a, b in zip(texts, results["jieba"], results["rjieba"], strict=True) if a != b]
    raw_differing = sum(reference.segmenter.cut(text) != ours.segmenter.cut(text) for text in texts)
    return {"texts": len(texts), "characters": sum(map(len, texts)), "differing": len(differing),
            "examples": differing[:5], "raw_cut_differing": raw_differing, "seconds": timings,
            "tokens": sum(map(len, results["rjieba"]))}


def main(database=DEFAULT_DB) -> int:
    result = compare(database)
    print(f"{result['texts']} texts ({result['characters']:,} characters, {result['tokens']:,} tokens) of {database}")
    print(f"  differing after our pre- and post-processing: {result['differing']}")
    print(f"  differing in the bare segmenter output (ASCII and number runs): {result['raw_cut_differing']}")
    for name, seconds in result["seconds"].items():
        print(f"  {name}: {seconds:.3f} s")
    for text in result["examples"]:
        print(f"  differs: {text[:80]}")
    return 1 if result["differing"] else 0
