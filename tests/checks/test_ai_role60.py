"""The ``ai_role`` reader (studio/checks/rules/types/ai_role.py, checks-restB60): an AI-made person given a real person's
role (founder, owner, master, customer, reviewer), read against the market's own AI label. What a user sees: an
ai_disclosure warning on the unlabelled fake founder or customer, naming the role, and nothing on the labelled or
non-human figure beside it."""

from __future__ import annotations

import pytest

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.engine import get_check_engine

RULE = "global.ai.role_unlabelled60"


def _findings(locale: str, text: str, *, kind: str = "copy", ai: bool = True) -> list:
    item = CheckInput(id="t", locale=locale, kind=kind, text=text, meta=AssetMeta(ai_generated=ai))
    return get_check_engine().check_rule(RULE, item)


@pytest.mark.parametrize("locale,text,kind", [
    ("nl-NL", "Ik ben Joost, eigenaar van de kaaswinkel op de hoek, en ik proef elke kaas zelf.", "copy"),
    ("pl-PL", "„Najlepsze pierogi w mieście!” – Marek, stały klient, Gdańsk.", "copy"),
    ("vi-VN", "Cảnh 1: anh Bảy, chủ quán, pha cà phê và mỉm cười với khách.", "video_script"),
    ("pt-BR", "Retrato realista da nossa fundadora Helena no ateliê de costura.", "image_prompt"),
])
def test_a_person_in_a_real_role_without_the_label_warns(locale: str, text: str, kind: str) -> None:
    found = _findings(locale, text, kind=kind)
    assert found and found[0].category == "ai_disclosure" and found[0].severity == "warn"
    assert "real role" in found[0].message and found[0].suggestion


@pytest.mark.parametrize("locale,text,kind,ai", [
    # the market's own label (locales/nl-NL.yaml ai_label)
    ("nl-NL", "Gemaakt met AI: Ik ben Joost, eigenaar van de kaaswinkel op de hoek.", "copy", True),
    # a real asset: nothing synthetic to disclose
    ("pl-PL", "„Najlepsze pierogi w mieście!” – Marek, stały klient, Gdańsk.", "copy", False),
    # a mascot is no real person
    ("vi-VN", "Cảnh 1: linh vật hoạt hình của quán chào khách hàng.", "video_script", True),
    # a product shot: no person at all
    ("pt-BR", "Foto realista do nosso vestido de noiva em um manequim, fundo branco.", "image_prompt", False),
])
def test_labelled_non_human_or_real_stays_quiet(locale: str, text: str, kind: str, ai: bool) -> None:
    assert not _findings(locale, text, kind=kind, ai=ai)


def test_the_label_said_to_be_left_off_does_not_count() -> None:
    assert _findings("ms-MY", "Babak 1: pengasas kami Encik Hafiz menyapa, dijana AI, tiada label.", kind="video_script")


PLACED = "global.disclosure.label_placed60"


def _placed(locale: str, text: str, sponsored: bool = True) -> list:
    item = CheckInput(id="t", locale=locale, kind="copy", text=text, meta=AssetMeta(sponsored=sponsored))
    return get_check_engine().check_rule(PLACED, item)


def test_a_label_buried_among_hashtags_warns_and_the_same_label_at_the_start_does_not() -> None:
    buried = _placed("en-GB", "Loving my new trainers from @RunCo, so comfy on long runs! #running #fitness #ad #marathon")
    assert buried and buried[0].category == "ad_disclosure" and buried[0].severity == "warn"
    assert "#ad" in buried[0].message
    assert not _placed("en-GB", "#ad Loving my new trainers from @RunCo, so comfy on long runs! #running #fitness")


def test_a_vague_relation_alone_warns() -> None:
    assert _placed("nl-NL", "Mijn favoriete granola van dit moment, in samenwerking met @Knapperig")
    assert not _placed("nl-NL", "Advertentie: mijn favoriete granola, in samenwerking met @Knapperig")
    assert not _placed("nl-NL", "Mijn favoriete granola van dit moment, in samenwerking met @Knapperig", sponsored=False)
