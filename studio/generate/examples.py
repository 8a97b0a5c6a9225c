"""Worked examples per locale for the prompts: ``prompts/examples/<locale>.yaml``.

Small models ignore "write in German, at most 30 characters" but imitate an example. Each file holds,
in the target language, the instruction line and one example per kind (a short headline, a post and a
video script's scenes) for another product, so the model sees the language, the length and the form
without copying this brief's facts. Files are validated at load: an error names file:line and field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.core.config import get_settings
from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file, validation_error

FIX = "compare with prompts/examples/de-DE.yaml: keys instruction, reply, product, copy {headline, post}, video_script [scenes]"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CopyExamples(_Strict):
    headline: str = Field(min_length=3, max_length=60, description="a short headline (fits 30 characters)")
    post: str = Field(min_length=10, max_length=300, description="a social post of one or two sentences")


class SceneExample(_Strict):
    visual: str = Field(min_length=3, max_length=200)
    on_screen_text: str = Field(max_length=60)
    voiceover: str = Field(min_length=2, max_length=200)


class LocaleExamples(_Strict):
    instruction: str = Field(min_length=5, max_length=300, description="'write in <language> for <market>', in that language")
    reply: str = Field(min_length=2, max_length=200, description="'reply with the ad text only', in that language")
    repair: str | None = Field(None, min_length=5, max_length=200,
                               description="'rewrite this draft and fix these problems:', in that language")
    product: str = Field(min_length=2, max_length=120, description="the example's product (not the brief's)")
    copy_: CopyExamples = Field(alias="copy")
    video_script: list[SceneExample] = Field(min_length=2, max_length=6)

    @property
    def product_name(self) -> str:
        """The example product's name (its first word): a draft that names it copied the example."""
        return self.product.replace(",", " ").split()[0]

    def short_copy(self, limit: int) -> str:
        """The example that suits a channel of ``limit`` characters."""
        return self.copy_.headline if limit <= 90 else self.copy_.post


def examples_dir() -> Path:
    return get_settings().prompts_dir / "examples"


def load_examples_file(path: Path) -> LocaleExamples:
    data, lines = load_yaml_file(path, StudioError)
    if not isinstance(data, dict):
        raise StudioError("a locale examples file must be a YAML mapping", where=f"{path}:1", fix=FIX)
    try:
        return LocaleExamples.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, StudioError, fix=FIX) from None


@lru_cache(maxsize=64)
def _cached(path: Path) -> LocaleExamples | None:
    return load_examples_file(path) if path.is_file() else None


def locale_examples(code: str) -> LocaleExamples | None:
    """The worked examples for ``code``, or None when the locale has no file (prompts stay as before)."""
    return _cached(examples_dir() / f"{code}.yaml")
