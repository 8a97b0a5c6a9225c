"""checks-alcohol58: the two readers (drink_stated, health_triple)' own parts, without the engine (the rules' examples run in test_rule_examples)."""

from studio.checks.rules.types.drink_stated import facts_state_alcohol, strength_spans
from studio.checks.rules.types.health_triple import sentences


def said(text: str) -> list[str]:
    return [text[a:b] for a, b in strength_spans(text)]


def test_strengths_in_many_scripts_are_statements() -> None:
    for text in ("41.3% ABV", "5,4 % vol.", "80 proof", "%45 alkol", "アルコール度数15度", "도수 16도", "ดีกรี 40",
                 "42.8% अल्कोहल", "nồng độ cồn 29%", "五十二度的「云岭春」", "aged 12 years in oak", "12년 숙성", "12°GL"):
        assert said(text), text


def test_zero_prices_temperatures_and_inner_words_are_not() -> None:
    for text in ("0,0 % Alkohol", "0.0% ABV", "40% off", "%45 indirim", "気温30度", "360度", "40°C",
                 "Pencuci tangan beralkohol 70%"):
        assert not said(text), text


def test_facts_state_a_drink_unless_alcohol_free() -> None:
    assert facts_state_alcohol("Highland single malt, 43% ABV")
    assert facts_state_alcohol("a lager brewed in Bavaria")
    assert not facts_state_alcohol("Sparkling grape juice, alcohol-free")
    assert not facts_state_alcohol("Ceramic mugs, dishwasher safe")


def test_sentences_end_at_stops_not_decimals() -> None:
    text = "Drink 1.5 litres. Then rest! 好了。"
    assert [text[a:b] for a, b in sentences(text)] == ["Drink 1.5 litres", " Then rest", " 好了"]
