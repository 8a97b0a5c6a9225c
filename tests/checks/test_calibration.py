"""How the semantic layer decides and how its cut-offs are set: the agreement rule (one close exemplar is
not enough) and calibration that keeps one bank's edit from moving another bank's decisions."""

from __future__ import annotations

import numpy as np
import pytest

from studio.checks import calibration
from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.concept_index import Index, Votes
from studio.checks.concepts import ConceptLayer, load_background, load_banks
from tests.checks.test_concepts import BANKS, GAMBLING, MORE_ALCOHOL, write_two_banks

DIM = 16


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


class FixedEmbedder:
    """A test double: every draft sentence is the same known vector (axis 0)."""

    def embed(self, texts, backend):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        out[:, 0] = 1.0
        return out


def _index(close_positives: int, similarity: float = 0.98, none_similarity: float = 0.3) -> Index:
    """9 gambling positives, ``close_positives`` of them at cosine ``similarity`` to the draft and the rest
    unrelated (cosine 0), and 8 "none" lines at cosine ``none_similarity``: the draft's 7 nearest exemplars
    are the close positives and "none" lines."""
    rows, labels = [], []
    for i in range(9):
        v = np.zeros(DIM)
        if i < close_positives:
            v[0], v[1 + i] = similarity, np.sqrt(1 - similarity**2)
        else:
            v[8] = 1.0
        rows.append(v)
        labels.append(0)
    for i in range(8):
        v = np.zeros(DIM)
        v[0], v[9 + i % 7] = none_similarity, np.sqrt(1 - none_similarity**2)
        rows.append(v)
        labels.append(-1)
    return Index(_unit(np.array(rows)), np.array(labels, dtype=np.int32), [f"line {i}" for i in range(17)],
                 vote=0.6, floor=0.5, temperature=0.05)


@pytest.mark.parametrize(("agree", "close", "fires"), [
    (2, 1, False),  # one close positive among six "none" lines: the default for USE stays quiet
    (2, 2, True),
    (1, 1, True),  # e5's setting: one is enough
])
def test_a_category_fires_only_with_enough_of_its_positives_among_the_7_nearest(tmp_path, agree, close, fires):
    (tmp_path / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    layer = ConceptLayer(load_banks(tmp_path, ["gambling"]), embedder=FixedEmbedder(),  # type: ignore[arg-type]
                         calibration="global", centre={"use": "none", "e5": "none"}, agree={"use": agree, "e5": 1})
    layer._indexes["use"] = _index(close)
    draft = CheckInput(id="t", locale="en-US", kind="copy", text="Spin now", meta=AssetMeta())
    found = layer.findings(draft)
    assert [f.category for f in found] == (["gambling"] if fires else [])


def _weak_index(none_similarity: float) -> Index:
    """Two gambling positives at cosine 0.62 to the draft, seven unrelated ones, and eight "none" lines at
    ``none_similarity``: two of the draft's 7 nearest agree, and its vote share passes 0.6 either way."""
    return _index(2, similarity=0.62, none_similarity=none_similarity)


@pytest.mark.parametrize(("none_similarity", "confirm", "fires"), [
    (0.55, {"use": (3, 0.1)}, False),  # two agree, and a clean line lies within 0.1 of them: quiet
    (0.45, {"use": (3, 0.1)}, True),  # two agree and the clean lines lie 0.17 further: it fires
    (0.55, {"use": (2, 0.1)}, True),  # two agreeing is no longer weak
    (0.55, {}, True),  # no confirmation asked
])
def test_a_weakly_agreed_hit_must_stand_clear_of_the_clean_lines(tmp_path, none_similarity, confirm, fires):
    (tmp_path / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    layer = ConceptLayer(load_banks(tmp_path, ["gambling"]), embedder=FixedEmbedder(),  # type: ignore[arg-type]
                         calibration="global", centre={"use": "none", "e5": "none"}, agree={"use": 2, "e5": 1},
                         confirm=confirm)
    layer._indexes["use"] = _weak_index(none_similarity)
    draft = CheckInput(id="t", locale="en-US", kind="copy", text="Spin now", meta=AssetMeta())
    found = layer.findings(draft)
    assert [f.category for f in found] == (["gambling"] if fires else [])
    if fires and confirm.get("use", (0, 0))[0] > 2:  # the margin names the closest call: 0.62 - 0.45 - 0.1
        assert found[0].margin == pytest.approx(0.07, abs=1e-4)


def _cutoffs(layer: ConceptLayer, category: str, backend: str = "use") -> tuple[float, float, float, float]:
    idx = layer.index(backend)
    ci = [lc.category for lc in layer.concepts].index(category)
    n = len(layer.concepts)
    return idx.temperature, float(idx.vote_of(n)[ci]), float(idx.floor_of(n)[ci]), idx.margin


def test_a_bank_edit_does_not_move_another_banks_cut_offs_and_a_thin_bank_keeps_the_anchored_ones(tmp_path):
    """The default calibration ("anchored"): temperature, vote and margin are the pinned global setting, and
    a category's floor is set on its own positives against the "none" lines. Four more alcohol positives
    leave gambling's cut-offs exactly as they were; gambling (nine positives) keeps the pinned vote."""
    background = load_background(BANKS)
    seen = []
    for extra in ("", MORE_ALCOHOL):
        folder = write_two_banks(tmp_path / f"banks{len(seen)}", extra)
        layer = ConceptLayer(load_banks(folder, ["alcohol", "gambling"]), background=background)
        seen.append((_cutoffs(layer, "gambling"), _cutoffs(layer, "alcohol"), len(layer.index("use").texts)))
    (gambling_before, alcohol_before, n_before), (gambling_after, alcohol_after, n_after) = seen
    assert layer.calibration == "anchored" and n_after == n_before + 4  # the alcohol bank did grow
    assert gambling_after == gambling_before
    temperature, vote, _, margin = calibration.ANCHOR["use"]
    assert (gambling_before[0], gambling_before[1], gambling_before[3]) == (temperature, vote, margin)


# Clean product copy in 14 market languages, written for this test (not corpus lines): short
# introductions and brand names were found warning in drafts ("Meet the Fjell Bottle." as religion via a
# liquor-bottle line). The background bank's short product introductions are what keeps them quiet.
CLEAN = [
    ("en-US", "Meet the Fjell Bottle."),
    ("en-GB", "The Fjell Bottle keeps water cold for 24 hours."),
    ("en-US", "A backpack with a padded laptop sleeve and two side pockets."),
    ("en-US", "Running shoes with a softer heel, now in three colours."),
    ("en-GB", "Our app now syncs your shopping list across devices."),
    ("en-US", "Granola with oats, almonds and a little honey."),
    ("de-DE", "Die neue Trinkflasche aus Edelstahl, spülmaschinenfest."),
    ("de-DE", "Lernen Sie die Fjell-Flasche kennen."),
    ("de-DE", "Wanderschuhe mit griffiger Sohle für nasse Wege."),
    ("de-DE", "Unsere App zeigt dir jetzt, wann dein Paket ankommt."),
    ("fr-FR", "Découvrez la gourde Fjell, légère et isotherme."),
    ("fr-FR", "Un sac à dos qui tient tout votre matériel de randonnée."),
    ("fr-FR", "Baskets en toile, semelle recyclée, tailles 36 à 46."),
    ("fr-FR", "Pain complet au levain, cuit chaque matin."),
    ("es-ES", "Conoce la botella Fjell: acero inoxidable y tapa de bambú."),
    ("es-ES", "Zapatillas ligeras para correr todos los días."),
    ("es-ES", "Nuestra app te avisa cuando baja el precio de tu lista."),
    ("it-IT", "Scopri la borraccia Fjell, perfetta per l'ufficio."),
    ("it-IT", "Borsa in pelle con tracolla regolabile."),
    ("it-IT", "Pasta fresca all'uovo, pronta in tre minuti."),
    ("pt-BR", "Conheça a garrafa Fjell, que mantém o café quente."),
    ("pt-BR", "Tênis confortável para caminhar na cidade."),
    ("pt-BR", "Baixe o app e acompanhe seus pedidos em tempo real."),
    ("nl-NL", "Maak kennis met de Fjell-fles."),
    ("nl-NL", "Een rugzak met regenhoes, klaar voor elke fietstocht."),
    ("pl-PL", "Poznaj butelkę Fjell, lekką i szczelną."),
    ("pl-PL", "Buty trekkingowe z wodoodporną membraną."),
    ("tr-TR", "Fjell şişesiyle tanışın."),
    ("tr-TR", "Günlük kullanım için hafif sırt çantası."),
    ("ja-JP", "Fjellボトル、新登場。"),
    ("ja-JP", "軽くて丈夫なリュック、通勤にぴったり。"),
    ("ko-KR", "Fjell 보틀을 만나보세요."),
    ("ko-KR", "가벼운 러닝화, 세 가지 색상으로 출시."),
    ("zh-CN", "认识一下Fjell保温瓶。"),
    ("zh-CN", "全新帆布包，容量更大，背着更轻。"),
    ("th-TH", "พบกับขวดน้ำ Fjell ใหม่"),
    ("th-TH", "รองเท้าผ้าใบน้ำหนักเบา ใส่สบายทั้งวัน"),
    ("ar-SA", "تعرّف على زجاجة Fjell الجديدة."),
    ("id-ID", "Kenalan dengan botol minum Fjell."),
    ("vi-VN", "Ra mắt bình giữ nhiệt Fjell."),
    ("hi-IN", "मिलिए Fjell बोतल से।"),
]


@pytest.mark.parametrize(("locale", "text"), CLEAN)
def test_clean_product_copy_does_not_warn(locale, text):
    from studio.checks.engine import get_check_engine

    draft = CheckInput(id="t", locale=locale, kind="copy", text=text, meta=AssetMeta())
    assert get_check_engine().concepts.findings(draft) == []


def test_a_brand_name_alone_does_not_warn():
    """It reached halal_claim.false_halal (0.26) until the halal concepts were raised only on copy that names halal
    or Muslim fitness (checks-law11)."""
    from studio.checks.engine import get_check_engine

    draft = CheckInput(id="t", locale="en-US", kind="copy", text="Fjell Fjell Fjell", meta=AssetMeta())
    assert get_check_engine().concepts.findings(draft) == []


def test_a_category_pools_its_concepts_votes_on_its_leading_concept():
    # casino and lottery share "gambling", pork stands alone: the pooled share goes to the category's leader.
    votes = Votes(["gambling", "gambling", "dietary"])
    share = np.array([[0.5, 0.25, 0.125], [0.25, 0.25, 0.0], [0.0, 0.0, 0.75]])
    pooled = votes.pool(share)
    assert pooled.tolist() == [[0.75, 0.0, 0.125], [0.5, 0.5, 0.0], [0.0, 0.0, 0.75]]
    # A concept that does not apply neither votes nor counts: lottery leads where casino is off.
    active = np.array([[False, True, True]] * 3)
    assert votes.pool(share, active)[0].tolist() == [0.0, 0.5, 0.25]  # shares renormalised over what applies
