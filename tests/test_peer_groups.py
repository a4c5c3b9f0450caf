"""Places like ours (analysis/peer_groups.py): peer groups, like-with-like filtering and the median with its N,
on the four documents' benchmark values."""

import pandas as pd
import pytest

from analysis.peer_groups import (
    comparable_value,
    own_scope,
    peer_median,
    peer_regions,
    reference,
    unlike_regions,
)


@pytest.fixture(scope="module")
def regions(tables):
    return tables["documents"][["region_id", "admin_level", "province_zh", "issuer_kind"]]


@pytest.fixture(scope="module")
def headlines(tables):
    values = tables["benchmark_values"]
    return values[values["headline"]]


def of(headlines, indicator):
    return headlines[headlines["indicator"] == indicator]


@pytest.mark.parametrize("region, group, expected", [
    ("wafangdian", "all", ["gaoping", "jinzhou", "zhongwei"]),
    ("wafangdian", "same_level", ["gaoping"]),          # both county-level cities
    ("wafangdian", "same_province", ["jinzhou"]),       # both in 辽宁省
    ("zhongwei", "same_province", []),
])
def test_peer_groups(regions, region, group, expected):
    assert peer_regions(regions, region, group) == expected


def test_own_scope(regions):
    assert own_scope(regions, "jinzhou") == "institution"
    assert own_scope(regions, "zhongwei") == "region"


def test_dual_qualified_median_leaves_the_college_out(regions, headlines):
    values = of(headlines, "dual_qualified_teacher_share")
    like = reference(values, "zhongwei", own_scope(regions, "zhongwei"))
    result = peer_median(values, peer_regions(regions, "zhongwei"), like)
    assert (result["median"], result["n"]) == (60, 1)  # Wafangdian's 60%; Jinzhou's college target is apart
    assert result["left_out"] == {"jinzhou": ["scope"]}


def test_yearly_rate_is_not_a_plan_total(regions, headlines):
    values = of(headlines, "skills_training_volume")
    like = reference(values, "zhongwei", "region")
    assert like["per"] == "year"
    result = peer_median(values, peer_regions(regions, "zhongwei"), like)
    assert result["n"] == 0 and result["median"] is None
    assert result["left_out"] == {"jinzhou": ["scope", "per"], "wafangdian": ["per"]}


def test_windows_are_compared_per_year(regions, headlines):
    values = of(headlines, "teacher_enterprise_practice")
    like = reference(values, "zhongwei", "region")
    result = peer_median(values, peer_regions(regions, "zhongwei"), like)
    assert (result["median"], result["n"]) == (2, 1)  # Wafangdian: 10 months in 5 years
    assert comparable_value(values[values["region_id"] == "zhongwei"].iloc[0]) == 1


def test_reference_without_my_number(regions, headlines):
    values = of(headlines, "industry_education_enterprises")
    like = reference(values, "gaoping", "region")
    assert like == {"scope": "region", "per": "plan", "unit": "家", "aspirational": False}
    assert peer_median(values, peer_regions(regions, "gaoping"), like)["n"] == 1


def test_aspirational_is_unlike_binding():
    values = pd.DataFrame([
        {"region_id": "a", "issuer_scope": "region", "per": "plan", "unit": "个", "aspirational": False,
         "value": 3.0, "value_max": None, "annual_value": None},
        {"region_id": "b", "issuer_scope": "region", "per": "plan", "unit": "个", "aspirational": True,
         "value": 9.0, "value_max": None, "annual_value": None},
        {"region_id": "c", "issuer_scope": "region", "per": "plan", "unit": "个", "aspirational": False,
         "value": 5.0, "value_max": None, "annual_value": None}])
    like = reference(values, "a", "region")
    result = peer_median(values, ["b", "c"], like)
    assert (result["median"], result["n"], result["left_out"]) == (5, 1, {"b": ["aspirational"]})
    assert unlike_regions(values, ["a", "b", "c"], like) == {"b": ["aspirational"]}
