"""Posts a reader can publish as drafted: a line said twice is dropped, a post over its channel's limit is cut
after a whole sentence (recorded, never mid-word, never silently), and the AI label is appended once by
drafting (``with_ai_label``) and checked by the ``ai_label`` gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from studio.core.yamlfile import load_yaml_file
from studio.generate.assembled_post import assemble_post
from studio.generate.gates import copy_gates
from studio.generate.labels import ai_label_problem, needs_ai_label, strip_ai_label, with_ai_label
from studio.generate.post_copy import (
    CLAIM_WORDS_FILE,
    POST_LABELS_FILE,
    RUN_TOGETHER_FILE,
    budget_cut,
    claim_words,
    drop_claim_sentence,
    drop_claim_word,
    drop_cut_sentence,
    drop_label,
    drop_off_brief_sentence,
    drop_repeated_line,
    drop_stray_sentences,
    post_gates,
    split_run_together,
    without_word,
)
from studio.generate.post_tags import close_tags, drop_words_after_tags
from studio.market.channels import fits
from studio.plan.brief import PlannedAsset, load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

BRIEF = load_brief("examples/campaign.yaml")


def _job(channel: str, locale: str = "en-US") -> PlannedAsset:
    return PlannedAsset(locale=locale, kind="copy", channel=channel, variant=0)


def _post_model(channel_name: str, post: str) -> QueuedTextModel:
    """A model that writes ``post`` for the prompt (or the repair of the prompt) naming ``channel_name``, and
    a headline for every other job."""
    return QueuedTextModel(
        lambda p: post if channel_name in (p.history[0][0] if p.is_repair else p.user) else "1. Fjell: cold water all day"
    )


def test_a_line_said_twice_is_dropped_and_named():
    post = (
        "Stay cool, stay warm, stay fresh.\nWith the Fjell Bottle, drinks stay cold.\nStay cool, stay warm, stay fresh."
    )
    text, dropped = drop_repeated_line(post)
    assert text == "Stay cool, stay warm, stay fresh.\nWith the Fjell Bottle, drinks stay cold."
    assert dropped == ["Stay cool, stay warm, stay fresh."]
    assert drop_repeated_line("Cold water. Fjell.") == ("Cold water. Fjell.", [])


def test_a_closing_hashtag_given_again_is_dropped_and_named():
    # q23d's ar-AE post looped on its tags and failed repetition ('كوب كوب كوب'); its repair looped again
    post = "مع Fjell Bottle، ماء بارد طوال اليوم.\n#Fjell #ماء #كوب #ودع #كوب #ماء #كوب #كوب #"
    text, dropped = drop_repeated_line(post)
    assert text == "مع Fjell Bottle، ماء بارد طوال اليوم.\n#Fjell #ماء #كوب #ودع"
    assert dropped == ["#كوب", "#ماء", "#كوب", "#كوب", "#"]
    assert "repetition" not in copy_gates(text, "instagram", "ar-AE", BRIEF)
    # a tag a line above gave, and case aside; a tag inside a sentence is a word of it and stays
    assert drop_repeated_line("Cold water with #Fjell all day.\n#Fjell #cold #Cold") == (
        "Cold water with #Fjell all day.\n#Fjell #cold", ["#Cold"])
    assert drop_repeated_line("Stay cool with #Fjell, #Fjell keeps it cold.") == (
        "Stay cool with #Fjell, #Fjell keeps it cold.", [])


LABEL_EXAMPLES = load_yaml_file(Path(__file__).parents[2] / "prompts" / POST_LABELS_FILE)[0]["examples"]


@pytest.mark.parametrize("example", LABEL_EXAMPLES, ids=[f"{e['locale']}-{e['text'][:12]}" for e in LABEL_EXAMPLES])
def test_a_label_a_post_opens_with_is_dropped(example):
    text, label = drop_label(example["text"], example["locale"])
    assert text == example["without"]
    assert (label is None) == (text == example["text"])


def test_a_labelled_post_said_twice_is_published_once_with_the_label_and_the_repeat_named():
    # q23d's pl-PL post: the label kept drop_repeated_line from reading its last sentence as its first again
    from studio.generate.headlines import tidy_copy

    post = ("Zawartość: Czytelników, zawsze chcesz mieć zimną wodę, ale nie możesz mieć setek plastikowych butelek? "
            "Wszystko to możemy zmienić! Z Fjell Bottle! Czytelników, zawsze chcesz mieć zimną wodę, ale nie możesz "
            "mieć setek plastikowych butelek?")
    text, meta = tidy_copy(post, _job("instagram", "pl-PL"), BRIEF)
    assert text == ("Czytelników, zawsze chcesz mieć zimną wodę, ale nie możesz mieć setek plastikowych butelek? "
                    "Wszystko to możemy zmienić! Z Fjell Bottle!")
    assert meta["label_dropped"] == "Zawartość:" and len(meta["repeated_dropped"]) == 1
    assert "repeated_claim" not in post_gates(text, _job("instagram", "pl-PL"), BRIEF)
    # a headline keeps its words: it is no post
    assert tidy_copy("Treść: Fjell", _job("google_ads_headline", "pl-PL"), BRIEF)[0] == "Treść: Fjell"


def test_the_ai_label_is_appended_once_and_only_where_the_platform_does_not_label_ads():
    assert (
        with_ai_label("Cold water all day with Fjell.", "en-US", "x", BRIEF)
        == "Cold water all day with Fjell. (AI-generated)"
    )
    # a label the model wrote, even twice, is taken out first
    twice = "Kaltes Wasser mit Fjell (KI-generiert). Jetzt entdecken! (KI-generiert)"
    assert with_ai_label(twice, "de-DE", "x", BRIEF) == "Kaltes Wasser mit Fjell. Jetzt entdecken! (KI-generiert)"
    assert with_ai_label("Hook?\nLine two.\n#Fjell", "en-US", "instagram", BRIEF).endswith("#Fjell\n(AI-generated)")
    assert not needs_ai_label(BRIEF, "google_ads_headline")  # Google labels its ads itself
    assert with_ai_label("Fjell: cold all day", "en-US", "google_ads_headline", BRIEF) == "Fjell: cold all day"
    assert not needs_ai_label(BRIEF.model_copy(update={"ai_disclosure": False}), "x")
    assert strip_ai_label("Fjell. (AI-generated)", "en-US") == "Fjell."


def test_the_ai_label_gate_fails_copy_without_it_or_with_it_twice():
    assert "no AI label" in copy_gates("Cold water all day with Fjell.", "x", "en-US", BRIEF)["ai_label"]
    twice = "Cold water all day with Fjell (AI-generated). Try it. (AI-generated)"
    assert "2 times" in ai_label_problem(twice, "en-US", "x", BRIEF)
    assert "ai_label" not in copy_gates("Cold water all day with Fjell. (AI-generated)", "x", "en-US", BRIEF)
    assert "ai_label" not in copy_gates("Fjell: cold all day", "google_ads_headline", "en-US", BRIEF)


def test_a_label_the_model_wrote_in_its_own_words_is_the_label_once_more_and_is_taken_out():
    # q23b's zh-CN post: the model closed with '(智能生成)' and drafting appended '(AI生成)': two labels, gate passed
    post = "需要一个保温的水瓶吗？\nFjell Bottle，一个750 ml的保温不锈钢水瓶。\n#Fjell\n(智能生成)"
    appended = f"{post}\n(AI生成)"
    assert "2 times" in ai_label_problem(appended, "zh-CN", "instagram", BRIEF)
    assert with_ai_label(post, "zh-CN", "instagram", BRIEF).endswith("#Fjell\n(AI生成)")
    assert "ai_label" not in copy_gates(with_ai_label(appended, "zh-CN", "instagram", BRIEF), "instagram", "zh-CN", BRIEF)
    # in a sentence, unbracketed, the words stay
    assert strip_ai_label("智能生成的广告。(AI生成)", "zh-CN") == "智能生成的广告。"


def test_a_post_over_its_limit_is_cut_after_a_whole_sentence_that_fits_with_the_label():
    sentences = [f"Sentence number {n} tells the reader about cold water with Fjell." for n in range(8)]
    post = " ".join(sentences)  # ~500 characters: over X's 280
    cut, dropped = budget_cut(post, _job("x"), BRIEF)
    assert dropped and cut.endswith(".") and post.startswith(cut)
    assert fits(with_ai_label(cut, "en-US", "x", BRIEF), "x", "en-US")
    assert len(cut) + len(" (AI-generated)") > 280 - len(sentences[0])  # as much as fits, not one sentence
    assert cut + " " + dropped == post


def test_a_post_keeps_its_hashtag_line_when_cut():
    post = "\n".join(
        [*(f"Line {n} says one more thing about cold water and Fjell." for n in range(6)), "#Fjell #ColdWater"]
    )
    cut, dropped = budget_cut(post, _job("x"), BRIEF)
    assert cut.endswith("\n#Fjell #ColdWater") and "Line 0" in cut and dropped.startswith("Line")


def test_a_post_that_fits_nowhere_stays_whole():
    post = "A" * 400
    assert budget_cut(post, _job("x"), BRIEF) == (post, None)


def _drafted(tmp_path, use_model, monkeypatch, reply, locale="en-US", channel="instagram", brief=BRIEF):
    """The ``channel`` post the pipeline stores for ``locale`` when the model (one candidate) replies ``reply``."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    use_model(_post_model("X (Twitter)" if channel == "x" else "Instagram", reply))
    if locale not in brief.locales:
        brief = brief.model_copy(update={"locales": [*brief.locales, locale]})
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(brief, db_url=db_url, locales=[locale], kinds=["copy"])
    with session_scope(db_url) as s:
        return s.exec(select(Asset).where(Asset.channel == channel)).one()


def test_a_drafted_post_is_cut_labelled_and_says_what_it_cut(tmp_path, use_model, monkeypatch):
    long = " ".join(f"Fjell keeps your day fresh, moment {n}." for n in range(12))  # ~400 characters
    brief = BRIEF.model_copy(
        update={"assets": [*BRIEF.assets, BRIEF.assets[0].model_copy(update={"channel": "x", "variants": 1})]}
    )
    post = _drafted(tmp_path, use_model, monkeypatch, long, channel="x", brief=brief)
    assert post.text.endswith(". (AI-generated)") and post.text.count("AI-generated") == 1
    assert fits(post.text, "x", "en-US")
    assert post.generation["budget_cut"]["from"] == long and post.generation["budget_cut"]["dropped"]


def test_a_post_cut_by_the_token_budget_loses_its_cut_sentence():
    post = (
        "Restez frais toute la journée avec la Fjell Bottle.\nLe bouchon passe au lave-vaisselle.\n"
        "Tout en conservant vos boissons fraîches, la Fjell Bottle est aussi confor"
    )
    text, dropped = drop_cut_sentence(post)
    assert text == "Restez frais toute la journée avec la Fjell Bottle.\nLe bouchon passe au lave-vaisselle."
    assert dropped == "Tout en conservant vos boissons fraîches, la Fjell Bottle est aussi confor"
    assert drop_cut_sentence("Cold water all day. #Fjell #Summer") == ("Cold water all day. #Fjell #Summer", None)
    # one word the reply stopped after, which needs what follows (the measured es-ES post)
    said = "Agua fría todo el día con Fjell.\nSin botellas de plástico.\nCon"
    assert drop_cut_sentence(said, "es-ES") == ("Agua fría todo el día con Fjell.\nSin botellas de plástico.", "Con")
    assert drop_cut_sentence("Kaltes Wasser mit Fjell. Jetzt entdecken") == (
        "Kaltes Wasser mit Fjell. Jetzt entdecken",
        None,
    )
    # one word cut off that no language knows (q23g's tr-TR post: 'Fiyat', price, cut at 'Fiy'); the brand is no cut
    cut = "Fjell Bottle bulaşık makinesinde yıkanabilir kapak ve çok güvenli bir garanti sunar. Fiy"
    assert drop_cut_sentence(cut, "tr-TR", BRIEF) == (cut[:-4], "Fiy")
    assert drop_cut_sentence("Gün boyu soğuk su. Fjell", "tr-TR", BRIEF) == ("Gün boyu soğuk su. Fjell", None)
    assert drop_cut_sentence("Gün boyu soğuk su. Hemen", "tr-TR", BRIEF) == ("Gün boyu soğuk su. Hemen", None)


def test_a_drafted_post_that_ran_out_of_tokens_is_published_whole_and_says_so(tmp_path, use_model, monkeypatch):
    ran_out = "Cold water all day with the Fjell Bottle.\nTake it on every hike.\nIt keeps your drinks cold while you"
    post = _drafted(tmp_path, use_model, monkeypatch, ran_out)
    assert post.text == "Cold water all day with the Fjell Bottle.\nTake it on every hike.\n(AI-generated)"
    assert post.generation["budget_cut"]["dropped"] == "It keeps your drinks cold while you"
    assert "tokens" in post.generation["budget_cut"]["why"]


def test_a_zh_cn_google_headline_carries_the_ai_label_the_law_wants_in_the_text():
    """China's labelling measures want the AI label in the text (zh.ai.label blocks): on a Google headline too,
    where other markets leave it to the platform; the prompt leaves the room for it."""
    from studio.checks.engine import get_check_engine
    from studio.generate.prompts import render
    from studio.market.channels import get_channel
    from studio.review.records import check_input

    assert needs_ai_label(BRIEF, "google_ads_headline", "zh-CN")
    assert not needs_ai_label(BRIEF, "google_ads_headline", "ja-JP")
    headline = with_ai_label("Fjell，全天冰爽", "zh-CN", "google_ads_headline", BRIEF)
    assert headline == "Fjell，全天冰爽 (AI生成)" and fits(headline, "google_ads_headline", "zh-CN")
    assert "ai_label" in copy_gates("Fjell，全天冰爽", "google_ads_headline", "zh-CN", BRIEF)
    blocks = {f.rule for f in get_check_engine().check(check_input(
        Asset(campaign_id=1, locale="zh-CN", kind="copy", channel="google_ads_headline", variant=0, job_key="k",
              text=headline), BRIEF)) if f.severity == "block"}
    assert "zh.ai.label" not in blocks
    # the prompt still asks for 15 full-width characters (told 10, the model left the brand out of every option):
    # the options are picked by their length with the label
    prompt = render("copy", brief=BRIEF, locale="zh-CN", channel=get_channel("google_ads_headline"))
    assert "Maximum 15 characters" in prompt.user


def test_copy_for_a_platform_that_labels_its_ads_needs_no_sponsored_label_in_the_text():
    """A Meta headline of a sponsored brief: Meta shows "Sponsored" beside it, so es.ad.label does not block the
    headline for lacking "Publicidad" (the prompt does not ask for it there); an Instagram post still needs it."""
    from studio.checks.engine import get_check_engine
    from studio.review.records import check_input

    hard = load_brief("examples/campaign_hard.yaml")
    assert hard.sponsored

    def blocks(channel: str) -> set[str]:
        asset = Asset(campaign_id=1, locale="es-ES", kind="copy", channel=channel, variant=0, job_key="k",
                      text="Lumo: piel suave todo el día")
        return {f.rule for f in get_check_engine().check(check_input(asset, hard)) if f.severity == "block"}

    assert "es.ad.label" not in blocks("meta_headline")
    assert "es.ad.label" in blocks("instagram")


def test_the_sponsored_label_is_put_first_where_the_model_left_it_out():
    """A sponsored brief's email subject without the market's label (a Japanese subject the model wrote without
    広告 was blocked by ja.ad.stealth) gets it first; one with a label the market's rules accept keeps its own;
    a Meta headline (the platform labels the ad) gets none."""
    from studio.generate.labels import lacks_ad_label, with_ad_label, with_labels

    hard = load_brief("examples/campaign_hard.yaml")
    assert with_ad_label("Lumoで、しっとり肌", "ja-JP", "email_subject", hard) == "広告: Lumoで、しっとり肌"
    assert with_ad_label("Werbung: Lumo für zarte Haut", "de-DE", "email_subject", hard) == "Werbung: Lumo für zarte Haut"
    assert with_ad_label("Lumo: piel suave", "es-ES", "meta_headline", hard) == "Lumo: piel suave"
    assert with_ad_label("Fjell: cold all day", "en-US", "x", BRIEF) == "Fjell: cold all day"  # not sponsored
    assert with_labels("Lumo: piel suave todo el día", "es-ES", "sms", hard) == (
        "Publicidad: Lumo: piel suave todo el día (Generado con IA)")
    assert not lacks_ad_label(with_labels("Lumoで、しっとり肌", "ja-JP", "email_subject", hard), "ja-JP", "email_subject")
    assert lacks_ad_label("Lumoで、しっとり肌", "ja-JP", "email_subject")


def test_invented_english_hashtags_a_malay_post_ends_on_are_dropped_and_named():
    from studio.generate.language_gates import drop_odd_hashtags, odd_hashtag

    post = "Air sejuk sepanjang hari dengan Fjell Bottle.\n#Fjell #ColdWater #InsulatedBottle"
    assert odd_hashtag(post, "ms-MY", BRIEF)  # the gate fails it as drafted
    text, dropped = drop_odd_hashtags(post, "ms-MY", BRIEF)
    assert text == "Air sejuk sepanjang hari dengan Fjell Bottle.\n#Fjell"
    assert dropped == ["#ColdWater", "#InsulatedBottle"]
    assert odd_hashtag(text, "ms-MY", BRIEF) is None
    # a line of odd tags only goes whole; the language's own tags stay
    assert drop_odd_hashtags("Pesan sekarang!\n#ColdWater #Hydrate", "id-ID", BRIEF) == (
        "Pesan sekarang!", ["#ColdWater", "#Hydrate"])
    pt = "Uma garrafa térmica para o dia todo. #Fjell #GarrafaTérmica #StayCool"
    assert drop_odd_hashtags(pt, "pt-BR", BRIEF) == (
        "Uma garrafa térmica para o dia todo. #Fjell #GarrafaTérmica", ["#StayCool"])


def test_a_hashtag_inside_a_sentence_is_left_for_the_gate_and_a_run_on_list_loses_its_odd_tags():
    from studio.generate.language_gates import drop_odd_hashtags, odd_hashtag

    inside = "Tetap #ColdWater sepanjang hari dengan Fjell Bottle."  # part of the sentence: only a writer can fix it
    assert drop_odd_hashtags(inside, "ms-MY", BRIEF) == (inside, [])
    many = "Garrafa térmica para o dia todo. #Fjell #Insulated #ColdWater #HotWater #WaterBottle #DishwasherSafe"
    assert "6 hashtags" in odd_hashtag(many, "pt-BR", BRIEF)
    text, dropped = drop_odd_hashtags(many, "pt-BR", BRIEF)
    assert text == "Garrafa térmica para o dia todo. #Fjell" and len(dropped) == 5
    english = "Cold water all day. #Fjell #ColdWater"
    assert drop_odd_hashtags(english, "en-US", BRIEF) == (english, [])


def test_a_drafted_malay_post_loses_its_invented_tags_and_says_so(tmp_path, use_model, monkeypatch):
    post = "Air sejuk sepanjang hari dengan Fjell Bottle.\nSatu botol, bukan ratusan botol plastik.\n#Fjell #ColdWater"
    drafted = _drafted(tmp_path, use_model, monkeypatch, post, "ms-MY")
    assert "#ColdWater" not in drafted.text and "#Fjell" in drafted.text
    assert drafted.generation["hashtags_dropped"] == ["#ColdWater"]


# Posts of the 23-locale run (/tmp/lead39/q23.db) that failed one gate for one sentence, line or hashtag a reader would
# delete: (locale, post, what is dropped, the gate it failed)
STRAY = [
    ("ja-JP", "一日中、冷たい水をいつでも取れますか？\nFjell Bottleなら、その瞬間にすぐに手に取りたいです。\n"
     "ハンドルに付けて、安心していつでも水を取ることができます。\n#Fjell #水筒 #保温",
     ["ハンドルに付けて、安心していつでも水を取ることができます。"], "copied"),
    ("es-ES", "¿Ya te sientes fresco con el agua fría en todo el día? Con la Fjell Bottle, lleva tu bebida fría donde "
     "quieras.\nColócala en el manillar y disfruta de la frescura toda la noche.\n#Fjell #EnBici",
     ["Colócala en el manillar y disfruta de la frescura toda la noche.", "#EnBici"], "example_product"),
    # its hook is the bike example's 'Hava karardıktan sonra' (after dark): copied since drafts-posts25, and dropped too
    ("tr-TR", "Hava karardıktan sonra suyu ne kadar süreni istersin?\nFjell su şişesi, gün boyu soğuk suye dönün.\n"
     "One bottle, everywhere you go.\n#Fjell",
     ["Hava karardıktan sonra suyu ne kadar süreni istersin?", "One bottle, everywhere you go."], "foreign_words"),
    ("vi-VN", "Bạn có muốn uống nước lạnh trong cả ngày không?\nCó Fjell Bottle, bạn có thể tận hưởng một bình giữ "
     "nhiệt, không cần mua hàng trăm chai nhựa.\nMua ngay ngay, nhận giá ưu đãi 25%!\n#Fjell",
     ["Mua ngay ngay, nhận giá ưu đãi 25%!"], "grounded"),
    # the four-line ar-SA example's handlebar line, carried over with 'my handlebar' for 'the handlebar'
    ("ar-SA", "هل تبحث عن ماء مريح، مفتوح من طوال اليوم؟\nمع Fjell، تجد كل شيء مريح، حتى على طول اليوم.\n"
     "ثبّته على مقودك وعُد إلى بيتك مطمئنًا.\n#Fjell #غطاء #معزولة حراريًا",
     ["ثبّته على مقودك وعُد إلى بيتك مطمئنًا."], "example_product"),
    # q23b: the same claim in two sentences; the repair came back word for word. Without the product's name the hook
    # is the one to go; else the later sentence (the repeat)
    ("ja-JP", "一日中、どこでも冷たい水を楽しむことができます。\nFjell Bottleは、保温・保冷の水筒で、一日中冷たい水を楽しむこと"
     "ができます。\n1瓶で、数百個の水筒の代わりに使用できます。\n#Fjell #保温 #保冷 #水筒",
     ["一日中、どこでも冷たい水を楽しむことができます。"], "repeated_claim"),
    ("en-IN", "Stay cool on the go with Fjell Bottle. Keep your drinks cold for 24 hours and hot for 12 hours. Perfect "
     "for travel, camping, or any outdoor activity. Fjell Bottle is an insulated stainless-steel water bottle that "
     "keeps drinks cold for 24 hours and hot for 12 hours.",
     ["Fjell Bottle is an insulated stainless-steel water bottle that keeps drinks cold for 24 hours and hot for 12 "
      "hours."], "repeated_claim"),
    # drafts-posts23's ja-JP post passed every gate with the bike example's handlebar retold, not copied ('ハンドルに取りたい')
    ("ja-JP", "一日中、どこでも冷たい水を飲むことができますか？\nFjell Bottle - 750 mlの保温水筒です。\nハンドルに取りたいですね。\n"
     "#Fjell #保温水筒", ["ハンドルに取りたいですね。"], "example_product"),
    # three words in a row of the bike example's post, no name or listed noun near them: drafts-posts25's id-ID post
    # passed every gate ending on 'ready to cycle after dark?', a tr-TR one (drafts-posts23) on the example's 'after dark'
    ("id-ID", "Anda sedang mencari air dingin selama hari? Fjell Bottle adalah solusi yang tepat untuk Anda.\nDengan "
     "Fjell Bottle, Anda dapat mengemas air dingin Anda di tempat Anda, tanpa harus membeli banyak botol plastik.\n"
     "Jadi, siap untuk bersepeda setelah gelap?\n#Fjell", ["Jadi, siap untuk bersepeda setelah gelap?"], "copied"),
    ("tr-TR", "Hava karardıktan sonra bir su şişeli ne kadar sıcak?\nFjell Bottle, soğuk su için bir ideal seçenek.\n"
     "Farklı bir su şişeli yerleştirdik, su şişeleri için bir güvence.",
     ["Hava karardıktan sonra bir su şişeli ne kadar sıcak?"], "copied"),
]


@pytest.mark.parametrize("locale,post,dropped,gate", STRAY, ids=[f"{s[0]}-{s[3]}" for s in STRAY])
def test_a_sentence_or_hashtag_that_alone_fails_a_gate_is_dropped_when_the_rest_passes(locale, post, dropped, gate):
    job = _job("instagram", locale)
    assert gate in post_gates(post, job, BRIEF)
    text, said = drop_stray_sentences(post, job, BRIEF)
    assert said is not None and said["dropped"] == dropped and gate in said["why"]
    assert not post_gates(text, job, BRIEF)
    assert all(piece not in text for piece in dropped) and "Fjell" in text.split("#")[0]


def test_no_piece_is_dropped_when_the_rest_would_not_say_the_product_or_would_still_fail():
    # id-ID: without its sentence naming the bike light (Lumo) the post names Fjell only in a hashtag
    lumo = ("Anda ingin mengambil air dingin selama hari? Lumo, botol insulated stainless-steel 750 ml, adalah pilihan "
            "yang tepat. Dapatkan kebebasan dan efisiensi dengan satu botol yang tinggi dan panjang. #Fjell #FjellBottle")
    assert drop_stray_sentences(lumo, _job("instagram", "id-ID"), BRIEF) == (lumo, None)
    # pl-PL: without its English sentence the post still has a word Polish does not know ('Wznowisz')
    polish = ("Wznowisz się zimną wodą na cał dzień?\nFjell Bottle - butelka termiczna, utrzymuje napoje w chłodzie "
              "przez 24 godzin i gorące przez 12 godzin. Idealna dla outdoor activities lub daily use. #Fjell")
    assert drop_stray_sentences(polish, _job("instagram", "pl-PL"), BRIEF) == (polish, None)
    good = "Cold water all day with the Fjell Bottle.\nOne bottle instead of hundreds of plastic ones.\n#Fjell"
    assert drop_stray_sentences(good, _job("instagram"), BRIEF) == (good, None)



def test_two_words_of_the_example_post_or_a_run_the_brief_says_is_no_copy():
    """Only three words in a row of the example's post lines read as copied: id-ID 'setelah gelap' (after dark) alone
    and en-US 'ride home' are words any post may use, and a run the brief itself states is the brief's."""
    for locale, post in [("id-ID", "Pulang setelah gelap? Fjell Bottle menjaga air dingin sepanjang hari.\n#Fjell"),
                         ("en-US", "Ride home with cold water: Fjell keeps drinks cold for 24 hours.\n#Fjell")]:
        assert "copied" not in post_gates(post, _job("instagram", locale), BRIEF), post


def test_a_drafted_turkish_post_loses_its_english_line_and_says_so(tmp_path, use_model, monkeypatch):
    _, post, dropped, _ = STRAY[2]
    drafted = _drafted(tmp_path, use_model, monkeypatch, post, "tr-TR")
    # and its hook, the bike example's 'after dark' (copied)
    assert "One bottle" not in drafted.text and drafted.text.startswith("Fjell su şişesi")
    assert drafted.generation["stray_dropped"]["dropped"] == dropped
    assert {"foreign_words", "copied"} <= set(drafted.generation["stray_dropped"]["why"])


def test_a_post_that_only_asks_a_question_is_asked_to_keep_it_and_add_what_the_product_does():
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems

    def problems(locale: str, text: str) -> list[str]:
        cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, "instagram", locale, BRIEF))
        cand.gates.setdefault("sense", "says nothing the brief says")
        return repair_problems(cand, _job("instagram", locale), BRIEF)

    asked = problems("nl-NL", "Wat vind je van de Fjell Bottle? (Gemaakt met AI)")
    assert any(p.startswith("The post only asks a question. Keep the question, then add one sentence in Dutch") for p in asked)
    assert any("only asks a question" in p for p in problems("ar-SA", "هل ترغب في معرفة المزيد عن Fjell Bottle؟ #Fjell #ماء"))
    # q23b: ar-SA ran words on after a tag, tr-TR asked three questions; neither was asked for the answer
    asked = problems("ar-SA", "هل ترغب في معرفة المزيد عن Fjell Bottle؟ #Fjell #الجازة #ماء #ضمان المدى الحياة")
    assert any("only asks a question" in p for p in asked)
    turkish = "Günün hava nasıl değişti? Fjell bottle'ın soğuk su nasıl geriye dönüyor? Fjell bottle, hava nasıl geriye dönüyor?"
    assert any(p.startswith("The post only asks questions. Keep its first question only") for p in problems("tr-TR", turkish))
    # in Polish, as the rest of a pl-PL repair: drafts-posts23's repair, asked in English, came back as questions again
    polish = problems("pl-PL", "Jestem z Fjell? Zawartość buteleki termicznej? Jak działa Fjell? (Wygenerowano przez AI)")
    assert any(p.startswith("Post tylko pyta. Zostaw pierwsze pytanie") and "„Fjell Bottle”" in p for p in polish)
    assert not any("only asks" in p for p in polish)
    # a question with an answer after it is not "only a question"
    answered = "Thirsty on the trail?\nFjell keeps water cold for 24 hours.\n#Fjell (AI-generated)"
    assert not any("only asks a question" in p for p in problems("en-US", answered))


def test_a_post_that_only_asks_is_not_also_told_to_write_the_ad_itself():
    """drafts-posts25's ar-SA post (base25b): asked both to keep its question and add what the product does and, by the
    sense line, to "write the ad itself: say what Fjell Bottle does", the repair kept the question and wrote the sense
    line's request after it ('قل ما يفعله Fjell Bottle، فقط بالحقائق أعلاه'); the question alone was published."""
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.generate.sense import SenseProblem

    def problems(locale: str, text: str) -> list[str]:
        cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, "instagram", locale, BRIEF))
        cand.gates["sense"] = "says nothing the brief says"
        cand.sense = SenseProblem(text.split(" (")[0], "says nothing the brief says (closest 0.03 < 0.45)")
        return repair_problems(cand, _job("instagram", locale), BRIEF)

    asked = problems("ar-SA", "هل تشعر بالرغبة في معرفة المزيد عن Fjell Bottle؟ (تم إنشاؤه بالذكاء الاصطناعي)")
    assert any("only asks a question" in p for p in asked)
    assert not any("قل ما يفعله" in p for p in asked), asked
    # a post that says something, only nothing of the brief, is still told to write the ad itself
    said = problems("ar-SA", "الطقس جميل اليوم. (تم إنشاؤه بالذكاء الاصطناعي)")
    assert any("قل ما يفعله" in p for p in said) and not any("only asks" in p for p in said), said


def test_hashtags_are_counted_in_languages_without_spaces_and_the_excess_that_repeats_the_post_goes():
    from studio.generate.language_gates import drop_odd_hashtags, odd_hashtag

    # q23's ko-KR post passed with six tags: the count returned early for ko, ja, zh
    ko = "물병을 이용해 하루 종일 차가운 음료를 보세요. #Fjell #스테인리스 #물병 #차가운 #물 #음료"
    assert "6 hashtags" in odd_hashtag(ko, "ko-KR", BRIEF)
    assert drop_odd_hashtags(ko, "ko-KR", BRIEF) == (ko.removesuffix(" #음료"), ["#음료"])
    zh = "一整天的冷水，Fjell Bottle都是你的好帮手。\n保持冷饮24小时，热饮12小时。\n#Fjell #保温杯 #一整天 #冷 #热 #水"
    assert "6 hashtags" in odd_hashtag(zh, "zh-CN", BRIEF)
    text, dropped = drop_odd_hashtags(zh, "zh-CN", BRIEF)
    assert dropped == ["#水"] and odd_hashtag(text, "zh-CN", BRIEF) is None
    # five tags are within the limit; a tag the post does not say is kept (only a writer knows which to cut)
    five = "Fjell Bottle 하루 종일 차갑게. #Fjell #물병 #보온병 #캠핑 #여행"
    assert odd_hashtag(five, "ko-KR", BRIEF) is None and drop_odd_hashtags(five, "ko-KR", BRIEF) == (five, [])
    own = "Fjell Bottle 하루 종일. #Fjell #물병 #보온병 #캠핑 #여행 #등산"
    assert drop_odd_hashtags(own, "ko-KR", BRIEF) == (own, []) and "6 hashtags" in odd_hashtag(own, "ko-KR", BRIEF)


def test_the_q23_zh_post_loses_its_negated_facts_and_its_excess_tag_and_passes():
    from studio.generate.headlines import tidy_copy
    from studio.generate.post_copy import post_gates

    job = PlannedAsset(locale="zh-CN", kind="copy", channel="instagram", variant=0)
    post = ("一整天的冷水，无论你去哪里，Fjell Bottle都是你的好帮手。\n它能保持水在24小时内不冷，12小时内不热，重量轻，可洗碗机清洗，终身保修。\n"
            "价格29.99美元，选择它，让每一天都充满活力。\n#Fjell #保温杯 #一整天 #冷 #热 #水")
    assert {"grounded", "hashtag"} <= set(post_gates(post, job, BRIEF))
    text, meta = tidy_copy(post, job, BRIEF)
    assert "不冷" not in text and meta["hashtags_dropped"] == ["#水"]
    assert "grounded" in meta["stray_dropped"]["why"]
    assert post_gates(text, job, BRIEF) == {}


CLAIM_EXAMPLES = load_yaml_file(Path(__file__).parents[2] / "prompts" / CLAIM_WORDS_FILE)[0]["examples"]


@pytest.mark.parametrize("example", CLAIM_EXAMPLES, ids=[e["locale"] for e in CLAIM_EXAMPLES])
def test_a_claim_word_is_taken_out_with_the_comma_before_it(example):
    listed = [w for w in claim_words(example["locale"][:2]) if w in example["text"]]
    assert listed, "each example carries a listed word"
    assert without_word(example["text"], listed[0]) == example["without"]


def test_a_post_loses_a_listed_claim_word_only_when_the_rest_passes_every_gate():
    # q23b's th-TH post: 'ที่ดีที่สุด' (the best) failed unsupported_claim in the sentence that names the product, and
    # its repair, asked to leave the claim out, came back word for word
    post = "Fjell Bottle ขวดน้ำเก็บอุณหภูมิ 750 ml ที่ดีที่สุดในช่วงเช้าและกลางวัน คุณสามารถใช้งานได้ตลอดวันที่ผ่านไป!"
    job = _job("instagram", "th-TH")
    text, said = drop_claim_word(post, job, BRIEF)
    assert text == "Fjell Bottle ขวดน้ำเก็บอุณหภูมิ 750 ml ในช่วงเช้าและกลางวัน คุณสามารถใช้งานได้ตลอดวันที่ผ่านไป!"
    assert said["dropped"] == "ที่ดีที่สุด" and "unsupported_claim" not in said["why"] and "ดีที่สุด" in said["why"]
    assert not post_gates(text, job, BRIEF)
    # q23b's vi-VN post: 'bền vững' is taken out only where the rest passes; here English words stay, so nothing changes
    post = "Đồ uống lạnh cho cả ngày, anywhere you go.\nFjell Bottle: bình giữ nhiệt, không gỉ, bền vững.\n#Fjell"
    assert drop_claim_word(post, _job("instagram", "vi-VN"), BRIEF) == (post, None)
    # a post without a listed word is not read at all
    assert drop_claim_word("Fjell Bottle: nước lạnh cả ngày.", _job("instagram", "vi-VN"), BRIEF)[1] is None


def test_a_drafted_thai_post_is_published_without_its_claim_word_and_says_so(tmp_path, use_model, monkeypatch):
    post = "Fjell Bottle ขวดน้ำเก็บอุณหภูมิ 750 ml ที่ดีที่สุดในช่วงเช้าและกลางวัน คุณสามารถใช้งานได้ตลอดวันที่ผ่านไป!"
    drafted = _drafted(tmp_path, use_model, monkeypatch, post, "th-TH")
    assert "ดีที่สุด" not in drafted.text and drafted.text.startswith("Fjell Bottle ขวดน้ำเก็บอุณหภูมิ 750 ml ในช่วงเช้า")
    assert drafted.generation["claim_dropped"]["dropped"] == "ที่ดีที่สุด"
    assert drafted.generation["chosen"] == "candidate 1" and not drafted.generation.get("repairs")


def test_a_sentence_that_only_carries_a_claim_the_brief_does_not_make_is_dropped():
    from studio.generate.headlines import tidy_copy

    # q23f's de-DE post closed on 'Spülmaschinenfester Deckel garantiert.' (guaranteed); its repair dropped the name
    post = ("Sie brauchen kaltes Wasser den ganzen Tag?\nMit Fjell Bottle kann es für Sie sein!\nKeine Plastikflaschen "
            "mehr!\nSpülmaschinenfester Deckel garantiert.")
    job = _job("instagram", "de-DE")
    text, meta = tidy_copy(post, job, BRIEF)
    assert text == post.rsplit("\n", 1)[0] and meta["claim_sentence_dropped"]["dropped"] == "Spülmaschinenfester Deckel garantiert."
    assert "garantiert" in meta["claim_sentence_dropped"]["why"] and not post_gates(text, job, BRIEF)
    # the sentence that names the product is never dropped for its claim
    named = "The Fjell Bottle is the best bottle.\nCold water all day."
    assert drop_claim_sentence(named, _job("instagram"), BRIEF) == (named, None)
    # nor one where what remains fails a gate: fr-CA's post still says 'la journée' twice in its first sentence
    fr = ("Découvrez la fraîcheur toute la journée avec la Fjell Bottle - une bouteille isotherme à boire toute la "
          "journée sans avoir à la déplacer.\nL'insulter est la meilleure protection contre les froides.")
    assert drop_claim_sentence(fr, _job("instagram", "fr-CA"), BRIEF) == (fr, None)


def test_a_cut_sentence_is_dropped_whole_not_at_a_decimal_point():
    post = "Com a Fjell, bebidas geladas por 24 horas.\nPreço 29.99 USD, uma só garrafa em vez de"
    assert drop_cut_sentence(post, "pt-BR") == ("Com a Fjell, bebidas geladas por 24 horas.",
                                                "Preço 29.99 USD, uma só garrafa em vez de")


def test_words_written_on_after_the_closing_hashtags_are_dropped_when_the_rest_passes():
    from studio.generate.headlines import tidy_copy

    # drafts-posts23's ar-SA post: the bike example's line (dropped as stray) and a tag written as two words, which
    # publishes as '#معزولة' and a loose 'حراريًا'
    post = ("هل تبحث عن ماء مريح، مفتوح من طوال اليوم؟\nمع Fjell، تجد كل شيء مريح، حتى على طول اليوم.\n"
            "ثبّته على مقودك وعُد إلى بيتك مطمئنًا.\n#Fjell #غطاء #معزولة حراريًا")
    job = _job("instagram", "ar-SA")
    text, meta = tidy_copy(post, job, BRIEF)
    # (in a language other than the brief's, the tags are closed first, and the loose word goes with them)
    assert text.endswith("اليوم.\n#Fjell #غطاء #معزولة") and meta["tags_closed"] == {"dropped": ["حراريًا"]}
    assert "مقودك" in " ".join(meta["stray_dropped"]["dropped"]) and not post_gates(text, job, BRIEF)
    # a tag inside a sentence is the sentence's: nothing after it is dropped
    inline = "Cold water for 24 hours with the Fjell Bottle.\nStay cool with #Fjell all day"
    assert drop_words_after_tags(inline, _job("instagram"), BRIEF) == (inline, None)
    # nor when what remains would not pass (no product named outside the tags)
    bare = "Cold water all day.\n#Fjell #Bottle Fjell Bottle"
    assert drop_words_after_tags(bare, _job("instagram"), BRIEF) == (bare, None)


def test_a_sentence_the_sense_gate_quotes_as_the_prompts_is_dropped_when_the_rest_passes():
    # q23e's fr-FR post closed on a line the brief never says (online, available in France), which the sense gate read
    # as the prompt's own lines; its repair wrote it back
    post = ("Vous pourrez boire de l'eau fraîche toute la journée avec Fjell Bottle.\nFjell Bottle garde les boissons "
            "fraîches pendant 24 heures.\nFjell Bottle est en ligne et disponible en France.")
    job = _job("instagram", "fr-FR")
    assert "sense" in post_gates(post, job, BRIEF)
    text, said = drop_stray_sentences(post, job, BRIEF)
    assert said["dropped"] == ["Fjell Bottle est en ligne et disponible en France."] and "sense" in said["why"]
    assert "en ligne" not in text and not post_gates(text, job, BRIEF)
    # a post that says nothing the brief says fails as a whole: no sentence of it is dropped to pass
    thai = "สำหรับคุณที่ต้องการความเย็นในตอนค่ำ, ลองใช้ Fjell Bottle!\nFjell Bottle!"
    assert drop_stray_sentences(thai, _job("instagram", "th-TH"), BRIEF)[1] is None


def test_closing_hashtags_keep_only_tags_that_say_the_brief_or_the_post():
    # q23e's ar-SA post: tags written as two words, a made-up one, looping; it failed repetition on them alone
    post = ("هل تشعر بالرطوبة والتعب بعد الراحة من الطقس؟\nمع Fjell Bottle، تجد ماء بارد طوال اليوم، أينما أخذك يومك.\n"
            "#Fjell #صالة #كازن #كازن ماء #صالة ماء #صالة ماء طوال اليوم")
    job = _job("instagram", "ar-SA")
    assert "repetition" in post_gates(post, job, BRIEF)
    text, said = close_tags(post, job, BRIEF)
    assert text.endswith("أينما أخذك يومك.\n#Fjell") and not post_gates(text, job, BRIEF)
    assert "#كازن" in said["dropped"] and "#Fjell" not in said["dropped"]
    # a tag saying a word of the post is kept; a post that passes is left as written
    assert close_tags("Agua fría todo el día con Fjell Bottle.\n#Fjell #AguaFría #Agua #Agua #Zzq", _job(
        "instagram", "es-ES"), BRIEF)[0] == "Agua fría todo el día con Fjell Bottle.\n#Fjell #AguaFría #Agua"
    # in the brief's own language a post that passes keeps its real-word tags
    good = "Cold water all day with the Fjell Bottle.\n#Fjell #Hiking"
    assert close_tags(good, _job("instagram"), BRIEF) == (good, None)


def test_a_passing_post_in_another_language_keeps_only_tags_of_the_brief_or_the_post():
    # q23f's vi-VN post passed with a tag made up of common syllables ('#BìnhThayChoNhaTran'); nl-NL's with English
    # tags; ko-KR's with a fact as a tag ('#무게340g', weight 340 g) and a tag written as three words
    vi = ("Nước lạnh cả ngày, dù bạn đi đâu, với một chiếc bình thay cho hàng trăm chai nhựa.\nCó Fjell, nước lạnh "
          "luôn luôn.\n#Fjell #NướcLạnh #BìnhThayChoNhaTran")
    assert not post_gates(vi, _job("instagram", "vi-VN"), BRIEF)
    text, said = close_tags(vi, _job("instagram", "vi-VN"), BRIEF)
    assert text.endswith("luôn luôn.\n#Fjell #NướcLạnh") and said == {"dropped": ["#BìnhThayChoNhaTran"]}
    nl = "Koud water de hele dag, waar de dag je ook brengt. Eén fles in plaats van honderden plastic flessen. #Fjell #ColdWater #WaterBottle"
    assert close_tags(nl, _job("instagram", "nl-NL"), BRIEF)[0].endswith("flessen. #Fjell")
    ko = "하루 종일 차가운 물, Fjell Bottle. #Fjell #물 #무게340g #식기세척기 사용 가능"
    # ('#식기세척기', dishwasher, is the brief's word in Korean: kept)
    assert close_tags(ko, _job("instagram", "ko-KR"), BRIEF)[0] == "하루 종일 차가운 물, Fjell Bottle. #Fjell #물 #식기세척기"


SPLIT_EXAMPLES = load_yaml_file(Path(__file__).parents[2] / "prompts" / RUN_TOGETHER_FILE)[0]["examples"]


@pytest.mark.parametrize("example", SPLIT_EXAMPLES, ids=[f"{e['locale']}-{e['text'][:16]}" for e in SPLIT_EXAMPLES])
def test_a_word_run_into_a_listed_short_word_is_split(example):
    text, split = split_run_together(example["text"], example["locale"], BRIEF)
    assert text == example["split"]
    assert bool(split) == (text != example["text"])
    if split:
        assert "words" in copy_gates(example["text"], "instagram", example["locale"], BRIEF)
        assert "words" not in copy_gates(text, "instagram", example["locale"], BRIEF)


def test_a_word_list_that_yaml_reads_as_something_else_names_its_file_and_line(tmp_path):
    """A prompt file's word list is validated at load (prompt_words.language_words): an unquoted 'no' or 'on' is a
    boolean to YAML, and a list holding one is an error that names the line, not a word 'False' nobody wrote."""
    from studio.core.errors import StudioError
    from studio.generate.prompt_words import _language_words

    path = tmp_path / RUN_TOGETHER_FILE
    path.write_text("# short words\nwords:\n  de: [im, in]\n  pt: [em, no, na]\n", encoding="utf-8")
    with pytest.raises(StudioError) as err:
        _language_words(str(path), path.stat().st_mtime, "words")
    assert f"{path}:4" in str(err.value) and "words.pt" in str(err.value)
    path.write_text("# short words\nwords:\n  de: [im, in]\n  pt: [em, 'no', na]\n", encoding="utf-8")
    assert _language_words(str(path), path.stat().st_mtime + 1, "words")["pt"] == ("em", "no", "na")


def test_a_post_is_assembled_from_the_locales_own_words_where_they_say_the_brief():
    text, said = assemble_post(_job("instagram", "es-ES"), BRIEF)
    assert text == ("Agua fría todo el día, allá donde te lleve el día.\nFjell Bottle mantiene las bebidas frías durante "
                    "24 horas y calientes durante 12 horas.\n#Fjell")
    assert said == {"key_message": "Cold water all day, wherever the day takes you",
                    "fact": "Keeps drinks cold for 24 hours and hot for 12 hours"}
    # fr's first key message once said 'la journée' twice ('toute la journée, où que la journée vous mène': the
    # repetition gate failed every post saying it, make demo's fr-FR post among them); now 'où que vous alliez'
    assert assemble_post(_job("instagram", "fr-FR"), BRIEF)[0].startswith("Eau fraîche toute la journée, où que vous alliez.")
    # pl says what it does in its own words (drafts-facts29's phrases), its plural of 'hours' by the number
    assert assemble_post(_job("instagram", "pl-PL"), BRIEF)[0] == (
        "Zimna woda cały dzień, dokądkolwiek zabierze cię dzień.\nFjell Bottle utrzymuje napoje zimne przez 24 godziny "
        "i gorące przez 12 godzin.\n#Fjell")
    # a brief whose facts say nothing the product does: the weight, after the name and a colon
    still = BRIEF.model_copy(deep=True)
    still.product.facts = [f for f in still.product.facts if not f.startswith("Keeps")]
    still.product.claims = [c for c in still.product.claims if not c.text.startswith("Keeps")]
    assert assemble_post(_job("instagram", "pl-PL"), still)[0] == (
        "Zimna woda cały dzień, dokądkolwiek zabierze cię dzień.\nFjell Bottle: 750 ml, waży 340 g.\n#Fjell")
    # Turkish lower case after the name is the dotless/dotted pair ('İçecekleri' -> 'içecekleri', never 'i̇çecekleri'),
    # Japanese ends its sentences with '。' and joins the name with the topic particle
    tr = assemble_post(_job("instagram", "tr-TR"), BRIEF)[0]
    assert "Fjell Bottle içecekleri 24 saat soğuk" in tr and "\u0307" not in tr
    ja = assemble_post(_job("instagram", "ja-JP"), BRIEF)[0]
    assert "Fjell Bottleは飲み物を" in ja and ja.splitlines()[0].endswith("。") and "." not in ja
    # hi and th (drafts-hi30): Hindi ends its sentences with the danda, Thai with no mark; Thai says 'keeps' once
    # ('เก็บความเย็น... และเก็บความร้อน...' failed the repetition gate and th fell back to the shorter claim)
    assert assemble_post(_job("instagram", "hi-IN"), BRIEF)[0] == (
        "दिन भर ठंडा पानी, आप जहाँ भी जाएँ।\nFjell Bottle पेय को 24 घंटे ठंडा और 12 घंटे गरम रखती है।\n#Fjell")
    th = assemble_post(_job("instagram", "th-TH"), BRIEF)
    assert th[0] == ("น้ำเย็นตลอดวัน, ไม่ว่าคุณจะไปที่ไหน\nFjell Bottle เก็บเครื่องดื่มให้เย็นได้นาน 24 ชั่วโมง และร้อนได้นาน "
                     "12 ชั่วโมง\n#Fjell") and th[1]["fact"] == "Keeps drinks cold for 24 hours and hot for 12 hours"
    # a brief whose key messages no words of the locale say whole: nothing is assembled
    unsaid = BRIEF.model_copy(update={"key_messages": ["Your summer, sorted"]})
    assert assemble_post(_job("instagram", "th-TH"), unsaid) is None


NOTHING_OF_THE_BRIEF = {"es-ES": "Para ti que quieres frescor por la noche, ¡prueba Fjell Bottle!",
                        "th-TH": "สำหรับคุณที่ต้องการความเย็นในตอนค่ำ, ลองใช้ Fjell Bottle!"}


def test_a_drafted_post_that_says_nothing_of_the_brief_is_assembled_and_says_so(tmp_path, use_model, monkeypatch):
    # q23e's th-TH post (here in Spanish): for you who want coolness in the evening, try Fjell Bottle; its repair too
    post = _drafted(tmp_path, use_model, monkeypatch, NOTHING_OF_THE_BRIEF["es-ES"], locale="es-ES")
    assert post.text.startswith("Agua fría todo el día") and "Fjell Bottle mantiene" in post.text
    made = post.generation["assembled"]
    assert made["from"].startswith(NOTHING_OF_THE_BRIEF["es-ES"]) and "says nothing the brief says" in made["why"]
    assert any("the post is assembled" in p for p in post.generation["problems"])  # on the asset page
    assert not post_gates(strip_ai_label(post.text, "es-ES"), _job("instagram", "es-ES"), BRIEF)


def test_a_drafted_post_that_never_names_the_product_is_assembled_and_says_so(tmp_path, use_model, monkeypatch):
    # q23f's pt-BR post, a question alone that names no product ('have you ever thought of enjoying ice-cold water all
    # day?'); its repair asked 'what is the best option for you?'
    question = "Você já pensou em aproveitar a água gelada o dia todo?"
    assert "on_topic" in post_gates(question, _job("instagram", "pt-BR"), BRIEF)
    post = _drafted(tmp_path, use_model, monkeypatch, question, locale="pt-BR")
    assert post.text.startswith("Água gelada o dia todo") and "Fjell Bottle mantém" in post.text
    made = post.generation["assembled"]
    assert made["from"].startswith(question) and made["gate"] == "on_topic"
    assert any("named the product" in p for p in post.generation["problems"])
    assert not post_gates(strip_ai_label(post.text, "pt-BR"), _job("instagram", "pt-BR"), BRIEF)


def test_a_sentence_far_from_the_brief_is_dropped_when_the_rest_says_it():
    # q23g's fr-FR post (passed every gate): 'enjoy sharing your tips online or on your social networks'
    job = _job("instagram", "fr-FR")
    post = ("Eau fraîche toute la journée, où que vous alliez ?\nUne seule gourde au lieu de centaines de bouteilles en "
            "plastique.\nFaites-vous plaisir à partager vos conseils en ligne ou sur vos réseaux sociaux.\n#Fjell")
    text, said = drop_off_brief_sentence(post, job, BRIEF)
    assert text == post.replace("Faites-vous plaisir à partager vos conseils en ligne ou sur vos réseaux sociaux.\n", "")
    assert said["dropped"][0].startswith("Faites-vous plaisir")
    # a hook that asks (pt-BR 'will it be hot or cold?') and filler near the brief stay
    hook = ("Vai ficar quente ou gelado? Fjell Bottle, garrafa térmica de aço inoxidável, mantém as bebidas geladas o dia "
            "todo. #Fjell")
    assert drop_off_brief_sentence(hook, _job("instagram", "pt-BR"), BRIEF) == (hook, None)
    filler = "Cold water all day with the Fjell Bottle. Perfect for any trip, whether you're hiking or cycling. #Fjell"
    assert drop_off_brief_sentence(filler, _job("instagram", "en-IN"), BRIEF) == (filler, None)
    # the sentence is never dropped when the rest would fail a gate or say nothing: a post of it alone stays
    alone = "Faites-vous plaisir à partager vos conseils en ligne ou sur vos réseaux sociaux. #Fjell"
    assert drop_off_brief_sentence(alone, job, BRIEF) == (alone, None)


# q23g's posts that read wrong in a sentence the post cannot lose, written back word for word by their repairs
READS_WRONG = [
    ("de-DE", "words", "Mit Fjell Bottle können Sie den ganzen Tag kaltes Wasser hälten, wohin der Tag Sie auch führt. "
                       "Eine Flasche statt Hunderter Plastikflaschen. #Fjell #KaltesWasser #Trinkflasche",
     "Kaltes Wasser den ganzen Tag"),
    ("ja-JP", "instead", "一日中冷たい水、どこへ出かけても\nFjell Bottleの代わりに、ボトルひとつ\n#Fjell #保温 #保冷",
     "一日中冷たい水、どこへ出かけても。"),
    ("tr-TR", "grounded", "Fjell Bottle, 12 saat sıcak tutar ve 750 ml ağırlığı olan paslanmaz çelik yalıtımlı su şişesi. "
                          "#Fjell", "Soğuk su gün boyu"),
]


@pytest.mark.parametrize("locale,gate,reply,opens", READS_WRONG, ids=[r[0] for r in READS_WRONG])
def test_a_drafted_post_that_still_reads_wrong_after_its_repair_is_assembled(tmp_path, use_model, monkeypatch, locale,
                                                                              gate, reply, opens):
    assert gate in post_gates(reply, _job("instagram", locale), BRIEF)
    post = _drafted(tmp_path, use_model, monkeypatch, reply, locale=locale)
    assert post.text.startswith(opens) and "Fjell Bottle" in post.text
    made = post.generation["assembled"]
    assert made["from"].startswith(reply[:20]) and made["gate"] == gate
    assert any("the post is assembled" in p and f"({gate} gate)" in p for p in post.generation["problems"])
    assert not post_gates(strip_ai_label(post.text, locale), _job("instagram", locale), BRIEF)


def test_a_post_the_locales_words_cannot_assemble_keeps_the_models_text(tmp_path, use_model, monkeypatch):
    unsaid = BRIEF.model_copy(update={"key_messages": ["Your summer, sorted"]})  # th's words say no key message whole
    post = _drafted(tmp_path, use_model, monkeypatch, NOTHING_OF_THE_BRIEF["th-TH"], locale="th-TH", brief=unsaid)
    assert post.text.startswith(NOTHING_OF_THE_BRIEF["th-TH"]) and "assembled" not in post.generation
