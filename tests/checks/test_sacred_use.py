"""``sacred_use`` (studio/checks/rules/types/sacred_use.py): a sacred figure or scripture read against the commercial
use the copy makes of it (cultural_rules/global/religion59.yaml)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.checks.rules.types.sacred_use import _citations
from studio.core.config import get_settings
from studio.core.errors import RuleError

RULES = Path(get_settings().rules_dir)
RID = "global.religion.sacred_on_merch59"


def _flagged(text: str, locale: str) -> list[str]:
    rule = load_rules(RULES).by_id[RID]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    return [text[f.start : f.end] for f in LocaleChecker(locale, [rule]).check(item) if f.rule == RID]


@pytest.mark.parametrize("cite", ["Surah Al-Mulk", "QS. Al-Ikhlas", "Felak Suresi", "سورة الملك", "John 3:16",
                                  "Filipenses 4,13", "Psaume 91", "Psalmem 23", "요한복음 3:16", "Qur'an 2:255"])
def test_a_scripture_is_read_by_the_shape_of_its_citation(cite):
    assert _citations().search(cite)


@pytest.mark.parametrize("text", ["January 3:16 pm", "Mark 2 on the map", "Jean 35 ans", "Salmon 3:16"])
def test_numbers_that_are_no_citation_stay_out(text):
    assert not _citations().search(text)


def test_the_use_must_stand_in_the_same_sentence_as_the_sacred_thing():
    assert _flagged("Phone case with Psalm 91 in gold letters, £9", "en-GB") == ["Psalm 91"]
    assert _flagged("We read Psalm 91 together. Phone cases are 20% off this week.", "en-GB") == []


def test_a_product_name_needs_the_sacred_name_in_quotation_marks():
    assert _flagged("New 'Ganesha Gulp' energy drink, ₹40", "en-IN") == ["Ganesha"]
    assert _flagged("New prayer times near the Ganesha temple", "en-IN") == []


def test_a_use_that_breaks_an_unknown_kind_fails_at_its_file_and_line(tmp_path):
    (tmp_path / "global").mkdir()
    shutil.copy(RULES / "global" / "categories.yaml", tmp_path / "global" / "categories.yaml")
    (tmp_path / "global" / "use.yaml").write_text(
        "pack: global\nrules:\n  - id: global.test.use\n    type: sacred_use\n    category: religion\n"
        "    severity: warn\n    message: m\n    source: {name: s}\n    sacred:\n      figure: {terms: [buddha], source: {name: s}}\n"
        "    uses:\n      merch:\n        terms: [mug]\n        breaks: [place]\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert re.search(r"use\.yaml:\d+", str(exc.value)), str(exc.value)
    assert "not a key of sacred" in str(exc.value)
