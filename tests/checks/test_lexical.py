"""Broader lexical matching: obfuscated spellings, inflected forms, register mixes hidden in verbs,
and calendar rules that depend on what the copy offers. Each test checks what a reviewer sees: which
words of the draft a finding points at, and which drafts stay clean."""

from __future__ import annotations

import datetime as dt

import pytest

from studio.checks import inflect
from studio.checks.asset import CheckInput
from studio.checks.engine import LocaleChecker
from studio.checks.matcher import Group, TermIndex
from studio.checks.normalize import deobfuscate, normalize
from studio.checks.rules.loader import LoadedRule
from studio.checks.rules.types import (
    CalendarRule,
    ContradictionRule,
    FormatRule,
    MixRule,
    PatternRule,
    RequiresRule,
    TermsRule,
)

SOURCE = {"name": "test"}


def _checker(locale: str, **rule: object) -> LocaleChecker:
    r = {"id": "t.rule", "category": "profanity", "severity": "warn", "message": "m", "source": SOURCE, **rule}
    cls = {"terms": TermsRule, "mix": MixRule, "calendar": CalendarRule, "contradiction": ContradictionRule,
           "format": FormatRule, "pattern": PatternRule, "requires": RequiresRule}[str(r["type"])]
    return LocaleChecker(locale, [LoadedRule(cls.model_validate(r), "test", "test.yaml:1")])


def _marked(checker: LocaleChecker, text: str, date: dt.date | None = None) -> list[str]:
    """The parts of ``text`` the findings point at (whole-draft findings as '*')."""
    found = checker.check(CheckInput(id="x", locale=checker.locale, text=text, kind="copy", date=date))
    return [text[f.start:f.end] if f.start is not None and f.end is not None else "*" for f in found]


@pytest.mark.parametrize("text,marked", [
    ("Los demás te toman por g1l1p0ll4s.", ["g1l1p0ll4s"]),
    ("Aquí no, c*ño.", ["c*ño"]),
    ("sh!t happens", ["sh!t"]),
    ("Ｍｉｅｒｄａ de precios", ["Ｍｉｅｒｄａ"]),  # full-width letters
    ("m i e r d a de precios", ["m i e r d a"]),  # spaced letters
])
def test_obfuscated_terms_point_at_the_original_spelling(text: str, marked: list[str]) -> None:
    checker = _checker("es-ES", type="terms", terms=["gilipollas", "coño", "mierda", "shit"], obfuscated=True)
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("text", [
    "Router 5G a 4,99 €/mes",       # digits inside names and prices are not letters in disguise
    "Edición 1488 unidades",
    "¡Compra ahora!",               # "!" ending a word is punctuation
    "Ver condiciones en co.uk",
    "Mis gilipolleces favoritas",   # a longer word is not the term
])
def test_obfuscation_does_not_invent_words(text: str) -> None:
    checker = _checker("es-ES", type="terms", terms=["gilipollas", "ahorai", "cook"], obfuscated=True)
    assert _marked(checker, text) == []


def test_obfuscation_is_off_unless_the_rule_asks() -> None:
    checker = _checker("es-ES", type="terms", terms=["mierda"])
    assert _marked(checker, "qué m1erda de precios") == []


def test_deobfuscate_keeps_offsets() -> None:
    text = normalize("Verd@mmt, schei55egal!").text
    plain = deobfuscate(text)
    assert plain == "verdammt, scheissegal!" and len(plain) == len(text)
    assert deobfuscate("Preis: 14,88 € ab 5G") is None


@pytest.mark.skipif(not inflect.variants(["gewinnspiel"], "de"), reason="simplemma not installed")
def test_inflected_forms_match_without_suffix_lists() -> None:
    checker = _checker("de-DE", type="terms", category="gambling", terms=["Gewinnspiel"])
    assert _marked(checker, "Alle Gewinnspiele im Überblick") == ["Gewinnspiele"]
    assert _marked(checker, "Spielregeln und Gewinnspielbedingungen") == []  # a compound is not a form
    exact = _checker("de-DE", type="terms", category="gambling", terms=["Gewinnspiel"], inflect=False)
    assert _marked(exact, "Alle Gewinnspiele im Überblick") == []


@pytest.mark.skipif(not inflect.variants(["gratuit"], "fr"), reason="simplemma not installed")
def test_a_superlative_does_not_widen_to_its_base_adjective() -> None:
    forms = inflect.variants(["billigste", "gratuit"], "de") | inflect.variants(["gratuit"], "fr")
    assert "billig" not in forms.get("billigste", [])
    assert "gratuites" in forms["gratuit"]


def test_masked_letters_match_whole_words_only() -> None:
    index = TermIndex([Group(("r", "terms"), ["culo"], obfuscated=True)])
    assert index.find(normalize("prendere per il c**o")) == {("r", "terms"): [(16, 20)]}
    assert index.find(normalize("c**ore pieno")) == {}  # "c**ore" is longer than the term


@pytest.mark.parametrize("text,found", [
    ("Prezzi bassi del c***o", True),  # first and last letter around one run of masks, as swears are censored
    ("Ailleurs c'est de la m***e", True),
    ("c*z*o", True),  # three of five letters shown
    ("m*r**", False),  # the last letter hidden and under half shown
    ("p***o", False),  # no term of that shape
    ("c***", True),  # an initial and the rest starred out ("f***", "đ***"): how swears are printed censored
    ("c*", False),  # one star says too little
    ("Gratis** zum Testen", False),  # a footnote's stars after a whole word hide nothing
])
def test_censored_swears_show_their_first_and_last_letter(text: str, found: bool) -> None:
    index = TermIndex([Group(("r", "terms"), ["cazzo", "merde", "cazz"], obfuscated=True)])
    assert bool(index.find(normalize(text))) is found


@pytest.mark.parametrize("text,found", [
    ("Đ*t mẹ, rẻ quá trời", True),  # a three-letter swear word with its middle letter masked
    ("Ch*j z tym, bierz teraz", True),
    ("*ịt mẹ", False),  # the first letter hidden: too little shown
    ("đ** mẹ", True),  # the initial shown and the rest starred out, as swears are printed censored
    ("Nota 5* em A*B", False),  # stars after a digit, a masked pair of letters: no three-letter word of the list
])
def test_a_three_letter_swear_word_is_read_with_one_letter_masked(text: str, found: bool) -> None:
    index = TermIndex([Group(("r", "terms"), ["địt", "chuj"], obfuscated=True)])
    assert bool(index.find(normalize(text))) is found


def test_korean_register_mix_ignores_casual_endings_inside_polite_words() -> None:
    checker = _checker("ko-KR", type="mix", category="formality",
                       registers={"formal": ["습니다", "고객님"], "informal": ["줄게", "이야"]},
                       exceptions=["줄게요", "이야기"])
    assert _marked(checker, "고객님, 감사합니다. 쿠폰 바로 줄게!") == ["줄게"]
    assert _marked(checker, "고객님, 감사합니다. 쿠폰 바로 보내 줄게요!") == []
    assert _marked(checker, "고객님의 이야기를 들려주세요. 감사합니다.") == []


def test_calendar_rule_with_terms_fires_only_for_that_offer_on_that_date() -> None:
    checker = _checker("id-ID", type="calendar", category="calendar", when_terms=["makan siang"],
                       hijri=[{"name": "Ramadan", "month": 9, "whole_month": True}])
    ramadan, after = dt.date(2026, 3, 2), dt.date(2026, 4, 15)
    assert _marked(checker, "Promo makan siang hemat", ramadan) == ["makan siang"]
    assert _marked(checker, "Paket buka puasa hemat", ramadan) == []
    assert _marked(checker, "Promo makan siang hemat", after) == []


@pytest.mark.parametrize("text,marked", [
    ("Szanowna Pani, dziękujemy za zamówienie. Rabat zyskasz przy kolejnym.", ["zyskasz"]),  # a verb no list names
    ("Szanowna Pani, dziękujemy za zamówienie. Łukasz odpowie na pytania.", []),  # a name in -sz is no verb
    ("Rabat zyskasz przy kolejnym zamówieniu, sprawdź kosz!", []),  # one register throughout
])
def test_register_marked_by_a_verb_ending_is_read_by_its_pattern(text: str, marked: list[str]) -> None:
    checker = _checker("pl-PL", type="mix", category="formality", registers={"formal": ["Pani"], "informal": ["ty"]},
                       patterns={"informal": [r"\b(?!(?:łukasz|kosz)\b)\w{2,}(?:asz|esz|isz|ysz)\b"]})
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("day,fires", [
    (dt.date(2026, 11, 8), True),    # the second Sunday of November 2026
    (dt.date(2027, 11, 14), True),   # ... and of 2027: the date moves with the weekday
    (dt.date(2026, 11, 15), False),  # the third Sunday
    (dt.date(2026, 11, 9), False),   # the Monday after
])
def test_calendar_date_kept_on_a_weekday_moves_with_the_year(day: dt.date, fires: bool) -> None:
    checker = _checker("en-GB", type="calendar", category="calendar",
                       dates=[{"name": "Remembrance Sunday", "month": 11, "day": 8, "weekday": 6}])
    assert _marked(checker, "Party sale: 50% off everything!", day) == (["*"] if fires else [])


@pytest.mark.parametrize("text,expected,found", [
    ("Скидки до 50% сегодня в Dubai Mall", "ar", "ru"),
    ("限时优惠，立即购买！", "ja", "zh"),
    ("خرید کنید، تخفیف ویژه امروز", "ar", "fa"),
    ("Jualan murah ลดราคา hari ini", "ms", "th"),
    ("新作セール開催中！今すぐチェック", "ja", None),
    ("عرض خاص على iPhone اليوم", "ar", None),
    ("Sale ends Sunday ™ 🇯🇵", "de", None),
    ("本日限定セールです", "ko", "ja"),
    ("週末特賣會，全館商品買二送一", "ja", "zh"),            # traditional forms Japanese writes otherwise (賣, 會)
    ("創業百年記念 澤田商店 全品半額", "ja", None),       # a 旧字体 that Japanese names keep
    ("歡迎光臨，週年慶全館八折", "zh", "zh-Hant"),       # traditional characters in mainland copy
    ("夏日新品上市，全场八折", "zh", None),
    ("港式茶餐廳风味，新品上市", "zh", None),             # one or two in a name are not a script
    ("全场五折，仅限今天", "ko", "zh"),                     # Han alone in Korean copy
    ("大韓民國 만세! 광복절 특별 할인", "ko", None),          # hanja beside Hangul
])
def test_a_run_of_another_script_names_its_language(text: str, expected: str, found: str | None) -> None:
    from studio.checks.language import foreign_script

    assert foreign_script(text, expected) == found


def test_short_copy_in_another_language_is_flagged_only_when_certain() -> None:
    from studio.checks.builtins import LanguageCheck
    from studio.checks.engine import LocaleChecker

    checker = LocaleChecker("fr-FR", [])

    def messages(text: str) -> list[str]:
        item = CheckInput(id="x", locale="fr-FR", text=text, kind="copy")
        return [f.message for f in LanguageCheck().evaluate(checker.context(item))]

    assert messages("Jetzt online bestellen!") and "'de'" in messages("Jetzt online bestellen!")[0]
    assert messages("Nouvelle collection automne") == []
    assert "'de'" in messages("Jetzt kaufen")[0]  # a German button on a French page
    assert messages("Big sale today only") and "'en'" in messages("Big sale today only")[0]
    assert messages("Soldes d'hiver") == [] and messages("Black Friday") == []  # own language; too few letters


@pytest.mark.skipif(not inflect._version(), reason="simplemma not installed")
def test_shipped_inflection_table_covers_the_shipped_rules(tmp_path, monkeypatch) -> None:
    """A term added to a rule pack without refreshing the table would cost every fresh process a
    pass over the dictionary: refresh with `python -m studio.checks.inflect`."""
    from studio.checks.language import language_of_locale
    from studio.checks.matcher import term_mode
    from studio.checks.rules import load_rules
    from studio.core.config import get_settings

    shipped = inflect._shipped()
    ruleset = load_rules(get_settings().rules_dir)
    missing = set()
    for market in ruleset.markets:
        lang = language_of_locale(market)
        if lang not in inflect.LANGUAGES:
            continue
        for lr in ruleset.rules_for(market):
            for g in lr.rule.term_groups(market):
                if g.inflect and not g.case_sensitive:
                    for t in g.terms:
                        word = normalize(t).text
                        if term_mode(t, g.match) == "word" and word.isalpha() and len(word) >= inflect.MIN_STEM \
                                and word not in shipped.get(lang, {}):
                            missing.add(f"{lang}:{word}")
    assert not missing, f"not in {inflect.shipped_file().name}: {sorted(missing)[:10]}"


def test_bilingual_copy_in_the_market_script_is_not_foreign() -> None:
    from studio.checks.builtins import LanguageCheck
    from studio.checks.engine import LocaleChecker

    checker = LocaleChecker("ar-SA", [])

    def found(text: str) -> bool:
        item = CheckInput(id="x", locale="ar-SA", text=text, kind="copy")
        return bool(LanguageCheck().evaluate(checker.context(item)))

    assert not found("Buy one get one free on every iced latte ☕ كل يوم أربعاء")
    assert found("Buy one get one free on every iced latte, every Wednesday this month")


def test_a_diet_label_is_contradicted_only_by_an_ingredient_the_copy_does_not_negate() -> None:
    checker = _checker("en-GB", type="contradiction", category="dietary",
                       conflicts=[{"claim": ["vegan"], "ruled_out_by": ["honey", "butter"]}],
                       exceptions=["peanut butter"], negated_before=["\\bno", "\\bwithout"], negated_after=["-?free"])
    assert _marked(checker, "Vegan flapjacks glazed with honey") == ["Vegan"]
    assert _marked(checker, "Vegan flapjacks, no honey") == []
    assert _marked(checker, "Vegan flapjacks without eggs, butter or honey") == []  # one negation, a list
    assert _marked(checker, "Vegan flapjacks, butter-free") == []
    assert _marked(checker, "Vegan flapjacks with peanut butter") == []
    assert _marked(checker, "Honey flapjacks with butter") == []  # no label, nothing to contradict


def test_the_labels_own_negation_does_not_negate_the_ingredient_after_it() -> None:
    """"sans gluten" negates gluten, not the spelt named after it; a negation of its own still counts."""
    checker = _checker("fr-FR", type="contradiction", category="dietary",
                       conflicts=[{"claim": ["sans gluten"], "ruled_out_by": ["épeautre", "seigle"]}],
                       negated_before=["\\bsans", "\\bni"])
    assert _marked(checker, "Biscuits sans gluten à l'épeautre") == ["sans gluten"]
    assert _marked(checker, "Pain sans gluten, sans épeautre ni seigle") == []
    sugar = _checker("fr-FR", type="contradiction", category="dietary",
                     conflicts=[{"claim": ["sans sucre"], "ruled_out_by": ["sucre ajouté"]}], negated_before=["\\bsans"])
    assert _marked(sugar, "Jus d'orange sans sucre ajouté") == []  # the label runs into the word: one phrase


def test_a_terms_hit_right_after_a_negation_or_before_free_does_not_count() -> None:
    """checks-faith55: the terms type reads negations as the contradiction type does, so a composition of lexicons
    (an ingredient near a label) tells "sin pescado" and "the plant analogue written with its label" from a hit."""
    checker = _checker("es-ES", type="terms", category="dietary", terms=["pescado", "chorizo"], near=["vegetariana"],
                       window=80, negated_before=["\\bsin\\b", "\\bvegan\\w*(?=\\s?$)"], negated_after=["-?free\\b", "vegan\\w*"])
    assert _marked(checker, "Paella vegetariana con caldo de pescado") == ["pescado"]
    assert _marked(checker, "Paella vegetariana sin pescado") == []
    assert _marked(checker, "Paella vegetariana sin marisco ni pescado") == []  # one negation, a list
    assert _marked(checker, "Paella vegetariana sin marisco. Con pescado") == ["pescado"]  # a sentence ends the negation
    assert _marked(checker, "Paella vegetariana con chorizo vegano") == []
    assert _marked(checker, "Paella vegetariana, pescado-free") == []
    assert _marked(checker, "Caldo de pescado") == []  # no label near


@pytest.mark.parametrize("locale,text,marked", [
    ("ar-AE", "تبييض مضمون ١٠٠٪ من أول جلسة", ["١٠٠٪"]),  # Arabic-Indic digits and the Arabic percent sign
    ("th-TH", "ได้ผล ๑๐๐% ทุกคน", ["๑๐๐%"]),
    ("hi-IN", "१००% असरदार क्रीम", ["१००%"]),
    ("ar-AE", "تبييض مضمون ٩٠٪ من الحالات", []),
])
def test_digits_of_other_scripts_read_as_the_digits_a_rule_writes(locale: str, text: str, marked: list[str]) -> None:
    checker = _checker(locale, type="terms", terms=["100%"])
    assert _marked(checker, text) == marked
    assert normalize("٤٩ درهم").text.startswith("49")


def test_a_pattern_match_beside_its_stated_basis_is_left_to_the_reviewer() -> None:
    checker = _checker("en-GB", type="pattern", flags=[], patterns=["(?i:comfiest|cheapest) \\w+ in [A-Z]\\w+"],
                       unless=["(?i:\\bsource:|according to (?!our\\b))"], window=80)
    assert _marked(checker, "Comfiest couch in Leeds, guaranteed") == ["Comfiest couch in Leeds"]
    assert _marked(checker, "Cheapest rent in Leeds (source: ONS rental survey 2026)") == []
    assert _marked(checker, "Cheapest rent in Leeds, according to our customers") == ["Cheapest rent in Leeds"]


@pytest.mark.parametrize("locale,text,marked", [
    ("en-IN", "Flats from ₹7,500,000 in Pune", ["7,500,000"]),  # lakh grouping: 75,00,000
    ("en-IN", "Flats from ₹75,00,000 in Pune", []),
    ("de-DE", "Nur 1.234,50 € – 7.500.000 Kunden", []),  # a decimal comma is no digit group
    ("ms-MY", "Harga cuma $29.90", ["$29.90"]),
    ("pt-BR", "Só R$ 29,90", []),
    ("zh-CN", "全场５折ＧＯ", ["５", "ＧＯ"]),  # the matchers' NFKC view would hide the width
    ("ja-JP", "ｾｰﾙ開催中", ["ｾｰﾙ"]),
    # thousands grouped with the decimal mark read as a price with three decimals (yen and won have none)
    ("ja-JP", "新生活セール 価格¥1.980（税込）", ["¥1.980"]),
    ("ko-KR", "정가 49.000원 → 29.000원", ["49.000원", "29.000원"]),
    ("ko-KR", "정가 49,000원 → 29,000원", []),
    ("vi-VN", "Giá: 1,250,000 VND", ["1,250,000 VND"]),
    ("it-IT", "Benzina a 1,859 €/litro", []),  # a price per litre has three decimals
    ("id-ID", "Cuma Rp15.000 per porsi", []),
])
def test_format_reads_grouping_currency_and_width_on_the_raw_text(locale: str, text: str, marked: list[str]) -> None:
    checker = _checker(locale, type="format", category="format",
                       checks=["grouping", "foreign_currency", "fullwidth", "halfwidth_kana"])
    assert _marked(checker, text) == marked


def test_a_pattern_written_with_composed_or_full_width_characters_matches_the_normalised_text() -> None:
    """Regexes run on the NFKC view, where Thai "ำ" is two characters and "！" is "!": a pattern written
    as a person types it must still match, and a full-width stop in a pattern's class still stops it."""
    thai = _checker("th-TH", type="pattern", patterns=["(งานแต่ง|ขึ้นบ้านใหม่)[^\\n]{0,25}(ขาวดำ)"])
    assert _marked(thai, "ของขวัญขึ้นบ้านใหม่ ห่อด้วยกระดาษขาวดำ") == ["ขึ้นบ้านใหม่ ห่อด้วยกระดาษขาวดำ"]
    assert _marked(thai, "ของขวัญขึ้นบ้านใหม่ ห่อด้วยกระดาษสีทอง") == []
    zh = _checker("zh-CN", type="pattern", patterns=["红包[^。！？]{0,10}白色"])
    assert _marked(zh, "新春红包，纯白色设计") == ["红包，纯白色"]
    assert _marked(zh, "新春红包！白色T恤另售") == []  # the full-width "！" ends the window


@pytest.mark.parametrize("text,marked", [
    ("الدفع بالدرهم عند الاستلام", ["بالدرهم"]),  # article + preposition written onto the word
    ("والدراهم كلها لك", ["والدراهم"]),
    ("السعر ٤٩ درهـــماً فقط", ["درهـــماً"]),  # tatweel stretch and tanween
    ("خصم خاص للدرهم الأول", ["للدرهم"]),
])
def test_arabic_terms_match_behind_proclitics_and_through_vowel_marks(text: str, marked: list[str]) -> None:
    checker = _checker("ar-SA", type="terms", category="glossary", terms=["درهم", "دراهم"])
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("text", ["تخفيضات كبيرة على الأجهزة", "بجعة بيضاء على البحيرة", "نقولها فخرا"])
def test_arabic_proclitics_do_not_split_ordinary_words(text: str) -> None:
    """"كبيرة" (big) is not ك + "بيرة", "بجعة" (swan) not ب + "جعة", "فخرا" (proudly) not ف + "خرا"."""
    checker = _checker("ar-AE", type="terms", category="alcohol", terms=["بيرة", "جعة", "خرا"])
    assert _marked(checker, text) == []


@pytest.mark.parametrize("text,marked", [
    ("دواسات للسيارة بعلم المملكة هدية", ["بعلم المملكة"]),  # a preposition written onto a phrase's first word
    ("خصم على المنتجات والعلم الوطني على العلبة", ["والعلم الوطني"]),
    ("علب هدايا مطبوع عليها لكلمة الله", ["لكلمة الله"]),
])
def test_arabic_phrases_match_behind_proclitics_on_their_first_word(text: str, marked: list[str]) -> None:
    checker = _checker("ar-SA", type="terms", category="national_symbol",
                       terms=["علم المملكة", "العلم الوطني", "كلمة الله"])
    assert _marked(checker, text) == marked


def test_arabic_nouns_in_ta_marbuta_match_their_sound_feminine_plural() -> None:
    """"دواسة" (a floor mat) is "دواسات" in the plural; a term ending in ha ("الله") gains no plural."""
    checker = _checker("ar-SA", type="terms", category="national_symbol", terms=["دواسة", "الله"])
    assert _marked(checker, "دواسات أرضية بالعلم") == ["دواسات"]
    assert _marked(checker, "والدواسات جديدة") == ["والدواسات"]
    assert _marked(checker, "تمثال اللات في المتحف") == []


def test_arabic_letter_variants_match_one_spelling() -> None:
    """Hamza on alef, alef maqsura and ta marbuta are spelt either way in Gulf copy; one term covers both."""
    checker = _checker("ar-AE", type="terms", terms=["أحمق", "مكتبة"])
    assert _marked(checker, "لا تكن احمق") == ["احمق"]
    assert _marked(checker, "زوروا المكتبه اليوم") == ["المكتبه"]


@pytest.mark.parametrize("text,marked", [
    ("हलाल प्रमाणित मटन, ताज़ा", []),  # प्रमाणित (certified): र after a virama is inside the word
    ("श्रम का सम्मान करें", []),  # श्रम (labour)
    ("गांडीव ब्रांड की पतंगें", []),  # a vowel sign after the term continues the word
    ("रम और कोला कॉम्बो", ["रम"]),
    ("ये गांड फाड़ ऑफर है", ["गांड"]),
])
def test_devanagari_vowel_signs_and_virama_are_inside_a_word(text: str, marked: list[str]) -> None:
    checker = _checker("hi-IN", type="terms", category="alcohol", terms=["रम", "गांड"])
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("locale,terms,text,marked", [
    ("hi-IN", ["चूतिया"], "चू**या मत बनो", ["चू**या"]),  # the mask hides a letter and its vowel sign
    ("hi-IN", ["मादरचोद"], "ये दाम मादर**द हैं", ["मादर**द"]),
    ("th-TH", ["เหี้ย"], "ถูกเห*ยๆ", ["เห*ย"]),  # Thai: inside running text, no spaces around the word
    ("th-TH", ["เหี้ย"], "เ-หี้-ย ถูกมาก", ["เ-หี้-ย"]),  # letters with their signs, hyphenated
])
def test_masked_and_spaced_letters_in_scripts_with_vowel_signs(locale: str, terms: list[str], text: str, marked: list[str]) -> None:
    checker = _checker(locale, type="terms", obfuscated=True, terms=terms)
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("locale,terms,text,marked", [
    ("ko-KR", ["씨발"], "씨*발 이 가격 실화냐", ["씨*발"]),  # a mask put between two syllables (r31-inject)
    ("ko-KR", ["씨발"], "시1발 싸다", []),  # only the listed spellings: 시발 is not 씨발
    ("ko-KR", ["시발", "존나"], "시1발 존@나 싸다", ["시1발", "존@나"]),
    ("ko-KR", ["개새끼"], "개새-끼들아 세일이다", ["개새-끼"]),
    ("zh-CN", ["傻逼", "卧槽"], "卧*槽，这价格！别当傻.逼", ["卧*槽", "傻.逼"]),
    ("ja-JP", ["クソ"], "ク*ソ安い！", ["ク*ソ"]),
])
def test_a_symbol_between_two_syllables_is_read_as_a_mask(locale: str, terms: list[str], text: str, marked: list[str]) -> None:
    assert _marked(_checker(locale, type="terms", obfuscated=True, terms=terms), text) == marked


@pytest.mark.parametrize("locale,terms,text", [
    ("zh-CN", ["买送"], "买2送1，限时抢购"),  # a digit between two Han or kana is a number (only Korean writes 시1발)
    ("ja-JP", ["クソ"], "ク2ソ"),
    ("ko-KR", ["씨발"], "씨 발"),  # a space separates Korean words; the list names its spaced forms itself
    ("ko-KR", ["씨발"], "씨앗-발아 키트"),  # a hyphen between two words, not inside one
])
def test_a_symbol_between_syllables_invents_no_word(locale: str, terms: list[str], text: str) -> None:
    assert _marked(_checker(locale, type="terms", obfuscated=True, terms=terms), text) == []
    assert _marked(_checker("ko-KR", type="terms", terms=["씨발"]), "씨*발 이 가격") == []  # off unless the rule asks


@pytest.mark.parametrize("locale,terms,text", [
    ("th-TH", ["เหี้ย"], "ราคาพิเศษ* เฉพาะสมาชิก"),  # a footnote asterisk after a word
    ("hi-IN", ["चूतिया"], "मैं तो ही है*"),
    ("hi-IN", ["चूतिया"], "नमक-मिर्च-मसाला"),
])
def test_footnote_marks_and_hyphenated_words_are_not_masked_words(locale: str, terms: list[str], text: str) -> None:
    assert _marked(_checker(locale, type="terms", obfuscated=True, terms=terms), text) == []


@pytest.mark.parametrize("locale,text,found", [
    ("fr-FR", "Compra ahora", "es"),  # a neighbouring language the detector is not sure of on two words
    ("pt-BR", "Rebajas de verano", "es"),
    ("de-DE", "Black Friday Sale", None),  # English loanwords every market uses
    ("de-DE", "Shop now", None),
    ("pt-BR", "Compre já!", None),  # own language
    ("id-ID", "Beli sekarang juga", None),  # Malay and Indonesian share these words
    ("it-IT", "Saldi estivi", None),
    ("vi-VN", "Buy now, pay later", "en"),  # everyday English words that Vietnamese web text also uses
    ("id-ID", "Buy now, pay later", "en"),
    ("it-IT", "Black Friday: sconti fino al 70%", None),  # the event's name outweighs the Italian words
    ("nl-NL", "Black Friday deals: tot 60% korting", None),
    ("it-IT", "Back to School: zaini a metà prezzo", None),
    ("it-IT", "Black Friday: shop the best deals now", "en"),  # the words around the name are English
    ("pl-PL", "Best Tattoo Gdansk Now", "en"),  # a town's name is no Polish word to let the English through
    ("pl-PL", "Najlepsze tatuaże Gdansk teraz", None),  # the same name in a Polish line
    ("pt-BR", "Picolé de cajá vegano", None),  # a rare first word is the sentence's capital, not a name
])
def test_short_lines_are_decided_by_their_words_when_the_detector_hesitates(locale: str, text: str, found: str | None) -> None:
    from studio.checks.builtins import LanguageCheck
    from studio.checks.engine import LocaleChecker

    item = CheckInput(id="x", locale=locale, text=text, kind="copy")
    got = [f.message for f in LanguageCheck().evaluate(LocaleChecker(locale, []).context(item))]
    assert (got and f"'{found}'" in got[0]) if found else got == []


@pytest.mark.parametrize("locale,text,found", [
    ("ms-MY", "Yuk belanja hemat, diskon gede buat semua", "id"),
    ("id-ID", "Dapatkan tawaran hebat, penghantaran ke seluruh negara", "ms"),
    ("ms-MY", "Jualan murah hari ini sahaja", None),
    ("id-ID", "Promo spesial hari ini, belanja sekarang", None),
    ("ms-MY", "Diskaun hebat untuk anda, beli sekarang", None),
    ("id-ID", "Selamat Hari Raya Idul Fitri, mohon maaf lahir dan batin", None),
])
def test_malay_and_indonesian_are_told_apart_by_their_own_words(locale: str, text: str, found: str | None) -> None:
    from studio.checks.language import neighbour_reads_as

    assert neighbour_reads_as(text, locale[:2]) == found


@pytest.mark.parametrize("text,marked", [
    ("Fuuuuck these prices", ["Fuuuuck"]),
    ("bulllshit prices elsewhere", ["bulllshit"]),  # a doubled letter drawn out
    ("Sooo good, coool deals", []),
])
def test_drawn_out_letters_do_not_hide_a_word(text: str, marked: list[str]) -> None:
    checker = _checker("en-GB", type="terms", obfuscated=True, terms=["fuck", "bullshit"])
    assert _marked(checker, text) == marked


def test_drawn_out_letters_are_read_only_for_obfuscated_terms() -> None:
    """A German word with three letters in a row ("Schifffahrt") is not squeezed for ordinary terms."""
    checker = _checker("de-DE", type="terms", terms=["schiffahrt"])
    assert _marked(checker, "Schifffahrt ab 19 €") == []


@pytest.mark.parametrize("text,marked", [
    ("What the fu\u0441k is this price", ["fu\u0441k"]),  # Cyrillic с inside a Latin word
    ("\u0455hit deals", ["\u0455hit"]),  # Cyrillic ѕ
    ("Sh\u03b9t happens", ["Sh\u03b9t"]),  # Greek ι
])
def test_look_alike_letters_from_other_scripts_do_not_hide_a_word(text: str, marked: list[str]) -> None:
    checker = _checker("en-US", type="terms", terms=["fuck", "shit"], obfuscated=True)
    assert _marked(checker, text) == marked


def test_a_word_wholly_in_another_script_is_not_read_as_latin() -> None:
    # "сок" (juice) and "рот" are Russian words: every letter Cyrillic, so nothing is made Latin.
    checker = _checker("en-US", type="terms", terms=["cok", "pot"], obfuscated=True)
    assert _marked(checker, "Свежий сок и рот") == []
    assert deobfuscate("привет мир") is None


@pytest.mark.parametrize("locale,text,found", [
    ("de-DE", "Jetzt kaufen, save big today", "en"),  # the second clause is English
    ("pl-PL", "Kup teraz, jetzt sparen", "de"),
    ("de-DE", "Neue Kollektion. Scopri di più", "it"),
    ("de-DE", "Black Friday Sale: bis zu 50 % auf alles", None),  # a capitalised name is not a clause to judge
    ("de-DE", "Unser Bestseller ist zurück. Shop now!", None),  # two-word English calls are borrowed everywhere
    ("it-IT", "Nuovo menu: cheeseburger e patatine, solo 5 €", None),
    ("en-US", "Café au lait, only $3", None),  # English copy borrows whole phrases
])
def test_a_clause_in_another_language_is_mixed_copy(locale: str, text: str, found: str | None) -> None:
    from studio.checks import language

    assert language.mixed_reads_as(text, language.language_of_locale(locale)) == found


@pytest.mark.parametrize("locale,text,found", [
    ("ar-SA", "Shop now and save big", "en"),
    ("hi-IN", "Order today and get free delivery", "en"),
    ("ar-AE", "Nike Air Max 2026", None),  # a product name: no word of a sentence
    ("hi-IN", "Abhi order karo, offer sirf aaj", None),  # Hinglish in Latin letters is not English
    ("ja-JP", "新作 Summer Sale 開催中", None),  # partly in the market's script
    ("ja-JP", "Download NotteKo now!", "en"),  # a brand name English does not know is not a reason to let it through
    ("ko-KR", "Visit Lotte World now", "en"),
    ("ja-JP", "Uniqlo Ginza Tokyo", None),  # names alone: no English word of a sentence
    ("ja-JP", "NotteKo now", None),  # one English word beside the name is a borrowed call, not a sentence
])
def test_an_english_sentence_in_a_market_with_its_own_script(locale: str, text: str, found: str | None) -> None:
    from studio.checks import language

    assert language.latin_reads_as(text, language.language_of_locale(locale)) == found


@pytest.mark.parametrize("day,fires", [
    (dt.date(2027, 3, 26), True),   # Good Friday 2027 (Easter 28 March)
    (dt.date(2026, 4, 3), True),    # Good Friday 2026 (Easter 5 April)
    (dt.date(2027, 2, 10), True),   # Ash Wednesday 2027
    (dt.date(2027, 4, 2), False),   # a week later
])
def test_a_day_counted_from_easter_moves_with_the_year(day: dt.date, fires: bool) -> None:
    checker = _checker("pl-PL", type="calendar", category="calendar",
                       easter=[{"name": "Ash Wednesday", "offset_days": -46}, {"name": "Good Friday", "offset_days": -2}],
                       when_terms=["kiełbasa", "kiełbasę"])
    assert bool(_marked(checker, "Promocja: kiełbasa z grilla -30%", day)) is fires
    assert _marked(checker, "Promocja: śledzie i dorsz -30%", day) == []


def test_arabic_when_terms_match_behind_the_article() -> None:
    checker = _checker("ar-SA", type="calendar", category="calendar", hijri=[{"name": "Ramadan", "month": 9, "whole_month": True}],
                       when_terms=["غداء"])
    assert _marked(checker, "عرض الغداء: خصم 50% على الوجبات", dt.date(2027, 2, 20)) == ["الغداء"]


@pytest.mark.parametrize("locale,text,marked", [
    ("en-GB", "Sign up by e-mail and we will email your code", ["email"]),
    ("de-DE", "Gratis WLAN: Wi-Fi im ganzen Haus, WiFi auch im Garten", ["WiFi"]),
    ("fr-FR", "Le T-shirt blanc et le tshirt noir à 15 €", ["tshirt"]),
    ("en-GB", "Sign up by e-mail and get your code by e-mail", []),
    ("de-DE", "Online-Shop und Shop im Laden", []),  # the parts alone are other words
    ("en-US", "Well-known brands, well known to you", []),  # apart after the noun is grammar
])
def test_one_term_spelt_two_ways_in_one_text(locale: str, text: str, marked: list[str]) -> None:
    from studio.checks.builtins import SpellingConsistencyCheck

    engine_checker = LocaleChecker(locale, [])
    ctx = engine_checker.context(CheckInput(id="x", locale=locale, text=text, kind="copy"))
    found = SpellingConsistencyCheck().evaluate(ctx)
    assert [text[f.start:f.end] for f in found if f.start is not None and f.end is not None] == marked


@pytest.mark.parametrize("text,marked", [
    ("Jesus on a surfboard – our bestselling summer tee", ["Jesus"]),
    ("Matka Boska na naszych koszulkach – hit lata!", ["Matka Boska"]),
    ("Church wedding? Jesus is at the heart of our ceremony.", []),       # no product next to the figure
    ("Jesus came up in the homily. " + "Long sermon. " * 8 + "Tee shirts at the fair.", []),  # too far apart
])
def test_a_term_with_near_words_counts_only_beside_one_of_them(text: str, marked: list[str]) -> None:
    checker = _checker("pl-PL" if "Matka" in text else "en-GB", type="terms", category="religion",
                       terms=["jesus", "matka boska"], near=["tee", "koszulka"], window=50)
    assert _marked(checker, text) == marked  # "koszulkach" is an inflected form of the near word


@pytest.mark.parametrize("text,marked", [
    ("Sangría para el verano", ["Sangría"]),
    ("Sangría sin alcohol – receta fácil para el verano", []),
    ("Sangría y, para los niños, limonada sin alcohol en la misma jarra grande de cristal", ["Sangría"]),
])
def test_a_term_with_unless_words_does_not_count_beside_one_of_them(text: str, marked: list[str]) -> None:
    checker = _checker("es-ES", type="terms", category="alcohol", terms=["sangría"], unless=["sin alcohol"], window=20)
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("text,marked", [
    ("Gewinne den Jackpot – jetzt im Online-Casino!", ["Jackpot"]),
    ("Gewinnspiel ohne Einsatz: Jackpot von 1.000 € für einen Glückspilz!", []),   # free prize draw
    ("Lotto-Party ohne Einsatz, kostenlose Teilnahme", []),
    # a bet elsewhere in the copy still needs the warning, whatever a free draw beside it says
    ("Jackpot im Online-Casino: jetzt 50 € setzen und Freispiele holen. " + "Neu. " * 6
     + "Dazu ein Gewinnspiel ohne Einsatz.", ["Jackpot"]),
    ("Jackpot ohne Einsatz? Nein: 18+, Glücksspiel kann süchtig machen.", []),      # warning present anyway
])
def test_a_requires_trigger_beside_an_unless_word_is_no_trigger(text: str, marked: list[str]) -> None:
    checker = _checker("de-DE", type="requires", category="gambling",
                       when={"patterns": [r"\b(jackpot\w*|lotto\w*|casino\w*)"]}, required=["18+", "süchtig"],
                       unless=["ohne Einsatz", "kostenlose Teilnahme"], window=40)
    assert _marked(checker, text) == marked


@pytest.mark.parametrize("text,fires", [
    ("Premier pari remboursé sans mise minimum au casino !", True),   # an exception inside the unless word
    ("Jeu concours sans mise : un vélo à gagner au casino du village", False),
])
def test_requires_unless_exceptions_keep_the_trigger(text: str, fires: bool) -> None:
    checker = _checker("fr-FR", type="requires", category="gambling", when={"patterns": [r"\b(casino|pari)\b"]},
                       required=["jouer comporte des risques"], unless=["sans mise"],
                       unless_exceptions=["sans mise minimum"])
    assert bool(_marked(checker, text)) is fires


@pytest.mark.parametrize("locale,text,found", [
    # Hinglish as Indian copywriters write it: English nouns, Hindi grammar words
    ("hi-IN", "Aapka favourite sneaker ab 40% off, stock khatam hone se pehle dekhiye", None),
    ("hi-IN", "Wedding season ki shopping shuru karo, har look ek click door", None),
    ("en-IN", "Weekend sale hai bhai, kuch bhi lo at flat 30% off", None),
    ("hi-IN", "Order today and get free delivery on every purchase", "en"),  # plain English is still English
    # Manglish: English copy carried by Malay particles is Malaysian copy
    ("ms-MY", "Jom grab your raya outfit now, sale ends Sunday lah", None),
    ("ms-MY", "Cun gila this new colour, confirm sold out fast", None),
    ("ms-MY", "Shop our new collection and save big this weekend", "en"),  # one English line without a mix
    ("ms-MY", "Yuk belanja hemat, diskon gede buat semua", "id"),  # Indonesian is not Malaysian
    ("fr-FR", "Ni vu ni connu, les soldes sont là", None),  # a French "ni" is not a Malay particle
])
def test_a_market_that_mixes_english_into_its_copy_is_not_warned(locale: str, text: str, found: str | None) -> None:
    """Code-mixed copy (Hinglish, Manglish) is the market's own register; a line in another language is not."""
    from studio.checks.builtins import LanguageCheck

    item = CheckInput(id="x", locale=locale, text=text, kind="copy")
    got = [f.message for f in LanguageCheck().evaluate(LocaleChecker(locale, []).context(item))]
    assert (got and f"'{found}'" in got[0]) if found else got == []
