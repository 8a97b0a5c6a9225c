"""``rival_name`` (studio/checks/rules/types/rival_name.py): a comparison's other term read as a name by how rare
the word is (wordfreq), in the markets' own scripts (cultural_rules/*/comp31.yaml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings
from studio.core.errors import RuleError

RULES = Path(get_settings().rules_dir)


def _flagged(rule_id: str, text: str, locale: str, glossary: list[str] | None = None) -> list[str]:
    rule = load_rules(RULES).by_id[rule_id]
    item = CheckInput(id="t", locale=locale, kind="copy", text=text, glossary=glossary or [])
    return [text[f.start : f.end] for f in LocaleChecker(locale, [rule]).check(item) if f.rule == rule_id]


@pytest.mark.parametrize(
    ("rule_id", "locale", "rival", "noun"),
    [
        # the same sentence: a maker's name is a rival, a material is not
        ("ja.comparative.rival_in_katakana", "ja-JP", "当店の竿はシマノより軽い。", "当店の竿はカーボンより軽い。"),
        ("ko.comparative.rival_in_hangul", "ko-KR", "세스코보다 빠른 방역", "우유보다 빠른 방역"),
        ("vi.comparative.rival_capitalised", "vi-VN", "Rẻ hơn Toong 30%.", "Rẻ hơn tuần trước 30%."),
        ("global.comparative.rival_capitalised", "pt-BR", "Mais barato que a Gympass, sempre.",
         "Mais barato que Portugal, sempre."),
    ],
)
def test_a_rare_or_capitalised_word_is_a_rival_and_a_common_noun_is_not(rule_id, locale, rival, noun):
    assert _flagged(rule_id, rival, locale)
    assert _flagged(rule_id, noun, locale) == []


def test_the_brands_own_glossary_name_is_no_rival():
    text = "シマノの新しい竿は、シマノの旧竿より軽い。"
    assert _flagged("ja.comparative.rival_in_katakana", text, "ja-JP")
    assert _flagged("ja.comparative.rival_in_katakana", text, "ja-JP", glossary=["シマノ"]) == []


def test_a_pattern_without_a_name_group_fails_at_its_file_and_line(tmp_path):
    (tmp_path / "global").mkdir()
    shutil.copy(RULES / "global" / "categories.yaml", tmp_path / "global" / "categories.yaml")
    text = (RULES / "ko-KR" / "comp31.yaml").read_text(encoding="utf-8").replace("(?P<name>", "(", 1)
    (tmp_path / "ko-KR").mkdir()
    (tmp_path / "ko-KR" / "comp31.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert re.search(r"comp31\.yaml:\d+: rule ko\.comparative\.rival_in_hangul", str(exc.value)), str(exc.value)
    assert "no group named 'name'" in str(exc.value)


def test_the_frequency_list_loads_only_when_a_comparison_is_in_the_draft():
    code = (
        "from studio.checks.asset import CheckInput\n"
        "from studio.checks.engine import LocaleChecker\n"
        "from studio.checks.rules import load_rules\n"
        "from studio.checks.rules.types import rival_name\n"
        f"rule = load_rules({str(RULES)!r}).by_id['ko.comparative.rival_in_hangul']\n"
        "check = LocaleChecker('ko-KR', [rule])\n"
        "check.check(CheckInput(id='a', locale='ko-KR', kind='copy', text='가볍고 튼튼한 텀블러'))\n"
        "print(rival_name._freqs.cache_info().currsize)\n"
        "check.check(CheckInput(id='b', locale='ko-KR', kind='copy', text='쿠팡보다 싸요'))\n"
        "print(rival_name._freqs.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]


def test_a_market_whose_language_wordfreq_has_no_list_of_weighs_every_word_as_unlisted():
    # th: no wordfreq list; the global rule's English comparison in th-TH copy used to raise LookupError
    text = "ขวดของเรา lighter than Hydroflask ครับ"
    assert _flagged("global.comparative.rival_capitalised", text, "th-TH") == ["lighter than Hydroflask"]


def test_the_word_table_is_kept_once_per_release_not_once_per_install(tmp_path, monkeypatch):
    """The common-word table is named by wordfreq's release and the data file's size: a second install (another
    virtualenv, another clean clone) reads the same table, and tables of older installs are dropped down to
    ``KEEP`` instead of piling up (432 of them had, one per clone)."""
    from studio.checks import loadcache
    from studio.checks.rules.types import rival_name

    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path))
    get_settings.cache_clear()
    folder = tmp_path / "wordfreq"
    folder.mkdir()
    for i in range(loadcache.KEEP + 5):
        (folder / f"en-{rival_name.COMMON_ZIPF}-1-{i}.table").write_bytes(b"old")
    (folder / f"fr-{rival_name.COMMON_ZIPF}-1-0.table").write_bytes(b"another language")
    try:
        rival_name._freqs.cache_clear()
        words = rival_name._freqs("en")
        rival_name._freqs.cache_clear()
        assert rival_name._freqs("en") == words and "the" in words
        en = sorted(folder.glob("en-*.table"))
        assert len(en) == loadcache.KEEP
        release = re.search(r"wordfreq-([\d.]+)\.dist-info", " ".join(
            str(d) for d in Path(rival_name._data_file("en")).parents[2].glob("wordfreq-*.dist-info")))
        assert release and any(p.name.endswith(f"-{release.group(1)}.table") for p in en)
        assert (folder / f"fr-{rival_name.COMMON_ZIPF}-1-0.table").is_file()
    finally:
        rival_name._freqs.cache_clear()
        get_settings.cache_clear()
