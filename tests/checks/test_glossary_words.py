"""A several-word glossary name with its small words changed or one long word of it misspelt
(studio.checks.glossary_words, checks-glossary30): found where it stands; grammar and ordinary phrases left alone."""

from __future__ import annotations

import pytest

from studio.checks.glossary_words import small_words_changed


def _said(text: str, span: tuple[int, int]) -> str | None:
    return text[span[0] : span[1]] if span[0] >= 0 else None


@pytest.mark.parametrize(
    ("term", "text", "rendered"),
    [
        ("La Tienda Verde", "Tienda verde: abrimos el domingo", "Tienda verde"),  # article dropped, case changed
        ("Bistro Mer Bleue", "Le Bistro de la Mer Bleue ouvre ce soir", "Bistro de la Mer Bleue"),  # words put in
        ("Panadería Sol", "Panaderia Soll abre a las 7", None),  # a short word off: only long words may be
        ("Guitarrería Norte", "Guitarería Norte: cuerdas al 2x1", "Guitarería Norte"),  # a long word one letter off
        ("The Green Kettle", "Green Kettle café: open till late", "Green Kettle"),
    ],
)
def test_a_name_with_its_small_words_changed_is_found_where_it_stands(term, text, rendered):
    assert _said(text, small_words_changed(term, text)) == rendered


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Le Camion Vert", "Rendez-vous au Camion Vert ce soir"),  # au = à + le: the article is there
        ("El Mercado Azul", "Ofertas del Mercado Azul"),  # del = de + el
        ("Salsa Roma", "Prueba la salsa de Roma casera"),  # a sauce from Rome, not the name in small letters
        ("Bistro Mer Bleue", "Bistro ouvert. Mer bleue et soleil"),  # a full stop between: two sentences
        ("Tienda Verde", "Tienda Verde abre el domingo"),  # kept as written
        ("Kilau", "kilau kulit"),  # one word: too little of a name to read it by
    ],
)
def test_grammar_and_ordinary_phrases_are_no_alteration(term, text):
    assert small_words_changed(term, text) == (-1, -1)
