"""The analysis stages that run after parsing, in order. Each takes the tables built so far and returns new
tables; heavy work (jieba, scikit-learn) happens here so the pages only read."""

import pandas as pd

from etl import agency_load, metrics


def agency_load_stage(tables) -> dict:
    tasks, agencies, links = tables["tasks"], tables["agencies"], tables["task_agencies"]
    return {
        "agency_load": agency_load.agency_load(tasks, agencies, links),
        "region_responsibility": agency_load.region_responsibility(tasks, links),
        "function_shares": agency_load.function_shares(tasks, agencies, links),
        "agency_pairs": agency_load.agency_pairs(tasks, links),
    }


def metrics_stage(tables) -> dict:
    """Numeric commitments from tasks and goal paragraphs, aligned to the indicator codebook."""
    indicators = metrics.load_indicators()
    units = tables["text_units"]
    codebook = pd.DataFrame([{"indicator": entry["key"], "label_zh": entry["label_zh"],
                              "label_en": entry["label_en"],
                              "unit_class": "|".join(metrics.as_list(entry["unit_class"])),
                              "patterns": "|".join(metrics.as_list(entry.get("patterns")))}
                             for entry in indicators])
    return {
        "metrics": metrics.extract_metrics(units, indicators),
        "indicator_mentions": metrics.indicator_mentions(units, indicators),
        "indicators": codebook,
    }


STAGES: list = [
    ("metrics", metrics_stage),
    ("agency load", agency_load_stage),
]
