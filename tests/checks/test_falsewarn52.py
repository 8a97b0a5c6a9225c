"""Lawful forms the semantic layer's concepts now read (r52-falsewarn in cultural_rules/CLASSES.md): a finding of
the concept is dropped where the copy carries what the law asks for, and kept where it also says the violation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from studio.checks.concept_banks import load_banks
from studio.checks.corpora import ROOT

BANKS = {lc.rule_id: lc for lc in load_banks(ROOT / "cultural_rules" / "concepts")}


def _cleared(rule: str, text: str, locale: str) -> bool:
    return BANKS[rule].cleared(SimpleNamespace(text=text, locale=locale))


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("Our mutton comes from a butcher certified by Jamiat Ulama-i-Hind Halal Trust.", "en-IN", True),
    ("Warung kami halal, sertifikat BPJPH ID35110000123450325.", "id-ID", True),
    ("Restoran kami halal, diiktiraf JAKIM.", "ms-MY", True),
    # a certifier named beside what the claim contradicts, or beside self-certification, settles nothing
    ("Halal chicken wings in a beer and honey glaze, certified by JAKIM", "en-GB", False),
    ("Halal certified by MUI: crispy bacon bits", "id-ID", False),
    ("Label halal kami cetak sendiri, sertifikat BPJPH menyusul", "id-ID", False),
    ("Halal? Certified by us, no certificate needed", "en-US", False),
])
def test_false_halal_is_settled_by_a_named_certifier_only_when_nothing_contradicts_it(text, locale, cleared):
    assert _cleared("concept.halal_claim.false_halal", text, locale) is cleared


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("Zahnarztpraxis Dr. Lange: 4,8 Sterne bei Jameda (312 Bewertungen, Stand 11/2026).", "de-DE", True),
    ("杏林针灸馆：执业中医师坐诊，效果因人而异，请遵医嘱。", "zh-CN", True),
    ("なにわ整骨院：柔道整復師が施術します。", "ja-JP", True),
    ("의료광고 심의필 제2026-1234호. 임플란트 상담 무료.", "ko-KR", True),
    ("عيادة لؤلؤة لطب الأسنان، مرخصة من دائرة الصحة أبوظبي.", "ar-AE", True),
    # a proof or an endorsement said in the copy keeps the concept
    ("Von Zahnärzten empfohlen, klinisch bewiesen: weißere Zähne in 7 Tagen", "de-DE", False),
    ("执业医师推荐，临床验证有效", "zh-CN", False),
    ("Makan tahu tiap hari bikin kanker sembuh, udah banyak buktinya", "id-ID", False),
    ("Die Nummer 1 für Ihre Zahngesundheit.", "de-DE", False),
    ("9 out of 10 dentists choose our toothpaste", "en-GB", False),
])
def test_clinical_proof_is_raised_only_where_a_proof_or_an_endorsement_is_said(text, locale, cleared):
    assert _cleared("concept.health_claim.clinical_proof", text, locale) is cleared


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("Try HostKaro free for 14 days. No card needed.", "en-IN", True),
    ("Kostenlos testen, 30 Tage, ohne Kreditkarte.", "de-DE", True),
    ("免费试用7天，无需绑卡。", "zh-CN", True),
    ("14日間無料体験、クレジットカード登録不要", "ja-JP", True),
    # a fee or small print beside the card said absent still asks for payment
    ("Free trial, no card needed, then a £5 activation fee", "en-GB", False),
    ("免费试用7天，无需绑卡，手续费另计", "zh-CN", False),
])
def test_free_with_payment_is_settled_by_a_card_said_not_needed(text, locale, cleared):
    assert _cleared("concept.free_claim.free_with_payment", text, locale) is cleared


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("凉茶是饮料，不能代替药物；身体不适请及时就医。", "zh-CN", True),
    ("홍삼 스틱 30포. 본 제품은 질병의 예방 및 치료를 위한 의약품이 아닙니다.", "ko-KR", True),
    ("Viên bổ khớp. Thực phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh.", "vi-VN", True),
    # the disclaimer beside a cure or a stop-your-pills claim settles nothing
    ("Uống viên xương khớp, khỏi thoái hóa vĩnh viễn. Thực phẩm này không phải là thuốc.", "vi-VN", False),
    ("告别降压药！本品不能代替药物", "zh-CN", False),
    ("Stop taking your pills. Not intended to diagnose, treat, cure or prevent any disease.", "en-US", False),
])
def test_replaces_medicine_is_settled_by_the_markets_not_a_medicine_line_alone(text, locale, cleared):
    assert _cleared("concept.health_claim.replaces_medicine", text, locale) is cleared


@pytest.mark.parametrize(("rule", "text", "locale", "cleared"), [
    ("concept.politics.disputed_territory", "支持寄往中国香港、中国台湾地区及新加坡，满199元包邮。", "zh-CN", True),
    ("concept.politics.banned_movement", "台湾地区设计师联名款钢笔，今日发售。", "zh-CN", True),
    ("concept.politics.disputed_territory", "Tour Trường Sa – Biển Đông mùa hè này", "vi-VN", True),
    # the lawful name beside a country list, a flag of independence or the other state's names settles nothing
    ("concept.politics.disputed_territory", "配送国家：中国台湾、日本、韩国", "zh-CN", False),
    ("concept.politics.banned_movement", "台湾地区限定：支持台湾独立T恤", "zh-CN", False),
    ("concept.politics.disputed_territory", "Tour quần đảo Hoàng Sa, Tam Sa, Hải Nam, Trung Quốc", "vi-VN", False),
    # the market's own naming holds in its market only
    ("concept.politics.disputed_territory", "Ship to 中国台湾 and Singapore", "en-US", False),
])
def test_a_territory_in_the_markets_own_lawful_name_settles_the_politics_concepts(rule, text, locale, cleared):
    assert _cleared(rule, text, locale) is cleared


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("เย็นฉ่ำ: น้ำแข็ง 5 กระสอบ ถึงร้านคุณแล้วค่ะ", "th-TH", True),
    ("Soya Jeti: beli 2 percuma 1 hari ni je.", "ms-MY", True),
    # a drink, a bar or its emoji named keeps the concept, in the market's language or another
    ("Promo Jumat 🍺 minuman gratis buat semua!", "id-ID", False),
    ("เบียร์เย็นๆ ซื้อ 2 แถม 1 คืนนี้", "th-TH", False),
    ("Happy hour at the rooftop, 2-for-1 till 8", "en-IN", False),
    ("Bira kovası 3 al 2 öde, maç akşamına özel", "tr-TR", False),
])
def test_alcohol_promotion_is_raised_only_where_a_drink_a_bar_or_drinking_is_named(text, locale, cleared):
    assert _cleared("concept.alcohol.alcohol_promotion", text, locale) is cleared


@pytest.mark.parametrize(("text", "locale", "cleared"), [
    ("Full Stack in 12 Weeks", "en-IN", True),
    ("Lerne Python in 8 Wochen, abends und online", "de-DE", True),
    ("Lose 10 kg in 2 weeks, no gym", "en-GB", False),
    ("Giảm 7 ký trong 10 ngày, không cần ăn kiêng", "vi-VN", False),
    ("2週間でマイナス5キロ！", "ja-JP", False),
])
def test_weight_loss_rate_is_raised_only_where_the_body_or_its_weight_is_named(text, locale, cleared):
    assert _cleared("concept.health_claim.weight_loss_rate", text, locale) is cleared
