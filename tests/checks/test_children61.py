"""A minor the copy states beside a thing the law keeps from minors (global.children.minor_beside_adult_only61) and
a label read as no order to the reader (studio.checks.language.register, checks-restA61, issue 9). What a user
notices: the children finding, its category and severity, beside the other class's finding the engine already
gave; the clean near-misses stay quiet. Lines are my own, none a corpus line."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.engine import get_check_engine
from studio.checks.language.register import read_register

RULE = "global.children.minor_beside_adult_only61"


def _findings(text: str, locale: str, kind: str = "copy"):
    return get_check_engine().check_many([CheckInput(id="t", locale=locale, kind=kind, text=text)])[0]


@pytest.mark.parametrize(
    "text,locale,kind",
    [
        ("Escena 3: unos chavales del insti piden cerveza en la barra y el camarero se la pone", "es-ES", "video_script"),
        ("Kurs kaydı yapan her çocuğa kazı kazan bileti, fazlası 10 TL", "tr-TR", "copy"),
        ("Image: a group of teenagers on a beach passing round a bottle of tequila", "en-US", "image_prompt"),
    ],
)
def test_minor_beside_adult_only_is_a_children_warning(text, locale, kind):
    mine = [f for f in _findings(text, locale, kind) if f.rule == RULE]
    assert mine, "the minor and the adult-only thing are read together"
    assert mine[0].category == "children" and mine[0].severity == "warn"
    assert "minor" in mine[0].message and mine[0].start is not None


@pytest.mark.parametrize(
    "text,locale,kind",
    [
        ("Escena 3: unos chavales del insti piden horchata en la barra y el camarero se la pone", "es-ES", "video_script"),
        ("Kurs kaydı yapan her çocuğa bir boyama kitabı hediye", "tr-TR", "copy"),
        ("Kids eat free on Sundays while the grown-ups enjoy a bottle of house wine", "en-GB", "copy"),
        ("Alcohol-free fruit punch for the children's party", "en-GB", "copy"),
    ],
)
def test_clean_near_misses_stay_quiet(text, locale, kind):
    assert not [f for f in _findings(text, locale, kind) if f.rule == RULE]


def test_a_label_before_a_colon_is_no_order():
    text = "Seguros Ribera: tu seguro de coche se renueva el 1 de marzo. Importe: 312 €."
    assert [m for m in read_register(text, "es") if m.kind == "imperative"] == []
    # a real order after a label still reads
    marks = read_register("Oferta: descubra la colección y llévese un regalo.", "es")
    assert any(m.kind == "imperative" and m.register == "formal" for m in marks)


def test_the_label_leaves_the_mix_quiet():
    text = "Seguros Ribera: tu seguro de coche se renueva el 1 de marzo. Importe: 312 €."
    assert not [f for f in _findings(text, "es-ES") if f.category == "formality"]


NSFW = "global.nsfw.swimwear_off_context61"


@pytest.mark.parametrize(
    "text,locale,warned",
    [
        ("Scene 2: a model in a swimsuit lies across the bakery counter, close-up", "en-GB", True),
        ("Sahne 2: mayolu model çamaşır makinesinin üstüne uzanıyor", "tr-TR", True),
        ("Scene 2: a model in a swimsuit walks along the beach with our sunscreen", "en-GB", False),
        ("Sahne 2: mayolu model havuzda yüzüyor", "tr-TR", False),
        ("Scene 2: a model in a summer dress lies across the bakery counter", "en-GB", False),
    ],
)
def test_swimwear_off_context_is_an_nsfw_warning(text, locale, warned):
    mine = [f for f in _findings(text, locale, "video_script") if f.rule == NSFW]
    assert bool(mine) == warned
    if warned:
        assert mine[0].category == "nsfw" and mine[0].severity == "warn"
