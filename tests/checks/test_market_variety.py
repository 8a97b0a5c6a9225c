"""Words of the other variety of a market's language (glossary) come from tables by scripts/variety_rules.py:
a hand edit of a generated file, or a table changed without re-running the script, is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine
from tests.helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script():
    return load_script("variety_rules")


def test_variety_files_are_what_the_script_makes() -> None:
    gen = _script()
    made = gen.rules()
    assert {"en-GB", "en-IN", "en-US", "pt-BR", "es-MX", "es-ES", "fr-CA", "fr-FR"} <= set(made)
    for market, rules in made.items():
        path = ROOT / "cultural_rules" / market / "variety.yaml"
        assert path.is_file(), f"{path}: run scripts/variety_rules.py"
        assert path.read_text(encoding="utf-8") == gen.render(market, rules), f"{path} differs from its generator: run scripts/variety_rules.py"


def _glossary(locale: str, text: str) -> bool:
    found = get_check_engine().check(CheckInput(id="x", locale=locale, text=text, kind="copy"))
    return any(f.category == "glossary" and f.severity == "warn" for f in found)


@pytest.mark.parametrize("locale,text", [
    ("en-GB", "Our bestselling flavor is back, with a new color for summer"),
    ("en-IN", "Visit our new showroom in the city center this weekend"),
    ("en-US", "The nation's favourite jewellery, now in our catalogue"),
    ("pt-BR", "Aproveite: telemóvel novo com o prémio de fidelidade"),
    ("es-MX", "Renueva tu ordenador y llévate unas gafas de regalo"),
    ("es-ES", "Estrena celular y llévate una playera de regalo"),
    ("fr-CA", "Ce week-end, faites du shopping dans nos boutiques"),
    ("fr-FR", "Bon magasinage : nouvelle collection de tuques en laine"),
])
def test_the_other_varietys_word_is_a_glossary_warning(locale: str, text: str) -> None:
    assert _glossary(locale, text)


@pytest.mark.parametrize("locale,text", [
    # Words both varieties write, and Oxford -ize spelling, are not findings.
    ("en-GB", "Organize your kitchen: our storage program starts at £5, check the meter-long shelves"),
    ("en-GB", "Our favourite colour, now at the theatre shop in the centre"),
    ("en-IN", "Personalise your gift box this Diwali, delivered to your door"),
    ("en-US", "Check out the new program: theater tickets and a colorful program guide"),
    ("en-US", "Our storage organizer helps you analyze what you really need"),
    ("pt-BR", "Na quinta-feira tem prêmio no café da manhã para quem chega cedo"),
    ("pt-BR", "Celular novo com tela maior e bateria para o dia todo"),
    ("es-MX", "Estrena computadora y llévate unos lentes de regalo; licencia de conducir vigente"),
    ("es-ES", "Jersey de lana merino con un 20% de descuento en la renta de este mes"),
    ("fr-CA", "Cette fin de semaine, magasinez dans nos boutiques; stationnement gratuit"),
    ("fr-FR", "Ce week-end, shopping en famille et un chat en peluche offert"),
])
def test_each_varietys_own_words_are_clean(locale: str, text: str) -> None:
    assert not _glossary(locale, text)
