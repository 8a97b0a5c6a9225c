"""Grammar-constrained decoding for drafts in non-Latin scripts: one GBNF grammar per request, so llama.cpp samples
only tokens that keep the reply in the locale's script.

The 1.5B CPU model drifts into English or another script in ja/ko/zh/hi/th/ar ("一 bottleで", "البottle",
"12-hour high oil"). ``prompts/grammar.yaml`` says per script (ISO 15924, the locale profile's ``script``) which
characters a draft may use: the script's letters and punctuation, digits, spaces, units after a number; the brief
adds the words that must stay Latin (``latin_literals``: brand, product name words, glossary terms, currency codes
such as USD, hashtags and URLs the brief gives). ``copy_grammar`` shapes a copy reply (up to ``COPY_LINES`` lines:
a headline's options, a post's lines) and ``scene_grammar`` one scene in the line form of ``prompts/video_scene.j2``
(the prefill "Scene N\\nVisual:" is the prompt's, the grammar covers the rest).

Each grammar comes with its regex twin (``Grammar.regex``), built from the same parts, so the tests and the bench
can check that a draft is in the grammar's language without llama.cpp. Both are built from one small tree of parts
(``_Lit``, ``_Class``, ...), rendered once as GBNF and once as a Python regex.

Prompts carry the grammar (``ChatPrompt.grammar``, studio.generate.prompts); the llama.cpp backend sends it with the
request; the transformers and vLLM backends ignore it. Whether it is sent is the profile's ``drafting.grammar``
(``STUDIO_GRAMMAR=0/1`` overrides): ``without_grammar`` wraps the text model of a run that does not send it, so its
result-cache keys stay those of a prompt without one.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

GRAMMAR_FILE = "grammar.yaml"
# Lines a copy reply may have: a headline's five options after the prefill's "1." (and a blank line or two), a
# post's hook, body, call to action and hashtags. The grammar then ends the reply: no sixth option and no loop of
# lines, which ran a ja post to its token limit in the earlier attempt.
COPY_LINES = 10
# Latin words of the brief a line may hold: "Fjell Bottle" and a price's "USD" in a scene's line; a post's line may add
# a hashtag ("#Fjell"). More is the brand said again and again (the earlier attempt's caption named it 3 times).
SCENE_LITERALS = 3
COPY_LITERALS = 4
# What a scene reply is after its prefill ("Scene N\nVisual:"): the visual, then the two other labelled lines.
SCENE_LABELS = ("On-screen text:", "Voiceover:")
# Spaces, punctuation marks, symbols and numbers in a row between two letters (or Latin words) of a line: "29.99 USD"
# is one number, a space and a word; "」、「" three marks; "750 ml / 340 g" (5) fits.
FILL = 6
_SPACES = ((0x20, 0x20), (0x3000, 0x3000))  # a space, the ideographic space
_DIGITS = ((0x30, 0x39),)
_NUMBER_JOINS = ".,:/"
_RANGE = re.compile(r"^([0-9A-F]{4,6})(?:-([0-9A-F]{4,6}))?$")
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")
_FIX = ("common: {ranges: ['0021-0022', ...], chars: ''}; scripts: {Jpan: {letters: ['3041-3096', ...], punctuation: "
        "'、。', units: [ml, g], examples: {match: [...], no_match: [...]}}} (see the file's header)")


# ---------------------------------------------------------------- the parts a grammar is built from


@dataclass(frozen=True)
class _Lit:
    text: str


@dataclass(frozen=True)
class _Class:
    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Seq:
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class _Alt:
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class _Rep:
    part: Any
    low: int
    high: int | None  # None: no upper bound


@dataclass(frozen=True)
class _Ref:
    name: str


def _cp_gbnf(cp: int) -> str:
    return f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"


def _gbnf(node: Any) -> str:
    if isinstance(node, _Lit):
        return '"' + node.text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(node, _Class):
        return "[" + "".join(_cp_gbnf(a) if a == b else f"{_cp_gbnf(a)}-{_cp_gbnf(b)}" for a, b in node.ranges) + "]"
    if isinstance(node, _Seq):
        return " ".join(_gbnf(p) for p in node.parts)
    if isinstance(node, _Alt):
        return "(" + " | ".join(_gbnf(p) for p in node.parts) + ")"
    if isinstance(node, _Rep):
        inner = _gbnf(node.part)
        inner = inner if isinstance(node.part, (_Lit, _Class, _Ref, _Alt)) else f"({inner})"
        if (node.low, node.high) == (0, None):
            return inner + "*"
        if (node.low, node.high) == (1, None):
            return inner + "+"
        if (node.low, node.high) == (0, 1):
            return inner + "?"
        return inner + (f"{{{node.low},}}" if node.high is None else f"{{{node.low},{node.high}}}")
    if isinstance(node, _Ref):
        return node.name
    raise TypeError(f"not a grammar part: {node!r}")


def _regex(node: Any, rules: dict[str, Any]) -> str:
    """The Python regex of a part (rules inlined; the grammars here have no recursion). Digit runs are possessive,
    so a refused line is refused in linear time."""
    if isinstance(node, _Lit):
        return re.escape(node.text)
    if isinstance(node, _Class):
        def one(cp: int) -> str:
            return f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"
        return "[" + "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in node.ranges) + "]"
    if isinstance(node, _Seq):
        return "".join(_regex(p, rules) for p in node.parts)
    if isinstance(node, _Alt):
        return "(?:" + "|".join(_regex(p, rules) for p in node.parts) + ")"
    if isinstance(node, _Rep):
        inner = f"(?:{_regex(node.part, rules)})"
        possessive = "+" if node.part == _Class(_DIGITS) else ""
        if node.high is None:
            return inner + ("*" if node.low == 0 else "+" if node.low == 1 else f"{{{node.low},}}") + possessive
        return inner + ("?" if (node.low, node.high) == (0, 1) else f"{{{node.low},{node.high}}}") + possessive
    if isinstance(node, _Ref):
        return f"(?:{_regex(rules[node.name], rules)})"
    raise TypeError(f"not a grammar part: {node!r}")


@dataclass(frozen=True)
class Grammar:
    """A GBNF grammar for llama.cpp (``gbnf``) and its regex twin (``regex``: the same language, for
    ``re.fullmatch``)."""

    gbnf: str
    regex: str

    def accepts(self, text: str) -> bool:
        return _compiled(self.regex).fullmatch(text) is not None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _grammar(rules: dict[str, Any]) -> Grammar:
    gbnf = "\n".join(f"{name} ::= {_gbnf(node)}" for name, node in rules.items())
    return Grammar(gbnf=gbnf, regex=_regex(rules["root"], rules))


# ---------------------------------------------------------------- prompts/grammar.yaml


@dataclass(frozen=True)
class ScriptChars:
    """What a draft in one script may be written with (``prompts/grammar.yaml``): the characters of ``ranges``
    (the script's letters; ``others``: its punctuation and the common characters), digits, spaces, and ``units`` after a
    number."""

    script: str
    letters: tuple[tuple[int, int], ...]  # the script's letters and marks
    others: tuple[tuple[int, int], ...]  # its punctuation and the common characters
    units: tuple[str, ...]
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


def _merged(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _without(a: int, b: int, drop: set[int]) -> list[tuple[int, int]]:
    """The range a-b split around the code points in ``drop``."""
    out, start = [], a
    for cp in sorted(c for c in drop if a <= c <= b):
        if start < cp:
            out.append((start, cp - 1))
        start = cp + 1
    return out + ([(start, b)] if start <= b else [])


def _latin_letter(cp: int) -> bool:
    ch = chr(cp)
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def _error(message: str, path: str, lines: dict, at: tuple) -> Exception:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import line_for

    return StudioError(message, where=f"{path}:{line_for(lines, at)}", fix=_FIX)


def _ranges(value: Any, path: str, lines: dict, at: tuple) -> list[tuple[int, int]]:
    if not isinstance(value, list) or not value:
        raise _error(f"{'.'.join(map(str, at))} must be a list of code point ranges", path, lines, at)
    out = []
    for i, item in enumerate(value):
        m = _RANGE.match(item) if isinstance(item, str) else None
        if m is None:
            raise _error(f"{'.'.join(map(str, at))}[{i}] must be hex 'XXXX' or 'XXXX-YYYY', got {item!r}", path, lines, (*at, i))
        a, b = int(m.group(1), 16), int(m.group(2) or m.group(1), 16)
        if not 0x20 <= a <= b <= 0x10FFFF or (a <= 0xDFFF and b >= 0xD800):
            raise _error(f"{'.'.join(map(str, at))}[{i}] {item!r} is not a range of characters (low to high, no surrogates)",
                         path, lines, (*at, i))
        if any(_latin_letter(cp) for cp in range(a, min(b, 0x24F) + 1)) or a <= 0x0A <= b:
            raise _error(f"{'.'.join(map(str, at))}[{i}] {item!r} holds Latin letters or a line break: Latin words come from "
                         "the brief only (grammar.py latin_literals), lines from the reply's form", path, lines, (*at, i))
        out.append((a, b))
    return out


def _chars(value: Any, path: str, lines: dict, at: tuple) -> list[tuple[int, int]]:
    if not isinstance(value, str):
        raise _error(f"{'.'.join(map(str, at))} must be a string of characters", path, lines, at)
    for ch in value:
        if _latin_letter(ord(ch)) or ch.isspace() or ch.isdigit() and ch.isascii():
            raise _error(f"{'.'.join(map(str, at))} holds {ch!r}: no Latin letters, digits or spaces here (they are the "
                         "grammar's own)", path, lines, at)
    return [(ord(ch), ord(ch)) for ch in value]


def _strings(value: Any, path: str, lines: dict, at: tuple, *, short: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() and "\n" not in v for v in value):
        raise _error(f"{'.'.join(map(str, at))} must be a list of one-line strings", path, lines, at)
    if short and any(len(v) > 8 or " " in v for v in value):
        raise _error(f"{'.'.join(map(str, at))}: a unit is a short word without spaces (ml, kg, °C)", path, lines, at)
    return tuple(value)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict[str, ScriptChars]:
    from studio.core.errors import StudioError
    from studio.core.yamlfile import load_yaml_file

    if not mtime:
        raise StudioError("file not found", where=path, fix="restore prompts/grammar.yaml from the repository")
    data, lines = load_yaml_file(Path(path), StudioError)
    if not isinstance(data, dict) or set(data) != {"common", "scripts"}:
        raise _error("the file must have exactly the keys common and scripts", path, lines, ())
    common = data["common"]
    if not isinstance(common, dict) or set(common) - {"ranges", "chars", "units"}:
        raise _error("common must be a mapping with ranges, chars and units", path, lines, ("common",))
    common_units = _strings(common.get("units", []), path, lines, ("common", "units"), short=True)
    shared = _ranges(common.get("ranges"), path, lines, ("common", "ranges")) + _chars(common.get("chars", ""), path, lines, ("common", "chars"))
    scripts = data["scripts"]
    if not isinstance(scripts, dict) or not scripts:
        raise _error("scripts must map script codes (Jpan, Hans, ...) to their characters", path, lines, ("scripts",))
    out = {}
    for code, entry in scripts.items():
        at = ("scripts", code)
        if not isinstance(code, str) or not _SCRIPT.match(code):
            raise _error(f"{code!r} is not an ISO 15924 script code (e.g. Jpan, Hans, Deva)", path, lines, at)
        if not isinstance(entry, dict) or set(entry) - {"units"} != {"letters", "punctuation", "examples"}:
            raise _error(f"scripts.{code} must have exactly letters, punctuation and examples (units optional)", path, lines, at)
        letters = _ranges(entry["letters"], path, lines, (*at, "letters"))
        punct = _chars(entry["punctuation"], path, lines, (*at, "punctuation"))
        units = _strings(entry["units"], path, lines, (*at, "units"), short=True) if "units" in entry else common_units
        ex = entry["examples"]
        if not isinstance(ex, dict) or set(ex) != {"match", "no_match"}:
            raise _error(f"scripts.{code}.examples must have match and no_match", path, lines, (*at, "examples"))
        # joiners and direction marks (Cf: ZWJ in Devanagari, RLM in Arabic) are the script's but no letter: a line of
        # them alone says nothing ('1 L (100 ml)\u200e', SmolLM2 under the ar grammar)
        marks = [(cp, cp) for a, b in letters if a < 0x3000 for cp in range(a, b + 1) if unicodedata.category(chr(cp)) == "Cf"]
        letters = [r for a, b in letters for r in _without(a, b, {cp for cp, _ in marks})]
        out[code] = ScriptChars(code, _merged(letters), _merged(punct + shared + marks), units,
                                _strings(ex["match"], path, lines, (*at, "examples", "match")),
                                _strings(ex["no_match"], path, lines, (*at, "examples", "no_match")))
    return out


def script_rules(prompts_dir: Path | None = None) -> dict[str, ScriptChars]:
    """``prompts/grammar.yaml`` (the settings' prompts folder unless given), read once per version of the file."""
    from studio.generate.prompt_words import prompt_file

    return _load(*prompt_file(GRAMMAR_FILE, prompts_dir))


# ---------------------------------------------------------------- the brief's Latin words


_CURRENCY = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])")
_HASHTAG = re.compile(r"#\w+")
_URL = re.compile(r"(?:https?://|www\.)[^\s]+")
_HAS_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    value = obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)
    return default if value is None else value


def latin_literals(ctx: dict[str, Any]) -> tuple[str, ...]:
    """The words a draft may write in Latin letters, from the brief's context (studio.generate.prompts
    ``_brief_context``: brand, product, glossary for the locale): the brand and the product name's words, the
    do-not-translate terms and the locale's glossary terms (their Latin words), currency codes the brief's texts use
    (ISO 4217: "29.99 USD"; the earlier attempt allowed none and the model wrote "24 EUR" as "24 ロール"), and the
    hashtags and URLs they give. Longest first."""
    from babel.numbers import list_currencies

    product = _get(ctx, "product", {}) or {}
    names = [str(_get(ctx, "brand", "")), str(_get(product, "name", "")), *map(str, _get(ctx, "do_not_translate", []) or []),
             *map(str, (_get(ctx, "terms", {}) or {}).values())]
    words = {w.strip(".,:;!?()\"'“”") for name in names for w in name.split()}
    texts = [str(_get(product, "description", "")), *map(str, _get(product, "facts", []) or []),
             *map(str, _get(product, "claims", []) or []), *map(str, _get(ctx, "key_messages", []) or [])]
    currencies = set(list_currencies())
    for text in texts:
        words |= {c for c in _CURRENCY.findall(text) if c in currencies}
        words |= {h[1:] for h in _HASHTAG.findall(text)}  # "#" is punctuation the grammar allows anyway
        words |= {u.rstrip(".,;:!?)") for u in _URL.findall(text)}
    return tuple(sorted((w for w in words if w and _HAS_LATIN.search(w)), key=lambda w: (-len(w), w)))


# ---------------------------------------------------------------- the grammars


def _text_rules(chars: ScriptChars, literals: Sequence[str], most: int) -> dict[str, Any]:
    """The rules of one line of text: letters of the script and at most ``most`` Latin words of the brief, with at
    most ``FILL`` spaces, punctuation marks, symbols and numbers (with their units) before, between and after them,
    and at least one letter or Latin word: kept from the letters a small model wrote lines of digits and quotes only
    ('"401:40" - 401.40 - 401.40', SmolLM2), which say nothing; a line that names the brand three times is cut short
    of the third (the earlier attempt's caption did)."""
    number: list[Any] = [_Rep(_Class(_DIGITS), 1, None), _Rep(_Seq((_Class(tuple((ord(c), ord(c)) for c in _NUMBER_JOINS)),
                                                                     _Rep(_Class(_DIGITS), 1, None))), 0, 2)]
    if chars.units:
        number.append(_Rep(_Seq((_Rep(_Lit(" "), 0, 1), _Alt(tuple(_Lit(u) for u in sorted(chars.units, key=lambda u: (-len(u), u)))))), 0, 1))
    rules: dict[str, Any] = {}
    if literals:
        # a run of the script (``seg``: maybe no letter; ``segl``: a letter at least), Latin words between runs
        rules["line"] = _Alt((_Seq((_Ref("segl"), _Rep(_Seq((_Ref("lit"), _Ref("seg"))), 0, most))),
                              _Seq((_Ref("seg"), _Rep(_Seq((_Ref("lit"), _Ref("seg"))), 1, most)))))
        rules["seg"] = _Seq((_Ref("fill"), _Rep(_Seq((_Ref("letter"), _Ref("fill"))), 0, None)))
    else:
        rules["line"] = _Ref("segl")
    rules.update({
        "segl": _Seq((_Ref("fill"), _Rep(_Seq((_Ref("letter"), _Ref("fill"))), 1, None))),
        "fill": _Rep(_Alt((_Ref("sp"), _Ref("other"), _Ref("num"))), 0, FILL),
        "letter": _Class(chars.letters),
        "other": _Class(chars.others),
        "num": _Seq(tuple(number)),
        "sp": _Class(_SPACES),
    })
    if literals:
        rules["lit"] = _Alt(tuple(_Lit(w) for w in literals))
    return rules


@lru_cache(maxsize=256)
def _copy(chars: ScriptChars, literals: tuple[str, ...], lines: int) -> Grammar:
    root = _Seq((_Ref("line"), _Rep(_Seq((_Lit("\n"), _Rep(_Ref("line"), 0, 1))), 0, lines - 1))) if lines > 1 else _Ref("line")
    return _grammar({"root": root, **_text_rules(chars, literals, COPY_LITERALS)})


@lru_cache(maxsize=256)
def _scene(chars: ScriptChars, literals: tuple[str, ...]) -> Grammar:
    caption, voiceover = SCENE_LABELS
    root = _Seq((_Ref("line"), _Lit("\n" + caption), _Rep(_Ref("line"), 0, 1), _Lit("\n" + voiceover), _Ref("line"),
                 _Rep(_Lit("\n"), 0, 1)))
    return _grammar({"root": root, **_text_rules(chars, literals, SCENE_LITERALS)})


def _chars_for(locale: Any) -> ScriptChars | None:
    from studio.market.locales import get_locale

    target = get_locale(locale) if isinstance(locale, str) else locale
    return script_rules().get(target.script)


def copy_grammar(ctx: dict[str, Any], locale: Any, lines: int = COPY_LINES) -> Grammar | None:
    """The grammar of a copy reply (and its repair) in ``locale``: up to ``lines`` lines of the script's text and the
    brief's Latin words; None where ``prompts/grammar.yaml`` has no entry for the locale's script (Latin scripts)."""
    chars = _chars_for(locale)
    return None if chars is None else _copy(chars, latin_literals(ctx), lines)


def scene_grammar(ctx: dict[str, Any], locale: Any) -> Grammar | None:
    """The grammar of one scene's reply after its prefill ("Scene N\\nVisual:"): the visual, "On-screen text:" and
    "Voiceover:" lines in the script with the brief's Latin words; None where the script has no entry."""
    chars = _chars_for(locale)
    return None if chars is None else _scene(chars, latin_literals(ctx))


_NAME = re.compile(r"(?<=\s)[A-Z][\w-]*")


def point_grammar(sentence: str, locale: Any, about: str | None = None) -> Grammar | None:
    """The grammar of a script's point (one brief sentence written as a line in the locale's language,
    studio.generate.scenes ``point_prompt``): one line of the script; its Latin words are the sentence's own names
    (capitalised words after its first), currency codes, hashtags and URLs, and the words of ``about`` (the product's
    name). In the base run th-TH's point for "Cold water all day" began in Chinese ('冷水ตลอดวัน')."""
    chars = _chars_for(locale)
    if chars is None:
        return None
    ctx = {"product": {"name": about or "", "facts": [sentence]}, "do_not_translate": _NAME.findall(sentence)}
    return _copy(chars, latin_literals(ctx), 1)


def with_point_grammar(prompt: Any, sentence: str, locale: Any, about: str | None = None) -> Any:
    """``prompt`` carrying ``point_grammar`` where the locale's script has one."""
    grammar = point_grammar(sentence, locale, about)
    return dataclasses.replace(prompt, grammar=grammar.gbnf) if grammar is not None else prompt


def example_grammar(chars: ScriptChars, literals: Sequence[str]) -> Grammar:
    """One line's grammar for a script and Latin words (what ``prompts/grammar.yaml``'s examples are read by)."""
    return _copy(chars, tuple(literals), 1)


# ---------------------------------------------------------------- sending it or not


class GrammarOff:
    """A text model whose prompts go without their grammar (a profile with ``drafting.grammar: false``, or a
    backend that cannot use one): the result cache sees the prompt as it was before grammars."""

    def __init__(self, model: Any):
        self.model = model

    def generate(self, prompts: Sequence[Any], **kwargs: Any) -> list[str]:
        bare = [dataclasses.replace(p, grammar="") if getattr(p, "grammar", "") and dataclasses.is_dataclass(p) else p
                for p in prompts]
        return self.model.generate(bare, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def without_grammar(model: Any) -> GrammarOff:
    return GrammarOff(model)
