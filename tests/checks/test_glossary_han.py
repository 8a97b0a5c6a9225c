"""The Han forms a glossary name may be written in (studio.checks.glossary_han) are data, checked as they load."""

from __future__ import annotations

import pytest

from studio.checks import glossary_han
from studio.core.errors import RuleError


def test_a_japanese_name_written_with_the_chinese_form_is_found_altered():
    assert glossary_han.han_variant("藍歩", "新しい藍步のボトル") == (3, 5)
    assert glossary_han.han_variant("藍歩", "新しい藍歩のボトル") == (-1, -1)  # kept as written


def test_the_shipped_forms_fold_the_old_and_simplified_forms_to_the_first():
    folded = glossary_han._fold_map()
    assert folded["櫻"] == folded["樱"] == "桜" and folded["龍"] == folded["龙"] == "竜"


def test_a_character_that_is_not_han_is_refused_with_its_line(tmp_path):
    path = tmp_path / "han_variants.txt"
    path.write_text("# comment\n歩步 円圓圆\n桜櫻x\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        glossary_han._groups(path)
    assert exc.value.where == f"{path}:3" and "'x'" in exc.value.message
