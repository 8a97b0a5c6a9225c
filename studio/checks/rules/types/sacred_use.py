"""``sacred_use`` (checks-faith59): a sacred thing read against the commercial use the copy makes of it.

A phrase rule knows one wording of a desecration; this type knows the two THINGS it is made of. A rule carries:

- ``sacred``: kinds of sacred thing by key (a figure, a scripture, a rite, a place), each with its words (lexicons,
  any language). A scripture is also recognised by the SHAPE of its citation, whatever its name, when the kind sets
  ``citations: true``: a surah named by its Arabic name ("Surah Yasin", "QS Al-Ikhlas", "Nas Suresi", "سورة الملك"),
  a chapter and verse ("John 3:16", "Psaume 91", "Salmo 23", "Filipenses 4,13", "요한복음 3:16", "Qur'an 2:255");
- ``uses``: the commercial uses by key (a good the thing is put on, a costume, a product's name), each with its words
  and the sacred kinds it **breaks**. A use with ``quoted: true`` also needs the sacred thing inside quotation marks
  or brackets (a product called "'Ganesha Gulp'", 「お釈迦様バーガー」): the sacred name made a brand name. A use with
  ``particle`` is a word that governs the sacred word from right before or right after it (a scalar "even": "even the
  Prophet would queue for these prices", "ni el Santo Niño aguanta", "Hz. Musa bile"), and ``also`` words (the offer:
  a price, a discount) must then stand in the same sentence: the holy figure made the measure of a bargain (checks-faith60).

A finding is a sacred thing and a use that breaks its kind in the same sentence, within ``window`` characters. A sacred
word right after a negation, and ``unless`` words in the sentence (an altar, a temple, a prayer book, a frame: the
devotional use of the same thing) keep it quiet. Words go into the shared term index; the citation shapes are compiled
on first use (nothing at import) and run only on a draft where a use word was found, so a draft without one costs one
dictionary look-up per use.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, field_validator, model_validator

from studio.checks.finding import Finding
from studio.checks.matcher import Group
from studio.checks.rules.base import NEGATION_WINDOW, EvalContext, Negations, RuleBase, Source, _Strict, no_blank

Span = tuple[int, int]

_SENTENCE_END = re.compile(r"[.!?。！？;\n]+(?=\s|$)|[。！？\n]")
_OPEN = "\"“„«‹「『《【'‘"
_CLOSE = "\"”“»›」』》】'’"


@cache
def _citations() -> re.Pattern[str]:
    """Scripture citations by their shape (Wikipedia: 'Surah', 'List of surahs in the Quran', 'Books of the Bible',
    'Bible citation'): a surah word and a name, a book and chapter (Psalms alone), a book, chapter and verse."""
    prefix = r"(?:al|an|ar|as|at|ad|az|ash|adh|ya|ta)[-\s'’]?[A-Za-zÀ-ÿ'’]{2,}"
    names = r"(?:yasin|yaseen|ya-?sin|taha|maryam|yusuf|luqman|kahfi?|rahman|mulk|ikhlas|falaq|nas|fatiha?h?|waqiah|kursi)"
    # "surah" is only the surah; Malay/Indonesian "surat" is also a letter ("surat kabar"), German "Sure" is English
    # "sure", "QS" a ranking: those need the Arabic article or a surah's own name after them
    surah = (rf"\bsurah\s+[A-Za-zÀ-ÿ'’-]{{2,}}|\b(?:surat|suratul|sura|sourate|sure|qs\.?)\s*(?:{prefix}|{names}\b)"
             r"|\bqs\.?\s*\d{1,3}\s*:\s*\d{1,3}"
             r"|\b[A-Za-zÇĞİÖŞÜçğıöşü'’-]{2,}\s+sure(?:si|sini|siyle|sinin)\b"
             r"|سورة\s+\S+|سوره\s+\S+|सूरह\s+\S+|सूरा\s+\S+")
    books = (r"john|jean|juan|giovanni|jo[aã]o|johannes|yohanes|jana|joh|matthew|matthieu|mateo|matteo|mateus|"
             r"matth[aä]us|mark|marc|marcos|marco|markus|luke|luc|lucas|luca|lukas|romans|romains|romanos|romani|"
             r"r[oö]mer|corinthians|corinthiens|corintios|corinzi|cor[ií]ntios|korinther|philippians|philippiens|"
             r"filipenses|filippesi|philipper|jeremiah|j[ée]r[ée]mie|jerem[ií]as|geremia|jeremia|isaiah|isa[iï]e|"
             r"isa[ií]as|isaia|jesaja|proverbs|proverbes|proverbios|proverbi|prov[ée]rbios|spr[üu]che|genesis|"
             r"gen[eè]se|g[ée]nesis|genesi|exodus|exode|[ée]xodo|esodo|deuteronomy|revelation|apocalypse|apocalipsis|"
             r"apocalisse|offenbarung|ephesians|galatians|hebrews|hebreux|timothy|joshua|josu[ée]|giosu[eè]|josua")
    unit = r"(?!\d|\s*(?:km|kg|g|l|m|h|min|%|€|\$|stars?|sterne|estrellas|stelle|étoiles|estrelas|sterren|gwiazdk))"
    verse = rf"\b(?:[1-3]\s?)?(?:{books})\s+\d{{1,3}}\s*[:,]\s*\d{{1,3}}{unit}"
    psalm = (r"\b(?:psalms?|psaumes?|salmos?|salmi|psalmen?|psalm(?:em|u|ie|y)|mazmur|zsolt[aá]r|mezmur)\s+\d{1,3}\b"
             r"|시편\s*\d{1,3}|詩篇\s*\d{1,3}|诗篇\s*\d{1,3}|요한복음\s*\d{1,3}\s*:\s*\d{1,3}|约翰福音\s*\d{1,3}\s*[:：]\s*\d{1,3}"
             r"|ヨハネ(?:による福音書|の福音書)?\s*\d{1,3}\s*[:：章]\s*\d{1,3}")
    quran = r"\b(?:qur'?an|koran|kuran|al-?quran|cor[aá]n|corano|coran|alcor[aã]o)\s*\d{1,3}\s*[:.]\s*\d{1,3}\b"
    return re.compile(f"{surah}|{verse}|{psalm}|{quran}", re.IGNORECASE)


class SacredKind(_Strict):
    terms: list[str] = Field(default_factory=list, description="what the sacred thing is called")
    citations: bool = Field(False, description="also recognise a scripture by the shape of its citation")
    source: Source

    @field_validator("terms")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")

    @model_validator(mode="after")
    def _something(self) -> SacredKind:
        if not self.terms and not self.citations:
            raise ValueError("a sacred kind needs terms or citations: true")
        return self


class SacredUse(_Strict):
    terms: list[str] = Field(min_length=1, description="words that state the commercial use")
    breaks: list[str] = Field(min_length=1, description="the sacred kinds this use cannot be made of")
    quoted: bool = Field(False, description="the sacred thing must stand inside quotation marks or brackets")
    particle: Literal["before", "after"] | None = Field(
        None, description="the use word is a particle governing the sacred word: it stands right before it ('even the "
                          "Prophet', 'ni el Santo Niño') or right after it ('Hz. İsa bile', 'お釈迦様でさえ'), within gap")
    gap: int = Field(6, ge=0, le=30, description="characters allowed between a particle and the sacred word")
    also: list[str] = Field(default_factory=list,
                            description="words of the offer the sentence must also hold (a price, a discount, a deal)")
    source: Source | None = None

    @field_validator("terms", "also")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")


class SacredUseRule(RuleBase, Negations):
    type: Literal["sacred_use"]
    sacred: dict[str, SacredKind] = Field(min_length=1)
    uses: dict[str, SacredUse] = Field(min_length=1)
    window: int = Field(80, gt=0, le=400)
    exceptions: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    inflect: bool = False

    @field_validator("exceptions", "unless")
    @classmethod
    def _nonblank(cls, v: list[str]) -> list[str]:
        return no_blank(v, ignore="*")

    @model_validator(mode="after")
    def _check_tables(self) -> SacredUseRule:
        for key, use in self.uses.items():
            unknown = [k for k in use.breaks if k not in self.sacred]
            if unknown:
                raise ValueError(f"uses.{key}.breaks names {unknown}, not a key of sacred ({', '.join(sorted(self.sacred))})")
        return self

    def term_groups(self, locale: str) -> list[Group]:
        lang = None
        if self.inflect:
            from studio.checks.language import language_of_locale

            lang = language_of_locale(locale)
        out = [Group((self.id, "sacred:" + k), s.terms, self.exceptions, inflect=lang)
               for k, s in self.sacred.items() if s.terms]
        out += [Group((self.id, "use:" + k), u.terms, inflect=lang) for k, u in self.uses.items()]
        out += [Group((self.id, "also:" + k), u.also, inflect=lang) for k, u in self.uses.items() if u.also]
        if self.unless:
            out.append(Group((self.id, "unless"), self.unless, inflect=lang))
        return out

    def evaluate(self, ctx: EvalContext) -> list[Finding]:
        uses = {k: ctx.hits[(self.id, "use:" + k)] for k in self.uses if ctx.hits.get((self.id, "use:" + k))}
        # a use that needs the offer in its sentence as well: without an offer word in the draft it cannot count
        uses = {k: v for k, v in uses.items() if not self.uses[k].also or ctx.hits.get((self.id, "also:" + k))}
        if not uses:
            return []
        text = ctx.text
        ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        unless = ctx.hits.get((self.id, "unless"), [])
        out: list[Finding] = []
        for kind, spec in self.sacred.items():
            spans = list(ctx.hits.get((self.id, "sacred:" + kind), ()))
            if spec.citations:
                spans += [m.span() for m in _citations().finditer(text)]
            for a, b in sorted(set(spans)):
                if self.negation_near(text[max(0, a - NEGATION_WINDOW):a], text[b:b + NEGATION_WINDOW]):
                    continue
                sent = (_sentence(ends, a, len(text))[0], _sentence(ends, max(a, b - 1), len(text))[1])
                if any(sent[0] <= x and y <= sent[1] for x, y in unless):
                    continue
                hit = self._use_near(kind, (a, b), uses, sent, text, ctx)
                if hit:
                    out.append(self.finding(a, b, extra=f"{kind} as {hit[0]}: {text[a:b]!r} and {text[hit[1][0]:hit[1][1]]!r}"))
                    return out  # one finding a draft: the thing and its use
        return out

    def _use_near(self, kind: str, span: Span, uses: dict[str, list[Span]], sent: Span,
                  text: str, ctx: EvalContext) -> tuple[str, Span] | None:
        a, b = span
        for key, use in self.uses.items():
            if kind not in use.breaks or key not in uses:
                continue
            if use.quoted and not _quoted(text, a, b, sent):
                continue
            if use.also and not any(sent[0] <= x and y <= sent[1] for x, y in ctx.hits.get((self.id, "also:" + key), ())):
                continue
            for x, y in uses[key]:
                if use.particle == "before":
                    if sent[0] <= x and y <= a and a - y <= use.gap:
                        return key, (x, y)
                    continue
                if use.particle == "after":
                    if b <= x and y <= sent[1] and x - b <= use.gap:
                        return key, (x, y)
                    continue
                if sent[0] <= x and y <= sent[1] and not (a <= x and y <= b) and not (x <= a and b <= y) \
                        and min(abs(x - b), abs(a - y)) <= self.window:
                    return key, (x, y)
        return None


def _sentence(ends: list[int], pos: int, n: int) -> Span:
    """The sentence around ``pos``: from after the last sentence end before it to the next one."""
    start, end = 0, n
    for e in ends:
        if e < pos:
            start = e + 1
        else:
            end = e
            break
    return start, end


def _quoted(text: str, a: int, b: int, sent: Span) -> bool:
    """Whether text[a:b] stands inside a pair of quotation marks or brackets in its sentence (a name of up to 30
    characters: "'Ganesha Gulp'", 「お釈迦様バーガー」), an apostrophe counting only where no letter touches its outer side."""
    lo = max(sent[0], a - 30)
    i = next((j for j in range(a - 1, lo - 1, -1) if text[j] in _OPEN), -1)
    if i < 0 or (text[i] in "'‘" and i > 0 and text[i - 1].isalnum()):
        return False
    hi = min(sent[1], b + 30)
    k = next((j for j in range(b, hi) if text[j] in _CLOSE), -1)
    if k < 0 or (text[k] in "'’" and k + 1 < len(text) and text[k + 1].isalnum()):
        return False
    return True
