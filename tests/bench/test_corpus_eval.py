"""The corpus bench keeps the frozen half's copy out of sight: figures and ids only. (The apart corpora's look and
check halves are tested with the corpora, tests/bench/test_apart_corpus.py.)"""

import hashlib
import json

import pytest

from bench.corpus_eval import BLIND_DIR, Report, load_corpus, main, split_of


def test_a_frozen_report_names_items_but_never_prints_their_copy(capsys):
    assert main(["--corpus", "blind", "--split", "frozen", "--locale", "de-DE", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["misses"] + report["false_blocks"] + report["false_warns"]
    assert rows and all(r["text"] == "(text withheld: frozen half)" for r in rows)
    frozen = [
        json.loads(line)["text"]
        for line in (BLIND_DIR / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()
        if split_of(json.loads(line)["id"]) == "frozen"
    ]
    printed = json.dumps(report, ensure_ascii=False)
    assert not any(text in printed for text in frozen)


def test_misses_0_gives_figures_and_ids_without_any_copy(capsys):
    """A tuner reads dev figures with `--misses 0`; with --json the rows kept the dev copy all the same."""
    # the whole dev half: one locale (de-DE) came to have no miss and no false alert, and the test had no row to read
    assert main(["--corpus", "blind", "--split", "dev", "--json", "--misses", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["misses"] + report["false_blocks"] + report["false_warns"]
    assert rows and all(r["text"] == "(text withheld: --misses 0)" and r["id"] for r in rows)
    dev = [it.input.text for it in load_corpus(BLIND_DIR, split="dev")]
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


def test_blind_halves_are_the_ones_every_session_used():
    """Generalising the split for apart3 must not move one blind item between dev and frozen."""
    ids = [
        json.loads(line)["id"]
        for path in sorted(BLIND_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    old = {i: "frozen" if hashlib.sha256(i.encode()).digest()[0] % 2 == 0 else "dev" for i in ids}
    assert {i: split_of(i) for i in ids} == old == {i: split_of(i, "blind") for i in ids}
    dev = {it.input.id for it in load_corpus(BLIND_DIR, split="dev")}
    frozen = {it.input.id for it in load_corpus(BLIND_DIR, split="frozen")}
    assert dev == {i for i, h in old.items() if h == "dev"} and frozen == {i for i, h in old.items() if h == "frozen"}


def test_a_half_the_corpus_lacks_is_refused():
    with pytest.raises(ValueError, match="no half named 'look'"):
        load_corpus(BLIND_DIR, split="look")
    with pytest.raises(SystemExit):
        main(["--corpus", "apart2", "--split", "check"])
