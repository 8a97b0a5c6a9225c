"""The copy gates for what a reader rejects though the language, length and grounding gates pass: a line
that stops before it is finished ("Fjell bottle: keeps drinks"), English words in Japanese copy ("一
bottleで"), a material the brief never names ("une gourde en verre" for a steel bottle). The examples
and their clean near-misses live in prompts/reader_gates.yaml, next to the word lists they test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.gates import copy_gates, reader_gates, reader_rules
from studio.plan.brief import load_brief
from studio.runs.pipeline import run_brief
from studio.store.database import session_scope
from studio.store.tables import Asset
from tests.helpers.queued_model import QueuedTextModel, use_model  # noqa: F401

FILE = Path(__file__).resolve().parents[2] / "prompts" / "reader_gates.yaml"
EXAMPLES = load_yaml_file(FILE)[0]["examples"]
BRIEF = load_brief("examples/campaign.yaml")


@pytest.mark.parametrize("gate", ["unfinished", "mixed_script", "foreign_script", "foreign_words", "contradicts", "transliterated",
                                  "example_product", "hashtag", "on_topic", "words",
                                  "repeated_claim"])
def test_every_example_fails_its_gate(gate):
    for ex in EXAMPLES[gate]:
        failed = reader_gates(ex["text"], ex["locale"], BRIEF)
        assert gate in failed, ex
        assert len(failed[gate]) > 10  # says why, in words a writer (or a repair prompt) acts on


@pytest.mark.parametrize("ex", EXAMPLES["clean"], ids=lambda ex: ex["text"][:30])
def test_clean_near_misses_pass_every_reader_gate(ex):
    assert reader_gates(ex["text"], ex["locale"], BRIEF) == {}


def test_a_line_cut_mid_fact_is_told_which_fact_it_cut():
    why = reader_gates("Fjell bottle: keeps drinks", "en-GB", BRIEF)["unfinished"]
    assert "'keeps drinks'" in why and "Keeps drinks cold for 24 hours" in why


def test_mixed_script_names_the_english_words_and_allows_the_brand_product_and_label():
    why = reader_gates("一 bottleで冷たさ24時間", "ja-JP", BRIEF)["mixed_script"]
    assert "bottle" in why
    assert reader_gates("Fjell Bottleで冷たさ24時間 (AI生成)", "ja-JP", BRIEF) == {}
    assert reader_gates("Fjell: keeps drinks cold", "de-DE", BRIEF).get("mixed_script") is None  # Latin-script locales


def test_a_material_the_brief_names_is_no_contradiction():
    glass = BRIEF.model_copy(update={"product": BRIEF.product.model_copy(
        update={"description": "A glass bottle with a steel lid, 750 ml"})})
    assert "contradicts" in reader_gates("Fjell, une gourde en verre", "fr-FR", BRIEF)
    assert reader_gates("Fjell, une gourde en verre", "fr-FR", glass) == {}


def test_copy_gates_include_the_reader_gates():
    assert "unfinished" in copy_gates("Fjell bottle: keeps drinks", "google_ads_headline", "en-GB", BRIEF)


def _load_error(tmp_path, text: str) -> StudioError:
    """The error reader_rules raises on a reader_gates.yaml holding ``text``."""
    (tmp_path / "reader_gates.yaml").write_text(text)
    with pytest.raises(StudioError) as err:
        reader_rules(tmp_path)
    return err.value


def test_a_broken_rules_file_names_the_file_and_line(tmp_path):
    err = _load_error(tmp_path,
        "ends_open:\n  en: [the, a]\n  pt: [o, no]\nmixed_script: [ja]\nlatin_allowed: [ml]\n")
    assert "reader_gates.yaml:3" in str(err.where) and "ends_open.pt" in str(err)


def test_an_unfinished_headline_loses_to_a_finished_one(tmp_path, use_model, monkeypatch):
    """Both fit 30 characters and read as English; only the finished one is an ad a writer can use. An
    unfinished line is repaired (the repair quotes where it stops), not sampled again."""
    cut, whole = "Fjell bottle: keeps drinks", "Fjell Bottle: cold all day"
    # the second headline's own prompt (its first candidate) gets the cut text; its repair the whole
    use_model(QueuedTextModel(lambda p: cut if "Lead with a concrete fact." in p.user and not p.is_repair else whole))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(BRIEF, db_url=db_url, locales=["en-US"], kinds=["copy"])
    with session_scope(db_url) as s:
        headlines = s.exec(select(Asset).where(Asset.channel == "google_ads_headline")).all()
    assert headlines and all(a.text == whole for a in headlines)
    lost = [c for a in headlines for c in a.generation["candidates"] if c["text"] == cut]
    assert lost and all("unfinished" in c["failed"] for c in lost)
    assert all(len(a.generation["candidates"]) == 1 for a in headlines)


def _brief(**changes):
    return BRIEF.model_copy(update=changes)


@pytest.mark.parametrize("brand, text, locale", [("Nordal", "ノルダルのボトルで", "ja-JP"), ("Nordal", "노르달 보틀", "ko-KR"),
                                                 ("Kobalt", "コバルトで冷たく", "ja-JP")])
def test_the_transliterated_brand_is_heard_from_the_brand_itself_not_a_list(brand, text, locale):
    """No spelling of any brand is listed: the gate romanises the draft and compares sounds with the brief's brand."""
    failed = reader_gates(text, locale, _brief(brand=brand))
    assert "transliterated" in failed and repr(brand) in failed["transliterated"]
    assert "transliterated" not in reader_gates(text, locale, BRIEF)  # not Fjell's sounds


def test_a_hindi_word_heard_as_the_brand_with_another_vowel_is_the_brand_where_hindi_has_no_such_word():
    """q23g's hi-IN headline 'दिन भर ठंडा फिल्ल बोटल खरीदें' wrote Fjell as 'फिल्ल' (fill): the brand's sounds with 'i' for
    its 'e', which the gate did not hear; Hindi words with those sounds ('पल' moment, 'फल' fruit) stay words."""
    assert "'फिल्ल'" in reader_gates("दिन भर ठंडा फिल्ल बोटल खरीदें", "hi-IN", BRIEF)["transliterated"]
    assert "transliterated" not in reader_gates("हर पल ठंडा पानी, हर फल ताज़ा", "hi-IN", BRIEF)
    assert "transliterated" not in reader_gates("Fjell: दिन भर ठंडा पानी", "hi-IN", BRIEF)


def test_a_brand_in_latin_letters_and_katakana_words_around_it_pass():
    assert reader_gates("Fjellのボトル、フレッシュな毎日", "ja-JP", BRIEF) == {}


def test_the_example_product_is_fine_when_the_brief_is_about_it():
    glossary = BRIEF.glossary.model_copy(update={"terms": {"de-DE": {"green tea": "Grüntee"}}})
    text = "Fjell: Grüntee für unterwegs"
    assert "example_product" in reader_gates(text, "de-DE", BRIEF)
    assert "example_product" not in reader_gates(text, "de-DE", _brief(glossary=glossary))


def test_every_language_with_a_worked_example_has_its_product_nouns_and_they_come_from_the_example():
    from studio.checks.language import language_of_locale
    from studio.generate.examples import locale_examples
    from studio.market.locales import list_locales

    rules = reader_rules()
    for code in list_locales():
        ex = locale_examples(code)
        said = " ".join([ex.product, ex.copy_.headline, ex.copy_.post, *(s.voiceover for s in ex.video_script),
                         *(s.on_screen_text for s in ex.video_script)]).casefold()
        nouns = rules.example_product.get(language_of_locale(code), frozenset())
        assert any(n in said for n in nouns), f"{code}: none of {sorted(nouns)} in its worked example"


def test_reader_gates_repair_problems_say_what_to_do():
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    job = PlannedAsset(locale="ja-JP", kind="copy", channel="instagram", variant=0)
    text = "フェルの緑茶 #Fjell"
    cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, "instagram", "ja-JP", BRIEF))
    said = " ".join(repair_problems(cand, job, BRIEF))
    assert "'Fjell'" in said and "フェル" in said and "緑茶" in said


ECHO = load_yaml_file(FILE)[0]["brief_echo"]


def _script(voiceovers):
    from studio.generate.video_script import Scene, VideoScript

    return VideoScript([Scene(f"Shot {i}", "Fjell", said, 5) for i, said in enumerate(voiceovers, 1)])


@pytest.mark.parametrize("ex", ECHO["fails"], ids=lambda ex: ex["voiceovers"][0][:30])
def test_a_script_that_only_says_the_brief_back_fails_brief_echo(ex):
    from studio.generate.gates import script_gates

    why = script_gates(_script(ex["voiceovers"]), ex["locale"], BRIEF).get("brief_echo", "")
    assert "say the brief back word for word" in why and f"of its {len(ex['voiceovers'])} voiceover sentences" in why


@pytest.mark.parametrize("ex", ECHO["clean"], ids=lambda ex: ex["voiceovers"][0][:30])
def test_a_script_that_says_one_brief_fact_in_its_words_passes_brief_echo(ex):
    from studio.generate.gates import script_gates

    assert "brief_echo" not in script_gates(_script(ex["voiceovers"]), ex["locale"], BRIEF)


def test_a_brief_echo_share_above_one_fails_at_load_naming_file_and_line(tmp_path):
    from studio.generate.reader_rules import _reader_rules

    path = tmp_path / "reader_gates.yaml"
    text = FILE.read_text(encoding="utf-8").replace("  share: 0.5\n", "  share: 50\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudioError, match="brief_echo.share must be a fraction") as err:
        _reader_rules(str(path), 0.0)
    line = text.splitlines().index("  share: 50") + 1
    assert f"{path}:{line}" in str(err.value)


def test_foreign_words_names_the_words_and_passes_loanwords_and_the_briefs_own_terms():
    why = reader_gates("Fjell : la gourde pour votre summer, fresh toute la journée", "fr-FR", BRIEF)["foreign_words"]
    assert "'summer'" in why and "'fresh'" in why and "English" in why and "French" in why
    # the product's English name is the brief's own term; "design" and "camping" are French words too
    assert "foreign_words" not in reader_gates("La Fjell Bottle : un design pour le camping", "fr-FR", BRIEF)
    assert "foreign_words" not in reader_gates("Fjell: keeps drinks cold", "en-US", BRIEF)  # English copy


def test_chinese_words_in_japanese_copy_are_named_and_japanese_kanji_words_are_not():
    why = reader_gates("Fjellで一整天、随时冷たい", "ja-JP", BRIEF)["foreign_words"]
    assert "Chinese" in why and "整天" in why and "随时" in why
    assert "foreign_words" not in reader_gates("Fjellなら全天候、一日中冷たい。毎日の水分補給に", "ja-JP", BRIEF)


def test_a_broken_foreign_words_entry_names_the_file_and_line(tmp_path):
    err = _load_error(tmp_path,
        "ends_open:\n  en: [the]\nmixed_script: [ja]\nlatin_allowed: [ml]\nforeign_words:\n  from:\n"
        "    - {language: en, min_zipf: high, lead: 1.5, into: [fr]}\n")
    assert "reader_gates.yaml:7" in str(err.where) and "foreign_words.from[0]" in str(err)


def test_copy_without_the_brand_or_the_product_fails_and_its_repair_asks_for_the_brand():
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    chatter = "夏の空は青く、風が気持ちいいですね。今日も一日がんばりましょう！"
    assert "on_topic" in reader_gates(chatter, "ja-JP", BRIEF)
    assert "on_topic" not in reader_gates("Die Trinkflasche für jede Tour", "de-DE", BRIEF)  # the glossary's term
    job = PlannedAsset(locale="ja-JP", kind="copy", channel="instagram", variant=0)
    cand = Candidate("candidate 1", chatter, chatter, {}, gates=copy_gates(chatter, "instagram", "ja-JP", BRIEF))
    # asked in Japanese (prompts/repair_lines.yaml name), as the draft is to be written
    assert "文の中にFjellの名前を入れ、Fjellが読む人にもたらす良さを書いてください。" in repair_problems(cand, job, BRIEF)


def test_a_post_with_english_words_is_repaired_with_the_words_quoted_and_the_fixed_one_kept(tmp_path, use_model, monkeypatch):
    """The repair quotes the foreign words; the model's fixed post passes and is kept."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    mixed = "Gardez votre eau fresh toute la journée avec la gourde Fjell. #Fjell"
    fixed = "Gardez votre eau fraîche toute la journée avec la gourde Fjell. #Fjell"
    model = use_model(QueuedTextModel(lambda p: fixed if p.is_repair else mixed))
    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    run_brief(BRIEF, db_url=db_url, locales=["fr-FR"], kinds=["copy"])
    with session_scope(db_url) as s:
        post = s.exec(select(Asset).where(Asset.channel == "instagram")).one()
    assert post.text == f"{fixed} (Généré par IA)"  # the label drafting appends
    asked = [p.user for call in model.calls for p in call if p.is_repair]
    assert any("Écris ces mots anglais en français : “fresh”." in user for user in asked)  # in French


def test_a_word_misnamed_is_read_only_where_the_brief_says_the_word():
    """'Bottone' (a button) for the brief's 'bottle' contradicts it; for a brief that says no bottle, a button
    may be what it sells, and the gate reads nothing."""
    assert "'bottle'" in reader_gates("Fjell: Bottone protetto", "it-IT", BRIEF)["contradicts"]
    facts = BRIEF.product.model_copy(update={"name": "Fjell Clip", "description": "A steel clip with a button, 20 g",
                                             "facts": ["Weighs 20 g"], "claims": []})
    clip = BRIEF.model_copy(update={"product": facts, "key_messages": ["Clip it anywhere"]})
    assert "contradicts" not in reader_gates("Fjell: Bottone protetto", "it-IT", clip)


HARD = load_brief("examples/campaign_hard.yaml")  # brand Lumo: short, and ends on a vowel


@pytest.mark.parametrize("text, locale", [("卢莫面霜，柔软一整天", "zh-CN"), ("ルモのクリームで", "ja-JP"), ("ルーモのクリーム", "ja-JP"),
                                          ("루모 크림으로", "ko-KR"), ("كريم لومو", "ar-SA"), ("ครีมลูโม่", "th-TH")])
def test_a_short_brand_ending_on_a_vowel_is_heard_in_another_script(text, locale):
    assert "'Lumo'" in reader_gates(text, locale, HARD).get("transliterated", "")


@pytest.mark.parametrize("text, locale", [("柔软", "zh-CN"), ("湿润", "zh-CN"), ("滋润柔软的皮肤", "zh-CN"), ("软木", "zh-CN"),
                                          ("肌肤柔软湿润一整天", "zh-CN"), ("ความชุ่มชื้นยาวนาน ผิวนุ่มละมุน", "th-TH"),
                                          ("Lumo: كريم بلا لحم ولا عطر", "ar-SA"), ("Lumo تحت علم المملكة", "ar-SA"),
                                          ("إعلاننا: كريم Lumo", "ar-AE")])
def test_ordinary_words_with_the_brands_consonants_are_not_the_brand(text, locale):
    """润 (run), 柔软 (rouruan), 软木 (ruanmu) have Lumo's l and m but not its syllables: a reader sees Chinese. Arabic
    words of everyday use with l and a nasal ('لحم' meat, 'علم' flag; 'إعلاننا' our ad, whose alif writes no vowel of
    Lumo) were heard as the brand in h47a's ar-SA drafts."""
    assert "transliterated" not in reader_gates(text, locale, HARD)


def test_fjell_written_over_in_katakana_still_fails_with_the_short_brand_fix():
    assert "transliterated" in reader_gates("フィエルの水筒で一日中冷たい", "ja-JP", BRIEF)


@pytest.mark.parametrize("text, locale", [("冷たいFjellボトル", "ja-JP"), ("一日中冷たい、Fjellの水筒", "ja-JP"),
                                          ("全天冰爽的Fjell水瓶", "zh-CN"), ("ขวดน้ำFjellเย็นทั้งวัน", "th-TH")])
def test_the_brand_written_straight_after_a_spaceless_word_names_it(text, locale):
    assert "on_topic" not in reader_gates(text, locale, BRIEF)


@pytest.mark.parametrize("text", ["日本の一日中、冷たい水筒", "一日中、冷たい水"])
def test_a_japanese_headline_without_the_brand_is_off_topic(text):
    """The demo's headlines speak of a bottle but name neither Fjell nor a glossary term: the rule asks for
    the brand in every headline, and ja-JP has no glossary word for the bottle."""
    assert "on_topic" in reader_gates(text, "ja-JP", BRIEF)


def test_a_latin_brand_inside_a_longer_latin_word_is_still_not_named():
    assert "on_topic" in reader_gates("SuperFjellish summer", "en-US", BRIEF)


@pytest.mark.parametrize("text, locale, doubled", [("Fjell: zawsze zawsze napoje", "pl-PL", "zawsze"),  # drafts-copy11 before
                                                   ("Fjell: kalt kalt, den ganzen Tag", "de-DE", "kalt"),
                                                   ("Fjellで冷たい冷たい水を", "ja-JP", "冷たい")])
def test_copy_that_says_a_word_twice_in_a_row_fails_the_repetition_gate(text, locale, doubled):
    """The scripts' stutter read in copy too: a doubled word passed every copy gate (the pl-PL headline above)."""
    assert reader_gates(text, locale, BRIEF)["repetition"] == f"repeats {doubled!r} back to back"


def test_a_doubled_word_the_grammar_makes_is_no_repetition():
    assert "repetition" not in reader_gates("Fjell : nous nous retrouvons au frais, 24 heures", "fr-FR", BRIEF)


def test_hashtags_whose_words_end_on_the_same_vowel_mark_are_no_repetition():
    # the ar-AE post's tags '#دائمًا #مريحًا' were read to their tanween only and left 'ًا ًا': a stutter
    post = "مع Fjell Bottle يبقى الماء باردًا طوال اليوم.\n#Fjell #دائمًا #مريحًا"
    assert "repetition" not in reader_gates(post, "ar-AE", BRIEF)
    assert "repetition" in reader_gates("مع Fjell Bottle يبقى الماء باردًا باردًا طوال اليوم. #Fjell", "ar-AE", BRIEF)


SAID_TWICE = load_yaml_file(FILE)[0]["said_twice"]


@pytest.mark.parametrize("ex", SAID_TWICE["fails"], ids=lambda ex: ex["locale"])
def test_a_phrase_said_twice_in_one_sentence_fails_repetition(ex):
    """Loops start as a phrase said twice in one line ('şişe yerine', 'ماء ماء'): no other gate read them."""
    why = copy_gates(ex["text"], "instagram", ex["locale"], BRIEF)["repetition"]
    assert "twice in one sentence" in why or "back to back" in why  # 'ماء ماء ماء': the stutter says it first


@pytest.mark.parametrize("ex", SAID_TWICE["clean"], ids=lambda ex: ex["locale"])
def test_good_lines_in_every_script_are_not_read_as_said_twice(ex):
    assert "repetition" not in copy_gates(ex["text"], "instagram", ex["locale"], BRIEF)


def test_no_line_of_the_worked_examples_is_read_as_said_twice():
    """876 lines a writer wrote in 23 locales (headlines, posts, scenes, the brief words' translations)."""
    from studio.generate.gates import said_twice

    said = []
    for path in sorted((FILE.parent / "examples").glob("*.yaml")):
        data, locale = load_yaml_file(path)[0], path.stem
        other = data.get("other") or {}
        lines = [data["copy"].get("headline"), data["copy"].get("post"), other.get("headline"), other.get("post"),
                 *(s.get(k) for s in data.get("video_script") or [] for k in ("visual", "on_screen_text", "voiceover")),
                 *(data.get("words") or {}).values()]
        said += [(locale, t) for t in lines if t and said_twice(str(t), locale, BRIEF)]
    assert said == []


def test_the_repair_quotes_the_phrase_in_the_locales_language():
    from studio.generate.candidates import Candidate
    from studio.generate.problems import repair_problems
    from studio.plan.brief import PlannedAsset

    text = "Tek bir şişe yerine yüzlerce plastik şişe yerine."
    cand = Candidate("candidate 1", text, text, {}, gates=copy_gates(text, "instagram", "tr-TR", BRIEF))
    job = PlannedAsset(locale="tr-TR", kind="copy", channel="instagram", variant=0)
    said = repair_problems(cand, job, BRIEF)
    assert any('"şişe yerine" ifadesini iki kez söylüyor' in p for p in said), said


def test_a_script_voiceover_that_says_a_phrase_twice_fails_repetition():
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    scenes = [Scene("Dağda bir yürüyüşçü", "Fjell", "Gün boyu soğuk su.", 5),
              Scene("Sırt çantasında şişe", "24 saat", "Tek bir şişe yerine yüzlerce plastik şişe yerine.", 5),
              Scene("Göl kenarında gülümseyen kadın", "Fjell Bottle", "Fjell ile her yerde.", 5)]
    failed = script_gates(VideoScript(scenes), "tr-TR", BRIEF)
    assert "şişe yerine" in failed["repetition"]


def test_a_broken_said_twice_names_the_file_and_line(tmp_path):
    err = _load_error(tmp_path,
        "ends_open:\n  en: [the]\nmixed_script: [ja]\nlatin_allowed: [ml]\nsaid_twice:\n  words: 2\n"
        "  chars: {ja: 1}\n  common_zipf: 6\n")
    assert "reader_gates.yaml:7" in str(err.where) and "said_twice.chars.ja" in str(err)


def test_garbled_hindi_is_read_word_by_word_and_its_words_named():
    """Hindi words were split at their vowel signs ('बोटल' read as 'ब', 'टल', too short to read), so the words gate
    read nothing of hi-IN's garbled copy ('दिन भर लगाएँ और पानी की बोटल, दिन लागते हैं': apply all day and water
    'botal', days 'laagte'), which passed every gate (drafts-hi25). The words one letter from a common word are named;
    real words the small Hindi list lacks are not ('रूखी' dry, 'लौटें' return: simplemma's dictionary has them)."""
    from studio.generate.language_gates import unknown_words

    why = unknown_words("दिन भर लगाएँ और पानी की बोटल, दिन लागते हैं और ठंडा रहें। #Fjell", "hi-IN", BRIEF)
    assert why is not None and "'बोटल', 'लागते'" in why and "Hindi" in why
    assert unknown_words("आप किस बारसे खरते हैं?", "hi-IN", BRIEF) is not None
    assert unknown_words("रूखी त्वचा के लिए बिना खुशबू, घर लौटें", "hi-IN", BRIEF) is None
    assert unknown_words("प्लास्टिक की सैकड़ों बोतलों की जगह एक बोतल। #Fjell", "hi-IN", BRIEF) is None


def test_a_video_script_with_words_its_language_does_not_know_fails_the_words_gate():
    """drafts-scripts27's hi-IN script passed every gate in garbled Hindi ('ठंडा दिन भर गरें, जब दिन आपको आदरता
    है।'): no gate read a script's words. Its voiceovers and on-screen texts are read as copy is; a sound script passes."""
    from studio.generate.gates import script_gates
    from studio.generate.video_script import Scene, VideoScript

    def script(*said):
        return VideoScript(scenes=[Scene(visual="Fjell Bottle", on_screen_text="", voiceover=v, duration_s=5)
                                                  for v in said])

    garbled = script("ठंडा दिन भर गरें, जब दिन आपको आदरता है।", "पेय ठंडा 24 घंटे तक रहता है।",
                     "एक बोटल विस्तार के लिए अधिक प्लास्टिक बोटल से बरा ज।")
    assert "'गरें', 'बोटल', 'बरा'" in script_gates(garbled, "hi-IN", BRIEF)["words"]
    sound = script("दिन भर ठंडा पानी, आप जहाँ भी जाएँ।", "Fjell Bottle पेय 24 घंटे ठंडा रखती है।",
                   "प्लास्टिक की सैकड़ों बोतलों की जगह एक बोतल।")
    assert "words" not in script_gates(sound, "hi-IN", BRIEF)
    assert "wzbliżeniu" in script_gates(script("Zimna woda cały dzień.", "Fjell Bottle wzbliżeniu.", "Jedna butelka."),
                                        "pl-PL", BRIEF)["words"]


def test_no_good_labelled_draft_fails_the_words_gate_and_hindi_nonsense_the_sense_gate_passes_does():
    """The sense gate's labelled drafts (tests/generate/data/sense_*.yaml): no good one of a language the words gate
    reads fails it; of the Hindi nonsense the sense gate passes (marked ``missed``), the words gate fails the two whose
    words are garbled ('बिंदे', 'बोटल', 'लागते'); 'दिन भरी' (a real word where 'दिन भर' was meant) it cannot see."""
    from studio.generate.language_gates import unknown_words

    data = Path(__file__).parent / "data"
    briefs = {"sample": BRIEF, "hard": load_brief("examples/campaign_hard.yaml")}
    drafts = [d for f in ("sense_drafts", "sense_headlines") for d in load_yaml_file(data / f"{f}.yaml")[0]["drafts"]]
    read = reader_rules().words.languages

    def fails(d):
        return unknown_words(d["text"], d["locale"], briefs[d.get("brief", "sample")]) is not None

    assert not [d["text"] for d in drafts if d["label"] == "good" and d["locale"][:2] in read and fails(d)]
    missed = [d for d in drafts if d["locale"] == "hi-IN" and d["label"] == "nonsense" and d.get("missed")]
    assert [d["text"][:12] for d in missed if fails(d)] == ["पेय ठंडा घंट", "दिन भर लगाएँ"]


def test_a_hindi_or_thai_post_that_stops_mid_word_on_the_prompts_line_is_unfinished():
    """drafts-hi30's model run: the hi-IN and th-TH posts copied the prompt's product line and ran out of tokens in a
    word ('स्टेनलेस स्टील की इ' of 'इंसुलेटेड'; 'ที่เก็บเครื่อง' of 'ที่เก็บเครื่องดื่มให้เย็นได้นาน') and passed every gate:
    the word regex splits Devanagari and Thai at their vowel signs, so no gate saw the cut word."""
    brief = load_brief("examples/campaign.yaml")
    hi = "दिन भर ठंडा पानी, आप जहाँ भी जाएँ\nFjell Bottle - स्टेनलेस स्टील की इ"
    th = "Fjell Bottle - ขวดน้ำสแตนเลสเก็บอุณหภูมิ, 750 ml, ที่เก็บเครื่อง (สร้างโดย AI)"
    assert "stops mid-word at 'इ'" in copy_gates(hi, "instagram", "hi-IN", brief)["unfinished"]
    assert "stops mid-word at 'ที่เก็บเครื่อง'" in copy_gates(th, "instagram", "th-TH", brief)["unfinished"]
    # whole: the piece ends where the locale's phrase does; in a script the word regex reads whole (Latin, Arabic,
    # Hangul) a word that starts a longer one is a word ('chaud' of 'chaudes'): not read here
    assert "unfinished" not in copy_gates("Fjell Bottle - स्टेनलेस स्टील की इंसुलेटेड पानी की बोतल", "instagram", "hi-IN", brief)
    assert "unfinished" not in copy_gates("Fjell: น้ำเย็นตลอดวัน", "google_ads_headline", "th-TH", brief)
    assert "unfinished" not in copy_gates("Fjell : soir chaud", "google_ads_headline", "fr-FR", brief)


def test_the_locales_own_labels_are_never_heard_as_the_brand():
    """Heard as sounds, the Arabic ad label 'إعلان' (l, a nasal, no vowel written) is 'Lumo': every sponsored Arabic
    draft of the second brief failed as a transliterated brand. The studio writes the labels; the brand written in
    Arabic letters beside them still fails."""
    lumo = _brief(brand="Lumo")
    for locale in ("ar-SA", "ar-AE"):
        assert "transliterated" not in reader_gates("إعلان عن Lumo Daily Cream: كريم وجه للبشرة الجافة", locale, lumo)
        assert "transliterated" not in reader_gates(
            "إعلان: Lumo: بشرة جافة وحساسة (تم إنشاؤه بالذكاء الاصطناعي)", locale, lumo)
        assert "'لومو'" in reader_gates("إعلان: كريم لومو للبشرة الجافة", locale, lumo)["transliterated"]


def test_a_caption_of_the_ad_label_and_the_product_reads_as_the_product():
    """The studio's scripts caption the first scene 'إعلان · Lumo Daily Cream' (label, middle dot, text): a reader of
    meaning reads the text after the label, as it does after 'إعلان:'."""
    from studio.generate.labels import strip_ad_label

    assert strip_ad_label("إعلان · Lumo Daily Cream", "ar-SA") == "Lumo Daily Cream"
    assert strip_ad_label("Iklan · Kulit lembut", "id-ID") == "Kulit lembut"
    assert strip_ad_label("Iklanku · Kulit lembut", "id-ID") == "Iklanku · Kulit lembut"
