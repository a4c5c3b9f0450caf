"""Coding reliability: the hand-coded sample and the agreement of the automatic coding with it.

The figures asserted here are those of the current coder and codebooks on the seeds (docs/coding_reliability.md
reports them); a change of either moves them, and that is the point: re-measure and update both together.
"""

import pandas as pd
import pytest
import yaml
from sklearn.metrics import cohen_kappa_score

from etl.derive.coding_agreement import (
    coding_agreement,
    kappa_from_counts,
    locate_sample,
    read_sample,
)
from etl.derive.themes import POLICY_INSTRUMENTS_PATH, THEMES_PATH

SEEDS = ("gaoping", "jinzhou", "wafangdian", "zhongwei")


@pytest.fixture(scope="module")
def sample():
    return read_sample()


@pytest.fixture(scope="module")
def agreement(database):
    return database.execute("SELECT * FROM coding_agreement").df().set_index(["sample", "scheme", "code"])


def test_the_sample_holds_at_least_60_tasks_stratified_across_the_four_seeds(sample):
    tasks = sample.drop_duplicates("task_id")
    assert len(tasks) >= 60
    per_document = tasks.groupby("doc_id").size()
    assert per_document.reindex(SEEDS).min() >= 15
    assert set(tasks["subsample"]) == {"tuning", "held_out"}


def test_every_sampled_task_has_a_theme_and_an_instrument_from_the_codebooks(sample):
    for scheme, path in (("vet_theme", THEMES_PATH), ("policy_instrument", POLICY_INSTRUMENTS_PATH)):
        codes = {entry["key"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]}
        coded = sample[sample["scheme"] == scheme]
        assert set(coded["code"]) <= codes | {"other"}
        assert set(coded["task_id"]) == set(sample["task_id"])


def test_every_hand_code_quotes_its_evidence(sample):
    assert sample["coder_note"].str.strip().str.len().gt(0).all()


def test_kappa_matches_cohens_worked_example():
    # 2 × 2 table: 20 both yes, 5 hand only, 10 ETL only, 15 both no: p_o = .7, p_e = .5 → κ = .4
    assert kappa_from_counts(20, 5, 10, 15) == pytest.approx(0.4)
    assert pd.isna(kappa_from_counts(0, 0, 0, 30))  # nobody used the code: undefined, not 1


def test_stored_kappa_equals_scikit_learn_on_the_stored_codes(database, sample, agreement):
    tasks = database.execute("SELECT task_id, doc_id, line_start FROM tasks").df()
    located, _ = locate_sample(sample, tasks)
    task_ids = sorted(located["task_id"].unique())
    auto = database.execute("""SELECT task_id FROM task_themes
                               WHERE scheme = 'vet_theme' AND theme = 'teacher_workforce' AND counted""").df()
    hand = located[(located["scheme"] == "vet_theme") & (located["code"] == "teacher_workforce")]
    expected = cohen_kappa_score([task in set(hand["task_id"]) for task in task_ids],
                                 [task in set(auto["task_id"]) for task in task_ids])
    assert agreement.loc[("all", "vet_theme", "teacher_workforce"), "kappa"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("part", "scheme", "n", "kappa"),
    [
        # A theme counts on two distinct hits or a phrase (issue 13): 0.830 → 0.798 (held out 0.774 → 0.765);
        # the instruments keep one hit (data/policy_instruments.yaml says why) and lose only the partial matches.
        ("all", "vet_theme", 87 * 15, 0.798),
        ("all", "policy_instrument", 87 * 14, 0.807),
        ("held_out", "vet_theme", 23 * 15, 0.765),
        ("held_out", "policy_instrument", 23 * 14, 0.783),
    ],
)
def test_pooled_agreement_of_the_current_coder(agreement, part, scheme, n, kappa):
    row = agreement.loc[(part, scheme, "all")]
    assert row["n"] == n
    assert row["kappa"] == pytest.approx(kappa, abs=0.001)
    assert row["kappa_low"] < row["kappa"] < row["kappa_high"]


def test_funding_is_coded_precisely_and_strategic_measures_are_over_coded(agreement):
    # Funding needs two terms or a phrase now: 5 of the hand coder's 20 rest on one word (投入, 税收 …).
    funding = agreement.loc[("all", "vet_theme", "funding_finance")]
    assert funding[["n", "hand_tasks", "auto_tasks", "both_tasks"]].tolist() == [87, 20, 17, 15]
    assert funding["recall"] == pytest.approx(15 / 20)
    assert funding["precision"] == pytest.approx(15 / 17)
    strategic = agreement.loc[("all", "policy_instrument", "strategic_measures")]
    assert strategic[["hand_tasks", "auto_tasks", "both_tasks"]].tolist() == [40, 45, 34]
    assert strategic["kappa"] == pytest.approx(0.610, abs=0.001)


def test_a_sampled_task_no_longer_in_the_build_is_warned_about_and_left_out(sample, tables):
    tasks = tables["tasks"].copy()
    tasks.loc[tasks["task_id"] == "gaoping-001", "line_start"] = 58
    located, warnings = locate_sample(sample, tasks)
    assert "gaoping-001" not in set(located["task_id"])
    assert warnings[["doc_id", "line"]].values.tolist() == [["gaoping", 59]]
    result = coding_agreement(located, tables["task_themes"], tables["themes"]).set_index(
        ["sample", "scheme", "code"])
    assert result.loc[("all", "vet_theme", "moral_ideological"), "n"] == 86



def test_without_a_hand_coded_sample_the_table_is_empty_and_the_build_goes_on(tables, monkeypatch, tmp_path):
    from etl.derive import coding_agreement as stage

    monkeypatch.setattr(stage, "SAMPLE_PATH", tmp_path / "missing.csv")
    assert stage.run(tables)["coding_agreement"].empty
