"""The rule packs catch the labelled corpus (tests/corpus/*.jsonl) and leave clean copy unblocked."""

from __future__ import annotations

import pytest

from bench.corpus_eval import CORPUS_DIR, evaluate, load_corpus

MARKETS = {"zh-CN", "ja-JP", "ko-KR", "de-DE", "fr-FR", "fr-CA", "en-GB", "en-US", "es-ES", "es-MX", "pt-BR",
           "it-IT", "ar-SA", "ar-AE", "id-ID", "ms-MY", "hi-IN", "en-IN", "tr-TR", "th-TH", "vi-VN", "pl-PL", "nl-NL"}


@pytest.fixture(scope="module")
def report():
    return evaluate(load_corpus())


def test_corpus_covers_every_market_with_violations_and_clean_copy():
    items = load_corpus()
    for market in MARKETS:
        mine = [it for it in items if it.input.locale == market]
        assert sum(1 for it in mine if it.expect) >= 20, f"{market}: fewer than 20 violating items"
        assert sum(1 for it in mine if not it.expect) >= 10, f"{market}: fewer than 10 clean items"
    assert {p.stem for p in CORPUS_DIR.glob("*.jsonl")} >= MARKETS


def test_recall_on_violating_copy_is_at_least_90_percent(report):
    misses = "\n".join(f"  {m['where']} missing {m['missing']}: {m['text']}" for m in report.misses)
    assert report.recall.rate >= 0.90, f"recall {report.recall.rate:.1%}; misses:\n{misses}"


def test_clean_copy_is_rarely_blocked(report):
    blocked = "\n".join(f"  {m['where']} {m['rules']}: {m['text']}" for m in report.false_blocks)
    assert report.clean_block.rate <= 0.05, f"clean false-block {report.clean_block.rate:.1%}:\n{blocked}"


def test_every_market_meets_the_targets_on_its_own(report):
    weak = {m: (round(r.rate, 2), round(c.rate, 2)) for m, (r, c) in report.by_market.items()
            if r.rate < 0.80 or c.rate > 0.10}
    assert not weak, f"markets below 80% recall or above 10% clean-block: {weak}"


def test_corpus_labels_use_known_categories():
    from studio.checks.engine import get_check_engine
    known = set(get_check_engine().ruleset.categories) if hasattr(get_check_engine().ruleset, "categories") else None
    cats = {c for it in load_corpus() for c in it.expect}
    if known:
        assert cats <= known, f"unknown categories in corpus: {cats - known}"
