"""checks-origin61: one thing named twice with two origins (``origin_elsewhere`` with ``twice: true``,
studio/checks/rules/types/origin/twice.py): a thing claimed from a place with a marker ("أصلي", "chính gốc", "100 %")
and the same thing stated from another place or as imported in the same copy is an origin_claim warning; the same thing
from one place, a comparison, a foreign claim beside an import word stay quiet. Lines written for the test, none a
corpus line."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules.types.origin.draft import OriginDraft
from studio.checks.rules.types.origin.twice import nisba_hits
from tests.checks.origin_rule import RID, load_origin_rule, origin_spans


@pytest.fixture(scope="module")
def rule(tmp_path_factory: pytest.TempPathFactory):
    return load_origin_rule(tmp_path_factory.mktemp("rules"))


@pytest.mark.parametrize(
    ("text", "locale", "inside"),
    [
        # Arabic: the relative adjective (nisba) of one country claimed, another's for the same thing in a note
        ("هيل هندي أصلي بنكهة قوية (هيل غواتيمالي)", "ar-SA", "هندي"),
        ("تمر سعودي أصلي فاخر (تمر مصري)", "ar-SA", "سعودي"),
        # Vietnamese: a place of the market claimed genuine, the same thing imported
        ("Cà phê Buôn Ma Thuột chính gốc, rang mộc (cà phê nhập khẩu phối trộn)", "vi-VN", "Buôn Ma Thuột"),
        # Korean: 한우 claimed whole, the beef from elsewhere
        ("100% 한우 떡갈비 (호주산 소고기 혼합)", "ko-KR", "한우"),
        # a whole import from one place against a making step in another (after reading apart29 look)
        ("Đồng hồ nhập khẩu nguyên chiếc từ Thụy Sĩ, lắp ráp tại xưởng ở Đà Nẵng.", "vi-VN", "nguyên chiếc"),
        ("Fully imported from Portugal, each rug is then woven in Turkey.", "en-US", "Portugal"),
    ],
)
def test_one_thing_with_two_origins_warns(rule, text, locale, inside):
    item = CheckInput(id="t", locale=locale, kind="copy", text=text)
    found = [f for f in LocaleChecker(locale, [rule]).check(item) if f.rule == RID]
    assert found, text
    f = found[0]
    assert f.category == "origin_claim" and f.severity == "warn"
    assert inside in text[f.start : f.end]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("هيل هندي أصلي بنكهة قوية", "ar-SA"),  # one origin only
        ("تمر سعودي أصلي، أطيب من التمر المصري", "ar-SA"),  # a comparison: another thing ("التمر")
        ("تمر سعودي أصلي مع قهوة يمنية", "ar-SA"),  # two things, two origins
        ("Cà phê Buôn Ma Thuột chính gốc, giao tận nơi tại Hà Nội", "vi-VN"),  # a delivery place
        ("Phô mai Pháp chính gốc (phô mai nhập khẩu nguyên khối)", "vi-VN"),  # a foreign claim: imported agrees
        ("100% 한우 등심 선물세트, 전국 배송", "ko-KR"),
        ("Đồng hồ nhập khẩu nguyên chiếc từ Thụy Sĩ, bảo hành tại Đà Nẵng.", "vi-VN"),  # a service, no making
        ("Đồng hồ nhập khẩu từ Thụy Sĩ, lắp ráp tại Đà Nẵng.", "vi-VN"),  # imported parts, not whole goods
    ],
)
def test_the_same_origin_or_another_thing_stays_quiet(rule, text, locale):
    assert origin_spans(rule, text, locale) == []


def test_the_nisba_is_read_back_to_its_place(rule):
    t = rule.rule.table
    text = "زعفران إيراني وتمر سعودي وهيل هندي وزيت إسباني"
    d = OriginDraft(t, text, "ar")
    got = {text[a:b]: entry for a, b, entry, _ in nisba_hits(t, d.text)}
    assert set(got) == {"إيراني", "سعودي", "هندي", "إسباني"}
    assert got["إسباني"] == "spain" and got["هندي"] == "india"
