"""``stated_pair`` (studio/checks/rules/types/stated_pair.py): a thing the copy names read against a frame it states,
through a table of which things break which frames, per market (cultural_rules/global/faith58.yaml)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings
from studio.core.errors import RuleError

RULES = Path(get_settings().rules_dir)


def _flagged(rule_id: str, text: str, locale: str) -> list[str]:
    rule = load_rules(RULES).by_id[rule_id]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return [text[f.start : f.end] for f in LocaleChecker(locale, [rule]).check(item) if f.rule == rule_id]


def test_a_thing_counts_only_in_the_markets_its_table_names():
    gift = "global.taboo_symbol.gift_breaks_occasion58"
    assert _flagged(gift, "Birthday bouquet of chrysanthemums for grandma", "en-GB") == ["chrysanthemums"]
    assert _flagged(gift, "Birthday bouquet of chrysanthemums for grandma", "en-US") == []


def test_a_frame_word_a_negation_or_an_unless_word_keeps_the_pair_quiet():
    diet = "global.dietary.diet_breaks58"
    assert _flagged(diet, "Nut-free cookies with toasted almonds", "en-GB") == ["almonds"]
    assert _flagged(diet, "Nut-free and peanut-free cookies", "en-GB") == []  # 'peanut' is the frame's own word
    assert _flagged(diet, "Nussfreie Riegel mit Kernen statt Mandeln", "de-DE") == []
    assert _flagged(diet, "无坚果饼干，添加核桃碎", "zh-CN") == ["核桃"]  # 无 ten characters back denies 坚果, not 核桃
    gift = "global.taboo_symbol.gift_breaks_occasion58"
    assert _flagged(gift, "Chryzantemy na prezent? Tylko na grób, na Wszystkich Świętych", "pl-PL") == []


def test_a_denied_frame_is_no_frame():
    halal = "global.halal.halal_breaks58"
    assert _flagged(halal, "Halal beef stew braised in red wine", "en-GB")
    assert _flagged(halal, "Non-halal beef stew braised in red wine", "en-GB") == []


def test_a_thing_that_breaks_an_unknown_frame_fails_at_its_file_and_line(tmp_path):
    (tmp_path / "global").mkdir()
    shutil.copy(RULES / "global" / "categories.yaml", tmp_path / "global" / "categories.yaml")
    (tmp_path / "global" / "pair.yaml").write_text(
        "pack: global\nrules:\n  - id: global.test.pair\n    type: stated_pair\n    category: dietary\n"
        "    severity: warn\n    message: m\n    source: {name: s}\n    contexts:\n      vegan: {terms: [vegan]}\n"
        "    things:\n      honey:\n        terms: [honey]\n        breaks: [vegetarian]\n        source: {name: s}\n",
        encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert re.search(r"pair\.yaml:\d+", str(exc.value)), str(exc.value)
    assert "not a key of contexts" in str(exc.value)


def test_a_negation_reaches_every_item_of_the_list_it_opens():
    # checks-faith59: "ohne Zwiebeln, Knoblauch und Kartoffeln" says all three are absent, not only the first
    diet = "global.dietary.diet_breaks59"
    assert _flagged(diet, "Jain-Gerichte ohne Zwiebeln, Knoblauch und Kartoffeln", "de-DE") == []
    assert _flagged(diet, "Jain thali without onion, garlic or potato", "en-IN") == []
    assert _flagged(diet, "Jain thali without onion, and on the side a spicy potato curry", "en-IN") == ["potato"]
