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
