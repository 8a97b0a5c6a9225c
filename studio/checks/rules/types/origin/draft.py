"""The draft reading of ``origin_elsewhere`` (``OriginDraft``): one draft's claims and places, found with the table's
automaton (studio.checks.rules.types.origin.table), read against the production, source and label phrases around them.

An origin claim for one country beside production in another in the same copy:

The rule holds a table (per country: its claims and its places, with a source) and the production words
of the languages. One Aho-Corasick automaton finds every claim and place in the draft; a little structure
reads the rest, on the cased view as the ``pattern`` type does (case-insensitive, same offsets):

- a claim of country X ("made in india", "włoska jakość", "صنع في السعودية"), or a place of X quoted as
  the origin ("Naranjas 'de Valencia'"), is followed, within ``GAP`` characters on its line, by
- a production word (a stem of ``verbs`` at a word start, any ending: "manufactur" -> "manufacturing")
  not right after a negation ("not made in"), then up to ``BETWEEN`` other words, a preposition of
  ``prepositions``, an optional "the", and a place of any country but X ("... manufactured in Guangzhou");
- or, for a country with an Arabic claim, an Arabic production word of ``arabic_verbs`` (a proclitic
  و/ب/ل may be written onto it), within ``ARABIC_GAP`` characters "في" and a place of another country
  ("التعبئة في دبي"); that phrase may also come first, the claim after it.

- or an origin label of ``labels`` ("country of origin", "kraj pochodzenia", "بلد المنشأ") followed by an
  optional colon or dash and a place of another country ("... (país de origen: Portugal)");
- or, for an **exclusive** claim ("100 % italiana", "%100 yerli", "国産100%", "纯国产": the whole product is
  claimed), a word of ``sources`` ("from", "du", "dal", "aus", "z", "dari", "từ", "来自") and a place of another
  country ("Pasta 100 % italiana ... grano dal Canada"): a part from elsewhere is what "100 %" denies. A range
  ("from London to Tokyo") is no source. A claim listed as "100% x" is also read as "100 % x" and "%100 x".

- or (checks-origin54) a **protected name** of an entry (``protected``: a geographical indication, "Parmigiano
  Reggiano", "神戸ビーフ", "Malatya kayısısı"), which a source or an origin form in another place takes back as it
  does a region's marked claim; and a region's place or demonym next to a word of ``produce`` ("Kent
  strawberries", "Lavande de Provence", "Kopi Gayo", "瀬戸内レモン") is a marked place claim of that region.

- or (checks-origin53) a **marked place claim**: any place of the table, or a demonym of an entry ("Cornish",
  "gaúcha", "Dresdner", "turca"), next to a word of ``markers`` ("authentic", "echt", "asli", "chính gốc",
  "hakiki", "100 %", "DOP", "本場": before it, with at most a link word of ``marker_links`` between, "100 % de
  Lorraine", or after it, at most two words between, "Pamonha goiana legítima") claims that entry's origin,
  a country's or a region's. It is read against production in another entry's place (not by a step of
  ``light_verbs``: packing, bottling or roasting elsewhere moves no origin: "Darjeeling tea packed in Kolkata"),
  an origin label naming another place or a demonym ("Provenienza: turca"), and, as an exclusive claim is, a
  source word ("bahan baku dari Vietnam", "uit de Pfalz"), a place followed by a word of ``source_after``
  ("Gürcistan menşeli") or an origin form of the table ("중국산", "イタリア産": a place that ends in 産/产/산). The
  same reading of origin forms applies to every exclusive claim ("100% 국내산 … ※ 일부 약재는 중국산").

A finding spans the claim and the place (the first place that contradicts it). The country's own places
never contradict it: "Made in India ... packed in Pune" is one country. An entry may lie ``within`` another
(a region holding a protected name: Goa's feni inside India): a region's places do not contradict its
country's claims nor the country's places its own ("Made in India ... packed in Goa", "Goan feni, made in
India"), but another region of the same country does ("Goan feni ... distilled in Belagavi, Karnataka").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from studio.checks.rules.types.origin.table import OriginTable, _arabic, _lower, _word
from studio.core.letters import HAN, HANGUL_SYLLABLES, KANA

GAP = 160  # characters between the claim and the production phrase (on one line)
BETWEEN = 2  # words between a production word and its preposition ("made entirely by hand in")
BETWEEN_MARKED = 4  # under a marked place claim ("baked fresh every morning at our Plymouth bakery")
MARKED_RANK = 1 << 21  # the order of a marked place claim among the claims at one start (after the table's)
MARKER_WORDS = 2  # words between a marker and the place after it ("vero pecorino sardo")
SOURCE_BETWEEN = 3  # words between a source word and "in <place>" ("eggs from partner farms in Lampung")
ARABIC_GAP = 12  # characters between an Arabic production word and its "في"
# an exclusive claim: "100 %" (or "%100", Turkish) within a few characters of the claim, or 純/纯 ("pure") before it
EXCLUSIVE = re.compile(r"100\s?[%％]|[%％]\s?100")
EXCLUSIVE_REACH = 8
# "from X to Y" is a range (where it is loved, shipped), not where a part comes from
RANGE_AFTER = re.compile(r"\s*(?:to|a|à|al|bis|nach|do|até|hasta|ke|tot|đến|到|至)\s", re.IGNORECASE)
CONJUNCTIONS = frozenset({"and", "und", "et", "e", "y", "i", "ve", "và", "en", "dan", "&"})
# checks-origin54: a further ingredient with its own origin label after a list separator ("…, 팥: 중국산", "; lait : France")
RELABELLED = re.compile(r"[,，、;；/]\s*[^\s,:：()（）]{1,14}\s?[:：]")
NOTE_BREAKS = frozenset(".!?()（）*※:;：。！？—–\n|")  # a note or a new sentence after a protected name
OPEN_QUOTES = "'\"«“‘"  # around a quoted place of origin: 'de Valencia', «da Napoli»
CLOSE_QUOTES = "'\"»”’"
_HAN = re.compile(f"[{HAN}]")
_CJK = re.compile(f"[{KANA}{HAN}{HANGUL_SYLLABLES}]")
_THAI = re.compile("[\u0e00-\u0e7f]")


def _letter(ch: str) -> bool:
    """A letter, digit or mark (Devanagari vowel signs are marks): what continues a word."""
    return _word(ch) or unicodedata.category(ch)[0] == "M"


def _unspaced(ch: str) -> bool:
    """A letter of a script written without spaces between words (Han, kana, hangul run on; Thai)."""
    return bool(_CJK.match(ch) or _THAI.match(ch))


class OriginDraft:
    """One draft's view (cased text and its lowercased twin) with its claims and places by start."""

    def __init__(self, table: OriginTable, text: str, language: str | None = None):
        self.t, self.text, self.low, self.n = table, text, _lower(text), len(text)
        # claims: country -> [(start, end, rank)]; places: start -> [(end, country, place)], longest first
        self.claims: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self.places: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        self.demonyms: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.protected: set[tuple[str, int]] = set()  # (entry, start) of the protected names found
        for end_idx, (length, values) in table.auto.iter(self.low):
            start, end = end_idx - length + 1, end_idx + 1
            for kind, country, rank in values:
                if kind == "demonym":
                    self.demonyms[start].append((end, country))
                elif kind == "form":  # an inflected demonym: in a draft of its language only
                    if language in table.form_languages[(self.low[start:end], country)]:
                        self.demonyms[start].append((end, country))
                elif kind == "protected":  # checks-origin54: a protected name, read inside a CJK run too
                    self.claims[country].append((start, end, rank))
                    self.protected.add((country, start))
                elif kind == "claim":
                    if start and _CJK.match(self.low[start]) and _CJK.match(self.low[start - 1]):
                        continue  # inside a longer CJK word: "国産" in "中国産", "국산" in "중국산"
                    self.claims[country].append((start, end, rank))
                else:
                    self.places[start].append((end, country, self.low[start:end]))
        for hits in self.places.values():
            hits.sort(key=lambda h: (-(h[0]), h[2]))
        # marked place claims: country -> [(start, end, rank)] (checks-origin53)
        self.marked: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self.produce_marked: set[tuple[str, int]] = set()  # marked by a produce word only (checks-origin54)
        if table.markers:
            self._mark()

    # ------------------------------------------------------------------ marked place claims (checks-origin53)
    def _bounded(self, a: int, b: int) -> bool:
        """Whether text[a:b] stands as whole words (CJK and Thai write no spaces: always)."""
        t = self.text
        if a < b and (_CJK.match(t[a]) or "\u0e00" <= t[a] <= "\u0e7f"):
            return True
        left = a == 0 or not _word(t[a - 1])
        right = b >= self.n or not _word(t[b]) or not _word(t[b - 1])
        return left and right

    def _marker_ending(self, e: int) -> bool:
        """Whether a marker ends at ``e`` (whitespace already skipped back), standing as a word."""
        for m in self.t.markers:
            s = e - len(m)
            if s >= 0 and self.low[s:e] == m and (s == 0 or not _word(self.text[s - 1]) or not _word(m[0]) or _CJK.match(m[0])):
                return not any(self.low.startswith(x, s) for x in self.t.not_markers)
        return False

    def _marker_starting(self, p: int) -> bool:
        for m in self.t.markers:
            e = p + len(m)
            if self.low.startswith(m, p) and (e >= self.n or not _word(self.text[e]) or not _word(m[-1])):
                return True
        return False

    def _back_space(self, i: int) -> int:
        while i > 0 and self.text[i - 1] in " \t":
            i -= 1
        return i

    def _marked_before(self, a: int) -> bool:
        """A marker before the place: right before it, before a link word ("100 % de Lorraine", "d'Alba"), or one
        or two words before (the noun between, as Romance languages write it: "véritable andouille bretonne")."""
        k = a
        for words in range(MARKER_WORDS + 1):
            if words:  # one plain word back
                w = self._back_space(k)
                if w == k and words > 1:
                    return False
                v = w
                while v > 0 and (_word(self.text[v - 1]) or self.text[v - 1] in "'’-"):
                    v -= 1
                if v == w or (v > 0 and self.text[v - 1] not in " \t"):
                    return False
                k = v
            if self._marker_ending(self._back_space(k)) and (words or True):
                return True
            b = self._back_space(k)
            for link in self.t.links:
                s = b - len(link)
                if s >= 0 and self.low[s:b] == link and (s == 0 or not _word(self.text[s - 1])):
                    if (b == k) != (_word(link[-1])):  # "d'" runs on into the place; "de" stands apart
                        if self._marker_ending(self._back_space(s)):
                            return True
        return False

    def _marked_after(self, b: int) -> bool:
        x = b
        for _ in range(3):  # the marker, or up to two words and then the marker
            while x < self.n and self.text[x] in " \t":
                x += 1
            if self._marker_starting(x):
                return True
            w = x
            while w < self.n and _word(self.text[w]):
                w += 1
            if w == x or w >= self.n or self.text[w] not in " \t":
                return False
            x = w
        return False

    def _mark(self) -> None:
        hits = [(a, end, country) for a, hs in self.places.items() for end, country, _ in hs]
        hits += [(a, end, country) for a, hs in self.demonyms.items() for end, country in hs]
        for a, b, country in hits:
            if not self._bounded(a, b) or self._styled(a, b):
                continue
            if self._marked_before(a) or self._marked_after(b):
                self.marked[country].append((a, b, MARKED_RANK))
            elif self.t.produce and country in self.t.regions and self._produce_next(a, b):
                self.marked[country].append((a, b, MARKED_RANK))
                self.produce_marked.add((country, a))

    def _produce_next(self, a: int, b: int) -> bool:
        """checks-origin54: a produce word right after the place ("Kent strawberries", "瀬戸内レモン", "제주 감귤") or
        right before it, through a link word or none, with at most one word between ("Lavande de Provence", "Kopi
        Gayo", "Tartufo bianco d'Alba", "ส้มโอนครชัยศรี", "مانجو جازاني")."""
        text, low = self.text, self.low
        x = b
        for hop in range(2):  # the produce word, or one word and the produce word ("Cornish new potatoes")
            y = x
            while x < self.n and x - y < 2 and text[x] in " \t":
                x += 1
            if not (x < self.n and (x > y or _unspaced(text[x]))):
                break
            for w in self.t.produce:
                e = x + len(w)
                if low.startswith(w, x) and (_unspaced(w[-1]) or e >= self.n or not _letter(text[e])):
                    return True
            if hop or _unspaced(text[x]):
                break
            while x < self.n and _letter(text[x]):
                x += 1
        k = self._back_space(a)
        if k < a or (k > 0 and (_unspaced(text[k - 1]) or text[k - 1] in "'’")):
            for link in self.t.links:  # "de", "d'", "di", "from" between the produce and the place
                s = k - len(link)
                if s > 0 and low.startswith(link, s) and not _letter(text[s - 1]) and (k < a or link[-1] in "'’"):
                    k = self._back_space(s)
                    break
        for hop in range(2):  # the produce word, or the produce word and one adjective
            if self._produce_ending(k):
                return True
            v = k
            while v > 0 and _letter(text[v - 1]):
                v -= 1
            if hop or v == k or v == 0 or text[v - 1] not in " \t":
                return False
            k = self._back_space(v)
        return False

    def _produce_ending(self, k: int) -> bool:
        text, low = self.text, self.low
        for w in self.t.produce:
            s = k - len(w)
            if s >= 0 and low.startswith(w, s) and (_unspaced(w[0]) or s == 0 or not _letter(text[s - 1])):
                return True
        return False

    def _styled(self, a: int, b: int) -> bool:
        """A style, not an origin: "Italian-style", "nach italienischer Art", "inspired by Tuscany"."""
        after = self.low[b : b + 24].lstrip(" -‐")
        if any(after.startswith(w) and (len(after) == len(w) or not _word(after[len(w)]) or not _word(w[-1]))
               for w in self.t.style_after):
            return True
        before = self.low[max(0, a - 30) : a].rstrip()
        if any(before.endswith(w) and (len(before) == len(w) or not _word(before[-len(w) - 1]) or not _word(w[0]))
               for w in self.t.style_before):
            return True
        if self.t.materials:  # "New Zealand wool", "cuir italien": the material's origin
            nxt = re.match(r"[\w'’-]+", after)
            prev = re.findall(r"[\w'’-]+", before)[-1:]
            return bool((nxt and nxt.group(0) in self.t.materials) or (prev and prev[0] in self.t.materials))
        return False

    # ------------------------------------------------------------------ small readers of the view
    def space_end(self, i: int) -> int:
        """End of the whitespace run at ``i`` (``i`` itself where there is none)."""
        while i < self.n and self.text[i].isspace():
            i += 1
        return i

    def spaced(self, i: int) -> bool:
        return i < self.n and self.text[i].isspace()

    def place(self, z: int, country: str, script_arabic: bool, demonyms: bool = False) -> int | None:
        """End of the longest place of another country than ``country`` at ``z`` that ends a word (or, with
        ``demonyms``, a demonym of another entry: "Provenienza: turca")."""
        if demonyms:
            for end, other in self.demonyms.get(z, ()):
                if not self.t.related(other, country) and (end >= self.n or not _word(self.text[end])):
                    return end
        for end, other, word in self.places.get(z, ()):
            if self.t.related(other, country) or _arabic(word) != script_arabic:
                continue
            nxt = self.text[end] if end < self.n else ""
            # Han script has no spaces: a province runs on into its city ("山东省临沂市")
            if not nxt or not (_word(nxt) or (nxt == "-" and not script_arabic)) or _HAN.match(word[-1]):
                return end
        return None

    def claim_starts(self, country: str) -> list[tuple[int, int, int]]:
        """(start, end, order) of every claim of ``country``: its claims, then its places quoted as the
        origin ("'de Valencia'"), in the order a claim at one start is tried."""
        out = list(self.claims.get(country, ()))
        for a, hits in self.places.items():
            for end, other, word in hits:
                if other == country and not _arabic(word) and end < self.n and self.text[end] in CLOSE_QUOTES:
                    k = a
                    while k > 0 and self.text[k - 1].isspace():
                        k -= 1
                    if k == a:
                        continue
                    for w in self.t.quoted_from:
                        s = k - len(w) - 1
                        if s >= 0 and self.low[s + 1 : k] == w and self.text[s] in OPEN_QUOTES:
                            out.append((s, end + 1, 1 << 20))
        return sorted(out, key=lambda c: (c[0], c[2]))

    def quoted_entries(self) -> set[str]:
        """Entries with a place quoted in the draft (a candidate quoted claim: "'de Valencia'")."""
        return {other for hits in self.places.values() for end, other, _ in hits
                if end < self.n and self.text[end] in CLOSE_QUOTES}

    def window(self, start: int, size: int) -> range:
        """Positions within ``size`` characters after ``start`` not past the end of its line."""
        stop = self.text.find("\n", start)
        stop = min(start + size, self.n if stop < 0 else stop)
        return range(start, stop + 1)

    def word_start(self, p: int) -> bool:
        return p < self.n and _word(self.text[p]) and (p == 0 or not _word(self.text[p - 1]))

    # ------------------------------------------------------------------ production phrases
    def latin_production(self, p: int, country: str, light: bool = True) -> int | None:
        """End of "<production word> [up to two words] <preposition> [the] <place of another country>"
        starting at the word start ``p``, or None. Without ``light``, a step of ``light_verbs`` is none."""
        low, text = self.low, self.text
        if not light and any(low[p : p + k] in self.t.light for k in self.t.light_sizes):
            return None
        for neg in self.t.negations:
            b = p - len(neg)
            if b >= 0 and low[b:p] == neg and (b == 0 or not _word(text[b - 1])):
                return None
        if not any(low[p : p + k] in self.t.verbs for k in self.t.verb_sizes):
            return None
        q = p
        while q < self.n and _word(text[q]):
            q += 1
        if not self.spaced(q):
            return None
        x = self.space_end(q)
        for i in range((BETWEEN if light else BETWEEN_MARKED) + 1):
            end = self.prep_place(x, country)
            if end is not None:
                return end
            if i and self.names_place(x):
                return None  # the step was placed already ("made in Garut and packed in Jakarta": the packing is its own)
            if i and any(low[x : x + k] in self.t.verbs for k in self.t.verb_sizes) and not self._conjoined(x):
                return None  # another step's own phrase (but "produced and packed in": one phrase, checks-origin54)
            w = x  # no preposition here: one more word between
            while w < self.n and (_word(text[w]) or text[w] in "'’-"):
                w += 1
            if w == x or not self.spaced(w):
                return None
            x = self.space_end(w)
        return None

    def _conjoined(self, x: int) -> bool:
        """checks-origin54: whether the word before ``x`` is a conjunction ("diproduksi dan dikemas di", "produced
        and packed in"): the steps share the place that follows."""
        words = re.findall(r"[\w'’-]+", self.low[max(0, x - 12) : x])
        return bool(words) and words[-1] in CONJUNCTIONS

    def names_place(self, x: int) -> bool:
        """Whether a table place (of any entry) starts at ``x`` or right after a preposition there."""
        if x in self.places:
            return True
        for prep in self.t.preps:
            if self.low.startswith(prep, x) and self.spaced(x + len(prep)):
                if self.space_end(x + len(prep)) in self.places:
                    return True
        return False

    def prep_place(self, x: int, country: str) -> int | None:
        """End of "<preposition> [a determiner] <place of another country>" at ``x``, or None."""
        low = self.low
        for prep in self.t.preps:
            if low.startswith(prep, x) and self.spaced(x + len(prep)):
                y = self.space_end(x + len(prep))
                for det in self.t.determiners:
                    if low.startswith(det, y) and self.spaced(y + len(det)):
                        end = self.place(self.space_end(y + len(det)), country, False)
                        if end is not None:
                            return end
                end = self.place(y, country, False)
                if end is not None:
                    return end
        return None

    def arabic_production(self, p: int, country: str) -> Iterator[int]:
        """Ends of "<Arabic production word> ... في <place of another country>" at the word start ``p``,
        the nearest first."""
        starts = [p + 1, p] if self.low[p] in self.t.proclitics else [p]
        for v in starts:
            for verb in self.t.ar_verbs:
                if not self.low.startswith(verb, v):
                    continue
                ve = v + len(verb)
                for g in range(ARABIC_GAP + 1):
                    if ve + g > self.n or (g and self.text[ve + g - 1] == "\n"):
                        break
                    if not self.spaced(ve + g):
                        continue
                    w = self.space_end(ve + g)
                    if self.low.startswith(self.t.ar_in, w) and self.spaced(w + len(self.t.ar_in)):
                        z = self.space_end(w + len(self.t.ar_in))
                        for end, other, word in self.places.get(z, ()):
                            if (
                                not self.t.related(other, country)
                                and _arabic(word)
                                and (end == self.n or not _word(self.text[end]))
                            ):
                                yield end

    def first_arabic_production(self, p: int, country: str) -> int | None:
        return next(self.arabic_production(p, country), None)

    def label_production(self, p: int, country: str) -> int | None:
        """End of "<origin label>[:|-] [one word] <place of another country>" at the word start ``p`` ("país de
        origen: Portugal", "بلد المنشأ: مصر", "원산지: 소고기 호주산"), any script, or None."""
        for label in self.t.labels:
            e = p + len(label)
            if not self.low.startswith(label, p) or (e < self.n and _word(self.text[e])):
                continue
            z = self.space_end(e)
            if z < self.n and self.text[z] in ":：-–—":
                z = self.space_end(z + 1)
            # the place, or up to three words (the ingredient: "원산지: 소고기 호주산", "Origen de la carne: Portugal") and the place
            for _ in range(4):
                for script_arabic in (False, True):
                    end = self.place(z, country, script_arabic, demonyms=bool(self.t.markers))
                    if end is not None:
                        return end
                w = z
                while w < self.n and not self.text[w].isspace() and self.text[w] not in ",;)）、，":
                    w += 1
                if w == z or not self.spaced(w):
                    break
                z = self.space_end(w)
                if z < self.n and self.text[z] in "(（":  # "Provenienza: Istria (Croazia)"
                    z += 1
                elif z < self.n and self.text[z] in ":：":  # "Origine des moules : Irlande"
                    z = self.space_end(z + 1)
        return None

    def source_production(self, p: int, country: str) -> int | None:
        """End of "<source word> <place of another country>" at ``p`` ("dal Canada", "来自新西兰", "d'Espagne"),
        not a range ("from London to Tokyo"), or None."""
        for w in self.t.sources:
            if not self.low.startswith(w, p):
                continue
            z = p + len(w)
            if _word(w[-1]) and not _unspaced(w[-1]):
                if not self.spaced(z):
                    continue
                z = self.space_end(z)
            for script_arabic in (False, True):
                end = self.place(z, country, script_arabic)
                if end is not None and not RANGE_AFTER.match(self.text, end):
                    return end
            x = z  # checks-origin53: "from partner farms in Lampung", "uova da allevamenti in Polonia"
            for _ in range(SOURCE_BETWEEN):
                e = x
                while e < self.n and (_word(self.text[e]) or self.text[e] in "-'’"):
                    e += 1
                if e == x or not self.spaced(e):
                    break
                x = self.space_end(e)
                end = self.prep_place(x, country)
                if end is not None and not RANGE_AFTER.match(self.text, end):
                    return end
        return None

    def note_label_production(self, p: int, country: str) -> int | None:
        """checks-origin55: end of "<note label>: [up to three words, none a production word] <place of another
        entry>" at ``p`` ("Rótulo: cacau da Costa do Marfim", "Back label: Vietnam"), or None. A production word
        after the colon is left to the production readers (a light step stays light)."""
        for label in self.t.note_labels:
            e = p + len(label)
            if not self.low.startswith(label, p) or (e < self.n and _word(self.text[e])):
                continue
            z = self.space_end(e)
            if z >= self.n or self.text[z] not in ":：":
                continue
            z = self.space_end(z + 1)
            prev = None  # the word before the place: none (right after the colon) or a link ("da", "aus", "from")
            for _ in range(4):
                if prev is None or prev in self.t.note_links:
                    for script_arabic in (False, True):
                        end = self.place(z, country, script_arabic)
                        if end is not None and not RANGE_AFTER.match(self.text, end):
                            return end
                w = z
                while w < self.n and (_word(self.text[w]) or self.text[w] in "-'’"):
                    w += 1
                if w == z or not self.spaced(w) or self.low[z:w].startswith(self.t.verb_stems):
                    break
                prev = self.low[z:w]
                z = self.space_end(w)
        return None

    def noted(self, a: int, b: int) -> bool:
        """checks-origin54: whether text[a:b] crosses into a note or a new sentence ("(…)", "*…", "※…", ". Origin:")."""
        return any(ch in NOTE_BREAKS for ch in self.text[a:b])

    def object_after(self, e: int) -> bool:
        """checks-origin54: whether a thing other than the product follows the protected name ("champagne glasses",
        "Parmigiano grater", "Darjeeling tea caddy"): the name then names no origin of what is sold."""
        m = re.match(r"[\s-]*([\w'’]+)", self.low[e : e + 30])
        if not m:
            return False
        if _unspaced(m.group(1)[0]):  # "シャンパングラス": the object runs on in CJK and Thai
            return any(m.group(1).startswith(w) for w in self.t.name_objects if _unspaced(w[0]))
        return m.group(1) in self.t.name_objects

    def with_before(self, p: int) -> bool:
        """Whether a word of ``with_words`` stands within the three words before ``p`` ("mit Rosinen aus")."""
        words = re.findall(r"[\w'’-]+", self.low[max(0, p - 40) : p])[-3:]
        return any(w in self.t.with_words for w in words)

    def origin_form(self, p: int, country: str) -> int | None:
        """End of an origin form of another entry at ``p``: a table place ending in an origin suffix ("중국산",
        "イタリア産"), or a place followed by a word of ``source_after`` ("Gürcistan menşeli")."""
        for end, other, word in self.places.get(p, ()):
            if self.t.related(other, country):
                continue
            if self.t.suffixes and word.endswith(self.t.suffixes):
                return end
            if end < self.n and self.text[end] in " \t" and (p == 0 or not _word(self.text[p - 1])):
                x = self.space_end(end)
                for w in self.t.source_after:
                    e = x + len(w)
                    if self.low.startswith(w, x) and (e >= self.n or not _word(self.text[e])):
                        return e
        return None

    def exclusive(self, start: int, end: int) -> bool:
        """Whether the claim at start:end is claimed for the whole product ("100 % italiana", "国産100%")."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = self.n if line_end < 0 else line_end
        a, b = max(line_start, start - EXCLUSIVE_REACH), min(line_end, end + EXCLUSIVE_REACH)
        return EXCLUSIVE.search(self.text, a, b) is not None or (start > 0 and self.text[start - 1] in "純纯")

    def source_start(self, p: int) -> bool:
        """A source word may start a word, or sit inside a run of CJK or Thai, which write no spaces."""
        return self.word_start(p) or (p < self.n and (_CJK.match(self.text[p]) is not None or "\u0e00" <= self.text[p] <= "\u0e7f"))

    # ------------------------------------------------------------------ claims read against production
    def contradictions(self, country: str) -> list[tuple[int, int]]:
        """Spans (claim ... place) where a claim of ``country`` meets production in another country."""
        out: list[tuple[int, int]] = []
        arabic = country in self.t.arabic
        claims = self.claim_starts(country)
        marked = self.marked.get(country, [])
        if marked:  # checks-origin53: a marked place claim, read after the table's claims at the same start
            claims = sorted(claims + [c for c in marked if not any(c[0] == d[0] for d in claims)],
                            key=lambda c: (c[0], c[2]))
        marks = {c[0] for c in marked}  # a table claim with a marker on it ("Genuine Cornish pasty") is read as marked
        if marks and self.t.service and any(w in self.low for w in self.t.service):
            # a cuisine cooked where the copy says ("authentic Thai food, made fresh in our London kitchen"): the
            # markers count for nothing, the table's own claims are read as always
            claims = [c for c in claims if c[2] != MARKED_RANK]
            marks = set()
        readers = [self.latin_production, self.label_production] + ([self.first_arabic_production] if arabic else [])
        if self.t.sources:
            readers.append(self.source_production)
        if self.t.suffixes or self.t.source_after:
            readers.append(self.origin_form)
        if self.t.note_labels:
            readers.append(self.note_label_production)
        for production in readers:  # each script's production phrases read on their own
            pos = 0
            for claim in claims:  # the claim first, the small print after it
                start, end, _ = claim
                is_marked = start in marks
                if is_marked and production == self.first_arabic_production:
                    continue
                exclusive_only = production in (self.source_production, self.origin_form, self.note_label_production)
                exclusive = self.exclusive(start, end)
                # a protected name, or a region's own claim in the table (its GI: "Goan feni", "Cornish pasty")
                protected = (country, start) in self.protected or (country in self.t.regions and claim[2] < 1 << 20)
                by_produce = (country, start) in self.produce_marked
                by_marker = is_marked and not by_produce
                if start < pos or (exclusive_only and not exclusive and not protected
                                   and not (is_marked and country in self.t.regions)):
                    continue  # a source takes back a 100 % claim or a region's marked claim, not "authentic Italian"
                if protected and self.t.name_objects and self.object_after(end):
                    continue  # "champagne glasses made in Bohemia": the glasses are what is made there
                starts = self.source_start if exclusive_only else self.word_start
                for p in self.window(end, GAP):
                    if not starts(p):
                        continue
                    if production == self.latin_production:
                        found = self.latin_production(p, country, light=not is_marked)
                    elif production == self.source_production and not exclusive and self.with_before(p):
                        found = None
                    elif (exclusive_only and not exclusive and (protected or by_produce) and not by_marker
                          and not self.noted(end, p)):
                        # a protected name or a region's produce as an ingredient ("pasta con pomodori di Pachino e
                        # basilico dalla Liguria"): a source takes it back in a note or a new sentence, not the same one
                        found = None
                    elif exclusive_only and RELABELLED.search(self.text, end, p):
                        found = None  # per-ingredient origins ("쌀: 이천산 100%, 팥: 중국산"): each item its own label
                    else:
                        found = production(p, country)
                    if found is not None:
                        out.append((start, found))
                        pos = found
                        break
        if arabic and claims:  # Arabic: the production phrase may come first ("معبأ في دبي ... صنع في السعودية")
            by_start: dict[int, list[int]] = defaultdict(list)
            for start, end, _ in claims:
                by_start[start].append(end)
            pos = 0
            for p in range(self.n):
                if p < pos or not self.word_start(p):
                    continue
                for mid in self.arabic_production(p, country):
                    claim_end = next((by_start[s][0] for s in self.window(mid, GAP) if s in by_start), None)
                    if claim_end is not None:
                        out.append((p, claim_end))
                        pos = claim_end
                        break
        return out
