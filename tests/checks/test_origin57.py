"""checks-origin57: the stated reader of ``origin_elsewhere`` (studio/checks/rules/types/origin/stated.py): the copy's
place of origin judged against the brief's facts or a note that states the pack's origin. Lines written for the test."""

from __future__ import annotations

import pytest

from tests.checks.origin_rule import load_origin_rule, origin_spans


@pytest.fixture(scope="module")
def rule(tmp_path_factory: pytest.TempPathFactory):
    return load_origin_rule(tmp_path_factory.mktemp("rules"))


_spans = origin_spans


@pytest.mark.parametrize(
    ("text", "locale", "facts", "span"),
    [
        ("Hand-thrown in Sheffield: the Marl mug, £18.", "en-GB", ["made in Vietnam"], "Sheffield"),
        ("Tejidas en Galicia, las mantas Miño.", "es-ES", ["tejidas en Marruecos"], "Galicia"),
        ("Ręcznie malowane w Krakowie (kraj pochodzenia: Chiny).", "pl-PL", None, "Krakowie"),
        ("Nước mắm Phú Quốc loại đặc biệt (Xuất xứ: Trung Quốc)", "vi-VN", None, "Phú Quốc"),
    ],
)
def test_stated_elsewhere(rule, text: str, locale: str, facts: list[str] | None, span: str | None) -> None:
    found = _spans(rule, text, locale, facts)
    assert found and (span is None or any(span in f for f in found)), found


@pytest.mark.parametrize(
    ("text", "locale", "facts"),
    [
        ("Tejidas en Galicia, las mantas Miño.", "es-ES", ["tejidas en Ourense, Galicia"]),
        ("Envío gratis a Galicia: mantas tejidas en Portugal.", "es-ES", ["tejidas en Portugal"]),
        ("Inspirado en Galicia, tejido en Portugal.", "es-ES", ["tejido en Portugal"]),
        ("Tejidas en Galicia, las mantas Miño.", "es-ES", None),  # no stated origin: nothing judged
        ("Diseñado en Madrid (fabricado en Portugal).", "es-ES", None),
        ("Made in USA (printed in Ohio; cotton from India).", "en-US", None),
    ],
)
def test_stated_holds(rule, text: str, locale: str, facts: list[str] | None) -> None:
    assert _spans(rule, text, locale, facts) == []
