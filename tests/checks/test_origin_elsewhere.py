"""``origin_elsewhere`` (studio/checks/rules/types/origin/): an origin claim beside production in another
country, read from the table in cultural_rules/global/origin_places.yaml."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.rules import load_rules
from studio.core.config import get_settings
from studio.core.errors import RuleError

RID = "global.origin.claim_made_elsewhere"
TABLE = Path(get_settings().rules_dir) / "global" / "origin_places.yaml"


def _rules_dir(tmp_path: Path, yaml_text: str) -> Path:
    (tmp_path / "global").mkdir()
    shutil.copy(TABLE.parent / "categories.yaml", tmp_path / "global" / "categories.yaml")
    (tmp_path / "global" / "origin_places.yaml").write_text(yaml_text, encoding="utf-8")
    return tmp_path


def _flagged(rules_dir: Path, text: str, locale: str = "en-US") -> list[str]:
    rule = load_rules(rules_dir).by_id[RID]
    findings = LocaleChecker(locale, [rule]).check(CheckInput(id="t", locale=locale, kind="copy", text=text))
    return [text[f.start : f.end] for f in findings if f.rule == RID and f.start is not None and f.end is not None]


@pytest.mark.parametrize(
    ("text", "locale", "span"),
    [
        (
            "Made in India with love (formulated and manufactured in Guangzhou)",
            "en-IN",
            "Made in India with love (formulated and manufactured in Guangzhou",
        ),
        (
            "Oryginalna włoska jakość – nasze buty szyjemy ręcznie w Radomiu.",
            "pl-PL",
            "Oryginalna włoska jakość – nasze buty szyjemy ręcznie w Radomiu",
        ),
        ("صنع في الإمارات (مصنّع في فرنسا ومعبأ في دبي)", "ar-AE", "صنع في الإمارات (مصنّع في فرنسا"),
        ("التعبئة في دبي — صنع في السعودية", "ar-SA", "التعبئة في دبي — صنع في السعودية"),  # production first
        ("Naranjas 'de Valencia' (cultivadas en Marruecos)", "es-ES", "'de Valencia' (cultivadas en Marruecos"),
        ("YERLİ MALI – PRODUCED IN CHINA", "tr-TR", "YERLİ MALI – PRODUCED IN CHINA"),  # capitals, dotless ı
    ],
)
def test_a_claim_beside_production_elsewhere_is_flagged_from_the_claim_to_the_place(text, locale, span):
    assert _flagged(TABLE.parent.parent, text, locale) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Made in India at our Chakan plant, packed in Pune",  # the country's own city
        "Designed in Italy, made in China",  # no claim: designed is no production
        "Made in India, not manufactured in China",  # a denial
        "Made in India: our products are sold in Dubai and London",  # selling is no production
        "Made in India.\nOur other range is manufactured in China.",  # another line, another product
    ],
)
def test_own_places_denials_and_other_lines_are_not_flagged(text):
    assert _flagged(TABLE.parent.parent, text) == []


def test_a_place_added_to_its_country_is_read_against_every_other_countrys_claims(tmp_path):
    text = "Made in Italy – sewn in Sopot"
    assert _flagged(TABLE.parent.parent, text) == []
    yaml_text = TABLE.read_text(encoding="utf-8")
    added = re.sub(r"(\n      poland:\n        claims: .*?\n        places: \[)", r"\1sopot, ", yaml_text, flags=re.S)
    assert added != yaml_text
    assert _flagged(_rules_dir(tmp_path, added), text) == [text]


def test_a_place_under_two_countries_fails_at_its_file_and_line(tmp_path):
    yaml_text = TABLE.read_text(encoding="utf-8").replace("places: [india, ", "places: [india, shenzhen, ", 1)
    with pytest.raises(RuleError) as exc:
        load_rules(_rules_dir(tmp_path, yaml_text))
    table_starts = next(n for n, row in enumerate(yaml_text.splitlines(), 1) if row.strip().startswith("countries:"))
    where = re.search(
        r"origin_places\.yaml:(\d+): rule global\.origin\.claim_made_elsewhere: countries:", str(exc.value)
    )
    assert where and int(where.group(1)) in (table_starts, table_starts + 1)  # the table, at its first country
    assert "'shenzhen' is listed under both india and china" in str(exc.value)


def test_a_blank_place_fails_at_its_line(tmp_path):
    yaml_text = TABLE.read_text(encoding="utf-8").replace("places: [india, ", 'places: [" ", india, ', 1)
    with pytest.raises(RuleError) as exc:
        load_rules(_rules_dir(tmp_path, yaml_text))
    line = next(n for n, row in enumerate(yaml_text.splitlines(), 1) if 'places: [" ", india' in row)
    assert f"origin_places.yaml:{line}:" in str(exc.value) and "must not be blank" in str(exc.value)


def test_the_loaded_rule_survives_the_validated_copy_kept_between_processes():
    """studio.checks.loadcache pickles the loaded packs: the compiled table must come back working."""
    rule = pickle.loads(pickle.dumps(load_rules(TABLE.parent.parent).by_id[RID]))
    item = CheckInput(id="t", locale="en-US", kind="copy", text="Made in the USA – assembled in Mexico")
    assert [f.rule for f in LocaleChecker("en-US", [rule]).check(item)] == [RID]


@pytest.mark.parametrize(
    ("text", "locale", "span"),
    [
        # a state's GI made in another state of the same country (GI Registry of India)
        (
            "Goan cashew feni, distilled and bottled in Belagavi, Karnataka",
            "en-IN",
            "Goan cashew feni, distilled and bottled in Belagavi",
        ),
        # an origin label after the claim: "country of origin: <another country>"
        ("Polska wódka 🇵🇱 (kraj pochodzenia: Ukraina)", "pl-PL", "Polska wódka 🇵🇱 (kraj pochodzenia: Ukraina"),
        ("تمور القصيم الفاخرة (بلد المنشأ: مصر)", "ar-SA", "تمور القصيم الفاخرة (بلد المنشأ: مصر"),
        # a national flag is an origin indication (Reg. (EU) 2018/775)
        ("Nasze pierogi 🇵🇱 – wyprodukowano w Czechach", "pl-PL", "🇵🇱 – wyprodukowano w Czechach"),
        # CJK labels: a province running on into its city, an ingredient word between the label and the place
        ("原装进口新西兰奶粉（产地：河北省石家庄市）", "zh-CN", "原装进口新西兰奶粉（产地：河北省"),
        ("국내산 원료 100% 사료 (원산지: 닭고기 미국산)", "ko-KR", "국내산 원료 100% 사료 (원산지: 닭고기 미국산"),
    ],
)
def test_a_protected_name_a_flag_or_an_origin_label_is_read_against_production_elsewhere(text, locale, span):
    assert _flagged(TABLE.parent.parent, text, locale) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Made in India, packed in Goa",  # a region inside the claimed country
        "Goan cashew feni, distilled in Goa and bottled in India",  # the country around the region
        "Polska wódka 🇵🇱, kraj pochodzenia: Polska",
        "Nowa kolekcja 🇵🇱 – wysyłka do Czech w 48 h",  # shipping is no production
        "中国産うなぎの蒲焼（原産国：中国）",  # "国産" inside "中国産" is no claim
        "중국산 원료 사용 (원산지: 중국산)",
    ],
)
def test_a_region_and_its_country_and_an_own_origin_label_are_not_flagged(text):
    assert _flagged(TABLE.parent.parent, text) == []


def test_a_region_within_an_unlisted_country_fails_at_its_file_and_line(tmp_path):
    yaml_text = TABLE.read_text(encoding="utf-8").replace("within: india", "within: bharat", 1)
    with pytest.raises(RuleError) as exc:
        load_rules(_rules_dir(tmp_path, yaml_text))
    assert re.search(r"origin_places\.yaml:\d+: rule global\.origin\.claim_made_elsewhere", str(exc.value))
    assert "'bharat' is not a listed country" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "locale", "span"),
    [
        ("Pasta 100 % italiana. Il grano arriva dal Canada.", "it-IT", "100 % italiana. Il grano arriva dal Canada"),
        ("%100 yerli bal, imported from Ukraine", "tr-TR", "%100 yerli bal, imported from Ukraine"),
        ("100%国产纯牛奶，奶源来自新西兰。", "zh-CN", "100%国产纯牛奶，奶源来自新西兰"),
        ("Saumon 100 % français, pêché en Norvège.", "fr-FR", "100 % français, pêché en Norvège"),
    ],
)
def test_a_whole_product_claim_is_read_against_a_part_from_another_country(text, locale, span):
    assert _flagged(TABLE.parent.parent, text, locale) == [span]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Made in Italy pasta, with wheat from Canada.", "it-IT"),  # no "100 %": the primary ingredient stated
        ("100% British, loved from London to Tokyo.", "en-GB"),  # a range, not a source
        ("Pasta 100% italiana, grano duro dalla Puglia.", "it-IT"),  # a part from the claimed country
        ("Norwegian salmon, farmed in Norway and smoked in London.", "en-GB"),
    ],
)
def test_a_source_without_a_whole_product_claim_or_from_home_is_not_flagged(text, locale):
    assert _flagged(TABLE.parent.parent, text, locale) == []
