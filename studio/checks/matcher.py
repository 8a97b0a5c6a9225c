"""Term matching with Aho-Corasick: every term of a locale's rules in one automaton, built once.

Terms are grouped (``(rule id, role)``, e.g. the terms of a rule, the trigger terms of a
``requires`` rule, one register of a ``mix`` rule). ``TermIndex.find`` scans the normalised text
once and returns the spans per group, after word-boundary filtering and exceptions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick

from studio.checks import inflect
from studio.checks.normalize import (
    COMPLEX_LETTERS,
    Normalized,
    complex_masks,
    deobfuscate,
    drop_inserted,
    is_nospace_char,
    masked_tokens,
    normalize,
    unmask_complex,
)

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_COMPLEX_TERM = re.compile(f"[{COMPLEX_LETTERS}]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a][\u0621-\u064a ]*")
# Arabic writes the article and the one-letter conjunctions and prepositions onto the word: "الكحول",
# "والكحول", "بالريال", "للأطفال", "وكلاب". A single-word Arabic term also matches behind these
# proclitics. A bare ب/ل/ك/ف is not added before a word without the article: "كبيرة" (big) is not
# ك + "بيرة", "فخرا" (proudly) is not ف + "خرا". (Grammar: Ryding, A Reference Grammar of Modern
# Standard Arabic, 2005, ch. 7; the same clitic set as Larkey et al.'s light stemmer.)
_AR_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "وبال", "فبال", "فلل")
_AR_BARE = ("و",)


# A phrase's first word takes the same proclitics ("بعلم المملكة", "بكلمة الله", "والعلم الوطني"); the
# words after it anchor the match, so the one-letter prepositions ب/ل/ك/ف are safe there (r25-look).
_AR_PHRASE_BARE = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "فب")


def arabic_clitic_forms(term: str) -> list[str]:
    """Forms of a (normalised) Arabic term or phrase behind its proclitics, or [] for other terms."""
    if not _ARABIC_WORD.fullmatch(term) or len(term) < 3:
        return []
    if " " in term:
        first = term.split(" ", 1)[0]
        if len(first) < 2:
            return []
        if first.startswith("ال"):
            return [p + term[2:] for p in _AR_DEFINITE if p != "ال"] + ["و" + term]
        return [p + term for p in _AR_PHRASE_BARE]
    if term.startswith("ال"):
        stem = term[2:]
        return [p + stem for p in _AR_DEFINITE if p != "ال"] + ["و" + term]
    # The indefinite accusative ends in alef (its tanween is dropped by the normalised view): "حماراً".
    return [p + term for p in _AR_DEFINITE + _AR_BARE] + ([term + "ا", "و" + term + "ا"] if not term.endswith(("ا", "ه", "ي")) else [])
Span = tuple[int, int]


def term_mode(term: str, match: str = "auto") -> str:
    """word | substring | prefix | suffix. ``auto`` chooses by the term's script: zh/ja/th substring, ko prefix.

    ``schnaps*`` is a prefix term (its word may go on); ``*schnaps`` a suffix term, the head of a German or
    Dutch compound ("Kräuterschnaps", "Doppelkornschnaps"): its word may begin earlier but must end with it."""
    if term.endswith("*"):
        return "prefix"
    if term.startswith("*"):
        return "suffix"
    if match != "auto":
        return match
    if any(is_nospace_char(c) for c in term):
        return "substring"
    if _HANGUL.search(term):
        return "prefix"  # Korean particles attach after the word: 최고의, 최고를
    return "word"


_BOUNDARY: dict[str, bool] = {}  # per character seen, ``_boundary_char``'s answer (a few thousand characters at most)


def _boundary_char(ch: str) -> bool:
    """``_is_boundary_char(ch)``, worked out once per character (25,000 calls a batch of 300 ja-JP drafts)."""
    got = _BOUNDARY.get(ch)
    if got is None:
        got = _BOUNDARY[ch] = _is_boundary_char(ch)
    return got


def _is_boundary_char(ch: str) -> bool:
    """True where a Latin/Cyrillic/Arabic... word may start or end next to ``ch``.

    A combining mark (a Devanagari vowel sign or virama) is inside a word, not beside it: "रम" (rum) is
    not a word in "प्रमाणित" (certified), nor "गांड" in "गांडीव". The normalised view has no Arabic harakat
    and composes Latin accents, so only such scripts' signs reach here.
    """
    if unicodedata.category(ch)[0] == "M":
        return False
    return not ch.isalnum() or is_nospace_char(ch) or bool(_HANGUL.match(ch))


@dataclass
class Group:
    key: tuple[str, str]
    terms: list[str]
    exceptions: list[str] = field(default_factory=list)
    match: str = "auto"
    case_sensitive: bool = False
    suffixes: list[str] = field(default_factory=list)
    # Terms starting with an uppercase letter match case-sensitively (mix rules: "Sie" is not "sie").
    case_by_initial: bool = False
    # Language whose inflected forms of single-word terms also match (studio.checks.inflect); None: off.
    inflect: str | None = None
    # Also match spellings that hide the word: leetspeak ("sh!t", "p3nd3jo") and masked letters ("f*ck").
    obfuscated: bool = False


class TermIndex:
    """All term groups of one resolved rule set; two automatons (casefolded and cased views)."""

    def __init__(self, groups: list[Group]):
        entries: dict[bool, dict[str, list[tuple[tuple[str, str], str, bool]]]] = {
            False: defaultdict(list), True: defaultdict(list)}
        obf_entries: dict[str, list[tuple[tuple[str, str], str, bool]]] = defaultdict(list)
        # Masked spellings ("f*ck") are matched letter by letter against single-word terms, by length.
        self._masked: dict[int, list[tuple[str, tuple[str, str], str]]] = defaultdict(list)
        # Terms in scripts with vowel signs, matched around a mask run by alignment (normalize.unmask_complex).
        self._masked_complex: list[tuple[str, tuple[str, str], str]] = []
        forms = self._inflections(groups)
        for g in groups:
            for term in g.terms:
                cased = g.case_sensitive or (g.case_by_initial and term[:1].isupper())
                mode = term_mode(term, g.match)
                base = normalize(term.strip("*"), casefold=not cased).text
                variants = [base] + ([base + normalize(s, casefold=not cased).text for s in g.suffixes] if mode == "word" else [])
                if mode == "word" and g.inflect and not cased:
                    variants += forms.get(g.inflect, {}).get(base, [])
                if mode == "word" and not cased:
                    # The article and one-letter proclitics are spelling, not inflection: every group's
                    # Arabic word takes them ("غداء" in a calendar rule's when-terms finds "الغداء").
                    variants += arabic_clitic_forms(base)
                    if term.endswith("\u0629") and " " not in base and len(base) >= 4:
                        # The sound feminine plural: a noun in ta marbuta takes -at ("دواسة" -> "دواسات",
                        # "علبة" -> "علبات"; Ryding 2005, ch. 7.2). Read from the term as written: the
                        # folded view spells ta marbuta as ha, which "الله" also ends in.
                        plural = base[:-1] + "\u0627\u062a"
                        variants += [plural, *arabic_clitic_forms(plural)]
                for v in dict.fromkeys(variants):
                    entries[cased][v].append((g.key, mode, False))
                    if g.obfuscated and not cased:
                        obf_entries[v].append((g.key, mode, False))
                        if v.isalpha() and len(v) >= 3:
                            self._masked[len(v)].append((v, g.key, mode))
                        if " " not in v and _COMPLEX_TERM.search(v):
                            self._masked_complex.append((v, g.key, mode))
            for exc in g.exceptions:
                entries[g.case_sensitive][normalize(exc, casefold=not g.case_sensitive).text].append((g.key, "substring", True))
        # The automatons store ints, each the place of its key's (length, values) in ``self.values``: an automaton
        # of Python objects pickles every key's values apart, and a market's kept index (45,000 keys in de-DE) then
        # took ~0.05-0.07 s more to read back at a one-draft `studio check` (speed53).
        self.values: list[tuple[int, tuple[tuple[tuple[str, str], str, bool], ...]]] = []
        places: dict[tuple[int, tuple[tuple[tuple[str, str], str, bool], ...]], int] = {}
        self.automata: dict[bool, ahocorasick.Automaton | None] = {
            cased: _automaton(table, self.values, places) for cased, table in entries.items()}
        self.obfuscated = _automaton(obf_entries, self.values, places)
        self.size = sum(len(t) for t in entries.values())

    @staticmethod
    def _inflections(groups: list[Group]) -> dict[str, dict[str, list[str]]]:
        """{language: {casefolded term: inflected forms}} for the groups that ask for inflection."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for g in groups:
            if g.inflect and not g.case_sensitive:
                for term in g.terms:
                    if term_mode(term, g.match) == "word":
                        wanted[g.inflect].add(normalize(term).text)
        return {lang: inflect.variants(terms, lang) for lang, terms in wanted.items()}

    @property
    def needs_cased(self) -> bool:
        return self.automata.get(True) is not None

    def find(self, folded: Normalized, cased: Normalized | None = None) -> dict[tuple[str, str], list[Span]]:
        """Spans in ORIGINAL text offsets per group key, exceptions removed, sorted by start."""
        hits: dict[tuple[str, str], list[Span]] = defaultdict(list)
        excs: dict[tuple[str, str], list[Span]] = defaultdict(list)
        for is_cased, view in ((False, folded), (True, cased)):
            auto = self.automata.get(is_cased)
            if auto is None or view is None:
                continue
            text = view.text
            n = len(text)
            for end_idx, place in auto.iter(text):
                length, values = self.values[place]
                start, end = end_idx - length + 1, end_idx + 1
                for key, mode, is_exc in values:
                    if is_exc:
                        excs[key].append(view.span(start, end))
                        continue
                    if mode != "substring":
                        if mode != "suffix" and start > 0 and not _boundary_char(text[start - 1]) and not _boundary_char(text[start]):
                            continue
                        if mode != "prefix" and end < n and not _boundary_char(text[end]) and not _boundary_char(text[end - 1]):
                            continue
                    hits[key].append(view.span(start, end))
        if self.obfuscated is not None or self._masked:
            self._find_obfuscated(folded, hits)
        if self.obfuscated is not None and _STRETCH.search(folded.text):
            self._find_stretched(folded, hits)
        if self.obfuscated is not None and (joined := drop_inserted(folded)) is not None:
            self._find_inserted(*joined, hits)
        if self._masked_complex:
            for a, b in complex_masks(folded.text):
                for term, key, mode in self._masked_complex:
                    span = unmask_complex(folded.text, a, b, term)
                    if span is not None and _bounded(folded.text, span[0], span[1], mode):
                        hits[key].append(folded.span(*span))
        out: dict[tuple[str, str], list[Span]] = {}
        for key, spans in hits.items():
            ex = excs.get(key)
            if ex:
                spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in ex)]
            if spans:
                out[key] = sorted(set(spans))
        return out

    def _find_stretched(self, folded: Normalized, hits: dict[tuple[str, str], list[Span]]) -> None:
        """Terms of ``obfuscated`` groups with a letter drawn out ("fuuuck", "shiiiit", "kurwaaa"): a run of
        three or more of one letter read as one letter and as two ("bulllshit")."""
        assert self.obfuscated is not None
        for keep_run in (1, 2):
            view = squeeze(folded, keep_run)
            for end_idx, place in self.obfuscated.iter(view.text):
                length, values = self.values[place]
                start, end = end_idx - length + 1, end_idx + 1
                for key, mode, _ in values:
                    if _bounded(view.text, start, end, mode):
                        hits[key].append(view.span(start, end))

    def _find_inserted(self, view: Normalized, after: set[int], hits: dict[tuple[str, str], list[Span]]) -> None:
        """Terms of ``obfuscated`` groups split by a symbol between two syllables ("씨*발", "傻*逼"): read on the
        view without it, a hit only where a dropped run stood inside the term (else the plain scan has it)."""
        assert self.obfuscated is not None
        for end_idx, place in self.obfuscated.iter(view.text):
            length, values = self.values[place]
            start, end = end_idx - length + 1, end_idx + 1
            if not any(start < k < end for k in after):
                continue
            for key, mode, _ in values:
                if _bounded(view.text, start, end, mode):
                    hits[key].append(view.span(start, end))

    def _find_obfuscated(self, folded: Normalized, hits: dict[tuple[str, str], list[Span]]) -> None:
        """Terms of ``obfuscated`` groups spelt in leetspeak or with masked letters (same offsets)."""
        plain = deobfuscate(folded.text)
        if plain is None:
            return
        if self.obfuscated is not None:
            for end_idx, place in self.obfuscated.iter(plain):
                length, values = self.values[place]
                start, end = end_idx - length + 1, end_idx + 1
                if plain[start:end] == folded.text[start:end]:
                    continue  # spelt plainly: the main scan has it
                for key, mode, _ in values:
                    if not _bounded(plain, start, end, mode):
                        continue
                    hits[key].append(folded.span(start, end))
        for start, token in masked_tokens(plain):
            if token[0] != "*" and token.count("*") == len(token) - 1:
                # the first letter and masks only ("f***", "đ***", "s**"): how a swear word is printed
                # censored, whatever the number of stars; read as a term of that initial and about that length
                for size in (len(token) - 1, len(token), len(token) + 1):
                    for term, key, mode in self._masked.get(size, ()):
                        if term[0] == token[0] and mode != "substring":
                            hits[key].append(folded.span(start, start + len(token)))
                continue
            for size in range(3 if len(token) == 3 else 4, len(token) + 1):
                for term, key, mode in self._masked.get(size, ()):
                    if size != len(token) and mode != "prefix":
                        continue
                    if _unmask(token[:size], term):
                        hits[key].append(folded.span(start, start + (len(token) if mode == "prefix" else size)))


def _automaton(table: dict[str, list[tuple[tuple[str, str], str, bool]]],
               values: list[tuple[int, tuple[tuple[tuple[str, str], str, bool], ...]]],
               places: dict[tuple[int, tuple[tuple[tuple[str, str], str, bool], ...]], int]) -> ahocorasick.Automaton | None:
    """An automaton over ``table``'s keys whose value per key is the place of ``(len(key), tuple(its values))`` in
    ``values`` (added there once, ``places`` finding it again)."""
    if not table:
        return None
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for key, found in table.items():
        entry = (len(key), tuple(found))
        place = places.get(entry)
        if place is None:
            place = places[entry] = len(values)
            values.append(entry)
        auto.add_word(key, place)
    auto.make_automaton()
    return auto


_STRETCH = re.compile(r"([^\W\d_])\1{2,}")


def squeeze(view: Normalized, keep_run: int) -> Normalized:
    """``view`` with every run of three or more of one letter cut to ``keep_run`` letters; offsets kept."""
    text = view.text
    keep: list[int] = []
    i = 0
    for m in _STRETCH.finditer(text):
        keep.extend(range(i, m.start() + keep_run))
        i = m.end()
    keep.extend(range(i, len(text)))
    starts = [view.starts[k] if view.starts is not None else k for k in keep]
    ends = [view.ends[k] if view.ends is not None else k + 1 for k in keep]
    return Normalized(view.original, "".join(text[k] for k in keep), starts, ends)


def _bounded(text: str, start: int, end: int, mode: str) -> bool:
    """Whether a hit at [start, end) respects word boundaries for its mode."""
    if mode == "substring":
        return True
    if mode != "suffix" and start > 0 and not _boundary_char(text[start - 1]) and not _boundary_char(text[start]):
        return False
    return not (mode != "prefix" and end < len(text) and not _boundary_char(text[end]) and not _boundary_char(text[end - 1]))


def _unmask(token: str, term: str) -> bool:
    """"f*ck" fits "fuck": same length, every shown letter in place, and at least half the letters shown,
    or (a word of five or more) its first and last letter shown around one run of masks, the way swear
    words are printed censored ("c***o" for "cazzo", "m***e" for "merde")."""
    shown = 0
    for a, b in zip(token, term):
        if a == "*":
            continue
        if a != b:
            return False
        shown += 1
    if shown >= len(term):
        return False
    if shown * 2 >= len(term):
        return True
    masks = token.count("*")
    return len(term) >= 5 and token[0] != "*" and token[-1] != "*" and "*" * masks in token
