"""The rules the reader gates read (``prompts/reader_gates.yaml``): loaded once per version of the file and
validated at load, every error naming the file, the line and the fix. The gates themselves live in
studio.generate.gates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from studio.core.letters import SPACELESS
from studio.generate.prompt_words import fold, prompt_file

# Kana, Han and Thai: scripts written without spaces between words, so gates count characters, not words.
SPACELESS_LETTERS = SPACELESS
SPACELESS = re.compile(f"[{SPACELESS_LETTERS}]")
# A word as the gates count them: letters and digits, joined by an apostrophe or a hyphen ("don't", "e-bike").
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


READER_FILE = "reader_gates.yaml"
_READER_FIX = ("give ends_open / phrase_starts as language -> list of words, mixed_script and latin_allowed as lists, "
               "materials as material -> language -> list of phrases, misnamed as English word -> language -> list of "
               "phrases (see the file's header)")


@dataclass(frozen=True)
class ReaderRules:
    """``prompts/reader_gates.yaml``: what the unfinished, mixed_script and contradicts gates read."""

    ends_open: dict[str, frozenset[str]]
    phrase_starts: dict[str, frozenset[str]]
    mixed_script: frozenset[str]
    latin_allowed: frozenset[str]
    materials: dict[str, dict[str, tuple[str, ...]]]
    sounds: Sounds | None = None  # `transliteration:` (None: the gate reads nothing)
    example_product: dict[str, frozenset[str]] = field(default_factory=dict)
    hashtag_min_zipf: float | None = None  # `hashtags:` (None: the gate reads nothing)
    hashtag_compound_zipf: float = 2.5
    hashtag_allowed: frozenset[str] = frozenset()
    echo_similar: float | None = None  # `brief_echo:` (None: the gate reads nothing)
    echo_share: float = 0.5
    foreign: tuple[ForeignSource, ...] = ()  # `foreign_words.from:` (empty: the gate reads no words)
    foreign_allowed: frozenset[str] = frozenset()
    # `misnamed:` English word of a brief -> language -> what a draft may not call it (read by contradicts)
    misnamed: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    charsets: dict[str, str] = field(default_factory=dict)  # `foreign_words.charsets:` language -> codec
    words: KnownWords | None = None  # `words:` (None: the gate reads nothing)
    repeat_words: int | None = None  # `repeated_claim:` a run of this many words said twice (None: not read)
    repeat_chars: int = 6  # ... or of this many letters in scripts written without spaces
    # `said_twice:` a run of this many words (letters without spaces) said twice in one sentence (None: not read)
    twice_words: int | None = None
    twice_chars: dict[str, int] = field(default_factory=dict)  # ... language -> letters, in scripts without spaces
    twice_common_zipf: float = 5.5  # a run of words this common each is grammar ('tek bir', 'de la'), not a repeat
    # `fact_numbers:` fact word -> language -> stems ('cold' -> de -> kalt, kühl), and language -> (words negating a
    # fact word before it, after it) (read by grounding.misstated_figure; empty: the gate reads nothing)
    fact_words: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    fact_negators: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    # `fact_numbers.measures:` the facts whose word names the measure of its figure ('weighs' 340 g): said right beside
    # another figure of the brief (750 ml), it gives that figure the wrong measure
    fact_measures: frozenset[str] = frozenset()


@dataclass(frozen=True)
class KnownWords:
    """``words:`` of reader_gates.yaml: the languages whose copy is read word by word against wordfreq's list
    (tokenised without MeCab or jieba, and whose human copy the list knows), a word unknown below ``min_zipf``
    unless two words of ``compound_zipf`` run together, and words that pass anywhere."""

    languages: frozenset[str]
    min_zipf: float
    compound_zipf: float
    allowed: frozenset[str]
    # language -> pronouns written onto a verb ("agganciala", "colócala"): the word is known when its verb is
    clitics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # languages whose words simplemma's dictionary (its inflected forms) knows too: wordfreq's list of such a language is
    # its small one, with no word under Zipf 3 (Hindi: 'रूखी' dry, 'लौटें' return are not in it)
    lemmas: frozenset[str] = frozenset()
    # language -> Zipf: in these languages an unknown word counts only when one letter (a code point) from a word of
    # the list at least this common: a misspelling ('बोटल' for 'बोतल', 'खरते' for 'करते'), not a loanword the small
    # list lacks ('प्यूरीफायर', purifier)
    misspelt: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ForeignSource:
    """One entry of ``foreign_words.from:``: words of ``language`` inside copy of the languages ``into`` are
    foreign when at least ``min_zipf`` common there and ``lead`` more common there than in the copy's own."""

    language: str
    min_zipf: float
    lead: float
    into: frozenset[str]


@dataclass(frozen=True)
class Sounds:
    """``transliteration:`` of reader_gates.yaml: letters that sound alike across scripts (class letter ->
    its spellings, longest first), letters that count for nothing, vowels, final vowels a script adds, and the
    vowels a near hearing (``near``) takes for one another."""

    classes: tuple[tuple[str, str], ...]  # (spelling, class), digraphs first
    silent: frozenset[str]
    vowels: frozenset[str]
    epenthetic: frozenset[str]
    near_vowels: frozenset[str] = frozenset()  # each a string of vowels heard as one another ("ou")

    def near(self, a: str, b: str) -> bool:
        """Whether vowels ``a`` and ``b`` are one vowel to a near hearing: the same, or of one ``near_vowels`` group."""
        return a == b or any(a in group and b in group for group in self.near_vowels)

    def key(self, latin: str, added: bool = True) -> tuple[str, str, bool]:
        """(consonant classes in order, doubles merged; vowels in order; ends on a consonant) of a romanised
        word: "fjell" -> ("pl", "e", True); "fueru" (フェル) -> ("pl", "ue", True) once its added final
        "u" is dropped; Korean "eu" is one vowel. ``added=False`` keeps a final vowel: the brand's own
        ("Lumo" ends on its "o", no script added it), and a draft's word heard as a brand that ends so."""
        cons, vowels, _, closed = self._read(latin, added)
        return cons, vowels, closed

    def placed(self, latin: str, added: bool = True) -> dict[int, str]:
        """The vowels of ``key`` by where they stand (how many consonant classes come before them): Brio's 'io' after
        b-r ({2: "io"}), as in ブリオ "burio" ({1: "u", 2: "io"}, the 'u' an added vowel); 브이로 "beuilo" (vlog) has its
        'i' after the b ({1: "ɯi", 2: "o"})."""
        _, vowels, places, _ = self._read(latin, added)
        out: dict[int, str] = {}
        for vowel, place in zip(vowels, places):
            out[place] = out.get(place, "") + vowel
        return out

    def _read(self, latin: str, added: bool) -> tuple[str, str, list[int], bool]:
        """``key`` and where each vowel stands (how many consonant classes come before it)."""
        s = re.sub(r"[^a-z]", "", latin.casefold()).replace("eu", "ɯ")
        for vowel in sorted(self.epenthetic, key=len, reverse=True) if added else ():
            if len(s) > len(vowel) + 1 and s.endswith(vowel) and s[-len(vowel) - 1] not in self.vowels:
                s = s[:-len(vowel)]
                break
        cons, vowels, places, last = [], [], [], ""
        i = 0
        while i < len(s):
            spelt = next(((sp, cl) for sp, cl in self.classes if s.startswith(sp, i)), None)
            if spelt:
                if not cons or cons[-1] != spelt[1]:
                    cons.append(spelt[1])
                last, i = "c", i + len(spelt[0])
                continue
            ch = s[i]
            if ch in self.vowels:
                vowels.append(ch)
                places.append(len(cons))
                last = "v"
            elif ch not in self.silent:
                if not cons or cons[-1] != ch:
                    cons.append(ch)
                last = "c"
            i += 1
        return "".join(cons), "".join(vowels), places, last == "c"


def _word_lists(value: Any, at: tuple, path: str, lines: dict) -> dict[str, frozenset[str]]:
    """A mapping of language -> list of words/phrases at ``at`` (keys into the file), folded."""
    from studio.core.errors import StudioError

    name = ".".join(map(str, at))
    if not isinstance(value, dict) or not value:
        raise StudioError(f"`{name}:` must be a mapping of language -> words",
                          where=f"{path}:{lines.get(at, 1)}", fix=_READER_FIX)
    out = {}
    for lang, words in value.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise StudioError(f"{name}.{lang} must be a list of non-empty words",
                              where=f"{path}:{lines.get((*at, lang), lines.get(at, 1))}", fix=_READER_FIX)
        out[str(lang)] = frozenset(fold(w).strip() for w in words)
    return out


@lru_cache(maxsize=4)
def _reader_rules(path: str, mtime: float) -> ReaderRules:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    data, lines = load_yaml_file(Path(path), StudioError)
    if not isinstance(data, dict):
        raise StudioError("the file must be a YAML mapping", where=f"{path}:1", fix=_READER_FIX)
    flat = {}
    for key in ("mixed_script", "latin_allowed"):
        items = data.get(key)
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise StudioError(f"`{key}:` must be a list of non-empty strings",
                              where=f"{path}:{lines.get((key,), 1)}", fix=_READER_FIX)
        flat[key] = frozenset(fold(w).strip() for w in items)
    materials = data.get("materials") or {}
    if not isinstance(materials, dict):
        raise StudioError("`materials:` must be a mapping of material -> language -> phrases",
                          where=f"{path}:{lines.get(('materials',), 1)}", fix=_READER_FIX)
    mats = {str(name): {lang: tuple(sorted(ws)) for lang, ws in
                        _word_lists(per_lang, ("materials", name), path, lines).items()}
            for name, per_lang in materials.items()}
    misnamed = data.get("misnamed") or {}
    if not isinstance(misnamed, dict):
        raise StudioError("`misnamed:` must be a mapping of English word -> language -> phrases",
                          where=f"{path}:{lines.get(('misnamed',), 1)}", fix=_READER_FIX)
    wrong = {fold(str(word)).strip(): {lang: tuple(sorted(ws)) for lang, ws in
                                       _word_lists(per_lang, ("misnamed", word), path, lines).items()}
             for word, per_lang in misnamed.items()}
    starts = data.get("phrase_starts")
    products = data.get("example_product")
    tags = data.get("hashtags")
    min_zipf, compound_zipf, allowed = _hashtag_rules(tags, path, lines)
    foreign, foreign_allowed, charsets = _foreign_rules(data.get("foreign_words"), path, lines)
    return ReaderRules(_word_lists(data.get("ends_open"), ("ends_open",), path, lines),
                       _word_lists(starts, ("phrase_starts",), path, lines) if starts is not None else {},
                       flat["mixed_script"], flat["latin_allowed"], mats,
                       sounds=_sounds(data.get("transliteration"), path, lines),
                       example_product=_word_lists(products, ("example_product",), path, lines) if products is not None else {},
                       hashtag_min_zipf=min_zipf, hashtag_compound_zipf=compound_zipf, hashtag_allowed=allowed,
                       foreign=foreign, foreign_allowed=foreign_allowed, charsets=charsets, misnamed=wrong,
                       words=_known_words(data.get("words"), path, lines),
                       repeat_words=_repeat_rules(data.get("repeated_claim"), path, lines)[0],
                       repeat_chars=_repeat_rules(data.get("repeated_claim"), path, lines)[1],
                       **_twice_rules(data.get("said_twice"), path, lines),
                       **_echo_rules(data.get("brief_echo"), path, lines),
                       **_fact_rules(data.get("fact_numbers"), path, lines))


def _known_words(value: Any, path: str, lines: dict) -> KnownWords | None:
    """``words:`` of reader_gates.yaml: languages (codes), min_zipf and compound_zipf (numbers), allowed (words)."""
    from studio.core.errors import StudioError

    if value is None:
        return None
    fix = "words: {languages: [en, de], min_zipf: 1.0, compound_zipf: 2.5, allowed: [ok], clitics: {it: [la]}, lemmas: [hi], misspelt: {hi: 4.0}}"
    ok = isinstance(value, dict) and isinstance(value.get("languages"), list) and all(
        isinstance(c, str) and c.isalpha() for c in value["languages"]) and all(
        isinstance(value.get(k), (int, float)) and not isinstance(value.get(k), bool) for k in ("min_zipf", "compound_zipf")) \
        and isinstance(value.get("allowed", []), list) and all(isinstance(w, str) and w.strip() for w in value.get("allowed", [])) \
        and isinstance(value.get("lemmas", []), list) and all(isinstance(c, str) and c in value["languages"] for c in value.get("lemmas", [])) \
        and isinstance(value.get("misspelt", {}), dict) and all(
            c in value["languages"] and isinstance(z, (int, float)) and not isinstance(z, bool) for c, z in value.get("misspelt", {}).items())
    if not ok:
        raise StudioError("`words:` must be a mapping with languages (a list of codes), min_zipf and compound_zipf "
                          "(numbers), allowed (a list of words), lemmas (a list of its languages) and misspelt (its languages -> Zipf)", where=f"{path}:{lines.get(('words',), 1)}", fix=fix)
    clitics = _word_lists(value["clitics"], ("words", "clitics"), path, lines) if value.get("clitics") is not None else {}
    return KnownWords(frozenset(value["languages"]), float(value["min_zipf"]), float(value["compound_zipf"]),
                      frozenset(fold(w).strip() for w in value.get("allowed", [])),
                      {lang: tuple(sorted(ws, key=len, reverse=True)) for lang, ws in clitics.items()},
                      frozenset(value.get("lemmas", [])), {str(c): float(z) for c, z in value.get("misspelt", {}).items()})


def _repeat_rules(value: Any, path: str, lines: dict) -> tuple[int | None, int]:
    """``repeated_claim:`` of reader_gates.yaml: words and chars, whole numbers of 2 or more."""
    from studio.core.errors import StudioError

    if value is None:
        return None, 6
    if not isinstance(value, dict) or not all(isinstance(value.get(k), int) and not isinstance(value.get(k), bool)
                                              and value[k] >= 2 for k in ("words", "chars")):
        raise StudioError("`repeated_claim:` must be a mapping with words and chars (whole numbers, 2 or more)",
                          where=f"{path}:{lines.get(('repeated_claim',), 1)}", fix="repeated_claim: {words: 4, chars: 6}")
    return int(value["words"]), int(value["chars"])


def _twice_rules(value: Any, path: str, lines: dict) -> dict[str, Any]:
    """``said_twice:`` of reader_gates.yaml: words (a whole number, 2 or more), chars (language -> a whole number, 2
    or more), common_zipf (a number, 0-8)."""
    from studio.core.errors import StudioError

    if value is None:
        return {}
    fix = "said_twice: {words: 2, chars: {ja: 4, th: 6}, common_zipf: 5.5}"
    if not isinstance(value, dict):
        raise StudioError("`said_twice:` must be a mapping with words, chars and common_zipf",
                          where=f"{path}:{lines.get(('said_twice',), 1)}", fix=fix)
    chars = value.get("chars")
    if not isinstance(chars, dict):
        raise StudioError("said_twice.chars must be a mapping of language -> letters", fix=fix,
                          where=f"{path}:{lines.get(('said_twice', 'chars'), lines.get(('said_twice',), 1))}")
    for key, n in [("words", value.get("words")), *((f"chars.{k}", v) for k, v in chars.items())]:
        if not isinstance(n, int) or isinstance(n, bool) or n < 2:
            where = lines.get(("said_twice", *key.split(".")), lines.get(("said_twice",), 1))
            raise StudioError(f"said_twice.{key} must be a whole number of 2 or more, got {n!r}",
                              where=f"{path}:{where}", fix=fix)
    z = value.get("common_zipf")
    if not isinstance(z, (int, float)) or isinstance(z, bool) or not 0 <= z <= 8:
        raise StudioError(f"said_twice.common_zipf must be a number from 0 to 8 (wordfreq's Zipf scale), got {z!r}",
                          where=f"{path}:{lines.get(('said_twice', 'common_zipf'), lines.get(('said_twice',), 1))}", fix=fix)
    return {"twice_words": value["words"], "twice_chars": {str(k): v for k, v in chars.items()}, "twice_common_zipf": float(z)}


def _echo_rules(value: Any, path: str, lines: dict) -> dict[str, float]:
    """``brief_echo:`` of reader_gates.yaml: ``similar`` and ``share``, each a fraction in (0, 1]."""
    from studio.core.errors import StudioError

    if value is None:
        return {}
    fix = "brief_echo: {similar: 0.8, share: 0.5}"
    if not isinstance(value, dict):
        raise StudioError("`brief_echo:` must be a mapping with similar and share", where=f"{path}:{lines.get(('brief_echo',), 1)}",
                          fix=fix)
    for key in ("similar", "share"):
        n = value.get(key)
        if not isinstance(n, (int, float)) or isinstance(n, bool) or not 0 < n <= 1:
            raise StudioError(f"brief_echo.{key} must be a fraction above 0 and at most 1, got {n!r}",
                              where=f"{path}:{lines.get(('brief_echo', key), lines.get(('brief_echo',), 1))}", fix=fix)
    return {"echo_similar": float(value["similar"]), "echo_share": float(value["share"])}


_FOREIGN_FIX = ("foreign_words: {allowed: [ok], charsets: {ja: euc_jis_2004}, from: [{language: en, min_zipf: 4.0, "
                "lead: 1.5, into: [de, fr]}]}")


def _foreign_rules(value: Any, path: str, lines: dict) -> tuple[tuple[ForeignSource, ...], frozenset[str], dict[str, str]]:
    import codecs

    from studio.core.errors import StudioError

    if value is None:
        return (), frozenset(), {}

    def fail(what: str, at: tuple = ("foreign_words",)) -> StudioError:
        return StudioError(what, where=f"{path}:{lines.get(at, lines.get(('foreign_words',), 1))}", fix=_FOREIGN_FIX)

    if not isinstance(value, dict) or not isinstance(value.get("from"), list) or not value["from"]:
        raise fail("`foreign_words:` must be a mapping with `from:` (a list of source languages)")
    allowed, charsets = value.get("allowed") or [], value.get("charsets") or {}
    if not isinstance(allowed, list) or not all(isinstance(w, str) and w.strip() for w in allowed):
        raise fail("foreign_words.allowed must be a list of words", ("foreign_words", "allowed"))
    if not isinstance(charsets, dict):
        raise fail("foreign_words.charsets must be a mapping of language -> codec", ("foreign_words", "charsets"))
    for lang, codec in charsets.items():
        try:
            codecs.lookup(str(codec))
        except LookupError:
            raise fail(f"foreign_words.charsets.{lang}: no codec {codec!r}", ("foreign_words", "charsets", lang)) from None
    sources = []
    for k, item in enumerate(value["from"]):
        ok = isinstance(item, dict) and isinstance(item.get("language"), str) and \
            all(isinstance(item.get(key), (int, float)) for key in ("min_zipf", "lead")) and \
            isinstance(item.get("into"), list) and item["into"] and all(isinstance(x, str) for x in item["into"])
        if not ok:
            raise fail(f"foreign_words.from[{k}] needs language (a code), min_zipf and lead (numbers) and into "
                       "(a list of codes)", ("foreign_words", "from", k))
        sources.append(ForeignSource(item["language"], float(item["min_zipf"]), float(item["lead"]), frozenset(item["into"])))
    return tuple(sources), frozenset(fold(w).strip() for w in allowed), {str(k): str(v) for k, v in charsets.items()}


def _sounds(value: Any, path: str, lines: dict) -> Sounds | None:
    from studio.core.errors import StudioError

    if value is None:
        return None
    where = f"{path}:{lines.get(('transliteration',), 1)}"
    fix = ("give transliteration: {classes: {p: [f, ph, p]...}, silent: [h], vowels: [a, e, i, o, u], epenthetic: [u], "
           "near_vowels: [ou]}")
    if not isinstance(value, dict) or not isinstance(value.get("classes"), dict):
        raise StudioError("`transliteration:` must be a mapping with `classes:` (class -> spellings)", where=where, fix=fix)
    lists = {}
    for key in ("silent", "vowels", "epenthetic", "near_vowels"):
        items = value.get(key) or []
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise StudioError(f"transliteration.{key} must be a list of letters", where=where, fix=fix)
        lists[key] = frozenset(w.strip().casefold() for w in items)
    spellings = []
    for cls, spelt in value["classes"].items():
        if not isinstance(spelt, list) or not all(isinstance(w, str) and w.strip() for w in spelt):
            raise StudioError(f"transliteration.classes.{cls} must be a list of spellings", where=where, fix=fix)
        spellings += [(w.strip().casefold(), str(cls)) for w in spelt]
    return Sounds(tuple(sorted(spellings, key=lambda sc: -len(sc[0]))), lists["silent"], lists["vowels"], lists["epenthetic"],
                  lists["near_vowels"])


def _hashtag_rules(value: Any, path: str, lines: dict) -> tuple[float | None, float, frozenset[str]]:
    from studio.core.errors import StudioError

    if value is None:
        return None, 0.0, frozenset()
    zipf, compound, allowed = ((value.get("min_zipf"), value.get("compound_zipf", 2.5), value.get("allowed") or [])
                               if isinstance(value, dict) else (None, None, None))
    if not all(isinstance(z, (int, float)) for z in (zipf, compound)) or not isinstance(allowed, list) \
            or not all(isinstance(w, str) for w in allowed):
        raise StudioError("`hashtags:` must be a mapping with min_zipf and compound_zipf (numbers) and allowed (a list "
                          "of words)", where=f"{path}:{lines.get(('hashtags',), 1)}",
                          fix="hashtags: {min_zipf: 1.0, compound_zipf: 2.5, allowed: [ad]}")
    return float(zipf), float(compound), frozenset(fold(w).strip() for w in allowed)


def _fact_rules(value: Any, path: str, lines: dict) -> dict[str, Any]:
    """``fact_numbers:`` as ReaderRules fields: its ``words`` (fact -> language -> stems) and ``negators`` (language
    -> before/after lists, either may be empty)."""
    from studio.core.errors import StudioError

    if value is None:
        return {}
    words, negators = (value.get("words"), value.get("negators")) if isinstance(value, dict) else (None, None)
    measures = value.get("measures", []) if isinstance(value, dict) else []
    if not isinstance(words, dict) or not isinstance(negators, dict) or not isinstance(measures, list) \
            or not all(isinstance(v, dict) and all(isinstance(v.get(k, []), list) for k in ("before", "after"))
                       for v in negators.values()):
        raise StudioError("`fact_numbers:` needs `words` and `negators` mappings",
                          where=f"{path}:{lines.get(('fact_numbers',), 1)}",
                          fix="give fact_numbers.words (fact -> language -> stems) and fact_numbers.negators "
                              "(language -> before/after lists), and fact_numbers.measures a list of facts")
    return {"fact_measures": frozenset(fold(str(m)) for m in measures),
            "fact_words": {fold(str(fact)): _word_lists(per, ("fact_numbers", "words", fact), path, lines)
                           for fact, per in words.items()},
            "fact_negators": {str(lang): (tuple(fold(w) for w in v.get("before", [])),
                                          tuple(fold(w) for w in v.get("after", [])))
                              for lang, v in negators.items()}}


def reader_rules(prompts_dir: Path | None = None) -> ReaderRules:
    """The rules of ``<prompts>/reader_gates.yaml`` (loaded once per version of the file)."""
    return _reader_rules(*prompt_file(READER_FILE, prompts_dir))
