"""Repairs of ad copy on the CPU default's failure modes (issue 10): a headline over the limit is asked
again in the locale's language with its count and the limit, as five options; a repair that echoes the
repair request ("Schreibe diesen Entwurf neu ...", what a de-DE Instagram post came back as) is never
kept; every option of every reply competes when the picked one still has a problem."""

from __future__ import annotations

import pytest
from sqlmodel import select

from studio.generate.echoes import copied_example
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset, FindingRow
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401
from tests.helpers.said_headlines import without_said_headlines

BRIEF = load_brief("examples/campaign.yaml")
HARD = load_brief("examples/campaign_hard.yaml")  # Lumo Daily Cream: the tea's Brio is its example product
LONG_DE = "Fjell Trinkflasche hält Getränke den ganzen Tag kalt"  # 52 characters; the headline allows 30


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


def assets(db_url, locale, channel):
    with session_scope(db_url) as s:
        found = s.exec(select(Asset).where(Asset.locale == locale, Asset.channel == channel).order_by(Asset.variant)).all()
        return [(a, s.exec(select(FindingRow).where(FindingRow.asset_id == a.id)).all()) for a in found]


def repairs(model):
    return [p for call in model.calls for p in call if p.is_repair]


def test_a_long_german_headline_is_quoted_in_german_with_count_and_limit_and_asked_to_be_cut(db_url, use_model, monkeypatch):
    """Asked "write it shorter", a 1.5B model writes a new line as long as the first; the repair quotes the
    over-long option with its length, the characters over the limit, and asks for it cut to what fits (the
    brand and a few words), then for five cut versions of the brand and a few words within the limit."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    options = f"1. {LONG_DE}\n2. Fjell: 24 Stunden kalt\n3. Fjell"
    model = use_model(QueuedTextModel(lambda p: options if p.is_repair else LONG_DE))
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    (asset, findings), _ = assets(db_url, "de-DE", "google_ads_headline")
    assert asset.text == "Fjell: 24 Stunden kalt" and "builtin.length" not in {f.rule for f in findings}
    fix = next(p for p in repairs(model) if "Google Ads" in p.history[0][0])
    assert f"„{LONG_DE}“ hat 52 Zeichen, 22 zu viele (erlaubt sind 30). Kürze es auf Fjell und 2–3 Wörter" in fix.user
    assert "behalte die Hauptaussage, lass den Rest weg." in fix.user
    assert fix.user.rstrip().endswith("Gib fünf gekürzte Fassungen, eine pro Zeile, jede Fjell und 2–3 Wörter, höchstens 30 Zeichen.")
    assert fix.user.startswith("Schreibe diesen Entwurf neu") and fix.prefill == "1."
    assert fix.history[-1][1] == LONG_DE  # the draft is the model's own turn


def test_a_long_post_is_told_its_length_not_quoted():
    """A post is one text, not options: its repair names the count and the limit without quoting it back."""
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(kind="copy", channel="x", locale="de-DE", variant=0)
    long_post = "Fjell Trinkflasche: " + "kalt und leicht, " * 20
    cand = Candidate("candidate 1", long_post, long_post, {}, gates={"length": "over"})
    said = repair_problems(cand, job, BRIEF)
    assert said[0].startswith("Der Text hat") and long_post not in said[0]


def test_a_japanese_headline_is_told_its_length_in_the_characters_the_prompt_named(db_url, use_model, monkeypatch):
    """Google counts a Japanese character twice; the prompt asked for 15 characters, so the repair says
    20 of 15 and 5 over, not 39 of 30, and asks for the brand and the characters left after it (each
    Japanese letter one)."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    long_ja = "Fjellボトルで一日中冷たい水がどこへでも"  # 'が': up to 'を' the line would be cut (leading_options)
    model = use_model(QueuedTextModel(lambda p: "1. Fjellで冷たい水" if p.is_repair else long_ja))
    run_brief(BRIEF, db_url=db_url, locales=["ja-JP"], kinds=["copy"])
    fix = next(p for p in repairs(model) if p.history[-1][1] == long_ja)
    assert "「Fjellボトルで一日中冷たい水がどこへでも」は20文字で、上限の15文字より5文字多いです。" in fix.user
    assert "Fjellと11文字以内に削ってください" in fix.user


def test_a_repair_that_echoes_the_german_request_is_never_kept(db_url, use_model, monkeypatch):
    """The echo invents nothing and has no finding, so by score it beat the post with an invented
    number; it is no ad, and is never kept: the post with the invented number is the best, and since it still says a
    figure the brief does not (grounded), it is assembled from the locale's words with the model's post kept in the
    meta (drafts-posts31; before, the post with its problem for a writer stayed)."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    invented = "Die Fjell Trinkflasche hält Wasser 48 Stunden kalt, auf jeder Wanderung. #Fjell (KI-generiert)"
    echo = "Schreibe diesen Entwurf neu und behebe diese Probleme: Die Fjell Trinkflasche hält Wasser kalt."
    use_model(QueuedTextModel(lambda p: echo if p.is_repair else invented))
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    [(post, _)] = assets(db_url, "de-DE", "instagram")
    assert "Schreibe" not in post.text and "48" not in post.text and "Fjell Bottle hält Getränke" in post.text
    assert post.generation["assembled"]["from"] == invented and post.generation["assembled"]["gate"] == "grounded"
    [repair] = post.generation["repairs"]
    assert repair["text"] == f"{echo} (KI-generiert)" and not repair["kept"]  # the label is appended, not written
    assert repair["failed"]["copied"].startswith("the draft repeats the prompt's instruction")


@pytest.mark.parametrize("text,locale", [
    # the repair request read back as the draft
    ("Der Text hat 41 Zeichen; erlaubt sind höchstens 30 Zeichen.", "de-DE"),
    ("It is 44 characters long; the limit is 30 characters. Write it shorter.", "en-GB"),
    ("Fjell: Rewrite this draft and fix these problems", "en-US"),
    # seen in `make demo` on cpu: the instruction reworded after four words, kept as the de-DE post
    ("Schreibe auf Deutsch für Kunden und Kunden in Deutschland. Ich gebe dir einen neuen Werbetext für Fjell.", "de-DE"),
    # the en-US post that ended on the channel guidance of the prompt template
    ("Fjell Bottle: Keep Cold Water All Day. #Fjell **Hook in the first line; a few relevant hashtags", "en-US"),
    ("日本のお客様に向けて、日本語で書きます。Fjellボトル。", "ja-JP"),
])
def test_a_draft_that_repeats_the_prompts_instruction_or_the_repair_request_is_an_echo(text, locale):
    [why] = copied_example(text, locale, BRIEF)
    assert "repeats the prompt's instruction" in why


def test_a_german_headline_about_the_limit_is_no_echo():
    assert copied_example("Fjell: 24 Stunden kalt, ohne Limit", "de-DE", BRIEF) == []


def test_every_option_of_every_reply_competes_when_the_picked_one_has_a_block_finding(db_url, use_model, monkeypatch):
    """Each reply picks by the gates alone, so it takes the longest option that fits; here that one has a
    block finding, and the shorter option of the same reply without one wins."""
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    use_model(QueuedTextModel(lambda p: "1. Jedem das Seine: Fjell kalt\n2. Fjell: 24 Stunden kalt"))
    run_brief(BRIEF, db_url=db_url, locales=["de-DE"], kinds=["copy"])
    for asset, findings in assets(db_url, "de-DE", "google_ads_headline"):
        assert asset.text == "Fjell: 24 Stunden kalt" and not [f for f in findings if f.severity == "block"]
        assert ", option 2" in asset.generation["chosen"]
        assert "Jedem das Seine" in asset.generation["picked_from"]  # the reviewer sees where it came from


def test_a_last_option_cut_mid_word_is_never_an_option_though_the_reply_was_short():
    """'Fjell : une gour' fits 30 characters and fails no other gate; the French list ran out of tokens
    below the byte estimate, so the cut shows only in the word: it starts 'gourde' of the lines above."""
    from studio.generate.headlines import copy_options

    cut = "1. Fjell : une gourde froide\n2. Fjell : une gourde légère\n3. Fjell : une gour"
    assert copy_options("", cut) == ["Fjell : une gourde froide", "Fjell : une gourde légère"]
    whole = "1. Fjell : froide toute la journée\n2. Fjell : froide"  # 'froide' is whole: kept
    assert copy_options("", whole) == ["Fjell : froide toute la journée", "Fjell : froide"]


def test_a_repair_is_the_next_turn_of_the_chat_for_every_backend_and_its_own_cache_entry():
    from studio.generate.base import chat_messages
    from studio.generate.cache import result_key
    from studio.generate.llamacpp import prompt_seeds
    from studio.generate.profiles import load_profile
    from studio.generate.prompts import ChatPrompt, render, render_copy_repair

    task = render("copy", brief=BRIEF, locale="de-DE", channel="google_ads_headline")
    fix = render_copy_repair(task, locale="de-DE", draft=LONG_DE, problems=["Der Text hat 52 Zeichen."])
    roles = [(m["role"], m["content"]) for m in chat_messages(fix)]
    assert roles == [("system", task.system), ("user", task.user), ("assistant", LONG_DE), ("user", fix.user)]
    spec = load_profile("cpu").require("text")
    other = ChatPrompt(fix.system, fix.user, fix.prefill, history=((task.user, "Fjell: kalt"),))
    assert result_key(spec, fix, {}) != result_key(spec, other, {})  # another draft, another answer
    assert prompt_seeds([fix, other], 1)[0] != prompt_seeds([fix, other], 1)[1]
    assert [m["role"] for m in chat_messages(task)] == ["system", "user"]  # a first prompt is as before


@pytest.mark.parametrize("text,locale", [
    ("Fjell folds flat, so it can be packed anywhere.", "en-US"),  # four words of a template line, not five
    ("Fjell Trinkflasche: 24 Stunden kalt für alle Kundinnen und Kunden.", "de-DE"),
    ("Fjellボトルで、朝から夜まで冷たい。", "ja-JP"),
    ("Commencez la journée en douceur avec une gourde Fjell. #Fjell", "fr-FR"),
])
def test_copy_that_shares_a_few_words_with_the_prompt_is_no_echo(text, locale):
    assert copied_example(text, locale, BRIEF) == []


@pytest.mark.parametrize("text,locale,run", [
    ("Gourde Fjell : visible la nuit", "fr-FR", "visible la nuit"),  # the demo's fr-FR headline (the bike light's)
    ("Your Fjell, seen on every ride", "en-US", "seen on every ride"),
    ("Fjell Bottleなら夜道も安心", "ja-JP", "夜道も安心"),
    ("Fjell Trinkflasche: ruhig in den Tag", "de-DE", "ruhig in den tag"),
    ("Fjell Bottle, una luce per bici ricaricabile, offre il suo servizio.", "it-IT", "una luce per bici ricaricabile"),
    # a headline repair's lines (drafts-copy11b): the bike light's two-word claim after the bottle's own words
    ("Butelka Fjell – widoczny nocą", "pl-PL", "widoczny nocą"),
    ("Bình Fjell: nổi bật trong đêm", "vi-VN", "nổi bật trong đêm"),
])
def test_a_draft_that_keeps_a_worked_examples_words_around_its_own_name_copied_it(text, locale, run):
    [why] = copied_example(text, locale, BRIEF)
    assert f"reuses {run!r} of the worked example" in why


@pytest.mark.parametrize("text,locale,brief,said", [
    # h47a's hi-IN SMS for the cream: the tea's Brio in Devanagari, "briyu" (a 'u' for its 'o'); it passed every gate
    ("विज्ञापन: ब्रियू: Lumo पाठक को रूखी त्वचा के लिए खुशबू रहित फ़ेस क्रीम", "hi-IN", HARD, "ब्रियू"),
    ("ब्रियो ग्रीन टी के साथ सुबह", "hi-IN", HARD, "ब्रियो"),
    ("ブリオの緑茶で、静かな朝", "ja-JP", HARD, "ブリオ"),
    ("브리오는 하루 종일 촉촉해요", "ko-KR", HARD, "브리오"),
    ("كريم بريو للبشرة الجافة", "ar-SA", HARD, "بريو"),  # و writes ō as ū: "briu"
    ("ครีมบริโอ้ช่วยให้ผิวชุ่มชื้น", "th-TH", HARD, "บริโอ"),
    ("布里奥面霜，滋润一整天", "zh-CN", HARD, "布里奥"),
    # the bike light's Lumo is a Fjell brief's example product
    ("ルモのボトルで一日中冷たい", "ja-JP", BRIEF, "ルモ"),
    ("루모 보틀로 하루 종일 시원하게", "ko-KR", BRIEF, "루모"),
    ("لومو تحافظ على برودة الماء", "ar-AE", BRIEF, "لومو"),
    ("卢莫水瓶，全天保冷", "zh-CN", BRIEF, "卢莫"),
])
def test_a_draft_that_writes_the_worked_examples_product_in_another_script_copied_it(text, locale, brief, said):
    [why] = copied_example(text, locale, brief)
    # the word first: the repair request in the locale's language quotes it (repair_lines.yaml `copied`)
    assert why.startswith(f"the draft writes {said!r}, that is ") and "worked example's product" in why


@pytest.mark.parametrize("text,locale,brief", [
    ("ビールで乾杯、Lumoで潤う肌", "ja-JP", HARD),  # beer, "biiru": b-r and an 'i', its 'u' a katakana ending
    ("여행 브이로그, Lumo와 함께", "ko-KR", HARD),  # vlog, "beuilo": its 'i' after the b, Brio's after b-r
    ("比如说，Lumo面霜很温和", "zh-CN", HARD),  # for example, "biru": a Han 'u' is no 'o'
    ("Lumo: كريم بلا عطر", "ar-SA", HARD),  # without, "bla": no long vowel written for Brio's 'i' and 'o'
    ("بيرة", "ar-AE", HARD),  # beer: ends on its consonant
    ("บริการดีจาก Lumo", "th-TH", HARD),  # service, "bri-kan"
    ("ลูกค้าชอบ Fjell", "th-TH", BRIEF),  # customer, "luk-kha"
    ("เรียนกับครูมืออาชีพ ดื่มน้ำจาก Fjell", "th-TH", BRIEF),  # a professional teacher: 'รูมืออ' cut before its vowel
    ("ルームでもFjell", "ja-JP", BRIEF),  # room, "ruumu"
    ("हर दिन Fjell, बुरा नहीं", "hi-IN", BRIEF),  # not bad, "bura"
    ("Fjell के साथ रूमाल भी", "hi-IN", BRIEF),  # handkerchief, "rumal": ends on its consonant
])
def test_ordinary_words_with_the_worked_examples_products_sounds_are_no_copy(text, locale, brief):
    assert copied_example(text, locale, brief) == []


@pytest.mark.parametrize("text,locale", [
    ("Fjell : visible partout, fraîche la nuit", "fr-FR"),  # two of the example's words, not its run
    ("Fjell: seen on the trail", "en-US"),
    ("Fjellで、夜も安心", "ja-JP"),
    ("Fjell: zimna woda nocą i dniem", "pl-PL"),  # one word of the bike light's claim
])
def test_a_few_words_of_the_worked_example_are_no_copy(text, locale):
    assert copied_example(text, locale, BRIEF) == []


def test_a_post_whose_hashtags_loop_fails_the_repetition_gate():
    from studio.generate.gates import copy_gates

    looped = ("Commencez la journée en douceur avec une gourde Fjell. #Fjell #Gourde #StayWarm #StayHydrated "
              "#StaySafe #StayWarm #StayHydrated")
    assert copy_gates(looped, "instagram", "fr-FR", BRIEF)["repetition"] == "repeats the hashtag #StayWarm"
    once = "Commencez la journée en douceur avec une gourde Fjell. #Fjell #Gourde #StayWarm"
    assert "repetition" not in copy_gates(once, "instagram", "fr-FR", BRIEF)


@pytest.mark.parametrize("text, gate", [("Fjell: la gourde qui brille comme Lumo la nuit. #Fjell", "copied"),
                                        ("Vous rentrez à vélo une fois la nuit tombée ? Avec Fjell, on vous voit de loin. #Fjell", "copied"),
                                        ("Fjell garde l'eau froide 24 heures. #Fjell #Vélo", "example_product")])
def test_a_post_that_carries_over_the_second_example_fails_its_gate(text, gate):
    from studio.generate.gates import copy_gates

    assert gate in copy_gates(text, "instagram", "fr-FR", BRIEF)


def _instagram(prompt) -> bool:
    return "Instagram" in (prompt.history[0][0] if prompt.is_repair and prompt.history else prompt.user)


def test_a_post_with_the_worked_examples_hashtags_is_asked_to_leave_them_all_out(db_url, use_model):
    """Told of one hashtag of the worked example (#InBici), the it-IT repair ran the other into a new one
    (#Lumobici); the repair names every hashtag of the example's product, and the fixed post is kept. #Lumo, the
    example's brand and no French word, is dropped before the gates; #Vélo is French, so the
    repair names it."""
    retold = "De l'eau fraîche toute la journée avec la gourde Fjell. #Lumo #Vélo"
    fixed = "De l'eau fraîche toute la journée avec la gourde Fjell. #Fjell #Gourde"
    model = use_model(QueuedTextModel(lambda p: (fixed if p.is_repair else retold) if _instagram(p)
                                      else "1. Fjell : l'eau fraîche"))
    run_brief(BRIEF, db_url=db_url, locales=["fr-FR"], kinds=["copy"])
    [(post, _)] = assets(db_url, "fr-FR", "instagram")
    fix = next(p for p in repairs(model) if _instagram(p))
    assert "Leave out #Vélo: they are the worked example's hashtags" in fix.user and "#Lumo" not in fix.user
    assert "such as #Fjell" in fix.user
    assert post.text == f"{fixed} (Généré par IA)" and post.generation["chosen"] == "repair 1"
    assert all("#Lumo" not in c["text"] for c in post.generation["candidates"])


@pytest.mark.parametrize("semantic", [True, False])
def test_a_post_that_passes_every_gate_is_not_repaired_for_a_semantic_warn_alone(db_url, use_model, monkeypatch, semantic):
    """A semantic warn is a similarity to a bank's examples, not a quote of what is wrong: asked to fix one,
    the model gave the de-DE and fr-FR posts back word for word. Such a post goes to review with its warn and
    no repair reply; a warn that says what is wrong (no similarity margin) is still repaired."""
    import studio.checks.engine as engine_module
    from studio.checks.finding import Finding

    post = "Meet the Fjell Bottle: cold water all day, wherever the day takes you. #Fjell #WaterBottle"
    real = engine_module.get_check_engine()

    class Engine:
        def __getattr__(self, name):
            return getattr(real, name)

        def check_many(self, items):
            items = list(items)
            warn = Finding(rule="concept.religion.religious_mockery", category="religion", severity="warn",
                           message="Mocks a faith.", margin=0.02 if semantic else None)
            return [found + ([warn] if item.text.startswith("Meet the") else [])
                    for item, found in zip(items, real.check_many(items))]

    monkeypatch.setattr(engine_module, "get_check_engine", lambda *a, **k: Engine())
    model = use_model(QueuedTextModel(lambda p: post if _instagram(p) else "1. Fjell: cold water all day"))
    run_brief(BRIEF, db_url=db_url, locales=["en-US"], kinds=["copy"])
    [(asset, findings)] = assets(db_url, "en-US", "instagram")
    assert asset.text == f"{post} (AI-generated)" and "concept.religion.religious_mockery" in {f.rule for f in findings}
    asked_again = [p for p in repairs(model) if _instagram(p)]
    assert (asked_again == []) is semantic
    assert (asset.generation["repairs"] == []) is semantic


def test_a_post_that_runs_on_with_hashtags_fails_the_hashtag_gate():
    """Asked for two or three hashtags, the 1.5B model ran on into a list cut by its token budget; each
    hashtag reads as words and none repeats, so it passed every gate (it-IT, drafts-post7's baseline)."""
    from studio.generate.gates import copy_gates

    ran_on = ("Acqua fresca per tutta la giornata con la bottiglia Fjell. #Fjell #Montagna #MontagnaEstate "
              "#MontagnaSera #MontagnaMattina #MontagnaLago #MontagnaSentiero #MontagnaPer")
    assert copy_gates(ran_on, "instagram", "it-IT", BRIEF)["hashtag"].startswith("has 8 hashtags")
    kept = "Acqua fresca per tutta la giornata con la bottiglia Fjell. #Fjell #Montagna #Borraccia"
    assert "hashtag" not in copy_gates(kept, "instagram", "it-IT", BRIEF)


@pytest.mark.parametrize("text, cut", [
    ("Con Fjell tienes agua fría todo el día. ¡Descúbrela", True),  # the token budget ran out after "¡"
    ("Agua fría allá donde vayas. ¿Te apuntas", True),
    ("Agua fría allá donde vayas. ¡Descúbrela!", False),
    ("¿Calor en la ruta? Agua fría con Fjell todo el día. Pruébala ya", False),
])
def test_a_spanish_post_that_opens_an_exclamation_or_question_it_never_closes_was_cut(text, cut):
    from studio.generate.gates import copy_gates

    assert ("unfinished" in copy_gates(text, "instagram", "es-ES", BRIEF)) is cut


def test_a_chinese_headline_launched_on_a_sensitive_date_is_not_repaired_for_the_date(db_url, use_model, monkeypatch):
    """The sample brief publishes on 4 June: every zh-CN draft carries the calendar warn (a date, not a span of the
    text). No rewrite fixes a date, so a draft that passes every gate goes to review with its warn and costs no
    repair reply (every zh-CN draft had been repaired, the repair asked to "avoid launches, candles")."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    headline = "1. Fjell，24小时保冷"
    model = use_model(QueuedTextModel(lambda p: headline))
    brief = type(BRIEF).model_validate({**BRIEF.model_dump(), "locales": [*BRIEF.locales, "zh-CN"]})
    run_brief(brief, db_url=db_url, locales=["zh-CN"], kinds=["copy"])
    (asset, findings), _ = assets(db_url, "zh-CN", "google_ads_headline")
    assert asset.text.startswith("Fjell，24小时保冷") and "zh.calendar.sensitive" in {f.rule for f in findings}
    assert [p for p in repairs(model) if "Google Ads" in p.history[0][0]] == []
    assert asset.generation["repairs"] == []


@pytest.mark.parametrize("locale, channel, text, asked", [
    # the ja-JP post whose repair came back as the English problem list ("It has English words in Japanese copy ...")
    ("ja-JP", "instagram", "750 mlの水筒で、 dishwasher機対応のステンレス水筒です。Fjell Bottle",
     "次の英語は日本語で書いてください：“dishwasher” → “食洗機対応”。"),
    ("vi-VN", "google_ads_headline", "Fjell: One Bottle, One Day",
     "Hãy viết các từ tiếng Anh này bằng tiếng Việt: “One”, “Bottle” → “bình”."),
    ("zh-CN", "google_ads_headline", "冷水一杯，每一天", "请在文案中写出Fjell，并说明Fjell给读者带来的好处。"),
])
def test_english_words_and_a_missing_brand_are_asked_in_the_locales_language_with_its_words(locale, channel, text, asked):
    """A repair asked in English about English words came back as English (the ja-JP post repeated the problem list);
    asked in the language, with the locale's word for each English one (prompts/examples words), the model has the
    word to write. The English lines for the same problems are not asked as well."""
    from studio.generate.candidates import Candidate
    from studio.generate.gates import copy_gates
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    gates = copy_gates(text, channel, locale, BRIEF)
    said = repair_problems(Candidate("candidate 1", text, text, {}, gates=gates),
                           PlannedAsset(kind="copy", channel=channel, locale=locale, variant=0), BRIEF)
    assert asked in said
    assert not any(line.startswith(("It has English", "It is not an ad")) for line in said)


@pytest.mark.parametrize("text, locale, echo", [
    ("Fjellの名前を含めて、冷たい水を飲むと、一日中、あなたの心を温かくします。", "ja-JP", True),  # drafts-copy11, after
    ("Nenne Fjell im Text: kalt für 24 Stunden", "de-DE", True),
    ("Fjellで、一日中冷たい水", "ja-JP", False),
    ("Fjell: kalt für 24 Stunden, im Rucksack", "de-DE", False),
])
def test_a_draft_that_repeats_the_request_for_the_brand_is_an_echo(text, locale, echo):
    """The repair asks in the language for the brand by name ("文の中にFjellの名前を入れ ..."); a reply that says the
    request back ("Fjellの名前を含めて") echoed it, and an echo is never kept."""
    said = copied_example(text, locale, BRIEF)
    assert bool(said and said[0].startswith("the draft repeats the prompt's instruction")) is echo


BRANDLESS_OR_LONG = {  # one reply each: a brandless line that fits, a branded line over the limit, a brandless short one
    # no 'を' in ja's lines: up to that particle a line would be cut to fit (leading_options)
    "ja-JP": ("一日中、どこへでも冷たい水", "Fjellボトルで一日中ずっと冷たい水が飲める", "冷たさ長持ち"),
    "zh-CN": ("全天保冷随身带", "Fjell保温瓶让你的饮料全天保持冰爽", "冰爽一整天"),
}


@pytest.mark.parametrize("locale", sorted(BRANDLESS_OR_LONG))
def test_a_headline_option_that_names_the_brand_is_picked_over_a_brandless_one_that_fits(locale):
    """The most common cpu failure (drafts-copy11): a ja-JP or zh-CN reply's branded line was a few characters too
    long, and the picker took a brandless line that fit. A line without the brand fails on_topic for good: it is
    never picked as written. Where a brandless line fits after the brand in the market's punctuation ("Fjell："),
    that composed line is picked (every gate passed), recorded as composed; the branded line is never cut."""
    from studio.generate.headlines import clean_copy, pick_made
    from studio.plan.brief import PlannedAsset

    fits, branded, short = BRANDLESS_OR_LONG[locale]
    raw = f"1. {fits}\n2. {branded}\n3. {short}"
    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale=locale, variant=0)
    picked, made = pick_made(clean_copy(raw), raw, job, BRIEF)
    assert picked in (f"Fjell：{fits}", f"Fjell：{short}")  # the longest that fits (ja-JP: the short one)
    assert made == {"made": "composed", "of": picked.removeprefix("Fjell："), "brand_first": "Fjell："}
    only_long = f"1. {branded}\n2. {branded}！"
    assert pick_made(clean_copy(only_long), only_long, job, BRIEF) == (branded, None)


def test_a_branded_headline_that_no_repair_fits_is_kept_whole_with_its_length_finding_not_swapped_for_a_brandless_one(
        db_url, use_model, monkeypatch):
    """Every reply (drafts and repairs) offers the same lines: the brandless one fits, the branded one does not.
    The branded one goes to the length repair (quoted with its count); when nothing fits, the asset keeps it in
    full with its length finding, for a writer to shorten, rather than a headline that never names Fjell."""
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    fits, branded, _ = BRANDLESS_OR_LONG["ja-JP"]  # "Fjell：" before the brandless line is over 15 characters too
    model = use_model(QueuedTextModel(lambda p: f"1. {fits}\n2. {branded}"))
    run_brief(BRIEF, db_url=db_url, locales=["ja-JP"], kinds=["copy"])
    (asset, findings), _ = assets(db_url, "ja-JP", "google_ads_headline")
    assert asset.text == branded and "builtin.length" in {f.rule for f in findings}
    assert any(f"「{branded}」は" in p.user for p in repairs(model) if "Google Ads" in p.history[0][0])


def test_a_brandless_headline_that_fits_after_the_brand_is_drafted_composed_and_the_asset_says_so(
        db_url, use_model, monkeypatch):
    """The same replies with a short brandless line: "Fjell：" before it fits 15 characters and passes every gate, so
    the asset is that headline, and its generation meta says it was composed and from which line."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    fits, branded, short = BRANDLESS_OR_LONG["ja-JP"]
    use_model(QueuedTextModel(lambda p: f"1. {fits}\n2. {branded}\n3. {short}"))
    run_brief(BRIEF, db_url=db_url, locales=["ja-JP"], kinds=["copy"])
    (asset, findings), _ = assets(db_url, "ja-JP", "google_ads_headline")
    assert asset.text == f"Fjell：{short}" and "builtin.length" not in {f.rule for f in findings}
    assert asset.generation["made"] == {"made": "composed", "of": short, "brand_first": "Fjell："}


def test_a_headline_over_the_limit_only_by_the_full_product_name_is_picked_with_the_brand_alone():
    """make demo's ja-JP headlines (drafts-demo12): every option of a reply ended on "。Fjell Bottle" and none fitted 15
    full-width characters, so the headline failed its length for good. The same line naming the product by its brand
    fits and is picked; where the full name fits, the full name stays (the longest fitting option says the most)."""
    from studio.generate.headlines import brand_named, clean_copy, pick_option
    from studio.market.channels import fits, get_channel
    from studio.market.locales import get_locale
    from studio.plan.brief import PlannedAsset

    raw = "1. 水筒の保温と保冷が可能。Fjell Bottle\n2. 一日中、冷たい水をいつでも取れます。Fjell Bottle"
    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale="ja-JP", variant=0)
    picked = pick_option(clean_copy(raw), raw, job, BRIEF)
    assert picked == "水筒の保温と保冷が可能。Fjell"
    assert fits(picked, get_channel("google_ads_headline"), get_locale("ja-JP"))
    whole = "1. Fjell Bottle : froide 24 h\n2. Fjell : une gourde"
    fr = PlannedAsset(kind="copy", channel="google_ads_headline", locale="fr-FR", variant=0)
    assert pick_option(clean_copy(whole), whole, fr, BRIEF) == "Fjell Bottle : froide 24 h"
    # only the product's full name is said shorter; a brand that is the whole name changes nothing
    assert brand_named(["Fjell Bottles für alle"], BRIEF) == ["Fjell Bottles für alle"]
    assert brand_named(["Nivo Cream"], BRIEF.model_copy(update={"brand": "Nivo"})) == ["Nivo Cream"]
    # a shorter line that still does not fit is not offered: the line stays as the model wrote it, for the repair
    long = "Fjell Bottle keeps drinks cold on every single trail"
    assert brand_named([long], BRIEF, lambda o: len(o) <= 30) == [long]


@pytest.mark.parametrize("locale, reply, picked", [
    # replies of the 23-locale run of issue 10 (main 70508b2) whose every option was over 30 characters
    ("en-US", "1. Fjell: Cold water all day, wherever the day takes you\n"
              "2. Fjell: Keep drinks cold for 24 hours, hot for 12 hours", "Fjell: Cold water all day"),
    # the phrase after the colon, the brand before it (29 characters), says more than the name before it (23)
    ("it-IT", "1. Bottiglia termica Fjell: fresca tutto il giorno, incluso in campi estremi!\n"
              "2. Bottiglia termica Fjell: un'opzione per il lavoro.", "Fjell: fresca tutto il giorno"),
    ("it-IT", "1. Bottiglia termica Fjell: un'opzione per il lavoro.", "Bottiglia termica Fjell"),
    # the sentence that names the brand; not the question before it, which does not fit
    ("es-MX", "¿Quieres agua fría todo el día? Fjell la mantiene fría.", "Fjell la mantiene fría."),
])
def test_a_headline_over_the_limit_is_picked_as_its_first_phrases_where_they_fit(locale, reply, picked):
    """27 of the 44 failed gates of that run were headlines over the limit kept whole with a length block: a 1.5B
    model asked for 30 characters writes a branded phrase and then one more. The phrase before the comma, colon or
    dash (or a whole sentence of the line) is an option of its own where it fits, judged by every gate; nothing is
    cut inside a phrase."""
    from studio.generate.headlines import clean_copy, pick_option
    from studio.market.channels import fits, get_channel
    from studio.market.locales import get_locale
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale=locale, variant=0)
    got = pick_option(clean_copy(reply), reply, job, BRIEF)
    assert got == picked and fits(got, get_channel("google_ads_headline"), get_locale(locale))


def test_a_phrase_of_a_long_headline_that_is_only_the_brand_or_unfinished_is_not_picked():
    """"Fjell, keep drinks cold for 24 hours, one bottle ..." holds only "Fjell" before its first comma: a line that
    is the brand alone says nothing and is never picked, nor a phrase that ends on "for" (the unfinished gate);
    the line stays whole for the length repair. A line that fits is never shortened."""
    from studio.generate.headline_cuts import clause_options
    from studio.generate.headlines import clean_copy, pick_option
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale="en-GB", variant=0)
    long = "Fjell, keep drinks cold for 24 hours, one bottle instead of hundreds of plastic ones."
    assert pick_option(clean_copy(long), long, job, BRIEF) == long
    cut_off = "1. Fjell: cold water for, every trail and every summit you climb"
    assert pick_option(clean_copy(cut_off), cut_off, job, BRIEF) == cut_off.removeprefix("1. ")
    assert clause_options(["Fjell: cold, all day"], lambda o: len(o) <= 30) == ["Fjell: cold, all day"]
    # a number's point, a hyphen inside a word and a colon inside a time are no phrase ends
    assert clause_options(["Fjell: 24-hour cold at 29.99 USD from 10:00 every day"], lambda o: len(o) <= 30) == [
        "Fjell: 24-hour cold at 29.99 USD from 10:00 every day", "Fjell"]


@pytest.mark.parametrize("locale, text, gate, asked", [
    # make demo's ja-JP post (drafts-demo12): the bike light's 'ハンドルに付けて' and a repeat, both asked in English
    ("ja-JP", "Fjell Bottleで一日中冷たい。\nハンドルに付けて、安心して旅行しましょう。\n#Fjell", "copied",
     "「ハンドルに付けて」は別の商品の例の言葉です。例の言葉は使わず、Fjell Bottleのよさを自分の言葉で書いてください。"),
    ("ja-JP", "一日中、どこでも冷たい水。Fjell Bottleは一日中、どこでも冷たい水を保ちます。#Fjell", "repeated_claim",
     "「どこでも冷た」を2回書いています。同じことは1回だけ書いてください。"),  # the gate quotes 6 letters
    ("fr-FR", "Avec Lumo, on vous voit de loin.\nFjell garde l'eau froide. #Fjell", "copied",
     "« Lumo » vient de l'exemple d'un autre produit. N'en reprends aucun mot : dis ce que Fjell Bottle fait, avec tes mots."),
])
def test_a_copied_or_repeated_draft_is_asked_to_change_in_the_locales_language(locale, text, gate, asked):
    """Asked in English ("It reuses 'ハンドルに付けて' of the worked example ..."), the ja-JP post's repair came back with
    the same line; the repair now quotes it in the locale's language (prompts/repair_lines.yaml copied, repeated)."""
    from studio.generate.candidates import Candidate
    from studio.generate.gates import copy_gates
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    gates = copy_gates(text, "instagram", locale, BRIEF)
    assert gate in gates, gates
    said = repair_problems(Candidate("candidate 1", text, text, {}, gates=gates),
                           PlannedAsset(kind="copy", channel="instagram", locale=locale, variant=0), BRIEF)
    assert asked in said, said
    assert not any(line.startswith(("It reuses", "It says", "It names")) for line in said)


@pytest.mark.parametrize("locale, long, example", [
    # the length repair showed the bike light's cut ("Lumo: ..." -> "Lumo: sicher im Dunkeln"); its options came back
    # with the example's line under the brand, or its product, each fitting 30 characters
    ("de-DE", LONG_DE, "Fjell: sicher im Dunkeln"),
    ("fr-FR", "Fjell garde vos boissons fraîches toute la journée", "Fjell : lumière de vélo"),
    ("de-DE", LONG_DE, "Lumo: Fjell hält kalt"),
])
def test_a_repair_option_that_carries_the_worked_example_over_never_wins_over_the_branded_line_too_long(
        db_url, use_model, monkeypatch, locale, long, example):
    """An option that names the example's product, retells its line or talks about what it is fails one gate, as the
    branded line over the limit does, and fits: it won by the length block of the other. It is an ad for another
    product; the headline stays the model's own line in full with its length finding, for a writer to shorten."""
    without_said_headlines(monkeypatch)
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    use_model(QueuedTextModel(lambda p: example if p.is_repair else long))
    run_brief(BRIEF, db_url=db_url, locales=[locale], kinds=["copy"])
    for asset, findings in assets(db_url, locale, "google_ads_headline"):
        assert asset.text == long and "builtin.length" in {f.rule for f in findings}
        assert all(not r["kept"] for r in asset.generation["repairs"])


@pytest.mark.parametrize("locale, long", [("de-DE", LONG_DE), ("pl-PL", "Fjell utrzymuje napoje zimne przez 24 godziny"),
                                          ("es-MX", "Fjell mantiene tus bebidas frías durante 24 horas"),
                                          ("ja-JP", "Fjellボトルで一日中冷たい水をどこへでも")])
def test_a_headline_s_length_repair_shows_nothing_of_the_worked_example_s_product(locale, long):
    """The repair showed the bike light's headline cut to fit ('"Lumo: das helle ..." → "Lumo: sicher im Dunkeln"') right
    before asking for five cut versions; they came back with its line and its product. The request quotes the draft,
    its count and the limit, and no other product."""
    from studio.generate.candidates import Candidate
    from studio.generate.examples import locale_examples
    from studio.generate.problems import copy_options_line, repair_problems
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale=locale, variant=0)
    brief = BRIEF.model_copy(update={"locales": [*BRIEF.locales, locale]})
    said = repair_problems(Candidate("candidate 1", long, long, {}, gates={"length": "over"}), job, brief)
    asked = "\n".join([*said, copy_options_line(job, brief)])
    other = locale_examples(locale).other
    assert long in asked and other.cut is not None
    assert other.product_name not in asked and other.cut.short.split(":")[-1].strip() not in asked


def test_a_headline_that_says_nothing_the_brief_says_loses_to_a_branded_one_the_repair_can_cut():
    """lead39's 23-locale run, id-ID: the reply's pick was 'Fjell: Botol minum yang tenang' (a calm drinking bottle), which
    fits and fails the sense gate, over 'Fjell: Air dingin selama 24 jam' (cold water for 24 hours), one character over;
    the repair asked it to say the brief and came back 85 characters long. No cut makes a line say the brief; one
    character off the other is what the length repair does; here the duration's 'selama' (prompts/spare_words.yaml)
    is that character and more. Without that line, the branded line only too long still wins."""
    from studio.generate.headlines import clean_copy, pick_option
    from studio.plan.brief import PlannedAsset

    reply = ("1. Fjell: Air dingin selama sepanjang hari\n2. Fjell: Botol minum yang tenang\n3. Fjell: Air dingin selama 24 jam\n"
             "4. Fjell: Botol minum yang aman dicuci\n5. Fjell: Air dingin selama 12 jam")
    job = PlannedAsset(kind="copy", channel="google_ads_headline", locale="id-ID", variant=0)
    assert pick_option(clean_copy(reply), reply, job, BRIEF) == "Fjell: Air dingin 24 jam"
    reply = reply.replace("3. Fjell: Air dingin selama 24 jam\n", "")
    assert pick_option(clean_copy(reply), reply, job, BRIEF) == "Fjell: Air dingin selama sepanjang hari"


def test_the_drafts_meta_names_the_briefs_statements_the_model_was_given_in_english(db_url, use_model, monkeypatch):
    """drafts-facts28: a reviewer who finds an English word in a th-TH draft sees which of the brief's facts and key
    messages went to the model in English (no words for them in the glossary or prompts/examples/th-TH.yaml: here two
    added to the sample brief, whose own th-TH says since drafts-hi30); a fr-FR
    or ja-JP draft (drafts-facts29: Japanese phrases), whose prompt gave every one in its language, names none. The
    list is the one the job's prompt was rendered with (ChatPrompt.given_in_english)."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")
    replies = {"ไทย": "Fjell น้ำเย็นตลอดวัน", "日本": "Fjellで一日中冷たい水"}
    use_model(QueuedTextModel(lambda p: next((r for k, r in replies.items() if k in p.user), "Fjell : eau fraîche toute la journée")))
    brief = BRIEF.model_copy(deep=True, update={"locales": [*BRIEF.locales, "th-TH"]})
    # a fact and a key message no Thai words say (drafts-hi30's phrases say the sample brief's own)
    brief.product.facts.append("Comes with a carry strap")
    brief.key_messages.append("Your summer, sorted")
    run_brief(brief, db_url=db_url, locales=["th-TH", "ja-JP", "fr-FR"], kinds=["copy"])
    [(th, _), *_] = assets(db_url, "th-TH", "instagram")
    assert th.generation["given_in_english"] == ["Your summer, sorted", "Comes with a carry strap"]
    for code in ("fr-FR", "ja-JP"):
        for asset, _ in assets(db_url, code, "instagram") + assets(db_url, code, "google_ads_headline"):
            assert asset.generation.get("given_in_english", []) == ["Your summer, sorted", "Comes with a carry strap"]


def test_markdown_emphasis_around_a_reply_is_not_copy():
    """q23e (session 42): hi-IN's headline '**Fjell - एक इंसुलेटेड पानी की बोतल**' was published with its markdown stars
    and passed every gate; '**Headline:** ...' left '** ' in front. An ad text carries no markup: a reply wrapped in
    emphasis loses it, emphasis inside a line and a star in a figure stay as the model wrote them."""
    from studio.generate.headlines import clean_copy, copy_options

    assert clean_copy("**Fjell - एक इंसुलेटेड पानी की बोतल**") == "Fjell - एक इंसुलेटेड पानी की बोतल"
    assert clean_copy("**Headline:** Fjell: cold all day") == "Fjell: cold all day"
    assert clean_copy('__"Fjell: Cold water"__') == "Fjell: Cold water"
    assert clean_copy("Fjell: *cold* all day") == "Fjell: *cold* all day"
    assert clean_copy("Fjell: 2*3 more") == "Fjell: 2*3 more"
    raw = "1. **Fjell: Cold water all day**\n2. **Fjell: One bottle**"
    assert copy_options(clean_copy(raw), raw) == ["Fjell: Cold water all day", "Fjell: One bottle"]
