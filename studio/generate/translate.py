"""Machine translation with seq2seq models: the ``nllb`` backend (one many-to-many model) and the
``marian`` backend (one model per language pair)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import model_validator

from studio.generate.backends import Backend
from studio.generate.base import Generator, check_batch, check_positive
from studio.generate.profiles import cached_load, load_pretrained, pick_device, pick_dtype
from studio.generate.spec import ModelSpec, ModelStatus, local_or_hub_status

# NLLB-200 uses FLORES-200 codes (language_Script). Locale -> code: the full locale wins (zh-TW is
# Traditional Chinese), then the language. A spec's ``lang_codes`` adds or overrides entries.
NLLB_CODES: dict[str, str] = {
    "ar": "arb_Arab", "bg": "bul_Cyrl", "bn": "ben_Beng", "cs": "ces_Latn", "da": "dan_Latn",
    "de": "deu_Latn", "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "et": "est_Latn",
    "fa": "pes_Arab", "fi": "fin_Latn", "fr": "fra_Latn", "he": "heb_Hebr", "hi": "hin_Deva",
    "hr": "hrv_Latn", "hu": "hun_Latn", "id": "ind_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ko": "kor_Hang", "lt": "lit_Latn", "lv": "lvs_Latn", "ms": "zsm_Latn", "nb": "nob_Latn",
    "nl": "nld_Latn", "no": "nob_Latn", "pl": "pol_Latn", "pt": "por_Latn", "ro": "ron_Latn",
    "ru": "rus_Cyrl", "sk": "slk_Latn", "sl": "slv_Latn", "sr": "srp_Cyrl", "sv": "swe_Latn",
    "sw": "swh_Latn", "ta": "tam_Taml", "th": "tha_Thai", "tl": "tgl_Latn", "tr": "tur_Latn",
    "uk": "ukr_Cyrl", "ur": "urd_Arab", "vi": "vie_Latn", "zh": "zho_Hans",
    "zh-TW": "zho_Hant", "zh-HK": "yue_Hant", "zh-Hant": "zho_Hant", "pt-BR": "por_Latn",
}


def language_of(locale: str) -> str:
    """ISO 639-1 language of a locale code: de-DE -> de, zh_Hant_TW -> zh."""
    return locale.replace("_", "-").split("-")[0].lower()


class TranslatorSpec(ModelSpec):
    """A seq2seq translation model; ``lang_codes`` adds or overrides locale -> model language codes."""

    lang_codes: tuple[tuple[str, str], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _codes_as_pairs(cls, data: Any) -> Any:
        # YAML gives a mapping; a tuple of pairs keeps the spec hashable.
        if isinstance(data, dict) and isinstance(data.get("lang_codes"), dict):
            data = {**data, "lang_codes": tuple(sorted(data["lang_codes"].items()))}
        return data

    def model_code(self, locale: str) -> str:
        raise NotImplementedError


class NllbSpec(TranslatorSpec):
    def model_code(self, locale: str) -> str:
        """FLORES-200 code (deu_Latn): the full locale wins, then the language."""
        if re.fullmatch(r"[a-z]{3}_[A-Z][a-z]{3}", locale):
            return locale  # already an NLLB code
        norm = locale.replace("_", "-")
        table = {**NLLB_CODES, **dict(self.lang_codes)}
        for key in (norm, language_of(norm)):
            if key in table:
                return table[key]
        raise ValueError(f"no NLLB language code for locale {locale!r}; add it under lang_codes in the profile's translate model")


class MarianSpec(TranslatorSpec):
    """The id or path may hold {src} and {tgt}, filled with ISO 639-1 codes (opus-mt-{src}-{tgt})."""

    @property
    def per_pair(self) -> bool:
        return "{" in (self.path or self.id or "")

    def model_code(self, locale: str) -> str:
        norm = locale.replace("_", "-")
        extra = dict(self.lang_codes)
        return extra.get(norm) or extra.get(language_of(norm)) or language_of(norm)


def model_code(spec: TranslatorSpec, locale: str) -> str:
    """The code the translation model knows a locale by (NLLB: deu_Latn; Marian: de)."""
    return spec.model_code(locale)


def _load_seq2seq(spec: ModelSpec, location: str, device: str):
    dtype = pick_dtype(spec, device)

    def load():
        return load_pretrained("AutoModelForSeq2SeqLM", location, dtype, device,
                               what=f"translation model {location}", where=f"model {spec.name}",
                               fix="download it where the hub is reachable, or point the profile at a local path")

    return cached_load(("seq2seq", spec, location, device, str(dtype)), load)


class Seq2SeqTranslator(Generator):
    """``Seq2SeqTranslator.from_spec(spec).translate(texts, "en-US", "de-DE")`` -> one translation each."""

    role = "translate"
    components = ("model", "tokenizer")
    spec: TranslatorSpec

    @classmethod
    def from_spec(cls, spec: ModelSpec, device: str | None = None) -> Seq2SeqTranslator:
        cls._check_role(spec)
        if not isinstance(spec, TranslatorSpec):
            raise ValueError(f"{spec.name} is a {spec.backend} model, not an nllb or marian translator")
        device = device or pick_device()
        if isinstance(spec, NllbSpec):
            model, tok = _load_seq2seq(spec, spec.location(), device)
            return cls(spec, device, model=model, tokenizer=tok)
        return cls(spec, device)  # Marian: one model per pair, loaded when first asked for

    def check_inputs(self, texts: Sequence[str], src: str, tgt: str, batch_size: int) -> None:
        check_batch("texts", texts)
        check_positive(batch_size=batch_size)
        for name, value in (("src", src), ("tgt", tgt)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a locale code like en-US, got {value!r}")

    def model_for_pair(self, src: str, tgt: str):
        """(model, tokenizer, target code) for a language pair."""
        if isinstance(self.spec, NllbSpec):
            return self.model, self.tokenizer, self.spec.model_code(tgt)
        location = self.spec.location(src=self.spec.model_code(src), tgt=self.spec.model_code(tgt))
        model, tok = _load_seq2seq(self.spec, location, self.device)
        return model, tok, None

    def translate(self, texts: Sequence[str], src: str, tgt: str, *, batch_size: int = 16,
                  max_new_tokens: int | None = None) -> list[str]:
        """Translate texts from locale ``src`` to ``tgt``; empty texts stay empty; order is kept."""
        import torch

        self.check_inputs(texts, src, tgt, batch_size)
        if language_of(src) == language_of(tgt) and src.replace("_", "-") == tgt.replace("_", "-"):
            return list(texts)
        model, tok, tgt_code = self.model_for_pair(src, tgt)
        kwargs = {"max_new_tokens": max_new_tokens or self.spec.generation.max_new_tokens, "num_beams": 1, "do_sample": False}
        if tgt_code is not None:
            tok.src_lang = self.spec.model_code(src)
            # NLLB picks the output language from the first generated token.
            kwargs["forced_bos_token_id"] = tok.convert_tokens_to_ids(tgt_code)
        out = [""] * len(texts)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        for start in range(0, len(todo), batch_size):
            idx = todo[start : start + batch_size]
            enc = tok([texts[i] for i in idx], return_tensors="pt", padding=True, truncation=True).to(self.device)
            with torch.inference_mode():
                ids = model.generate(**enc, **kwargs)
            for i, text in zip(idx, tok.batch_decode(ids, skip_special_tokens=True)):
                out[i] = text.strip()
        return out


class NllbBackend(Backend):
    """``backend: nllb`` -> one many-to-many model for every locale."""

    roles = ("translate",)
    spec_class = NllbSpec

    def load(self, spec: NllbSpec, device: str | None = None) -> Seq2SeqTranslator:
        return Seq2SeqTranslator.from_spec(spec, device)


class MarianBackend(Backend):
    """``backend: marian`` -> one small model per language pair, each loaded when first needed."""

    roles = ("translate",)
    spec_class = MarianSpec

    def status(self, spec: MarianSpec) -> ModelStatus:
        if not spec.per_pair:
            return local_or_hub_status(spec)
        if spec.local:
            return ModelStatus.of(spec, True, "per-pair models; each pair is checked when used")
        from huggingface_hub import constants

        # Hub cache folders are named models--OWNER--NAME; list the language pairs found there.
        pattern = "models--" + (spec.id or "").replace("/", "--").format(src="*", tgt="*")
        names = [p.name for p in Path(constants.HF_HUB_CACHE).glob(pattern)]
        pairs = sorted(n.split("-")[-2] + "-" + n.split("-")[-1] for n in names)
        if pairs:
            return ModelStatus.of(spec, True, f"language pairs in the local Hugging Face cache: {', '.join(pairs)}")
        return ModelStatus.of(spec, False, f"no {spec.id} pair in the local Hugging Face cache: "
                                           "run `hf download` for each pair needed")

    def load(self, spec: MarianSpec, device: str | None = None) -> Seq2SeqTranslator:
        return Seq2SeqTranslator.from_spec(spec, device)
