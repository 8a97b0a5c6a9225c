"""Theme rules' second lexical gate (``with_terms``): the occasion a theme is about must be named in the draft."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from studio.checks.rules.types.theme import ThemeRule

BASE = {
    "id": "t.muertos",
    "type": "theme",
    "category": "religion",
    "severity": "warn",
    "message": "m",
    "source": {"name": "test"},
    "exemplars": ["tu ofrenda con 2x1 en tequila"],
    "when_terms": ["tequila", "fiesta"],
    "with_terms": ["muertos", "ofrenda"],
    "examples": {"match": ["Día de Muertos: 2x1 en tequila"], "no_match": ["Tequila blanco de Jalisco"]},
}


def test_a_drink_ad_that_names_no_occasion_is_not_scored():
    rule = ThemeRule.model_validate(BASE)
    assert rule.admits("Tequila blanco de Jalisco, 100% agave.")  # the sentence gate alone would let it in
    assert not rule.names_occasion("Tequila blanco de Jalisco, 100% agave.")


def test_the_occasion_may_sit_in_another_sentence_than_the_drink():
    rule = ThemeRule.model_validate(BASE)
    text = "Llegó el Día de Muertos. Fiesta con tequila toda la noche."
    assert rule.admits(text) and rule.names_occasion(text)


def test_a_match_example_without_the_occasion_fails_at_load():
    bad = {**BASE, "examples": {"match": ["2x1 en tequila"], "no_match": ["Café"]}}
    with pytest.raises(ValidationError, match="with_terms"):
        ThemeRule.model_validate(bad)
