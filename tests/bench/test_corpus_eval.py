"""The corpus bench keeps the frozen half's copy out of sight: figures and ids only."""

import json

from bench.corpus_eval import BLIND_DIR, Report, main, split_of


def test_a_frozen_report_names_items_but_never_prints_their_copy(capsys):
    assert main(["--corpus", "blind", "--split", "frozen", "--locale", "de-DE", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["misses"] + report["false_blocks"] + report["false_warns"]
    assert rows and all(r["text"] == "(text withheld: frozen half)" for r in rows)
    frozen = [json.loads(line)["text"] for line in (BLIND_DIR / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()
              if split_of(json.loads(line)["id"]) == "frozen"]
    printed = json.dumps(report, ensure_ascii=False)
    assert not any(text in printed for text in frozen)


def test_misses_0_gives_figures_and_ids_without_any_copy(capsys):
    """A tuner reads dev figures with `--misses 0`; with --json the rows kept the dev copy all the same."""
    assert main(["--corpus", "blind", "--split", "dev", "--locale", "de-DE", "--json", "--misses", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["misses"] + report["false_blocks"] + report["false_warns"]
    assert rows and all(r["text"] == "(text withheld: --misses 0)" and r["id"] for r in rows)
    dev = [json.loads(line)["text"] for line in (BLIND_DIR / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not any(text in json.dumps(report, ensure_ascii=False) for text in dev)


def test_false_alerts_are_told_apart_by_the_layer_that_raised_them():
    """A clean item stopped by a market rule and one warned by a concept read as different fixes."""
    report = Report()
    report.false_warns = [
        {"alerts": [["gcc.gambling", "block"]]},
        {"alerts": [["concept.nsfw.innuendo", "warn"]]},
        {"alerts": [["concept.politics.election", "block"], ["global.claims.absolute", "warn"]]},
    ]
    assert report.by_layer() == {"semantic": {"block": 1, "warn": 1}, "rules": {"block": 1, "warn": 1}}
