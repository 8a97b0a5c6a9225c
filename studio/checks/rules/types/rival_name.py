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

The frequency list is read from wordfreq's own data file (``get_frequency_dict``: the word looked up as it is,
no tokenizer, so Japanese needs no MeCab) and only when a pattern has matched: the CLI's cold start and a
draft with no comparison never load it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from studio.checks.finding import Finding
from studio.checks.rules.base import EvalContext, RuleBase, compile_patterns, within


@lru_cache(maxsize=8)
def _freqs(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


@lru_cache(maxsize=20_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf value of ``word`` (lowercased) in ``lang``'s default list; 0 when unlisted."""
    freq = _freqs(lang).get(word.lower(), 0.0)
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


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
    compiled: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)
    compiled_unless: list[re.Pattern[str]] = Field(default_factory=list, exclude=True, repr=False)

    needs_cased = True

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

    def regex_groups(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        return [("patterns", self.compiled), ("unless", self.compiled_unless)]

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
            if self.max_zipf is None or zipf(w, lang) < self.max_zipf:
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
                out.append(self.finding(a, b, extra=f"'{m.group('name')}' reads as a name"))
        return out
