"""The decision rule of bench/learned_eval.py: the setting the validation writers pick, and the verdict read on
the test writers at that setting alone (checks-learned51)."""

from __future__ import annotations

from bench.learned_eval import pick, verdict


def row(target, clean_rate, recall, fw, gate=None, fb=0.0):
    """A sweep row: engine without the layer at recall 0.90 / false warn 0.05, with it ``recall`` / ``fw``."""
    pooled = {
        "without": {"recall": 0.90, "false_block": 0.0, "false_warn": 0.05},
        "with": {"recall": recall, "false_block": fb, "false_warn": fw},
    }
    return {"target": target, "clean_rate": clean_rate, "gate": gate, "pooled": pooled, "writers": {"P": pooled}}


def test_the_largest_recall_gain_within_one_point_of_false_warn_is_picked():
    rows = [row(0.8, 1.0, 0.95, 0.09), row(0.9, 0.0, 0.91, 0.055), row(0.7, 0.002, 0.92, 0.06, gate=0.2)]
    chosen = pick(rows)
    assert (chosen["target"], chosen["gate"]) == (0.7, 0.2)  # +2 points for +1.0; 0.8's +5 costs +4
    assert pick([row(0.8, 1.0, 0.95, 0.09)]) is None  # nothing gains within the budget


def test_the_verdict_reads_the_test_writers_at_the_chosen_setting_only():
    validation = {"sweep": [row(0.9, 0.0, 0.92, 0.055), row(0.8, 1.0, 0.99, 0.2)]}
    test = {"sweep": [row(0.9, 0.0, 0.915, 0.058), row(0.8, 1.0, 0.99, 0.055)]}
    v = verdict(validation, test)
    assert v["setting"] == (0.9, 0.0, None)
    assert round(v["test"]["gain"][0], 6) == 1.5 and v["on"]  # +1.5 recall for +0.8 false warn: on
    test["sweep"][0] = row(0.9, 0.0, 0.915, 0.065)  # the same gain for +1.5 points of false warn: off
    assert not verdict(validation, test)["on"]
    test["sweep"][0] = row(0.9, 0.0, 0.93, 0.055, fb=0.01)  # a false block added: off
    assert not verdict(validation, test)["on"]
