"""The origin table of ``origin_elsewhere``: its word lists as the rule file gives them (``Country``: an entry's
claims, places, demonyms and protected names; ``Production``: the production, source, label and marker words of the
languages) and their compiled form (``OriginTable``: one Aho-Corasick automaton over every claim, place, demonym and
protected name, and the word lists as lowercased keys), built once when the rule is validated and kept with the
loaded rules (studio.checks.loadcache), never per draft.

The reading of a draft against the table is studio.checks.rules.types.origin.draft; the rule type is
studio.checks.rules.types.origin.rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import ahocorasick
from pydantic import Field, field_validator

from studio.checks.rules.base import Source, _Strict, no_blank

_ARABIC = range(0x0600, 0x0700)


def _arabic(word: str) -> bool:
    return any(ord(ch) in _ARABIC for ch in word)


def _lower(text: str) -> str:
    """``text`` lowercased character by character, so offsets stay those of ``text``, as a case-insensitive
    regex reads it: "İ" is "i" (not "i" and a combining dot) and the dotless "ı" is "i" too ("YERLİ MALI"
    is "yerli malı")."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    return low.replace("ı", "i")


def _key(word: str) -> str:
    """A table word in the form it is compared with the lowercased view of the draft."""
    return _lower(unicodedata.normalize("NFKC", word))


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _spellings(claim: str) -> list[str]:
    """A claim and the ways its "100%" is written: "100 % française" (French spacing), "%100 yerli" (Turkish)."""
    if not claim.startswith("100%"):
        return [claim]
    rest = claim[4:]
    return [claim, "100 %" + rest, "%100" + rest]


def demonym_forms(countries: dict[str, Country]) -> dict[tuple[str, str], frozenset[str]]:
    """{(form, entry): the languages it is a form in}: the other genders, numbers and cases of the entries' single-word
    demonyms ("auvergnat" -> "auvergnates", "mineiro" -> "mineiras", "włoski" -> "włoską") from the inflection table the
    terms use (studio.checks.inflect, simplemma's dictionaries), in each language it has. A form counts only in a draft
    of its language (the market's, as a terms rule's inflection does): "vasche" is Italian, not Portuguese. A form
    that is already a listed demonym of the entry is left out (the listed word counts in every language)."""
    from studio.checks import inflect

    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, country in countries.items():
        listed = {_key(d) for d in country.demonyms}
        words = sorted(listed)
        for lang in sorted(inflect.LANGUAGES):
            for forms in inflect.variants(words, lang).values():
                for form in forms:
                    if form not in listed:
                        out[(form, name)].add(lang)
    return {k: frozenset(v) for k, v in out.items()}


class Country(_Strict):
    claims: list[str] = Field(default_factory=list)  # none: a place only (production happens there)
    places: list[str] = Field(min_length=1)
    source: Source  # where the place names come from
    within: str | None = None  # a region of this country (its protected names are claims for the region)
    # adjectives and demonyms ("cornish", "gaúcha", "dresdner", "turca"): a claim only beside a marker, and an
    # origin named after an origin label ("provenienza turca"); never a place of production on their own
    demonyms: list[str] = Field(default_factory=list)
    # checks-origin54: protected names (geographical indications: "Parmigiano Reggiano", "神戸ビーフ", "ส้มโอนครชัยศรี",
    # "Malatya kayısısı"): claims of this entry that, as a region's marked claim, a source or an origin form in
    # another place takes back ("神戸ビーフ使用 ※牛肉はオーストラリア産"), not only production there; read inside a
    # CJK run too ("特製神戸ビーフ")
    protected: list[str] = Field(default_factory=list)

    @field_validator("claims", "places", "demonyms", "protected")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        no_blank(v, "claims and places")
        twice = sorted({w for w in v if v.count(w) > 1})
        if twice:
            raise ValueError(f"listed twice: {', '.join(twice)}")
        return v


class Production(_Strict):
    verbs: list[str] = Field(min_length=1)  # Latin-script stems; any ending follows
    prepositions: list[str] = Field(min_length=1)
    negations: list[str] = Field(default_factory=list)
    quoted_from: list[str] = Field(default_factory=list)  # "de", "from" before a quoted place of origin
    arabic_verbs: list[str] = Field(default_factory=list)
    arabic_proclitics: list[str] = Field(default_factory=list)
    arabic_in: str = "في"
    labels: list[str] = Field(default_factory=list)  # "country of origin": an origin label before a place
    sources: list[str] = Field(default_factory=list)  # "from", "dal", "来自": a part's source, read for 100 % claims
    # checks-origin53: a place or demonym next to a marker is a claim of its entry (see the module's docstring)
    markers: list[str] = Field(default_factory=list)  # "authentic", "echt", "asli", "100%", "DOP", "本場"
    marker_links: list[str] = Field(default_factory=list)  # "de", "d'", "from", "aus": "100 % de Lorraine"
    light_verbs: list[str] = Field(default_factory=list)  # stems of steps that move no origin: packed, bottled
    source_after: list[str] = Field(default_factory=list)  # after a place: "Gürcistan menşeli"
    determiners: list[str] = Field(default_factory=lambda: ["the"])  # "in the", "at our": before a place
    # a style, not an origin, right after the place or demonym ("Italian-style", "italienischer Art", "alla
    # bolognese" is read before it): the place is not marked
    style_after: list[str] = Field(default_factory=list)
    style_before: list[str] = Field(default_factory=list)  # "inspired by", "à la", "nach Art": before it
    # before a source word under a marked (not exclusive) claim: an ingredient named as such ("with raisins from
    # Turkey") is the honest form Reg. 2018/775 asks for, not a swap
    with_words: list[str] = Field(default_factory=list)
    # a material named by its origin ("New Zealand wool", "cuir italien", "Egyptian cotton") is a claim about the
    # material, not the made-up good: right before or after the place, the place is not marked
    materials: list[str] = Field(default_factory=list)
    # a kitchen or restaurant in the copy: "authentic Thai food, made fresh in our London kitchen" names a cuisine
    service_words: list[str] = Field(default_factory=list)
    not_markers: list[str] = Field(default_factory=list)  # a marker that is a name's first word: "Real Madrid"
    origin_suffixes: list[str] = Field(default_factory=list)  # a table place ending so is an origin form: 中国産
    # checks-origin54: produce named by a region ("Kent strawberries", "Lavande de Provence", "Malatya kayısısı",
    # "Kopi Gayo", "ส้มโอนครชัยศรี", "瀬戸内レモン"): a region's place or demonym next to one of these words (right
    # after it, or right before it, through a link word or none) claims the region as a marker does. Whole words in
    # spaced scripts; a country's own name or demonym is never marked so ("French beans", "Brazil nuts": varieties)
    produce: list[str] = Field(default_factory=list)
    # a thing named after a protected name that is not the product ("champagne glasses", "Darjeeling tea caddy")
    name_objects: list[str] = Field(default_factory=list)
    # checks-origin55: what the pack says, quoted in a note with a colon ("Rótulo: cacau da Costa do Marfim",
    # "Etiqueta: vainilla de Madagascar", "Small print: Vietnam"): the place within three words after the colon is
    # the source, read as a source is (under a 100 % claim, a protected name or a region's marked claim)
    note_labels: list[str] = Field(default_factory=list)
    # checks-origin58: the stated reader's words (studio.checks.rules.types.origin.stated), data like the rest: production
    # words only it reads ("gedrukt", "tissé", "painted"); words before a place that make it a destination, seller or
    # design, and of those the ones read from further back in the clause (with homage and likeness words); whole words
    # before a place that make it no origin ("to", "wie"); light steps a statement names ("étiqueté", "warehouse");
    # denials (a trailing space: a Latin word that starts a word); origin forms after a place ("産", " işi", "-made");
    # forms that make a note a statement ("製", "निर्मित"); the Korean and Japanese locatives and the growing or making
    # verbs after them ("에서 … 자란", "で育てた")
    stated_verbs: list[str] = Field(default_factory=list)
    not_origin_before: list[str] = Field(default_factory=list)
    inspired: list[str] = Field(default_factory=list)
    not_origin_words: list[str] = Field(default_factory=list)
    light_stated: list[str] = Field(default_factory=list)
    denials: list[str] = Field(default_factory=list)
    after_forms: list[str] = Field(default_factory=list)
    cue_forms: list[str] = Field(default_factory=list)
    cjk_locatives: list[str] = Field(default_factory=list)
    cjk_locative_verbs: list[str] = Field(default_factory=list)
    # checks-origin58: words that state the goods were imported from a place ("importado de", "越南进口", "수입"), and
    # the words right after one that make it an importer's name or address instead ("Importado por", "进口商")
    import_words: list[str] = Field(default_factory=list)
    importer_after: list[str] = Field(default_factory=list)
    # checks-origin58: heritage words right before a place that evoke it as the goods' origin ("the taste of Sicily",
    # "comme à Montélimar", "wie in Nürnberg", "like in Naples"): read as an origin only against a stated origin, and
    # only where the copy names no place of its own that the statement holds
    heritage: list[str] = Field(default_factory=list)
    # checks-origin60: Chinese, Japanese and Korean put the origin before the product's name with no word between
    # ("景德镇瓷器", "이천 도자기", "京都の西陣織"); the words right after a place there that make it a shop, a
    # destination, a dispatch point or a design studio instead ("上海旗舰店", "首尔 매장", "東京発送")
    name_head_not: list[str] = Field(default_factory=list)
    # checks-origin61: words beside an import word that say the goods came whole, as a finished unit ("nhập khẩu
    # nguyên chiếc", "fully imported", "原装进口"): the import then claims the whole product's origin (twice.py)
    whole_import: list[str] = Field(default_factory=list)

    @field_validator(
        "verbs", "prepositions", "negations", "quoted_from", "arabic_verbs", "arabic_proclitics", "labels", "sources",
        "markers", "marker_links", "light_verbs", "source_after", "origin_suffixes", "determiners", "style_after",
        "style_before", "with_words", "materials", "service_words", "not_markers", "produce", "name_objects", "note_labels",
        "stated_verbs", "not_origin_before", "inspired", "not_origin_words", "light_stated", "denials", "after_forms",
        "cue_forms", "cjk_locatives", "cjk_locative_verbs", "import_words", "importer_after",
        "heritage", "name_head_not", "whole_import",
    )
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        return no_blank(v, "production words")


class _Finder:
    """(start, end) of each listed word in a lowercased text, longest first where two start at one place: one
    automaton pass, whatever the list's size."""

    def __init__(self, words: list[str]):
        self.auto = ahocorasick.Automaton()
        for w in {f for word in words for f in (_key(word), _lower(word))}:  # NFKC splits the Thai sara am: both forms
            self.auto.add_word(w, len(w))
        self.empty = not words
        if not self.empty:
            self.auto.make_automaton()

    def find(self, low: str) -> list[tuple[int, int]]:
        if self.empty:
            return []
        best: dict[int, int] = {}
        for end, n in self.auto.iter(low):
            a = end - n + 1
            best[a] = max(best.get(a, 0), end + 1)
        return sorted(best.items())


class Subdivisions(_Strict):
    """checks-origin58: the first-level subdivisions of the markets' countries (ISO 3166-2 codes and their names in
    the markets' languages), each country's code mapped to its entry of the table."""

    source: Source
    countries: dict[str, str] = Field(min_length=1)  # ISO 3166-1 alpha-2 -> a top-level entry ("MX": mexico)
    names: dict[str, list[str]] = Field(min_length=1)  # ISO 3166-2 code -> its names
    entries: dict[str, list[str]] = Field(default_factory=dict)  # a regional entry -> the subdivisions it lies in
    places: dict[str, list[str]] = Field(default_factory=dict)  # a protected name -> the subdivisions of its area

    @field_validator("names")
    @classmethod
    def _codes(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: dict[str, str] = {}
        for code, names in v.items():
            if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
                raise ValueError(f"{code!r} is no ISO 3166-2 code (XX-YYY)")
            no_blank(names, f"names of {code}")
            for w in names:
                k = _key(w)
                if seen.get(k, code) != code:
                    raise ValueError(f"{w!r} is listed under both {seen[k]} and {code}")
                seen[k] = code
        return v

    @field_validator("entries", "places")
    @classmethod
    def _code_lists(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, codes in v.items():
            bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", c)]
            if bad or not codes:
                raise ValueError(f"{key}: {bad or 'no codes'}: name ISO 3166-2 codes (XX-YYY)")
        return v


class OriginTable:
    """The compiled table: one automaton over every claim and place, and the production words as keys."""

    def __init__(self, countries: dict[str, Country], words: Production, subdivisions: Subdivisions | None = None):
        self.auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, int]]] = defaultdict(list)  # key -> (kind, country, rank)
        self.arabic: set[str] = set()  # countries with an Arabic claim: read in Arabic too
        for name, country in countries.items():
            # claims that start at one place are tried longest first, as a regex alternation sorted so
            for rank, claim in enumerate(sorted(set(country.claims), key=lambda w: (-len(w), w))):
                for form in _spellings(_key(claim)):
                    entries[form].append(("claim", name, rank))
            for place in country.places:
                entries[_key(place)].append(("place", name, 0))
            for demonym in {_key(d) for d in country.demonyms}:
                entries[demonym].append(("demonym", name, 0))
            for rank, claim in enumerate(sorted(set(country.protected), key=lambda w: (-len(w), w))):
                for form in _spellings(_key(claim)):
                    entries[form].append(("protected", name, rank))
            if any(_arabic(c) for c in country.claims):
                self.arabic.add(name)
        # checks-origin55, engine-origin56: a demonym's inflected forms, each read only in a draft of its language
        self.form_languages = demonym_forms(countries)
        for form, name in sorted(self.form_languages):
            entries[form].append(("form", name, 0))
        for key, values in entries.items():
            self.auto.add_word(key, (len(key), tuple(values)))
        self.auto.make_automaton()
        self.verbs = {_key(v) for v in words.verbs}
        self.verb_sizes = sorted({len(v) for v in self.verbs})
        self.preps = [_key(p) for p in sorted(set(words.prepositions), key=lambda w: (-len(w), w))]
        self.negations = [_key(n) + " " for n in words.negations]
        self.quoted_from = [_key(w) for w in words.quoted_from]
        self.ar_verbs = sorted({_key(v) for v in words.arabic_verbs}, key=lambda w: (-len(w), w))
        self.proclitics = {_key(p) for p in words.arabic_proclitics}
        self.ar_in = _key(words.arabic_in)
        self.labels = sorted({_key(w) for w in words.labels}, key=lambda w: (-len(w), w))
        self.sources = sorted({_key(w) for w in words.sources}, key=lambda w: (-len(w), w))
        self.markers = sorted({f for w in words.markers for f in _spellings(_key(w))}, key=lambda w: (-len(w), w))
        self.links = sorted({_key(w) for w in words.marker_links}, key=lambda w: (-len(w), w))
        self.light = {_key(v) for v in words.light_verbs}
        self.light_sizes = sorted({len(v) for v in self.light})
        self.source_after = sorted({_key(w) for w in words.source_after}, key=lambda w: (-len(w), w))
        self.suffixes = tuple(_key(w) for w in words.origin_suffixes)
        self.determiners = sorted({_key(w) for w in words.determiners}, key=lambda w: (-len(w), w))
        self.style_after = tuple(_key(w) for w in words.style_after)
        self.style_before = tuple(_key(w) for w in words.style_before)
        self.with_words = {_key(w) for w in words.with_words}
        self.regions = {name for name, c in countries.items() if c.within is not None}
        self.materials = {_key(w) for w in words.materials}
        self.service = tuple(_key(w) for w in words.service_words)
        self.not_markers = tuple(_key(w) for w in words.not_markers)
        self.name_objects = {_key(w) for w in words.name_objects}
        self.note_labels = sorted({_key(w) for w in words.note_labels}, key=lambda w: (-len(w), w))
        self.verb_stems = tuple(self.verbs | self.light)
        self.note_links = {w for w in self.quoted_from + self.links + self.sources if " " not in w}
        self.produce = tuple(sorted({_key(w) for w in words.produce}, key=lambda w: (-len(w), w)))
        # checks-origin58: the stated reader's words (the order kept: a prefix is tried as listed)
        self.stated_verbs = tuple(dict.fromkeys(_key(w) for w in words.stated_verbs))
        self.not_origin_before = tuple(dict.fromkeys(_key(w) for w in words.not_origin_before))
        self.inspired = tuple(dict.fromkeys(_key(w) for w in words.inspired))
        self.not_origin_words = frozenset(_key(w) for w in words.not_origin_words)
        self.light_stated = tuple(dict.fromkeys(_key(w) for w in words.light_stated))
        # the production readers' negations ('nicht', 'pas', 'tidak') deny a place too, as words
        self.denials = tuple(dict.fromkeys([*(_key(w) for w in words.denials), *self.negations]))
        self.after_forms = tuple(dict.fromkeys(_key(w) for w in words.after_forms))
        self.cue_forms = tuple(dict.fromkeys(_key(w) for w in words.cue_forms))
        stop = r"[^.!?。！？\n]"
        self.cjk_locative = re.compile(
            rf"^{stop}{{0,10}}?(?:{'|'.join(map(re.escape, (_key(w) for w in words.cjk_locatives)))})"
            rf"{stop}{{0,6}}?(?:{'|'.join(map(re.escape, (_key(w) for w in words.cjk_locative_verbs)))})"
        ) if words.cjk_locatives and words.cjk_locative_verbs else None
        # an origin label and a colon, outside a bracket ("Country of origin: Poland", "原産国：中国")
        self.label_line = re.compile(
            rf"(?:{'|'.join(map(re.escape, self.labels))})\s*[:：]\s*(?=\S)"
        ) if self.labels else None
        self.import_words = _Finder(words.import_words)
        self.importer_after = frozenset(_key(w) for w in words.importer_after)
        self.heritage = tuple(sorted({_lower(w) for w in words.heritage}, key=lambda w: (-len(w), w)))
        self.name_head_not = tuple(dict.fromkeys(_key(w) for w in words.name_head_not))
        self.whole_import = tuple(dict.fromkeys(_lower(w) for w in words.whole_import))
        # checks-origin58: {a subdivision's name: its ISO 3166-2 code}, and the automaton that finds the names the
        # table has no entry word for ("Indiana", "Nuevo León"), each as a place of its country's entry
        self.sub_code: dict[str, frozenset[str]] = {}
        self.sub_entry: dict[str, str] = {}
        self.entry_codes: dict[str, frozenset[str]] = {}
        self.sub_auto = None
        # checks-origin59: {a town's folded name: its ISO 3166-2 codes}, filled as the stated reader meets towns of the
        # gazetteer (studio.checks.rules.types.origin.towns), at most one entry per town named in the drafts read
        self.town_code: dict[str, frozenset[str]] = {}
        self.town_before: frozenset[str] | None = None  # the words before a town that make it a place, built on first use
        if subdivisions is not None:
            self.sub_entry = dict(subdivisions.countries)
            self.sub_auto = ahocorasick.Automaton()
            for code, names in subdivisions.names.items():
                for w in names:
                    k = _key(w)
                    self.sub_code[k] = frozenset((code,))
                    self.sub_auto.add_word(k, (len(k), code))
            self.sub_auto.make_automaton()
            for w, codes in subdivisions.places.items():
                self.sub_code[_key(w)] = frozenset(codes)
            # an entry's codes: its own, else those of the nearest entry it lies within that has some
            for name in countries:
                at: str | None = name
                seen: set[str] = set()
                while at is not None and at not in seen:
                    seen.add(at)
                    if at in subdivisions.entries:
                        self.entry_codes[name] = frozenset(subdivisions.entries[at])
                        break
                    at = countries[at].within
        # an entry and the entries it lies within: a place of one never contradicts a claim of the other
        self.lineage: dict[str, set[str]] = {}
        for name in countries:
            line, at = {name}, countries[name].within
            while at is not None and at not in line:
                line.add(at)
                at = countries[at].within
            self.lineage[name] = line

    # checks-origin59: {ISO 3166-1: entry} of the towns the stated reader reads (the rule's ``towns``); None: none read
    towns: dict[str, str] | None = None

    def codes(self, entry: str, word: str) -> frozenset[str]:
        """checks-origin58: the ISO 3166-2 subdivisions a place lies in: its name's, else its entry's (none known: empty);
        checks-origin59: a town of the gazetteer, its subdivision's."""
        return self.sub_code.get(word) or self.entry_codes.get(entry) or self.town_code.get(word, frozenset())

    def related(self, a: str, b: str) -> bool:
        return a in self.lineage[b] or b in self.lineage[a]
