"""checks-origin60: the stated reader of ``origin_elsewhere`` reads towns written in their own scripts (Han, kana,
Hangul, Thai, Devanagari, Arabic: global/towns60.tsv from GeoNames' alternate names) and a place that opens a Chinese,
Japanese or Korean product name as its origin; a user sees an origin_claim warning on the town when the note or the
brief states another origin, and nothing where the statement holds the town or the place is a shop or destination.
Lines written for the test, none a corpus or probe line."""

from __future__ import annotations

import pytest

from studio.checks.rules.types.origin.towns import gazetteer, native_hits, native_path, place
from tests.checks.origin_rule import load_origin_rule, origin_spans


@pytest.fixture(scope="module")
def rule(tmp_path_factory: pytest.TempPathFactory):
    return load_origin_rule(tmp_path_factory.mktemp("rules"))


@pytest.mark.parametrize(
    ("text", "locale", "facts", "span"),
    [
        # a town of Guangdong that opens the product's name, against a pack made in Vietnam
        ("潮州手拉壶，朱泥小品（产地：越南）", "zh-CN", None, "潮州"),
        # a Japanese town with its origin suffix, against the label's country
        ("今治産のふかふかタオル、6枚組。原産国：中国", "ja-JP", None, "今治"),
        # a Korean town before the product's name, against the brief's facts
        ("안동 간고등어 2손 세트", "ko-KR", ["원산지: 노르웨이"], "안동"),
        # a Hindi town with its genitive, against a note naming another state's town
        ("जयपुर की ब्लू पॉटरी का फूलदान (निर्माण: खुर्जा, उत्तर प्रदेश)", "hi-IN", None, "जयपुर"),
        # an Arabic town after "from", against the label
        ("عسل سدر من جازان، طبيعي ١٠٠٪ (بلد المنشأ: باكستان)", "ar-SA", None, "جازان"),
    ],
)
def test_a_town_in_its_own_script_against_the_stated_origin(rule, text, locale, facts, span):
    got = origin_spans(rule, text, locale, facts)
    assert any(span in g for g in got), got


@pytest.mark.parametrize(
    ("text", "locale", "facts"),
    [
        ("潮州手拉壶，朱泥小品（产地：广东潮州）", "zh-CN", None),
        ("今治産のふかふかタオル、6枚組。原産国：日本", "ja-JP", None),
        # a shop and a dispatch point, not the origin
        ("上海旗舰店同款，限时包邮（产地：越南）", "zh-CN", None),
        ("杭州仓发货，次日达（产地：越南）", "zh-CN", None),
        # designed in one town, made in another country, said as such
        ("深圳设计，越南工厂生产（产地：越南）", "zh-CN", None),
    ],
)
def test_a_town_the_statement_holds_or_no_origin_stays_silent(rule, text, locale, facts):
    assert origin_spans(rule, text, locale, facts) == []


def test_the_native_gazetteer_is_read_with_codes():
    towns = gazetteer(str(native_path()))
    assert place(towns["景德镇"]) == ("CN", frozenset({"CN-JX"}))
    assert place(towns["เชียงใหม่"]) == ("TH", frozenset({"TH-50"}))
    assert "高山" not in towns  # a two-character name of a town under 100,000: a word too often
    # the longest name, once; a Hangul name only where no Hangul letter stands before it
    hits = native_hits("广州市中心", [], {"CN": "china"})
    assert [h[3] for h in hits] == ["广州市"] or [h[3] for h in hits] == ["广州"], hits
    assert native_hits("해부산", [], {"KR": "korea"}) == []
