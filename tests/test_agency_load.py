"""Agency-load stage on tiny hand-computed frames: formulas, roles kept apart, safeguards excluded, order."""

import math

import pandas as pd
import pytest

from analysis.agency_load import plain_language_readings as readings_in
from etl.derive.agency_load import (
    agency_load,
    agency_pairs,
    concentration,
    function_shares,
    gini,
    herfindahl,
    hhi_band,
    region_responsibility,
)

# Region r1: three tasks and one safeguard item; region r2: two tasks, one of them naming nobody.
#   t1: lead A, support B, implementer X
#   t2: lead A, lead B, implementers Y and X (listed in that order on purpose)
#   t3: lead C, support B
#   s1 (safeguard): lead A, support C -- must be ignored everywhere
#   u1: lead D;  u2: no agency
TASKS = pd.DataFrame(
    {
        "task_id": ["r1-1", "r1-2", "r1-3", "r1-s1", "r2-1", "r2-2"],
        "doc_id": ["d1", "d1", "d1", "d1", "d2", "d2"],
        "region_id": ["r1", "r1", "r1", "r1", "r2", "r2"],
        "kind": ["task", "task", "task", "safeguard", "task", "task"],
    }
)
LINKS = [
    ("r1-1", "r1:A", "lead"),
    ("r1-1", "r1:B", "support"),
    ("r1-1", "r1:X", "implementer"),
    ("r1-2", "r1:A", "lead"),
    ("r1-2", "r1:B", "lead"),
    ("r1-2", "r1:Y", "implementer"),
    ("r1-2", "r1:X", "implementer"),
    ("r1-3", "r1:C", "lead"),
    ("r1-3", "r1:B", "support"),
    ("r1-s1", "r1:A", "lead"),
    ("r1-s1", "r1:C", "support"),
    ("r2-1", "r2:D", "lead"),
]
TASK_AGENCIES = pd.DataFrame(
    [(task_id, agency_id, role, agency_id.split(":")[1]) for task_id, agency_id, role in LINKS],
    columns=["task_id", "agency_id", "role", "raw_name"],
)
AGENCIES = pd.DataFrame(
    {
        "agency_id": ["r1:A", "r1:B", "r1:C", "r1:X", "r2:D"],
        "name": ["市教育局", "市人社局", "市财政局", "教务处", "县教育局"],
        "function": ["education", "education", "finance", "college office", "education"],
        "level": ["city", "city", "city", "college", "county"],
    }
)


def load_row(table, agency_id, role):
    """The single agency_load row of one agency and role."""
    rows = table[(table["agency_id"] == agency_id) & (table["role"] == role)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def region_row(region_id):
    """The region_responsibility row of one region."""
    table = region_responsibility(TASKS, TASK_AGENCIES)
    return table[table["region_id"] == region_id].iloc[0]


def shuffled(frame, seed):
    """The same rows in another order: outputs must not depend on input order."""
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


# --- concentration helpers --------------------------------------------------------------------------------


def test_herfindahl_of_three_and_one():
    # shares 3/4 and 1/4: 0.75^2 + 0.25^2 = 0.5625 + 0.0625 = 0.625
    assert herfindahl([3, 1]) == pytest.approx(0.625)
    assert herfindahl([7]) == pytest.approx(1.0)
    assert herfindahl([2, 2, 2, 2]) == pytest.approx(0.25)
    assert herfindahl([]) is None
    assert herfindahl([0, 0]) is None


def test_gini_by_hand():
    # G = sum_i sum_j |x_i - x_j| / (2 n^2 mean); [3, 1]: (|3-1| + |1-3|) / (2 * 4 * 2) = 4 / 16 = 0.25
    assert gini([3, 1]) == pytest.approx(0.25)
    # [0, 0, 4]: four ordered pairs differ by 4 -> 16 / (2 * 9 * 4/3) = 16 / 24 = 2/3 = (n - 1) / n
    assert gini([0, 0, 4]) == pytest.approx(2 / 3)
    assert gini([5, 5, 5]) == pytest.approx(0.0)
    assert gini([1]) == pytest.approx(0.0)
    assert gini([]) is None


def test_concentration_bundles_the_three_figures():
    figures = concentration([3, 1])
    assert figures == pytest.approx({"herfindahl": 0.625, "gini": 0.25, "top_share": 0.75})


def test_hhi_bands_follow_doj_thresholds():
    assert hhi_band(0.1499) == "unconcentrated"
    assert hhi_band(0.15) == "moderate"
    assert hhi_band(0.1 + 0.15) == "moderate"  # 0.25000000000000006 is still the 0.25 boundary
    assert hhi_band(0.2501) == "high"
    assert hhi_band(None) is None


# --- agency_load ------------------------------------------------------------------------------------------


def test_agency_load_counts_and_shares():
    table = agency_load(TASKS, AGENCIES, TASK_AGENCIES)
    assert list(table.columns) == ["region_id", "agency_id", "role", "task_count", "task_share"]
    lead_a = load_row(table, "r1:A", "lead")
    assert lead_a["task_count"] == 2  # t1, t2; the safeguard s1 is not counted
    assert lead_a["task_share"] == pytest.approx(2 / 3)  # denominator: r1's three kind-'task' tasks
    assert load_row(table, "r1:B", "support")["task_count"] == 2
    assert load_row(table, "r1:X", "implementer")["task_share"] == pytest.approx(2 / 3)
    assert load_row(table, "r2:D", "lead")["task_share"] == pytest.approx(1 / 2)


def test_agency_load_keeps_roles_apart():
    table = agency_load(TASKS, AGENCIES, TASK_AGENCIES)
    # B leads t2 and supports t1, t3: two rows, never one row with 3 tasks
    assert load_row(table, "r1:B", "lead")["task_count"] == 1
    assert load_row(table, "r1:B", "support")["task_count"] == 2
    assert set(table.loc[table["agency_id"] == "r1:X", "role"]) == {"implementer"}


def test_agency_load_excludes_safeguards():
    table = agency_load(TASKS, AGENCIES, TASK_AGENCIES)
    # C appears as support only on the safeguard item
    assert table[(table["agency_id"] == "r1:C") & (table["role"] == "support")].empty


def test_duplicate_links_count_once():
    doubled = pd.concat([TASK_AGENCIES, TASK_AGENCIES.assign(raw_name="另一写法")], ignore_index=True)
    table = agency_load(TASKS, AGENCIES, doubled)
    assert load_row(table, "r1:A", "lead")["task_count"] == 2
    row = region_responsibility(TASKS, doubled).iloc[0]
    assert (row["lead_links"], row["support_links"]) == (4, 2)
    assert row["lead_herfindahl"] == pytest.approx(0.375)


def test_unknown_role_is_rejected():
    bad = pd.concat(
        [TASK_AGENCIES, pd.DataFrame([("r1-1", "r1:Z", "oversight", "Z")], columns=TASK_AGENCIES.columns)]
    )
    with pytest.raises(ValueError, match="oversight"):
        agency_load(TASKS, AGENCIES, bad)


def test_agency_load_order():
    table = agency_load(TASKS, AGENCIES, TASK_AGENCIES)
    r1 = table[table["region_id"] == "r1"]
    assert list(zip(r1["agency_id"], r1["role"], strict=True)) == [
        ("r1:A", "lead"),
        ("r1:B", "lead"),
        ("r1:C", "lead"),
        ("r1:B", "support"),
        ("r1:X", "implementer"),
        ("r1:Y", "implementer"),
    ]
    assert table["region_id"].tolist() == sorted(table["region_id"])


# --- region_responsibility --------------------------------------------------------------------------------


def test_region_responsibility_r1_by_hand():
    row = region_row("r1")
    assert row["task_count"] == 3
    # lead+support agencies per task: t1 {A,B}=2, t2 {A,B}=2, t3 {C,B}=2; implementers X, Y not counted
    assert row["agencies_per_task_mean"] == pytest.approx(2.0)
    assert row["agencies_per_task_max"] == 2
    # implementers: t1 {X}=1, t2 {X,Y}=2 -> mean over the two tasks that have any = 1.5
    assert row["implementers_per_task_mean"] == pytest.approx(1.5)
    # exactly one lead: t1 (A) and t3 (C), not t2 (A,B)
    assert row["single_lead_share"] == pytest.approx(2 / 3)
    # lead links A:2, B:1, C:1 = 4; support links B on t1, t3 = 2
    assert (row["lead_links"], row["support_links"]) == (4, 2)
    assert row["lead_support_ratio"] == pytest.approx(2.0)
    assert row["lead_top_agency_id"] == "r1:A"
    assert row["lead_top_share"] == pytest.approx(2 / 3)  # A leads 2 of 3 tasks
    # HHI: (2/4)^2 + (1/4)^2 + (1/4)^2 = 0.25 + 0.0625 + 0.0625
    assert row["lead_herfindahl"] == pytest.approx(0.375)
    # Gini [1, 1, 2]: ordered pairs differing by 1: 4 -> 4 / (2 * 9 * 4/3) = 4 / 24
    assert row["lead_gini"] == pytest.approx(1 / 6)
    assert (row["distinct_lead_agencies"], row["distinct_support_agencies"]) == (3, 1)
    assert row["distinct_implementer_agencies"] == 2


def test_region_responsibility_undefined_figures_are_missing():
    row = region_row("r2")
    assert row["task_count"] == 2
    assert row["agencies_per_task_mean"] == pytest.approx(0.5)  # u2 names nobody and counts as 0
    assert pd.isna(row["implementers_per_task_mean"])
    assert pd.isna(row["lead_support_ratio"])  # no support links: undefined, not 0 or infinity
    assert row["lead_herfindahl"] == pytest.approx(1.0)
    assert row["lead_gini"] == pytest.approx(0.0)


def test_region_with_only_safeguards_has_zero_tasks():
    tasks = pd.concat(
        [TASKS, pd.DataFrame([{"task_id": "r3-s1", "doc_id": "d3", "region_id": "r3", "kind": "safeguard"}])]
    )
    links = pd.concat(
        [TASK_AGENCIES, pd.DataFrame([("r3-s1", "r3:E", "lead", "E")], columns=TASK_AGENCIES.columns)]
    )
    table = region_responsibility(tasks, links)
    row = table[table["region_id"] == "r3"].iloc[0]
    assert row["task_count"] == 0
    assert row["distinct_lead_agencies"] == 0
    assert pd.isna(row["single_lead_share"]) and pd.isna(row["lead_top_agency_id"])


# --- function_shares --------------------------------------------------------------------------------------


def test_function_counts_a_task_once_per_function():
    table = function_shares(TASKS, AGENCIES, TASK_AGENCIES)
    key = (table["region_id"] == "r1") & (table["function"] == "education") & (table["role"] == "lead")
    # A leads t1, t2 and B (also education) leads t2: two tasks, not three links
    assert table.loc[key, "task_count"].tolist() == [2]
    assert table.loc[key, "task_share"].tolist() == pytest.approx([2 / 3])


def test_function_shares_unclassified_agencies_stay_visible():
    table = function_shares(TASKS, AGENCIES, TASK_AGENCIES)
    # Y is not in AGENCIES
    key = (table["function"] == "unclassified") & (table["role"] == "implementer")
    assert table.loc[key, "task_count"].tolist() == [1]
    assert "safeguard" not in table["function"].tolist()
    finance_support = (table["function"] == "finance") & (table["role"] == "support")
    assert not finance_support.any()  # C supports only the safeguard item


# --- agency_pairs -----------------------------------------------------------------------------------------


def test_pairs_jaccard_by_hand():
    table = agency_pairs(TASKS, TASK_AGENCIES)
    pairs = {
        (row.role_group, row.agency_id_a, row.agency_id_b): (row.shared_tasks, row.jaccard)
        for row in table.itertuples()
    }
    # government: A {t1,t2}, B {t1,t2,t3}, C {t3}
    assert pairs[("government", "r1:A", "r1:B")] == pytest.approx((2, 2 / 3))
    assert pairs[("government", "r1:B", "r1:C")] == pytest.approx((1, 1 / 3))
    assert ("government", "r1:A", "r1:C") not in pairs  # no shared task
    # implementers: X {t1,t2}, Y {t2}
    assert pairs[("implementer", "r1:X", "r1:Y")] == pytest.approx((1, 1 / 2))
    assert len(pairs) == 3


def test_pairs_never_mix_role_groups():
    table = agency_pairs(TASKS, TASK_AGENCIES)
    implementers = {"r1:X", "r1:Y"}
    government = table[table["role_group"] == "government"]
    assert not set(government["agency_id_a"]) & implementers
    assert not set(government["agency_id_b"]) & implementers


def test_pairs_are_ordered():
    table = agency_pairs(TASKS, TASK_AGENCIES)
    assert (table["agency_id_a"] < table["agency_id_b"]).all()
    assert list(table.columns) == [
        "region_id",
        "role_group",
        "agency_id_a",
        "agency_id_b",
        "shared_tasks",
        "jaccard",
    ]
    assert table["role_group"].tolist() == ["government", "government", "implementer"]


def test_pairs_of_empty_links():
    table = agency_pairs(TASKS, TASK_AGENCIES.iloc[0:0])
    assert table.empty
    assert list(table.columns)[:4] == ["region_id", "role_group", "agency_id_a", "agency_id_b"]


# --- determinism ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_outputs_do_not_depend_on_input_order(seed):
    tasks, links = shuffled(TASKS, seed), shuffled(TASK_AGENCIES, seed)
    pd.testing.assert_frame_equal(
        agency_load(tasks, AGENCIES, links), agency_load(TASKS, AGENCIES, TASK_AGENCIES)
    )
    pd.testing.assert_frame_equal(
        region_responsibility(tasks, links), region_responsibility(TASKS, TASK_AGENCIES)
    )
    pd.testing.assert_frame_equal(
        function_shares(tasks, AGENCIES, links), function_shares(TASKS, AGENCIES, TASK_AGENCIES)
    )
    pd.testing.assert_frame_equal(agency_pairs(tasks, links), agency_pairs(TASKS, TASK_AGENCIES))


def test_busiest_lead_tie_goes_to_smallest_id():
    tasks = pd.DataFrame({"task_id": ["a", "b"], "doc_id": "d", "region_id": "r", "kind": "task"})
    links = pd.DataFrame(
        [("b", "r:Z", "lead", "Z"), ("a", "r:M", "lead", "M")],
        columns=["task_id", "agency_id", "role", "raw_name"],
    )
    row = region_responsibility(tasks, links).iloc[0]
    assert row["lead_top_agency_id"] == "r:M"
    assert row["lead_top_share"] == pytest.approx(0.5)


# --- plain-language readings ------------------------------------------------------------------------------
# The ETL stores the figures; analysis/agency_load.py words them in each language from the catalogue.


def plain_language_readings(row, agencies=None) -> dict:
    """{figure: (zh, en)} from the presentation side's readings in both languages."""
    zh, en = readings_in(row, agencies, "zh"), readings_in(row, agencies, "en")
    return {figure: (zh[figure], en[figure]) for figure in zh}



def test_readings_name_the_busiest_agency():
    readings = plain_language_readings(region_row("r1"), AGENCIES)
    assert set(readings) == {
        "lead_top_share",
        "lead_herfindahl",
        "lead_gini",
        "single_lead_share",
        "lead_support_ratio",
    }
    zh, en = readings["lead_top_share"]
    assert zh == "市教育局牵头 67% 的任务。"
    assert en == "市教育局 leads 67% of the tasks."
    assert "高度集中" in readings["lead_herfindahl"][0]  # HHI 0.375 > 0.25
    assert "highly concentrated" in readings["lead_herfindahl"][1]
    assert "0.17" in readings["lead_gini"][0] and "3 个牵头单位" in readings["lead_gini"][0]
    assert readings["single_lead_share"][0].startswith("67%")
    assert "2.00" in readings["lead_support_ratio"][1]


def test_readings_without_agencies_fall_back_to_id_and_say_undefined():
    readings = plain_language_readings(region_row("r2"))
    assert readings["lead_top_share"][0] == "D牵头 50% 的任务。"
    assert "undefined" in readings["lead_support_ratio"][1]
    assert "by construction" in readings["lead_gini"][1]  # one lead agency: Gini 0 means nothing
    assert all(isinstance(text, str) and text for pair in readings.values() for text in pair)
    assert not any("nan" in text.lower() for pair in readings.values() for text in pair)


def test_readings_accept_a_plain_dict_with_none():
    readings = plain_language_readings({"lead_top_agency_id": None, "lead_herfindahl": math.nan})
    assert "no lead agency" in readings["lead_top_share"][1]
    assert "undefined" in readings["lead_herfindahl"][1]
