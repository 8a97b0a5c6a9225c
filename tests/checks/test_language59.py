"""The detector's verdict held to the words (studio.checks.language.confirm) and the copy_language and
glossary_name readers' parts (checks-restA59, issue 9). Lines are my own, none a corpus line."""

from __future__ import annotations

import pytest

from studio.checks.language.confirm import words_bear_out
from studio.checks.rules.types.glossary_name import GlossaryNameRule

SOURCE = {"name": "test"}


@pytest.mark.parametrize(
    "text,found,expected,accepts,want",
    [
        ("Jetzt zugreifen!", "de", "fr", (), "de"),  # a short line: one word far ahead will do
        ("¡Ofertas increíbles solo hoy en todas las tiendas!", "es", "pt", (), "es"),
        ("Sailing lessons in Búzios with international instructors, book your class today!", "nl", "pt", (), "en"),
        ("Sidra Llagar de Nava DOP", "it", "es", (), None),  # names and a label: no Italian word
        ("#publicidad Mi crema favorita de Lumia.", "it", "es", (), None),
        ("Google-score 4,9 (418 reviews, november 2026)", "en", "nl", (), None),
        ("Zahabiya: 4 branches – Dubai, Abu Dhabi, Sharjah, Ajman.", "ms", "ar", ("en",), None),
        ("Shop now and save big!", "en", "ar", (), "en"),  # no word list for the market: the verdict stands
    ],
)
def test_words_bear_out(text, found, expected, accepts, want):
    assert words_bear_out(text, found, expected, accepts) == want


def _rule() -> GlossaryNameRule:
    return GlossaryNameRule(id="t.glossary.name", type="glossary_name", category="glossary", severity="warn",
                            message="m", source=SOURCE)


@pytest.mark.parametrize(
    "term,text,altered",
    [
        ("Ladypool Balti House", "Ladypool Balti: curry night!", True),  # a word dropped
        ("Martabak Bang Udin", "Martabak Bg Udin buka", True),  # a word abbreviated
        ("Musikschule Notenzwerge", "Musikschule Notenzwergen Köln", True),  # a word inflected
        ("Banketbakkerij Van der Steen", "Banketbakkerij vd Steen", True),
        ("Ladypool Balti House", "Ladypool Balti House: curry night!", False),  # kept
        ("Harbour Fish & Chip Bar", "come to the harbour for fish", False),  # the name's capitals are not kept
        ("SeaLand", "Sea and land", False),  # one word: the builtin reads it
        ("Pixel Rig", "Pixel art for kids. Our rig is ready.", False),  # far apart
    ],
)
def test_glossary_name(term, text, altered):
    assert (_rule().altered(term, text) is not None) is altered
