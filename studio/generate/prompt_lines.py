"""The per-language lines of the prompts' repair and scene turns: ``prompts/repair_lines.yaml`` (what a copy repair
asks, in the draft's language) and ``prompts/scene_lines.yaml`` (what a scene prompt asks). Each file maps a language
(ISO 639-1) to its lines, validated at load: each line names exactly its placeholders, and an error names the file,
the line and the field. (Split from studio.generate.examples, which keeps the worked examples per locale: engine58.)"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from studio.core.config import get_settings
from studio.core.errors import StudioError
from studio.core.yamlfile import load_yaml_file, validation_error

_M = TypeVar("_M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- copy repairs in the target language

REPAIR_LINES_FILE = "repair_lines.yaml"
REPAIR_FIX = ("give per language (ISO 639-1) `too_long` with {count} and {limit}, `options` with {brand} and {words}, optionally "
              "`headlines` with {brand} and {words}, `cut` with {text}, {count} and {limit}, `english` with {pairs}, "
              "`name` with {brand}, `copied` with {text}, `repeated` with {text}, and `word_chars` (a "
              "number; leave it out where the language is written without spaces), see the file's header")
# Placeholders per line: (must name, may name).
_PLACEHOLDERS = {"too_long": ({"count", "limit"}, set()), "options": ({"brand", "words"}, {"limit"}),
                 "headlines": ({"brand", "words"}, {"limit"}), "post": ({"brand"}, set()), "cut": ({"text", "count", "limit"}, {"brand", "words", "over"}),
                 "english": ({"pairs"}, set()), "name": ({"brand"}, set()), "copied": ({"text"}, {"product"}),
                 "repeated": ({"text"}, set()), "claim": ({"text"}, set()),
                 "sense": ({"text", "product"}, set()), "question": ({"brand", "product"}, set())}
# The fewest words after the brand a headline is asked for (a brand with one word is no ad).
MIN_WORDS = 2


def _placeholders_named(text: str, needs: set[str], may: set[str]) -> str:
    """``text`` where it names every placeholder of ``needs``, none but those and ``may``, and no brace that is not a
    placeholder; else a ValueError that says which (the repair and the scene lines check their lines alike)."""
    named = {n.strip("{}") for n in re.findall(r"\{[^{}]*\}", text)}
    if not needs <= named or not named <= needs | may or text.count("{") != len(re.findall(r"\{[^{}]*\}", text)):
        def braced(names: set[str]) -> str:
            return ", ".join("{" + n + "}" for n in sorted(names))

        wanted = " and ".join("{" + n + "}" for n in sorted(needs)) or "no placeholder"
        raise ValueError(f"must name {wanted}{f' (may name {braced(may)})' if may else ''} and no other {{...}}: {text!r}")
    return text


class RepairLines(_Strict):
    """The length repair of ad copy in one language (``prompts/repair_lines.yaml``)."""

    too_long: str = Field(min_length=5, max_length=200, description="the count and the limit: {count}, {limit}")
    options: str = Field(min_length=5, max_length=200, description="cut versions, one a line: {brand}, {words} [{limit}]")
    headlines: str | None = Field(None, min_length=5, max_length=300,
                                  description="the first prompt's short headlines, each the brand and a few words: {brand}, {words} [{limit}]")
    cut: str | None = Field(None, min_length=5, max_length=300,
                            description="the over-long option quoted with its length and the limit, cut not rewritten: "
                                        "{text}, {count}, {limit} [{brand}, {words}, {over}: the characters to drop]")
    post: str | None = Field(None, min_length=5, max_length=400,
                             description="the first prompt's request for a post in four short lines (hook, benefit, "
                                         "invitation, hashtags with #{brand}), shown where the worked example post has that form")
    # A copy repair's problems in the language too (drafts-copy11: asked in English, the ja-JP post came back as the
    # English problem list, "It has English words in Japanese copy: dishwasher ...").
    english: str | None = Field(None, min_length=5, max_length=300,
                                description="the English words of a draft to write in the language, each with the "
                                            "locale's word for it where prompts/examples words gives one: {pairs}")
    name: str | None = Field(None, min_length=5, max_length=300,
                             description="a draft that names neither the brand nor the product: name {brand}")
    # The copied and repeated_claim gates' repairs too: asked in English ("It reuses 'ハンドルに付けて' of the worked
    # example ..."), the demo's ja-JP post came back with the bike light's line and its repeat (drafts-demo12).
    copied: str | None = Field(None, min_length=5, max_length=300,
                               description="a draft that reuses words of the worked example ({text}) [{product}]")
    repeated: str | None = Field(None, min_length=5, max_length=300,
                                 description="a draft that says a run of words ({text}) twice")
    # The unsupported_claim gate's repair (studio.generate.grounding): the claim quoted, asked to be left out.
    claim: str | None = Field(None, min_length=5, max_length=300,
                              description="a claim the brief does not make ({text}), to be left out")
    # The sense gate's repair (studio.generate.sense): the sentence that says nothing of the brief, quoted.
    sense: str | None = Field(None, min_length=5, max_length=300,
                              description="a draft that says nothing the brief says ({text}): say what {product} does")
    # A post that only asks (studio.generate.problems.only_a_question): asked for its answer in the language too.
    question: str | None = Field(None, min_length=5, max_length=300,
                                 description="a post that only asks: keep the first question, add a statement that "
                                             "names {brand} and says what {product} does")
    word_chars: float | None = Field(None, ge=2, le=12, description="characters per word, its space included (none: "
                                     "the language is written without spaces and {words} counts characters)")

    @field_validator("too_long", "options", "headlines", "cut", "post", "english", "name", "copied", "repeated", "claim",
                     "sense", "question")
    @classmethod
    def _placeholders(cls, text: str | None, info: ValidationInfo) -> str | None:
        if text is None:
            return text
        needs, may = _PLACEHOLDERS[info.field_name or ""]
        return _placeholders_named(text, needs, may)

    def words(self, room: int) -> str:
        """What ``{words}`` says for ``room`` characters left after the brand: a range of words ("2–4") in a
        language written with spaces (the room over the language's characters per word), else the
        characters themselves (ja, zh, th: a 1.5B model keeps a number of words, not of characters)."""
        if self.word_chars is None:
            return str(max(MIN_WORDS, room))
        most = max(MIN_WORDS, int(room / self.word_chars))
        return f"{MIN_WORDS}–{most}" if most > MIN_WORDS else str(MIN_WORDS)

    def fixed_parts(self) -> list[str]:
        """The words of these lines between their placeholders: what a draft that echoes them repeats."""
        return [part.strip() for line in (self.too_long, self.options, self.headlines or "", self.cut or "", self.post or "",
                                          self.english or "", self.name or "", self.copied or "", self.repeated or "",
                                          self.sense or "", self.question or "")
                for part in re.split(r"\{\w+\}", line) if len(part.strip()) >= 8]


@lru_cache(maxsize=4)
def _repair_lines(path: Path, mtime: float) -> dict[str, RepairLines]:
    if not path.is_file():
        return {}
    return _per_language(path, RepairLines, "repair lines", "too_long and options", REPAIR_FIX)


def _per_language(path: Path, model: type[_M], what: str, fields: str, fix: str) -> dict[str, _M]:
    """A file of language -> mapping, each validated as ``model``; errors name file:line and the field."""
    data, lines = load_yaml_file(path, StudioError)
    if not isinstance(data, dict):
        raise StudioError(f"the {what} file must be a mapping of language -> lines", where=f"{path}:1", fix=fix)
    out = {}
    for lang, value in data.items():
        if not isinstance(value, dict):
            raise StudioError(f"{lang}: expected a mapping with {fields}", where=f"{path}:{lines.get((lang,), 1)}", fix=fix)
        try:
            out[str(lang)] = model.model_validate(value)
        except ValidationError as exc:
            raise validation_error(exc, str(path), lines, StudioError, fix=fix, prefix=(lang,)) from None
    return out


def all_repair_lines() -> dict[str, RepairLines]:
    path = get_settings().prompts_dir / REPAIR_LINES_FILE
    return _repair_lines(path, path.stat().st_mtime if path.is_file() else 0.0)


def repair_lines(code: str) -> RepairLines | None:
    """The length repair lines for a locale's language (``de-DE`` -> ``de``), else English, else None."""
    from studio.checks.language import language_of_locale

    lines = all_repair_lines()
    return lines.get(language_of_locale(code)) or lines.get("en")


# ---------------------------------------------------------------- scene prompts in the target language

SCENE_LINES_FILE = "scene_lines.yaml"
SCENE_FIX = ("give per language (ISO 639-1) jobs and shots {hook, product, benefit, call to action}, ask, voiceover, "
             "grounded, reply, too_long, foreign (optionally echo, example) and units {words, characters}, with the placeholders the file's header names")
SCENE_JOBS = ("hook", "product", "benefit", "call to action")
# Placeholders per line: (must name, may name); any line may name {language}.
_SCENE_PLACEHOLDERS = {"ask": ({"n", "scenes", "seconds", "job", "say"}, set()),
                       "voiceover": ({"budget", "unit", "shot"}, set()), "grounded": (set(), set()),
                       "reply": ({"n"}, set()), "too_long": ({"text", "count", "limit", "unit", "seconds"}, set()),
                       "foreign": ({"text", "words"}, set()), "echo": ({"text"}, set()),
                       "example": ({"text", "say"}, {"product"})}


def _named_placeholders(text: str, needs: set[str], may: set[str]) -> str:
    """A scene line's placeholders checked (``_placeholders_named``): any scene line may name {language}."""
    return _placeholders_named(text, needs, may | {"language"})


class SceneLines(_Strict):
    """What a scene prompt asks, in one language (``prompts/scene_lines.yaml``)."""

    jobs: dict[str, str] = Field(description="what each scene is for, by job: hook, product, benefit, call to action")
    shots: dict[str, str] = Field(description="what each job's visual shows; all but the hook name {product}")
    ask: str = Field(min_length=5, max_length=300)
    voiceover: str = Field(min_length=5, max_length=300)
    grounded: str = Field(min_length=5, max_length=200)
    reply: str = Field(min_length=5, max_length=200)
    too_long: str = Field(min_length=5, max_length=300)
    foreign: str = Field(min_length=5, max_length=300, description="the re-ask quoting words not in the language")
    echo: str | None = Field(None, min_length=5, max_length=300,
                             description="the re-ask quoting a voiceover that is the brief's sentence (English)")
    example: str | None = Field(None, min_length=5, max_length=300,
                                description="the re-ask of a scene that reuses the worked example ({text}) with the "
                                            "scene's point ({say})")
    units: dict[str, str] = Field(description="the words for words and characters: {words: ..., characters: ...}")

    @field_validator("jobs", "shots", "units")
    @classmethod
    def _keys(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        keys = ("words", "characters") if info.field_name == "units" else SCENE_JOBS
        if set(value) != set(keys) or not all(str(v).strip() for v in value.values()):
            raise ValueError(f"needs exactly the keys {', '.join(keys)}, each with a text; got {', '.join(map(str, value)) or 'none'}")
        if info.field_name == "shots":
            for job, shot in value.items():
                _named_placeholders(shot, set() if job == "hook" else {"product"}, {"product"})
        elif info.field_name == "jobs":
            for job in value.values():
                _named_placeholders(job, set(), set())
        return value

    @field_validator("ask", "voiceover", "grounded", "reply", "too_long", "foreign", "echo", "example")
    @classmethod
    def _placeholders(cls, text: str | None, info: ValidationInfo) -> str | None:
        needs, may = _SCENE_PLACEHOLDERS[info.field_name or ""]
        return None if text is None else _named_placeholders(text, needs, may)

    def unit(self, speech_unit: str) -> str:
        """The word for a speaking rate's unit ("words" / "chars")."""
        return self.units["words" if speech_unit == "words" else "characters"]


@lru_cache(maxsize=4)
def _scene_lines(path: Path, mtime: float, examples: tuple[str, ...]) -> dict[str, SceneLines]:
    from studio.checks.language import language_of_locale

    if not path.is_file():
        raise StudioError("the scene lines file is missing", where=str(path), fix=SCENE_FIX)
    out = _per_language(path, SceneLines, "scene lines", "jobs, shots, ask, ...", SCENE_FIX)
    missing = sorted({language_of_locale(code) for code in examples} - set(out))
    if missing:
        raise StudioError(f"no scene lines for {', '.join(missing)}, which have worked examples in prompts/examples/",
                          where=f"{path}:1", fix=f"add an entry per language: {SCENE_FIX}")
    return out


def all_scene_lines() -> dict[str, SceneLines]:
    """Every language's scene lines, validated: each line's placeholders, and an entry for every language
    with a worked example."""
    from studio.generate.examples import examples_dir

    path = get_settings().prompts_dir / SCENE_LINES_FILE
    examples = tuple(sorted(p.stem for p in examples_dir().glob("*.yaml")))
    return _scene_lines(path, path.stat().st_mtime if path.is_file() else 0.0, examples)


def scene_lines(code: str) -> SceneLines:
    """The scene lines for a locale's language (``ja-JP`` -> ``ja``), else English."""
    from studio.checks.language import language_of_locale

    lines = all_scene_lines()
    return lines.get(language_of_locale(code)) or lines["en"]
