"""The nearest-neighbour learner bench/learned_eval.py judges beside the logistic layer: a category fires
only on positives of two different writers that beat the nearest clean line, never on the draft's own
writer's lines, and a finding names the training lines that fired it. Same keyword embedder as
test_learned.py (a test double)."""

from __future__ import annotations

import numpy as np

from bench.learned_eval import NearestLearner, nn_margins
from studio.checks import learned, learned_corpora
from studio.checks.asset import CheckInput
from tests.checks.test_learned import KeywordEmbedder, everywhere, synthetic


def _with(items, extra):
    items = items + extra
    feats = learned.featurize([it.item for it in items], KeywordEmbedder(), ["en-US"])
    return items, feats


def _line(writer, iid, text, expect):
    return learned_corpora.Labelled(
        writer, f"{writer}.jsonl", CheckInput(id=iid, locale="en-US", kind="copy", text=text), expect
    )


def test_a_held_out_line_fires_on_two_writers_positives_and_names_them():
    items, feats = _with(
        synthetic(),
        [
            _line("D", "D-new", "Cold wine this summer D3", ["alcohol"]),
            _line("D", "D-clean", "Fresh lemonade near you D4", []),
        ],
    )
    train = [i for i, it in enumerate(items) if it.writer != "D"]
    test = [i for i, it in enumerate(items) if it.writer == "D"]
    nl = NearestLearner(items, feats, train, test, everywhere)
    found, cuts = nl.cut(0.9, 0.0)
    assert set(cuts) == {"alcohol", "gambling"}
    assert [f.category for f in found[0]] == ["alcohol"] and found[1] == []
    named = found[0][0].lines
    assert len(named) == 2 and len({n.split("-")[0] for n in named}) == 2  # two writers' training lines
    assert all(items[i].writer != "D" for i in train if items[i].item.id in named)


def test_positives_of_one_writer_never_fire_and_a_writer_never_matches_itself():
    items, feats = _with(synthetic(), [])
    # Against writers A and B, a line of B has one other writer's positives (A's): no second writer, no margin.
    only_a = [i for i, it in enumerate(items) if it.writer in "AB"]
    query = [i for i, it in enumerate(items) if it.writer == "B" and it.expect == ["gambling"]]
    marg, _ = nn_margins(items, feats, query, only_a, ["gambling"])
    assert np.isneginf(marg).all()
    # With every writer's lines as reference, a training writer's margins come from the other writers only.
    everyone = list(range(len(items)))
    marg, which = nn_margins(items, feats, query, everyone, ["gambling"])
    assert np.isfinite(marg).all()
    assert all(items[j].writer != "B" for j in which.ravel())
