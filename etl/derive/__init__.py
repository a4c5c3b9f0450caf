"""Derived stages: they run after parsing, in this order, each on the tables built so far.

Each stage is one module with `run(tables) -> {table name: DataFrame}` whose steps read Load inputs → Derive →
Save outputs. Heavy work (jieba, scikit-learn) happens here so that the pages only read.
"""

from etl.derive import (
    agency_load,
    benchmark_values,
    coding_agreement,
    instrument_domains,
    keyness,
    metrics,
    task_matching,
    term_cooccurrences,
    terms,
    themes,
    topics,
)

STAGES: list = [
    ("metrics", metrics.run),
    ("benchmark values", benchmark_values.run),
    ("agency load", agency_load.run),
    ("terms", terms.run),
    ("keyness", keyness.run),
    ("co-occurrence", term_cooccurrences.run),
    ("themes", themes.run),
    ("coding agreement", coding_agreement.run),
    ("instrument grid", instrument_domains.run),
    ("topics", topics.run),
    ("matching", task_matching.run),
]
