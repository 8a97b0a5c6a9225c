"""Translation plumbing on a tiny random Marian (opus-mt layout) and the NLLB code table."""

from __future__ import annotations

import pytest

from studio.core.errors import ModelError
from studio.generate.profiles import load_profile
from studio.generate.translate import NllbSpec, Seq2SeqTranslator, model_code
from tests.helpers.tiny_models import build_tiny_marian, spec

TEXTS = ["Fresh coffee for your morning.", "", "Run fast in our new shoes.", "Enjoy the bold taste today.", "Buy one."]


@pytest.fixture(scope="module")
def marian_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("mt")
    build_tiny_marian(root / "opus-mt-en-de")
    return root


@pytest.fixture(scope="module")
def translator(marian_dir):
    return Seq2SeqTranslator.from_spec(spec("translate", marian_dir / "opus-mt-{src}-{tgt}", backend="marian", dtype="float32"),
                                device="cpu")


def test_one_output_per_input_and_empty_stays_empty(translator):
    out = translator.translate(TEXTS, "en-US", "de-DE", max_new_tokens=8)
    assert len(out) == len(TEXTS)
    assert out[1] == "" and all(isinstance(o, str) for o in out)


def test_small_batches_give_the_same_result_in_order(translator):
    whole = translator.translate(TEXTS, "en-US", "de-DE", max_new_tokens=8, batch_size=16)
    pieces = translator.translate(TEXTS, "en-US", "de-DE", max_new_tokens=8, batch_size=1)
    assert whole == pieces


def test_pair_model_is_loaded_from_disk_with_from_pretrained(translator):
    from transformers import MarianMTModel

    model, tok, _ = translator.model_for_pair("en-GB", "de-AT")
    assert isinstance(model, MarianMTModel) and model.device.type == "cpu"
    assert model.name_or_path.endswith("opus-mt-en-de")
    assert translator.model_for_pair("en-US", "de-DE")[0] is model  # loaded once


def test_missing_pair_names_the_model(translator):
    with pytest.raises(ModelError, match="opus-mt-en-fr"):
        translator.translate(["Hello"], "en-US", "fr-FR")


def test_same_locale_returns_the_text_untouched(translator):
    assert translator.translate(["Hallo Welt"], "de-DE", "de-DE") == ["Hallo Welt"]


@pytest.mark.parametrize("texts, src, message", [("one text", "en", "list"), ([1], "en", r"texts\[0\]"), (["x"], "", "src")])
def test_bad_inputs_are_refused_before_loading(translator, texts, src, message):
    with pytest.raises(ValueError, match=message):
        translator.translate(texts, src, "de-DE")


def test_nllb_codes_come_from_locales():
    nllb = load_profile("standard").model_for("translate")
    assert model_code(nllb, "de-DE") == "deu_Latn"
    assert model_code(nllb, "zh-CN") == "zho_Hans" and model_code(nllb, "zh-TW") == "zho_Hant"
    assert model_code(nllb, "ar_SA") == "arb_Arab" and model_code(nllb, "fra_Latn") == "fra_Latn"
    with pytest.raises(ValueError, match="lang_codes"):
        model_code(nllb, "xx-YY")
    custom = NllbSpec(role="translate", backend="nllb", id="a/b", lang_codes={"ar-EG": "arz_Arab"})
    assert model_code(custom, "ar-EG") == "arz_Arab" and model_code(custom, "ar-SA") == "arb_Arab"


def test_marian_codes_are_languages():
    marian = load_profile("large").model_for("translate")
    assert model_code(marian, "de-DE") == "de"
    assert marian.location(src="en", tgt="de") == "Helsinki-NLP/opus-mt-en-de"


def test_unavailable_nllb_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load translation model"):
        Seq2SeqTranslator.from_spec(spec("translate", tmp_path / "missing", backend="nllb"), device="cpu")
