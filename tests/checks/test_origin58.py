"""checks-origin58: the stated reader of ``origin_elsewhere`` reads a stated origin the copy gives in its own label
line or import sentence, tells two subdivisions of one country apart (ISO 3166-2), reads heritage words as an origin
against a stated one, and holds its word lists as data (``Production`` in origin_places.yaml). Lines written for the
test, none a corpus or probe line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.checks.rules import load_rules
from studio.core.errors import RuleError
from tests.checks.origin_rule import GLOBAL, load_origin_rule, origin_spans


@pytest.fixture(scope="module")
def rule(tmp_path_factory: pytest.TempPathFactory):
    return load_origin_rule(tmp_path_factory.mktemp("rules"))


_spans = origin_spans


@pytest.mark.parametrize(
    ("text", "locale", "facts", "span"),
    [
        # a label line outside a bracket
        ("Genuine Welsh honey, raw and runny. Country of origin: Argentina", "en-GB", None, "Welsh"),
        ("Jambon de Bayonne tranché. Pays d'origine : Espagne", "fr-FR", None, "Bayonne"),
        ("제주 한라봉 선물세트, 새콤달콤. 원산지: 미국", "ko-KR", None, "제주"),
        # an import sentence
        ("Aceite andaluz de primera prensada. Importado de Túnez.", "es-ES", None, "andaluz"),
        ("Kopi Gayo pilihan, sangrai sedang. Diimpor dari Brasil.", "id-ID", None, "Gayo"),
        # two subdivisions of one country
        ("Tequila reposado de Jalisco.", "es-MX", ["destilado en Oaxaca"], "Jalisco"),
        ("Vermont honey, raw and unfiltered.", "en-US", ["packed and produced in Wisconsin"], "Vermont"),
        # a heritage word against a stated origin
        ("Lebkuchen mit dem Geschmack von Nürnberg.", "de-DE", ["hergestellt in Polen"], "Nürnberg"),
    ],
)
def test_stated_elsewhere(rule, text: str, locale: str, facts: list[str] | None, span: str) -> None:
    assert any(span in s for s in _spans(rule, text, locale, facts))


@pytest.mark.parametrize(
    ("text", "locale", "facts"),
    [
        ("Welsh honey, raw and runny. Country of origin: United Kingdom", "en-GB", None),
        ("Sandalias cosidas en Menorca con cuero importado de Italia.", "es-ES", None),
        ("Importado por Aceites del Sur S.A., Sevilla. Aceite de oliva andaluz.", "es-ES", None),
        ("Tequila reposado de Jalisco.", "es-MX", ["destilado en Arandas, Jalisco"]),
        ("Vermont cheddar, aged two years.", "en-US", ["made in Vermont"]),
        ("Brezeln gebacken in Köln, wie in München.", "de-DE", ["gebacken in Köln"]),
        ("Texas-style chili seasoning.", "en-US", ["blended in Ohio"]),
    ],
)
def test_clean(rule, text: str, locale: str, facts: list[str] | None) -> None:
    assert _spans(rule, text, locale, facts) == []


def test_word_lists_are_data(tmp_path: Path) -> None:
    """The reader's lists are validated at load: a bad ISO 3166-2 code names its file and line."""
    (tmp_path / "global").mkdir()
    shutil.copy(GLOBAL / "categories.yaml", tmp_path / "global" / "categories.yaml")
    text = (GLOBAL / "origin_places.yaml").read_text(encoding="utf-8")
    assert "        MX-JAL: [" in text
    (tmp_path / "global" / "origin_places.yaml").write_text(text.replace("        MX-JAL: [", "        MXJAL: [", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"origin_places\.yaml:\d+"):
        load_rules(tmp_path)
