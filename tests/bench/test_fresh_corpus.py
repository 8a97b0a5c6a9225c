"""The fresh corpus loads and keeps its shape. Loading only: no test runs the check engine on it.

The corpus (tests/corpus/fresh/, see its README) was written apart from the rules and the exemplar
banks; nobody tunes on it, and its reports never print its copy.
"""

from collections import Counter, defaultdict

import pytest

from bench.corpus_eval import FRESH_DIR, Report, load_corpus, withhold_copy
from tests.bench.corpus_format import CATEGORIES, FIELDS, KINDS, LOCALES, read_rows


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_rows(FRESH_DIR)


def test_every_line_loads_through_the_check_contract(rows):
    items = load_corpus(FRESH_DIR)
    assert len(items) == len(rows) >= 600


def test_locales_kinds_categories_and_fields_come_from_the_closed_lists(rows):
    assert {r["_file"] for r in rows} == LOCALES
    for r in rows:
        where = r["id"]
        assert r["locale"] == r["_file"] and r["id"].startswith(r["locale"] + "-f"), where
        assert r["kind"] in KINDS, where
        assert set(r) - {"_file"} <= FIELDS, where
        assert isinstance(r["expect"], list) and set(r["expect"]) <= CATEGORIES, where
        assert len(set(r["expect"])) == len(r["expect"]), where
        assert r["text"].strip() and r["why"].strip(), where


def test_ids_are_unique(rows):
    ids = Counter(r["id"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []


def test_spread_at_least_40_percent_clean_every_category_12_times_every_locale_10_categories(rows):
    clean = sum(not r["expect"] for r in rows)
    assert clean / len(rows) >= 0.40
    per_category = Counter(c for r in rows for c in r["expect"])
    assert {c: per_category[c] for c in CATEGORIES if per_category[c] < 12} == {}
    per_locale = defaultdict(set)
    for r in rows:
        per_locale[r["locale"]].update(r["expect"])
    assert {loc: len(cats) for loc, cats in per_locale.items() if len(cats) < 10} == {}
    assert {r["kind"] for r in rows} == KINDS


def test_a_fresh_report_never_carries_copy():
    report = Report()
    report.misses = [{"id": "de-DE-f001", "text": "x"}]
    report.false_warns = [{"id": "fr-FR-f002", "text": "y"}]
    report.false_blocks = [{"id": "ja-JP-f003", "text": "z"}]
    withhold_copy(report, "fresh", "all")
    assert {r["text"] for r in report.misses + report.false_warns + report.false_blocks} == {
        "(text withheld: fresh corpus)"}


def test_the_fresh_corpus_has_no_split():
    from bench.corpus_eval import main

    with pytest.raises(SystemExit):
        main(["--corpus", "fresh", "--split", "dev"])
