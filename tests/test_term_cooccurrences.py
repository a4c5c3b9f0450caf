"""Co-occurrence pairs: every region's pairs come from one sparse product; they must be the pairs each region
gives on its own (term_pairs), and the seeds' values a reader can count."""

import pandas as pd
import pytest

from etl.derive.term_cooccurrences import COOCCURRENCE_COLUMNS, term_cooccurrences, term_pairs

SEED_REGIONS = ("gaoping", "jinzhou", "wafangdian", "zhongwei")


@pytest.fixture(scope="module")
def pairs(tables):
    return term_cooccurrences(tables["task_terms"], tables["tasks"])


@pytest.mark.parametrize("region_id", SEED_REGIONS)
def test_a_regions_pairs_are_those_it_gives_alone(tables, pairs, region_id):
    tasks = tables["tasks"]
    ordinary = tables["task_terms"][tables["task_terms"]["tier"].isna()]
    region_terms = ordinary[ordinary["task_id"].isin(tasks.loc[tasks["region_id"] == region_id, "task_id"])]
    alone = term_pairs(region_terms, int((tasks["region_id"] == region_id).sum()))
    together = pairs[pairs["region_id"] == region_id].drop(columns="region_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(together, alone[COOCCURRENCE_COLUMNS[1:]], check_dtype=False)


def test_gaoping_pairs_enterprises_with_vocational_education(pairs):
    row = pairs[(pairs["region_id"] == "gaoping") & (pairs["term_a"] == "企业") & (pairs["term_b"] == "职业教育")]
    assert row[["tasks", "tasks_a", "tasks_b", "region_tasks"]].values.tolist() == [[6, 10, 16, 21]]
    assert row["jaccard"].item() == pytest.approx(6 / 20)
