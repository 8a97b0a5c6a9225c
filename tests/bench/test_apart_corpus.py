"""The apart corpus loads and keeps its shape. Format only: no test runs the check engine on it.

The corpus (tests/corpus/apart/, see its README) was written by an evaluation copywriter who never
saw the rules, the exemplar banks or the other corpora. It is open for tuning.
"""

from collections import Counter

import pytest

from bench.corpus_eval import APART_DIR, DIRS, load_corpus
from studio.market.channels import fits, load_channels
from tests.bench.corpus_format import CATEGORIES, FIELDS, KINDS, LOCALES, read_rows


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_rows(APART_DIR)


def test_the_bench_knows_the_apart_corpus():
    assert DIRS["apart"] == APART_DIR


def test_every_line_loads_through_the_check_contract(rows):
    assert len(load_corpus(APART_DIR)) == len(rows) >= 500


def test_every_locale_has_its_file_once(rows):
    assert sorted(p.stem for p in APART_DIR.glob("*.jsonl")) == sorted(LOCALES)
    assert {r["_file"] for r in rows} == LOCALES


def test_ids_unique_and_prefixed_by_the_locale(rows):
    ids = Counter(r["id"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [r["id"] for r in rows if r["locale"] != r["_file"] or not r["id"].startswith(r["locale"] + "-a")] == []


def test_fields_kinds_and_categories_come_from_the_closed_lists(rows):
    for r in rows:
        where = r["id"]
        assert r["kind"] in KINDS, where
        assert set(r) - {"_file"} <= FIELDS, where
        assert isinstance(r["expect"], list) and set(r["expect"]) <= CATEGORIES, where
        assert len(set(r["expect"])) == len(r["expect"]), where
        assert r["text"].strip() and r["why"].strip(), where


def test_channels_exist_and_length_labels_agree_with_the_channel_limits(rows):
    channels = load_channels()
    for r in (r for r in rows if "channel" in r):
        assert r["channel"] in channels, r["id"]
        # a text over its channel's limit is labelled `length`, one within it is not
        assert ("length" in r["expect"]) == (not fits(r["text"], r["channel"], r["locale"])), r["id"]


def test_at_least_35_percent_clean_and_every_category_8_times(rows):
    assert sum(not r["expect"] for r in rows) / len(rows) >= 0.35
    per_category = Counter(c for r in rows for c in r["expect"])
    assert {c: per_category[c] for c in CATEGORIES if per_category[c] < 8} == {}
    assert {r["kind"] for r in rows} == KINDS
