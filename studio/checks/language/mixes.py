"""What a market's copy normally mixes in: ``locales/language_mixes.yaml``, and whole copy in a language
a market accepts besides its own (``may_read_as``)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.checks.language.detectors import _NOISE, LANGUAGES, MIXED_CONFIDENCE, _lingua, compatible, fasttext_top
from studio.checks.language.scripts import foreign_script
from studio.checks.language.words import _WORD

ACCEPT_FASTTEXT = 0.5


def may_read_as(text: str, lang: str) -> bool:
    """True when ``text`` is in no other script than ``lang``'s (and Latin) and a detector puts ``lang``
    first, or gives it a fair share: a market that accepts whole copy in ``lang`` (English in ar-AE)
    lets such a line through even when the other detector leads with a neighbour ("nb" for a short
    English line)."""
    if foreign_script(text, lang) is not None:
        return False
    clean = _NOISE.sub(" ", text)
    top = fasttext_top(clean)
    if top is not None and top[0] == lang and top[1] >= ACCEPT_FASTTEXT:
        return True
    ranked = _lingua().compute_language_confidence_values(clean)
    if not ranked:
        return False
    first = ranked[0]
    return compatible(first.language.iso_code_639_1.name.lower(), lang) and first.value >= MIXED_CONFIDENCE


class _Mix(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
    min_words: int = Field(2, ge=1)

    @field_validator("words")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        bad = [w for w in v if not _WORD.fullmatch(w)]
        if bad:
            raise ValueError(f"each word must be one word of letters, not {bad[0]!r}")
        return v


class MarketMixes(BaseModel):
    """``locales/language_mixes.yaml`` for one market (the file's header says what each field means)."""

    model_config = ConfigDict(extra="forbid")
    phrases: list[str] = Field(default_factory=list)
    mixes: list[_Mix] = Field(default_factory=list)
    # Languages the market's copy is commonly written in as a whole, besides its own (English in the UAE):
    # copy that reads as one of them is not a finding; another script or language still is.
    accepts: list[str] = Field(default_factory=list)

    @field_validator("accepts")
    @classmethod
    def _accepts(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in LANGUAGES]
        if bad:
            raise ValueError(f"{bad[0]!r} is not one of the studio's languages ({', '.join(LANGUAGES)})")
        return v

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, v: list[str]) -> list[str]:
        if any(not p.strip() for p in v):
            raise ValueError("phrases must not be blank")
        return v

    def phrase_pattern(self) -> re.Pattern[str] | None:
        if not self.phrases:
            return None
        alts = "|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)

    def mixed_name(self, text: str) -> str | None:
        """The name of a mix the text is written in (``min_words`` of its words), else None."""
        seen = {w.lower() for w in _WORD.findall(text)}
        for mix in self.mixes:
            if len(seen & {w.lower() for w in mix.words}) >= mix.min_words:
                return mix.name
        return None


MIXES_FILE = "language_mixes.yaml"


def load_mixes(path: Path) -> dict[str, MarketMixes]:
    """Every market's accepted mixes, validated: a bad entry names the file, line and field."""
    from studio.core.errors import LocaleError
    from studio.core.yamlfile import load_yaml_file, validation_error

    if not path.is_file():
        return {}
    data, lines = load_yaml_file(path, LocaleError, fast=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LocaleError(
            "the language mixes file must map locale codes to {phrases, mixes}",
            where=f"{path}:1",
            fix=f"see the comment at the top of locales/{MIXES_FILE}",
        )
    out = {}
    for code, spec in data.items():
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}-[A-Z]{2}", code):
            raise LocaleError(
                f"{code!r} is not a locale code",
                where=f"{path}:{lines.get((code,), 1)}",
                fix="use a code like hi-IN, as the locale files are named",
            )
        try:
            out[code] = MarketMixes.model_validate(spec)
        except ValidationError as exc:
            raise validation_error(
                exc,
                str(path),
                lines,
                LocaleError,
                prefix=(code,),
                fix="each market has phrases: [text], mixes: [{name, words, min_words}] and accepts: [language code]",
            ) from None
    return out


@lru_cache(maxsize=1)
def market_mixes() -> dict[str, MarketMixes]:
    """Every market's accepted mixes, read back from a copy under ``<cache_dir>/rules/`` keyed by the file and this
    code (``loadcache.load_kept``): a draft that reads as another language no longer imports PyYAML and validates
    the file again in every new process (~0.015 s of a one-draft `studio check`, engine57)."""
    from studio.checks import loadcache
    from studio.core.config import get_settings

    settings = get_settings()
    path = Path(settings.locales_dir) / MIXES_FILE
    if not path.is_file():
        return {}
    return loadcache.load_kept(Path(settings.cache_dir) / "rules", "mixes", [path, Path(__file__)],
                               lambda: load_mixes(path))
