"""``rival_name``: a comparison whose other term is a name, told from a noun by how rare the word is.

A regex finds the comparison ("<X>より", "<X>보다", "hơn <X>", "than <X>", "que <X>") and captures its other
term in a group named ``name``; the type then weighs that term. It is a name when one of its words (split on
spaces and on the ``joiners``, ja や/と) is

- rare: its Zipf frequency in wordfreq's list for the market's language is below ``max_zipf``
  ("ダイワ" 2.8 and "다이와" unlisted are names, "プラスチック" 4.0 and "플라스틱" 4.0 are nouns), and
- capitalised where ``capitalised`` is set (Latin script and Vietnamese: a word capitalised in mid-sentence),
- and none of its words is in ``not_names`` (materials, the advertiser's own past, common nouns the list
  ranks rare) nor in the draft's glossary (the brand's own do-not-translate terms).

With ``max_zipf`` unset, frequency is not weighed (Vietnamese: every syllable of a shop name is a common word;
capitalisation alone marks the name). ``unless`` (regexes) drops a match within ``window`` characters of one
of them, as the ``pattern`` type does.

Context words (checks-comparative53): with ``near``, a match counts only where one of those words stands within
``near_window`` characters of it (inside the match counts: "Swiggy late?"), and with ``required`` also one of
those: the regex places the rival (after "at", "chez", "bei", "con"; before "?"), the word lists say what is said
of it (a failing, a put-down) and the turn to the advertiser ("here", "chez nous", "bei uns", "switch to us"). Both lists are read from the shared term
index (inflected like a ``terms`` rule's) and may name a lexicon (``"@lexicon:<name>"``). With ``terms`` (words, not
inflected), the captured name itself must hold one of them: a list of brands whose names are everyday words
("Orange", "Ring"), read only where a comparison puts one, capitalised, in its other term.

The frequency list is read from wordfreq's own data file (``get_frequency_dict``: the word looked up as it is,
no tokenizer, so Japanese needs no MeCab) and only when a pattern has matched: the CLI's cold start and a
draft with no comparison never load it. What a bar of ``COMMON_ZIPF`` or more needs of it is the words at
``COMMON_ZIPF`` or more (any other word is rarer than the bar): that part is kept in the cache folder
(``<cache_dir>/wordfreq/``, keyed by wordfreq's data file) and read back in a few milliseconds, where the whole list
took 0.5-0.7 s of CPU (import and unpacking) in every process whose drafts held a comparison (checks-speed31).
"""

from __future__ import annotations

import importlib.util
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.language import language_of_locale
from studio.checks.matcher import Group
from studio.checks.rules.base import EvalContext, RuleBase, compile_patterns, no_blank, within

# The common words' table holds every word whose (rounded) Zipf value is at least this; no bar is lower today.
COMMON_ZIPF = 3.0


def _zipf_of(freq: float) -> float:
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


@lru_cache(maxsize=8)
def _all_freqs(lang: str) -> dict[str, float]:
    """wordfreq's whole default list for ``lang``; empty for a language wordfreq has no list of (th): every word
    there is unlisted (Zipf 0). Before (found by checks-speed31's bench), a th-TH draft with an English
    comparison raised LookupError out of check_many."""
    from wordfreq import get_frequency_dict

    try:
        return get_frequency_dict(lang)
    except LookupError:
        return {}


def _data_file(lang: str) -> Path | None:
    """wordfreq's data file for ``lang``'s default ("best") list, found without importing wordfreq: None where
    the language has no file of its own name (wordfreq's nearest match decides there)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return next((f for f in (data / f"large_{lang}.msgpack.gz", data / f"small_{lang}.msgpack.gz") if f.is_file()),
                None)


@lru_cache(maxsize=8)
def _freqs(lang: str) -> dict[str, float]:
    """The words of ``lang``'s list at ``COMMON_ZIPF`` or more, with their frequencies (read back from the cache
    folder; built from the whole list once per wordfreq data file)."""
    def build() -> dict[str, float]:
        return {w: f for w, f in _all_freqs(lang).items() if _zipf_of(f) >= COMMON_ZIPF}

    source = _data_file(lang)
    if source is None:
        return build()
    from studio.checks import loadcache
    from studio.core.config import get_settings

    # named by the release and the file's size, not its time: every install of one wordfreq release (each
    # virtualenv, each clean clone in CI) shares one table; by time, 432 tables had piled up in one cache
    release = next((d.name[len("wordfreq-"):-len(".dist-info")]
                    for d in source.parents[2].glob("wordfreq-*.dist-info")), str(source.stat().st_mtime_ns))
    folder = get_settings().cache_dir / "wordfreq"
    path = folder / f"{lang}-{COMMON_ZIPF}-{source.stat().st_size}-{release}.table"
    if not path.is_file():
        loadcache.keep_newest(folder.glob(f"{lang}-{COMMON_ZIPF}-*.table"), loadcache.KEEP - 1)
    return loadcache.load_file(path, build)


@lru_cache(maxsize=20_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf value of ``word`` (lowercased) in ``lang``'s default list; 0 when unlisted."""
    return _zipf_of(_all_freqs(lang).get(word.lower(), 0.0))


@lru_cache(maxsize=20_000)
def rarer_than(word: str, lang: str, bar: float) -> bool:
    """``zipf(word, lang) < bar``; for a bar of ``COMMON_ZIPF`` or more from the common words alone (a word not
    among them is below ``COMMON_ZIPF``)."""
    if bar < COMMON_ZIPF:
        return zipf(word, lang) < bar
    return _zipf_of(_freqs(lang).get(word.lower(), 0.0)) < bar


class RivalNameRule(RuleBase):
    type: Literal["rival_name"]
    # wordfreq's code of the language the names are weighed in; unset: the draft's locale's language ("es-MX": es)
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$")
    patterns: list[str] = Field(min_length=1)  # each with a group named "name"
    ignorecase: bool = False
    max_zipf: float | None = Field(3.0, gt=0, le=8)
    capitalised: bool = False
    joiners: list[str] = Field(default_factory=list)  # words that join two names ("や", "と", "and", "y")
    not_names: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    window: int = Field(60, gt=0, le=400)
    terms: list[str] = Field(default_factory=list)  # where set, the name must hold one of these words
    near: list[str] = Field(default_factory=list)  # one of these within near_window of the match
    required: list[str] = Field(default_factory=list)  # and one of these too
    near_window: int = Field(80, gt=0, le=400)
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_unless: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True
    gated_by = "patterns"  # no finding without a match of one of its patterns

    @model_validator(mode="after")
    def _build(self) -> RivalNameRule:
        flags = re.IGNORECASE if self.ignorecase else 0
        self.compiled = compile_patterns(self.patterns, flags, "patterns")
        for i, rx in enumerate(self.compiled):
            if "name" not in rx.groupindex:
                raise ValueError(f"patterns[{i}] has no group named 'name' (the other term to weigh): "
                                 f"{self.patterns[i]!r}")
        self.compiled_unless = compile_patterns(self.unless, re.IGNORECASE, "unless")
        twice = sorted({w for w in self.not_names if self.not_names.count(w) > 1})
        if twice:
            raise ValueError(f"not_names lists twice: {', '.join(twice)}")
        if self.max_zipf is None and not self.capitalised:
            raise ValueError("with max_zipf unset, capitalised must be set: otherwise every word is a name")
        return self

    @field_validator("terms", "near", "required")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, "context words")

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled), ("unless", self.compiled_unless)]

    def term_groups(self, locale: str) -> list[Group]:
        lang = language_of_locale(locale)
        return [Group((self.id, role), words, inflect=lang) for role in ("near", "required")
                if (words := getattr(self, role))] + (
            [Group((self.id, "terms"), self.terms, inflect=None)] if self.terms else [])

    def _in_context(self, ctx: EvalContext, span: tuple[int, int]) -> bool:
        for role in ("near", "required"):
            if getattr(self, role):
                if not within(span, list(ctx.hits.get((self.id, role), ())), self.near_window):
                    return False
        return True

    def _words(self, name: str) -> list[str]:
        parts = [name]
        for j in self.joiners:
            parts = [q for p in parts for q in p.split(j)]
        return [w.strip(".,'’\"") for p in parts for w in p.split() if w.strip(".,'’\"")]

    def is_name(self, name: str, lang: str, glossary: set[str]) -> bool:
        words = self._words(name)
        stop = {w.lower() for w in self.not_names}
        if not words or any(w.lower() in stop for w in words):
            return False
        if any(w.lower() in g for w in words for g in glossary):
            return False
        for w in words:
            if self.capitalised and not w[0].isupper():
                continue
            if self.max_zipf is None or rarer_than(w, lang, self.max_zipf):
                return True
        return False

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        view = ctx.regex_view()
        found = [m for rx in ctx.runnable((self.id, "patterns")) for m in rx.finditer(view.text)
                 if m.end() > m.start() and m.group("name")]
        if not found:
            return []
        if self.compiled_unless:
            basis = [m.span() for rx in ctx.runnable((self.id, "unless")) for m in rx.finditer(view.text)]
            found = [m for m in found if not within(m.span(), basis, self.window)]
        lang = self.language or ctx.locale.split("-")[0].lower()
        glossary = {g.lower() for g in ctx.item.glossary}
        out = []
        for m in found:
            if self.is_name(m.group("name"), lang, glossary):
                a, b = view.span(*m.span())
                if (self.near or self.required) and not self._in_context(ctx, (a, b)):
                    continue
                if self.terms:
                    na, nb = view.span(*m.span("name"))
                    if not any(na <= x and y <= nb for x, y in ctx.hits.get((self.id, "terms"), ())):
                        continue
                out.append(self.finding(a, b, extra=f"'{m.group('name')}' reads as a name"))
        return out
