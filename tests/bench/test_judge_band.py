"""The judge-band bench bounds what a judge can do: a perfect one never loses recall, one that always
says CLEAN never gains any, and a wider band puts more findings to the judge."""

import json

from bench.judge_band import main


def test_the_bounds_hold_and_the_band_widens(capsys):
    assert main(["--split", "dev", "--locale", "en-US", "--locale", "de-DE", "--band", "0.04", "--band", "0.2",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    as_is, narrow, wide = report["as_is"], report["bands"]["0.04"], report["bands"]["0.2"]
    assert report["semantic_findings"] >= wide["borderline"] > narrow["borderline"]
    for band in (narrow, wide):
        assert band["borderline"] == band["borderline_expected"] + band["borderline_unexpected"]
        assert band["oracle"]["recall"] == as_is["recall"]
        assert band["oracle"]["clean_false_warn_rate"] <= as_is["clean_false_warn_rate"]
        assert band["dismiss_all"]["recall"] <= as_is["recall"]
    assert wide["dismiss_all"]["recall"] <= narrow["dismiss_all"]["recall"]
