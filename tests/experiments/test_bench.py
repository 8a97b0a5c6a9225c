"""bench/ab.py in its quick mode: the rule meets the issue's targets on simulated tests with known rates."""

import json

import pytest

from bench import ab


@pytest.mark.slow
def test_quick_bench_meets_the_targets(capsys):
    code = ab.main(["--quick", "--json", "--scenarios", "A/B +20%,A/A"])
    report = json.loads(capsys.readouterr().out)
    by_name = {o["scenario"]: o for o in report["outcomes"]}
    assert by_name["A/B +20%"]["correct_share"] >= 0.95 and by_name["A/B +20%"]["decided_share"] > 0.5
    assert by_name["A/A"]["false_share"] <= 0.05
    assert by_name["A/B +20%"]["median_impressions"] >= report["settings"]["min_samples"]
    assert code == 0 and report["missed"] == []
