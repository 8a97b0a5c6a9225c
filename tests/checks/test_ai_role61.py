"""The ``ai_role`` reader read closer to what the AI-label laws ask (checks-restB61, CLASSES.md r61-restB). What a user
sees: no ai_disclosure warning on an AI-made line that carries the market's label in words of its own ("Imagen
generada por IA"), on a stock scene where "our" belongs to someone else in the sentence, on a prompt whose comma
follows a town rather than a name, or on "seu" meaning "your"; and still the warning where the copy says the label is
left off in its own words ("No AI disclosure anywhere on screen"), and in France, whose law fixes the mention."""

from __future__ import annotations

import pytest

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.engine import get_check_engine

RULE = "global.ai.role_unlabelled60"


def _findings(locale: str, text: str, *, kind: str = "copy", ai: bool = True) -> list:
    item = CheckInput(id="t", locale=locale, kind=kind, text=text, meta=AssetMeta(ai_generated=ai))
    return get_check_engine().check_rule(RULE, item)


@pytest.mark.parametrize("locale,text,kind", [
    # the label in another form: an AI word beside a making word
    ("es-ES", "Imagen creada con inteligencia artificial: Marta, nuestra panadera, abre el obrador.", "copy"),
    ("de-DE", "Bild mit KI erzeugt – Ich bin Klaus, Inhaber der Rösterei am Markt.", "copy"),
    ("tr-TR", "Bu görsel yapay zekâ ile üretilmiştir: Ben Mehmet, dükkânın sahibi.", "copy"),
    # a stock scene: "our" stands beside another noun, nobody vouches
    ("en-GB", "Close-up: a customer handing a bag of pastries to our driver at the door, soft light", "image_prompt"),
    # a town of the gazetteer before the comma, not a name in apposition
    ("ko-KR", "Jeonju, a brewer in his sixties stirring makgeolli in clay jars, morning mist", "image_prompt"),
    # a capitalised place that modifies a noun after the role is no name
    ("pt-BR", "Photorealistic barista Lisbon café counter, morning light", "image_prompt"),
    # "seu" is "your" here, no honorific before a name
    ("pt-BR", "Foto: seu padeiro favorito tirando o pão do forno, luz suave", "image_prompt"),
])
def test_labelled_in_other_words_or_nobody_in_particular_stays_quiet(locale: str, text: str, kind: str) -> None:
    assert not _findings(locale, text, kind=kind, ai=kind != "image_prompt")


@pytest.mark.parametrize("locale,text,kind", [
    # the production note names the AI, and says in its own words that no label is shown
    ("en-US", "Scene 2: Chef Marco, an AI-generated host, shows the risotto. No AI disclosure anywhere on screen.",
     "video_script"),
    ("es-MX", "Escena 1: Lupita, nuestra dueña generada con IA, saluda a los clientes. Sin leyenda en pantalla.",
     "video_script"),
    # an honorific before a name still ties the role
    ("pt-BR", "Foto: Seu Jorge, padeiro da casa desde 1990, tirando o pão do forno", "image_prompt"),
    # a name that is no town still ties the role in a prompt
    ("ko-KR", "Minho, a brewer in his sixties stirring makgeolli in clay jars, morning mist", "image_prompt"),
    # the name right after the role ("shop owner Hakan", "Founder Salma bakes")
    ("tr-TR", "Photorealistic man in a leather apron stitching a saddle, shop owner Hakan", "image_prompt"),
    ("en-GB", "Founder Salma bakes every loaf herself before dawn.", "copy"),
    # France fixes the mention (« Images virtuelles »): "créé par IA" is not it
    ("fr-FR", "Léa, notre ambassadrice, vous présente le nouveau couteau. (Visage de Léa créé par IA)", "copy"),
])
def test_left_off_in_its_own_words_or_a_fixed_mention_missing_warns(locale: str, text: str, kind: str) -> None:
    found = _findings(locale, text, kind=kind)
    assert found and found[0].category == "ai_disclosure" and found[0].severity == "warn"
    assert found[0].suggestion
