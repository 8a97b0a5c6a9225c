"""Worked examples per locale for the prompts: ``prompts/examples/<locale>.yaml``.

Small models ignore "write in German, at most 30 characters" but imitate an example. Each file holds,
in the target language, the instruction line and one example per kind (a short headline, a post and a
video script's scenes) for another product, so the model sees the language, the length and the form
without copying this brief's facts. Files are validated at load: an error names file:line and field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from studio.core.config import get_settings
from studio.core.errors import StudioError
from studio.core.letters import HANGUL_SYLLABLES, SPACELESS
from studio.core.yamlfile import load_yaml_file, validation_error

_M = TypeVar("_M", bound=BaseModel)

FIX = ("compare with prompts/examples/de-DE.yaml: keys instruction, reply, product, copy {headline, post}, optional other "
       "{product, headline, post, cut {long, short}}, video_script [scenes]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CopyExamples(_Strict):
    headline: str = Field(min_length=3, max_length=60, description="a short headline (fits 30 characters)")
    post: str = Field(min_length=10, max_length=300, description="a social post of one or two sentences")


class CutExample(_Strict):
    """A headline too long for its channel (``long``) cut to fit (``short``): words dropped, none added. It was shown
    with a headline's repair (asked to cut, a 1.5B model wrote a new line as long as the first) until its cut
    versions came back with the bike light's line and product (drafts-length21); the copied gate reads its runs."""

    long: str = Field(min_length=10, max_length=120, description="a headline too long for 30 characters")
    short: str = Field(min_length=3, max_length=30, description="the same headline cut to fit 30 characters")

    @model_validator(mode="after")
    def _a_cut(self) -> CutExample:
        spaceless = re.search(f"[{SPACELESS}{HANGUL_SYLLABLES}]", self.short)
        said = re.findall(r"[^\W_]", self.long.casefold()) if spaceless else re.findall(r"[^\W_]+", self.long.casefold())
        kept = re.findall(r"[^\W_]", self.short.casefold()) if spaceless else re.findall(r"[^\W_]+", self.short.casefold())
        added = [w for w in kept if w not in said]
        if added:
            raise ValueError(f"cut.short must keep words of cut.long and add none; new: {', '.join(added)}")
        if len(self.long) - len(self.short) < 10:
            raise ValueError("cut.long must be at least 10 characters longer than cut.short")
        return self


class OtherExample(_Strict):
    """A second copy example, of a product whose words do not carry over to a brief's (a bike light next to
    the tea): with two products a model sees what changes with the product; with one it copied the tea's
    hashtag ("#PauseThé") into a water bottle's post."""

    product: str = Field(min_length=2, max_length=120, description="a second product, unlike the first")
    headline: str = Field(min_length=3, max_length=60)
    post: str = Field(min_length=10, max_length=300)
    cut: CutExample | None = None
    # (en-US, the briefs' language) the product's facts and key message, laid out as a brief's under the post's
    # request (prompts/copy.j2 ``example_user``), each the source of a line of its post; every locale says them in its
    # words as it says a brief's (``LocaleExamples.say``), else in English
    facts: list[str] = Field(default_factory=list, max_length=4)
    key_message: str | None = Field(None, min_length=3, max_length=120)

    @property
    def product_name(self) -> str:
        return _first_word(self.product)


class SceneExample(_Strict):
    visual: str = Field(min_length=3, max_length=200)
    on_screen_text: str = Field(max_length=60)
    voiceover: str = Field(min_length=2, max_length=200)
    point: str | None = Field(None, min_length=3, max_length=200,
                              description="(en-US, the plan's language) the fact this scene gets across, as a scene "
                                          "plan gives a brief's fact: unlike the voiceover, so the example shows a "
                                          "fact put in an ad's words, not a sentence said back")


# A number as a brief writes it and a unit written as a symbol or a code right after it: said as written in any
# language ('750 ml', '340 g', '29.99 USD', '22 °C'); a unit in words ('24 hours') is said in the locale's words.
_NUMBER_UNIT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?(?:ml|cl|dl|l|mg|g|kg|mm|cm|m|km|oz|fl oz|lb|in|"
                          r"°C|°F|%|USD|EUR|GBP|JPY|CNY|INR|AED|SAR|\$|€|£|¥)(?![^\W\d_]))?", re.IGNORECASE)


# A number's place in a phrase ('keeps drinks cold for {n} hours' -> tr 'içecekleri {n} saat soğuk tutar'), and in
# the locale's phrase optionally with the unit's word per plural form of the number (pl '{n:one=godzina|few=godziny|
# many=godzin}': '24 godziny', '12 godzin'; CLDR categories of the language, babel): the number stays as written.
SLOTS = ("n", "m")
_SLOT = re.compile(r"\{(n|m)(?::([^{}]*))?\}")


def _phrase_pattern(en: str) -> str:
    """An English phrase of ``words`` as a regex: a hyphen or a space in it matches either ("stainless-steel" also
    as "stainless steel"); a slot ``{n}`` / ``{m}`` matches a number the statement gives (masked by ``say``)."""
    pattern = re.escape(en).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
    for slot in SLOTS:
        pattern = pattern.replace(re.escape("{" + slot + "}"), f"(?P<{slot}>\x00\\d+\x00)", 1)
    return pattern


def phrase_words(own: str) -> str:
    """A locale's phrase as words a draft may say: each number's place as '24', with every form of its unit
    ('{n:one=godzinę|few=godziny|many=godzin}' -> '24 godzinę godziny godzin'): what the gates must pass."""
    return _SLOT.sub(lambda m: " ".join(["24", *(f.split("=", 1)[1] for f in (m.group(2) or "").split("|") if f)]), own)


def _plural_form(number: str, forms: str, language: str) -> str:
    """``number`` with the word of ``forms`` ('one=godzina|few=godziny|many=godzin') for its plural category in
    ``language`` (CLDR, babel); a decimal number or a category not given takes ``other``, else the last form."""
    from babel import Locale

    given = dict(f.split("=", 1) for f in forms.split("|"))
    whole = re.fullmatch(r"\d+", number.strip())
    category = Locale.parse(language or "en").plural_form(int(number)) if whole else "other"
    return f"{number} {given.get(category) or given.get('other') or list(given.values())[-1]}"


class LocaleExamples(_Strict):
    instruction: str = Field(min_length=5, max_length=300, description="'write in <language> for <market>', in that language")
    reply: str = Field(min_length=2, max_length=200, description="'reply with the ad text only', in that language")
    repair: str | None = Field(None, min_length=5, max_length=200,
                               description="'rewrite this draft and fix these problems:', in that language")
    product: str = Field(min_length=2, max_length=120, description="the example's product (not the brief's)")
    copy_: CopyExamples = Field(alias="copy")
    other: OtherExample | None = None
    video_script: list[SceneExample] = Field(min_length=2, max_length=6)
    # English words of product briefs -> the locale's words for them ("dishwasher-safe" -> "食洗機対応"): a copy
    # prompt lists the ones its brief uses, so a 1.5B model does not carry the brief's English into the copy
    # ("dishwasherが安全に洗える", "Kühlt Drinks für 24 Stunden, Hot für 12 Stunden").
    words: dict[str, str] = Field(default_factory=dict)
    # English phrases of briefs' facts, claims and key messages -> the locale's phrase, in its word order and
    # agreement ("keeps drinks cold for" -> "mantiene las bebidas frías durante"): ``say`` reads them with ``words``
    # to give a whole statement in the language; unlike ``words`` they are not listed as the prompt's terms (a phrase
    # would hide the words inside it, "hot = heiß", from that list).
    phrases: dict[str, str] = Field(default_factory=dict)
    # A statement's punctuation as the language writes it where ``say`` gives it in its words (ja ',' and the space
    # after it -> '、', ar ',' -> '،'): the brief's ASCII comma between two Japanese phrases
    punctuation: dict[str, str] = Field(default_factory=dict)

    # the locale's language (ISO 639-1, from the file's name): the plural forms of a phrase's slot
    _language: str = PrivateAttr("")

    @field_validator("punctuation")
    @classmethod
    def _marks(cls, value: dict[str, str]) -> dict[str, str]:
        for mark, own in value.items():
            if re.search(r"[^\W_]", mark + own) or not mark.strip() or not own.strip():
                raise ValueError(f"punctuation: {mark!r}: {own!r}: give a mark as briefs write it and the language's mark")
        return value

    @field_validator("words", "phrases")
    @classmethod
    def _words(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        slotted = info.field_name == "phrases"
        for en, own in value.items():
            bare = re.sub(r"\{[nm]\}", "n", en).replace("'", "") if slotted else en
            if not re.fullmatch(r"[a-z][a-z -]{1,50}", bare) or not own.strip() or len(_SLOT.sub("{n}", own)) > 80:
                raise ValueError(f"{info.field_name}: {en!r}: {own!r}: give an English word or phrase in lower case (a-z, "
                                 "space, hyphen" + (", apostrophe, a number's place {n} or {m}" if slotted else "") +
                                 ") and the locale's word for it (at most 80 characters, a slot's forms aside)")
            if slotted and sorted(re.findall(r"\{([nm])\}", en)) != sorted(m.group(1) for m in _SLOT.finditer(own)):
                raise ValueError(f"phrases: {en!r}: {own!r}: the locale's phrase must place each number the English "
                                 "places ({n}, {m}) once, as {n} or with its unit's plural forms {n:one=...|few=...}")
            for m in _SLOT.finditer(own):
                if m.group(2) is not None and not re.fullmatch(r"[a-z]+=[^|=]+(\|[a-z]+=[^|=]+)*", m.group(2)):
                    raise ValueError(f"phrases: {en!r}: {m.group(0)!r}: give the unit's forms as one=...|few=...|many=...")
        return value

    def brief_words(self, statements: list[str]) -> dict[str, str]:
        """The ``words`` whose English the brief's statements use (at a word's start and end, a plural s
        allowed; "stainless-steel" also as "stainless steel"), longest first so "water bottle" wins over "bottle"."""
        said = " ".join(statements).casefold()
        out: dict[str, str] = {}
        for en in sorted(self.words, key=len, reverse=True):
            pattern = _phrase_pattern(en)
            if re.search(rf"(?<![a-z]){pattern}s?(?![a-z])", said) and not any(en in longer for longer in out):
                out[en] = self.words[en]
        return out

    def say(self, text: str, terms: dict[str, str] | None = None, keep: list[str] | tuple[str, ...] = ()) -> str | None:
        """``text`` (a key message, a fact or a claim of the brief) said in the locale's words, or None where its
        ``words`` and ``phrases`` (and ``terms``, the brief's glossary, which win) leave an English word of it unsaid. Longest phrase
        first, as ``brief_words`` matches them; punctuation is kept; the first letter keeps the message's capital. A
        number and a unit written as a symbol or a code after it ('750 ml', '340 g', '29.99 USD') and the words of
        ``keep`` (the brief's do-not-translate words) stay exactly as the brief has them; a unit in words ('24 hours')
        is said in the locale's ``words`` ('24 horas'). Posts and headlines copied the English key message the prompt
        gave ('One-Bottle-Solution', 'koud water all day', id-ID's 'One bottle instead of hundreds of plastic ones.'
        as a line of its post) even with its words listed as terms, and the English facts ('mientras que
        elLifetime warranty garantiza', 'keeps drinks cold for 24 heures'): a statement given in the language leaves
        no English to copy."""
        words = {**self.words, **self.phrases, **{k.casefold(): v for k, v in (terms or {}).items()}}
        parts: list[str] = []

        def kept(m: re.Match[str]) -> str:
            parts.append(m.group(0))
            return f"\x00{len(parts) - 1}\x00"

        masked = _NUMBER_UNIT.sub(kept, text)
        for word in sorted(keep, key=len, reverse=True):
            masked = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", kept, masked)
        said = masked.casefold()
        for en in sorted(words, key=len, reverse=True):
            pattern = _phrase_pattern(en)

            def own_word(m: re.Match[str], own: str = words[en]) -> str:
                def number(slot: re.Match[str]) -> str:
                    written = parts[int(m.group(slot.group(1)).strip("\x00"))]
                    return written if slot.group(2) is None else _plural_form(written, slot.group(2), self._language)

                parts.append(_SLOT.sub(number, own))
                return f"\x00{len(parts) - 1}\x00"

            said = re.sub(rf"(?<![a-z\x00]){pattern}s?(?![a-z\x00])", own_word, said)
        if re.search(r"[^\W\d_]", re.sub(r"\x00\d+\x00", "", said)):
            return None  # a word of it is said by none of the words
        for mark, own_mark in self.punctuation.items():  # a full-width mark ('、', '，') takes the space after it
            said = re.sub(rf"{re.escape(mark)}(\s*)", lambda m, own=own_mark: own + ("" if ord(own[-1]) >= 0x3000 else m.group(1)), said)
        out = re.sub(r"\x00(\d+)\x00", lambda m: parts[int(m.group(1))], said).strip()
        # the message's capital; a statement that opens with a number the phrase moves ('50 ml refillable glass jar'
        # -> 'Wadah kaca 50 ml ...') opens with the phrase's capital
        if not out or not (text[:1].isupper() or (text[:1].isdigit() and out[:1].islower())):
            return out
        return ("İ" if out[0] == "i" and self._language in ("tr", "az") else out[0].upper()) + out[1:]

    @property
    def product_name(self) -> str:
        """The example product's name (its first word): a draft that names it copied the example. Up to a
        space or a comma of any script ("Brio（リーフタイプの緑茶）" -> "Brio", "Brio، شاي" -> "Brio")."""
        return _first_word(self.product)

    def short_copy(self, limit: int) -> str:
        """The example that suits a channel of ``limit`` characters."""
        return self.copy_.headline if limit <= 90 else self.copy_.post

    def copy_shots(self, limit: int) -> list[dict[str, str]]:
        """The copy examples for a channel of ``limit`` characters, the first product's first: product, its
        name and the text (headline or post)."""
        shots = [{"product": self.product, "name": self.product_name, "text": self.short_copy(limit)}]
        if self.other is not None:
            shots.append({"product": self.other.product, "name": self.other.product_name,
                          "text": self.other.headline if limit <= 90 else self.other.post})
        return shots

    @property
    def copy_texts(self) -> list[tuple[str, str]]:
        """(product name, text) of every copy example: what a draft must not carry over."""
        out = [(self.product_name, self.copy_.headline), (self.product_name, self.copy_.post)]
        if self.other is not None:
            out += [(self.other.product_name, self.other.headline), (self.other.product_name, self.other.post)]
        return out


def _first_word(product: str) -> str:
    return re.split(r"[\s,，、،(（:：]+", product.strip(), maxsplit=1)[0]


def examples_dir() -> Path:
    return get_settings().prompts_dir / "examples"


def load_examples_file(path: Path) -> LocaleExamples:
    data, lines = load_yaml_file(path, StudioError)
    if not isinstance(data, dict):
        raise StudioError("a locale examples file must be a YAML mapping", where=f"{path}:1", fix=FIX)
    try:
        examples = LocaleExamples.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, StudioError, fix=FIX) from None
    examples._language = path.stem.split("-")[0]
    return examples


@lru_cache(maxsize=64)
def _cached(path: Path) -> LocaleExamples | None:
    return load_examples_file(path) if path.is_file() else None


def locale_examples(code: str) -> LocaleExamples | None:
    """The worked examples for ``code``, or None when the locale has no file (prompts stay as before)."""
    return _cached(examples_dir() / f"{code}.yaml")


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
        named = {n.strip("{}") for n in re.findall(r"\{[^{}]*\}", text)}
        if not needs <= named or not named <= needs | may or text.count("{") != len(re.findall(r"\{[^{}]*\}", text)):
            def braced(names: set[str]) -> list[str]:
                return ["{" + n + "}" for n in sorted(names)]

            wanted = " and ".join(braced(needs)) + (f" (may name {', '.join(braced(may))})" if may else "")
            raise ValueError(f"must name {wanted} and no other {{...}}: {text!r}")
        return text

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
    named = {n.strip("{}") for n in re.findall(r"\{[^{}]*\}", text)}
    may = may | {"language"}
    if not needs <= named or not named <= needs | may or text.count("{") != len(re.findall(r"\{[^{}]*\}", text)):
        wanted = " and ".join("{" + n + "}" for n in sorted(needs)) or "no placeholder"
        raise ValueError(f"must name {wanted} (may name {', '.join('{' + n + '}' for n in sorted(may))}) and no other "
                         f"{{...}}: {text!r}")
    return text


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
    path = get_settings().prompts_dir / SCENE_LINES_FILE
    examples = tuple(sorted(p.stem for p in examples_dir().glob("*.yaml")))
    return _scene_lines(path, path.stat().st_mtime if path.is_file() else 0.0, examples)


def scene_lines(code: str) -> SceneLines:
    """The scene lines for a locale's language (``ja-JP`` -> ``ja``), else English."""
    from studio.checks.language import language_of_locale

    lines = all_scene_lines()
    return lines.get(language_of_locale(code)) or lines["en"]
