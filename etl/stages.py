"""The analysis stages that run after parsing, in order. Each takes the tables built so far and returns new
tables; heavy work (jieba, scikit-learn) happens here so the pages only read."""

from etl import agency_load


def agency_load_stage(tables) -> dict:
    tasks, agencies, links = tables["tasks"], tables["agencies"], tables["task_agencies"]
    return {
        "agency_load": agency_load.agency_load(tasks, agencies, links),
        "region_responsibility": agency_load.region_responsibility(tasks, links),
        "function_shares": agency_load.function_shares(tasks, agencies, links),
        "agency_pairs": agency_load.agency_pairs(tasks, links),
    }


STAGES: list = [
    ("agency load", agency_load_stage),
]
