"""checks-origin57: the copy's places of origin read against the product's **stated** origin (``origin_elsewhere``
with ``stated: true``).

The other readers of the type find a claim and its contradiction in the same copy. Two sources state where the
product is really from without being copy the claim sits in:

- the brief's ``meta.facts`` ("sewn in Vietnam", "tricotées en Chine, étiquetées à Chicoutimi", "호주산 소고기를
  국내에서 양념한 제품"): the pipeline sets them on every draft of a campaign (studio.checks.asset.AssetMeta);
- a **note** in the copy that states the origin as the pack does: a bracket, or the small print after ※, holding an
  origin label, a pack label or a production word and a place ("(Etichetta: Made in China)", "(kraj pochodzenia:
  Chile)", "(Provenance sur l'étiquette : Maine)", "※生地：中国製", "(पैकेट पर: वियतनाम में निर्मित)").

A place the copy gives as the product's origin is then judged against the stated one, whatever words carry it: a
claim or marked place of the table (``OriginDraft.claims``, ``marked``), a place after a production word ("Tricotées
au Saguenay", "gedrukt in Rotterdam"), after a source or link word ("'Cashmere of Scotland'", "Artesanato do Ceará",
"z polskiej hodowli"), or before an origin form ("児島産", "횡성 들녘에서 자란", "Paris işi", "Moradabad-made"). A
place is no origin where a style or material word makes it one (``OriginDraft._styled``), a design word, a
destination or a seller stands before it ("delivered across Bengaluru", "designed in Copenhagen"), or a negation.

The stated origin is every place the facts or the note name that is no light step (packing, labelling, a warehouse,
transit: "étiquetées à Chicoutimi", "Vosges warehouse only"), no destination and not denied ("no Swiss link",
"无任何意大利工序"). Where none is left the rule says nothing: the statement names no origin. A place of the copy
holds when the statement names it, a place it lies within (a claim of India holds against facts in Jaipur; one of
Jaipur against facts naming India), or the same place; it fails where every stated origin is elsewhere. This is what
EU Reg. 1169/2011 art. 26(2)-(3), 16 CFR 323, 产品质量法 27, 原産国告示 and the 대외무역법 원산지표시 ask of an
origin claim: that it is the product's origin, not a place it is not from.

checks-origin58: a third source is the copy's own **label line or import sentence** outside a bracket ("Country of
origin: Poland", "原産国：中国", "Importado de Países Bajos.", "越南进口"; ``label_lines``). Two places of one country are
told apart by their **ISO 3166-2 subdivisions** (the rule's ``subdivisions``: names, the table's regional entries and
protected names' registered areas; ``OriginTable.codes``). A **heritage** word before a place ("le goût de", "wie in")
makes it an origin for this reader, unless the copy names a place of its own that the statement holds. The reader's
word lists are data (``Production`` in origin_places.yaml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from studio.checks.rules.types.origin.draft import OriginDraft, _unspaced
from studio.checks.rules.types.origin.table import OriginTable, _key, _lower, _word

# The reader's words (production words only it reads, destinations, design and inspiration words, light steps, denials,
# origin forms, note cues, the Korean and Japanese locatives) are data: ``Production`` in origin_places.yaml, compiled
# on ``OriginTable`` (t.stated_verbs, t.not_origin_before, t.inspired, t.not_origin_words, t.light_stated, t.denials,
# t.after_forms, t.cue_forms, t.cjk_locative).
NOTE = re.compile(r"[(（\[［]([^()（）\[\]［］]{3,200})[)）\]］]|※([^\n]{3,200})")


@lru_cache(maxsize=32)
def _territories(language: str | None) -> dict[str, str]:
    """{a country's name (lowercased) in English and the draft's language: its CLDR code}: tells apart two countries
    that one lumped entry of the table holds (``world``: Belgium and Sudan are one entry there). Read only when a
    stated origin is compared, for two languages (the briefs' English and the copy's), not every market's."""
    from babel import Locale, UnknownLocaleError

    out: dict[str, str] = {}
    for lang in dict.fromkeys(("en", language or "en")):
        try:
            names = Locale.parse(lang).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in names.items():
            if code.isalpha() and len(name) > 3:
                out.setdefault(_key(name), code)
    return out


def _before_words(low: str, a: int, n: int = 3) -> list[str]:
    stop = max(low.rfind(ch, 0, a) for ch in ".!?;:。！？\n(（)）※")
    return re.findall(r"[\w'’-]+", low[max(stop + 1, a - 40) : a])[-n:]


INFLECTING = frozenset({"pl", "tr", "cs", "sk", "hu", "fi", "ru", "uk", "hr", "sr", "sl"})


def _clause_start(low: str, a: int) -> bool:
    """Whether the words before ``a`` open the draft or a sentence (no comma or link word among them)."""
    stop = max(low.rfind(ch, 0, a) for ch in ".!?;:。！？\n(（)）※—–|")
    head = low[stop + 1 : a]
    return "," not in head and "،" not in head and len(head) < 30


def _hits(d: OriginDraft, language: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, entry, word) of every place and demonym of the draft that stands as a word (CJK always); in a
    language that inflects its adjectives, a demonym with up to three more letters ("polskiej", "İtalyan'ın")."""
    out = []
    for a, hs in d.places.items():
        for end, entry, word in hs[:1]:
            left = a == 0 or not _word(d.text[a - 1]) or _unspaced(d.text[a])
            # the place as a word, or with an adjective's ending in its language ("Maastrichts", "Limburgse")
            if d._bounded(a, end) or (left and (d.text[end : end + 1] in ("-", "s", "e") or d.low[end : end + 2] in ("se", "er", "sk"))):
                out.append((a, end, entry, word))
    for a, dem in d.demonyms.items():
        # the longest form that stands as a word ("سعودية", not "سعودي" inside it), else the first with an ending
        # (Arabic only: its feminine and plural endings are in no inflection table)
        for end, entry in (sorted(dem, key=lambda h: (not d._bounded(a, h[0]), -h[0])) if language == "ar" else dem)[:1]:
            left = a == 0 or not _word(d.text[a - 1])
            more = end
            while language in INFLECTING and more < d.n and more - end < 4 and _word(d.text[more]):
                more += 1
            if d._bounded(a, end) or (left and more - end <= 3 and d._bounded(a, more) and more > end):
                out.append((a, end, entry, d.low[a:end]))
    # checks-origin58: a subdivision the table has no word for ("Indiana", "Nuevo León", "静岡県"), as a place of its
    # country's entry; the longest name at a start, none inside a place already found
    if d.t.sub_auto is not None:
        found = sorted(((end - n + 1, end + 1, code) for end, (n, code) in d.t.sub_auto.iter(d.low)), key=lambda h: (h[0], -h[1]))
        for a, e, code in found:
            if not d._bounded(a, e):
                continue
            inside = [h for h in out if a <= h[0] and h[1] <= e and (h[1] - h[0]) < e - a]
            if any(h[0] < e and a < h[1] for h in out if h not in inside):
                continue
            out = [h for h in out if h not in inside]
            out.append((a, e, d.t.sub_entry[code[:2]], d.low[a:e]))
    # checks-origin59: a town of the gazetteer written as a place ("prodotte a Sassuolo", "Turrón de Jijona")
    if d.t.towns is not None:
        from studio.checks.rules.types.origin.towns import BEFORE, town_hits

        if d.t.town_before is None:  # once per table
            # a preposition, a link or source word, or a marker ("Authentic Channapatna toys", "Echte Aachener")
            d.t.town_before = frozenset(BEFORE | set(d.t.preps) | {w for w in d.t.links + d.t.sources + d.t.markers if " " not in w})
        before = d.t.town_before
        taken = [(h[0], h[1]) for h in out] + [(a, b) for spans in d.claims.values() for a, b, _ in spans]
        for a, e, entry, word, codes in town_hits(d.text, d.low, taken, before,
                                                   d.t.after_forms, d.t.towns, language):
            if len(codes) > 1 and any(e < h[0] <= e + 3 and not d.low[e : h[0]].strip(" ,") for h in out):
                continue  # a name several subdivisions share, settled by the place written after it ("Lawrenceburg, Indiana")
            d.t.town_code[word] = d.t.town_code.get(word, frozenset()) | codes
            out.append((a, e, entry, word))
        # checks-origin60: the towns in their own scripts ("景德镇", "京都", "부산", "เชียงใหม่", "वाराणसी", "جدة")
        from studio.checks.rules.types.origin.towns import native_hits

        taken = [(h[0], h[1]) for h in out] + [(a, b) for spans in d.claims.values() for a, b, _ in spans]
        for a, e, entry, word, codes in native_hits(d.low, taken, d.t.towns):
            d.t.town_code[word] = d.t.town_code.get(word, frozenset()) | codes
            out.append((a, e, entry, word))
    return out


def _denied(t: OriginTable, low: str, a: int) -> bool:
    before = low[max(0, a - 25) : a]
    if re.search(r"\w\s+no\s+$", before) and not re.search(r"\b(?:is|are|has|with|and|or)\s+no\s+$", before):
        before = before[: before.rfind("no")]  # Portuguese "no" ("fabricado no Uruguai") is "in the", no denial
    for neg in t.denials:
        tail = before[-(len(neg) + 14):]
        i = tail.find(neg)
        while i >= 0:
            # a Latin-script denial starts a word ("nie ", not the end of "ręcznie ")
            if i == 0 or not _word(neg[0]) or _unspaced(neg[0]) or not _word(tail[i - 1]):
                return True
            i = tail.find(neg, i + 1)
    return False


def stated_places(t: OriginTable, text: str, language: str | None, light: set[str] | None = None) -> list[tuple[str, str]]:
    """(entry, word) of each place a statement gives as an origin: not a light step, a destination or denied. The
    words of the places it names only as a light step go into ``light`` where one is given."""
    d = OriginDraft(t, text, language)
    low = d.low
    out = []
    for a, b, entry, word in _hits(d, language):
        if _denied(t, low, a):
            continue
        around = low[max(0, a - 30) : min(len(low), b + 16)]
        clause_before = low[max(low.rfind(",", 0, a), low.rfind(";", 0, a), low.rfind("、", 0, a), low.rfind("，", 0, a)) + 1 : a]
        clause_after = re.split(r"[,;、，。.]", low[b : b + 24], maxsplit=1)[0]
        # a light step before the place in its clause ("étiquetées à Chicoutimi"), or after it where nothing before
        # makes the place a source or a production's ("Ankara'da sadece paketleme", "国内でカット・パック")
        linked = any(w in t.links or w in t.sources or w in t.preps for w in re.findall(r"[\w'’-]+", clause_before)[-2:])
        # a making word beside the light one ("packed and produced in Wisconsin") keeps the place an origin
        making = any((w.startswith(t.stated_verbs) or any(w.startswith(v) for v in t.verbs if v not in t.light))
                     and not any(x in w for x in t.light_stated) for w in re.findall(r"[\w'’-]+", clause_before)[-4:])
        if (any(w in clause_before for w in t.light_stated) and not making) or (not linked and any(w in clause_after for w in t.light_stated)):
            if light is not None:
                light.add(word)
            continue
        words = _before_words(low, a, 2)
        if any(w.startswith(t.not_origin_before) or w in t.not_origin_words for w in words) and "made" not in around:
            continue
        out.append((entry, word))
    return out


_STATED_CACHE: dict[tuple[int, str, str | None], tuple[list[tuple[str, str]], set[str]]] = {}


def _stated_cached(t: OriginTable, text: str, language: str | None) -> tuple[list[tuple[str, str]], set[str]]:
    """``stated_places`` once per statement: one brief's facts come with every draft of its campaign."""
    key = (id(t), text, language)
    hit = _STATED_CACHE.get(key)
    if hit is None:
        if len(_STATED_CACHE) > 4096:
            _STATED_CACHE.clear()
        light: set[str] = set()
        hit = _STATED_CACHE[key] = (stated_places(t, text, language, light), light)
    return hit


def _heritage(t: OriginTable, low: str, a: int) -> bool:
    """checks-origin58: a heritage word right before the place ("le goût de la Provence", "comme à Montélimar")."""
    before = low[max(0, a - 32) : a].rstrip()
    for art in ("the ", "la ", "le ", "l'", "l’", "il ", "el ", "der ", "den ", "dem ", "de ", "a ", "à "):
        if before.endswith(art.strip()) and len(before) > len(art.strip()) and not _word(before[-len(art.strip()) - 1]):
            before = before[: -len(art.strip())].rstrip()
            break
    for h in t.heritage:
        if before.endswith(h) and (len(before) == len(h) or not _word(before[-len(h) - 1]) or _unspaced(h[0])):
            return True
    return False


def _origin_role(d: OriginDraft, a: int, b: int) -> bool:
    """Whether the copy gives the place at a:b as where the product comes from (see the module docstring)."""
    t, low, text = d.t, d.low, d.text
    if d._styled(a, b) or _denied(t, low, a):
        return False
    if t.heritage and _heritage(t, low, a):
        return True
    words = _before_words(low, a, 4)
    if words and any(w.startswith(t.not_origin_before) or w in t.not_origin_words for w in words[-2:]):
        return False
    if any(w.startswith(t.inspired) for w in words):
        return False
    after = low[b : b + 12]
    if low[a:b].endswith(t.suffixes) and _unspaced(low[b - 1]):
        return True  # the place written with its origin suffix ("北海道産ほたて")
    if after.startswith(t.after_forms) or (text[b : b + 1] in "・·" and any(s in after[:6] for s in ("産", "产", "산"))):
        return True
    if t.cjk_locative is not None and t.cjk_locative.match(low[b : b + 24]):
        return True
    if words and (words[-1] in t.links or words[-1] in t.sources or words[-1] in ("of", "de", "do", "da", "dos", "das")):
        return True
    if words and words[-1] in t.preps and any(
        any(w.startswith(v) for v in t.verbs if v not in t.light) or w.startswith(t.stated_verbs) for w in words[:-1]
    ):
        return True
    # Hindi: the place, then the genitive postposition and the thing ("उज्जैन की अगरबत्ती")
    return bool(re.match(r"\s(?:की|का|के)\s", text[b : b + 5]))


_HEAD_NEXT = re.compile(r"(?:の|\s)?[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _name_head(d: OriginDraft, a: int, b: int) -> bool:
    """checks-origin60: a place in Han, kana or Hangul that opens the copy's first line (or follows its marker: "正宗",
    "본고장") with the product's name right after it ("景德镇手绘青花瓷", "이천 도자기", "京都の西陣織"): Chinese, Japanese
    and Korean name a thing's origin by putting the place before it; not where a shop, destination or dispatch word
    follows (``name_head_not``) or the place is styled or denied."""
    low = d.low
    if not (_unspaced(low[a]) or "\uac00" <= low[a] <= "\ud7af") or not _HEAD_NEXT.match(low, b):
        return False
    if low[:a].strip(" \t\"'「『【《") and not d._marked_before(a):
        return False
    rest = low[b : b + 8].lstrip(" の")
    if rest.startswith(d.t.name_head_not) or any(w in low[b : b + 6] for w in d.t.name_head_not if len(w) > 1):
        return False
    return not d._styled(a, b) and not _denied(d.t, low, a)


def copy_places(t: OriginTable, text: str, language: str | None, skip: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """(start, end, entry, word) of the places the copy gives as the product's origin, outside the ``skip`` spans."""
    d = OriginDraft(t, text, language)
    spans = {(a, b) for spans in list(d.claims.values()) + list(d.marked.values()) for a, b, _ in spans}
    out = []
    demonym_starts = set(d.demonyms)
    for a, b, entry, word in _hits(d, language):
        if any(s <= a < e for s, e in skip):
            continue
        in_claim = any(s <= a and b <= e for s, e in spans)
        # a demonym beside a produce word ("لحم بلدي سعودي", "Cartapesta leccese"): the thing's origin
        by_produce = a in demonym_starts and not d._styled(a, b) and (
            (bool(d.t.produce) and d._produce_next(a, b))
            # or the adjective of the copy's head noun, as Romance and Arabic put it after the noun ("Cartapesta
            # leccese", "لحم بلدي سعودي"): at most two words from the start of its sentence
            or len(_before_words(d.low, a, 3)) in (1, 2) and _clause_start(d.low, a))
        # a marker before a place in its adjective's form ("Echt Maastrichts", "Echte Limburgse"), which the table's
        # marked reading takes only as a whole word
        marked = bool(d.t.markers) and not d._bounded(a, b) and not d._styled(a, b) and d._marked_before(a)
        # checks-origin59: a town of the gazetteer right after a marker ("Authentic Channapatna toys")
        if not marked and word in d.t.town_code and not d._styled(a, b):
            last = _before_words(d.low, a, 1)
            marked = bool(last) and last[-1] in d.t.markers
        if (in_claim and not d._styled(a, b)) or by_produce or marked or _origin_role(d, a, b) or _name_head(d, a, b):
            out.append((a, b, entry, word))
    # a claim whose span names no table place by itself (a protected name: "Devgad-Ratnagiri Alphonso")
    for entry, claims in d.claims.items():
        for a, b, _ in claims:
            if (entry, a) in d.protected and not any(s <= a < e for s, e in skip):
                out.append((a, b, entry, d.low[a:b]))
    return out


def compatible(t: OriginTable, claimed: tuple[str, str], stated: tuple[str, str], language: str | None = None) -> bool:
    """Whether a claimed place (entry, word) agrees with a stated one: the same place, or one within the other (a
    stated country holds for its towns; a stated town not for another town of its region)."""
    (ce, cw), (se, sw) = claimed, stated
    s1, s2 = t.codes(ce, cw), t.codes(se, sw)
    if s1 and s2 and {c[:2] for c in s1} == {c[:2] for c in s2}:  # places of one country's subdivisions (ISO 3166-2)
        return bool(s1 & s2)
    codes = _territories(language)
    if ce == se:
        c1, c2 = codes.get(cw), codes.get(sw)
        return not (c1 and c2 and c1 != c2)
    if ce in t.lineage.get(se, {se}):  # the stated place lies within the claimed one ("Made in India" / "Jaipur")
        return True
    if se in t.lineage.get(ce, {ce}):  # the claim is narrower: it holds against a stated country or region name only
        # a stated country, a top-level entry, or the region by its own name ("Karnataka", "Quebec") holds for its
        # towns; a stated town ("Bắc Giang", "Chicoutimi") does not hold for a claim of another part of the region
        return sw in codes or len(t.lineage.get(se, ())) == 1 or se.replace("_", " ").startswith(sw[:4])
    return False


def notes(text: str) -> list[tuple[int, int]]:
    """Spans of the notes that state an origin: a bracket or ※ small print."""
    return [(m.start(), m.end()) for m in NOTE.finditer(text)]


def note_states(t: OriginTable, note: str) -> bool:
    """Whether a note states the product's origin: an origin or pack label, a production word, a made-in form."""
    low = _lower(note)
    if any(lab in low for lab in t.labels) or any(lab in low for lab in t.note_labels):
        return True
    if any(f in low for f in t.cue_forms):
        return True
    return any(w.startswith(tuple(v for v in t.verbs if v not in t.light)) or w.startswith(t.stated_verbs)
               for w in re.findall(r"[\w'’-]+", low))


_CLAUSE_END = ".!?;。！？；\n|।॥؟"
_THAI = range(0x0E00, 0x0E80)


def _clause(text: str, a: int, b: int, commas: bool = True) -> tuple[int, int]:
    """The clause around text[a:b]: from the last sentence (or, with ``commas``, comma) break before it to the next
    one after it. A dot between two letters or after one capital ("É.-U.", "S.L.") breaks nothing."""
    ends = _CLAUSE_END + (",，、،" if commas else "")

    def brk(i: int) -> bool:
        ch = text[i]
        if ch == " " and ((i > 0 and ord(text[i - 1]) in _THAI) or (i + 1 < len(text) and ord(text[i + 1]) in _THAI)):
            return True  # Thai writes a space between clauses, none between words
        if ch not in ends:
            return False
        if ch == "." and 0 < i < len(text) - 1 and (text[i + 1].isalnum() or (text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha()))):
            return False
        return True

    s = a
    while s > 0 and not brk(s - 1):
        s -= 1
    e = b
    while e < len(text) and not brk(e):
        e += 1
    return s, e


def label_lines(t: OriginTable, text: str) -> list[tuple[int, int]]:
    """checks-origin58: spans of the origin statements the copy makes outside a bracket: an origin label and a colon
    ("Country of origin: Poland", "原産国：中国", "بلد المنشأ: مصر", "Kraj pochodzenia: Mołdawia") to the end of its
    sentence, and the clause of an import word ("Importado de Países Bajos", "越南进口", "Fransa'dan ithal"): what the
    pack's mandatory origin indication says (Reg. (EU) 1169/2011 art. 26, 16 CFR 323, 原産国告示, 원산지표시법)."""
    low = _lower(text)
    out = []
    if t.label_line is not None:
        for m in t.label_line.finditer(low):
            a = m.start()
            if a and _word(low[a - 1]) and not _unspaced(low[a]) and not _unspaced(low[a - 1]):
                continue  # inside a word ("reorigin")
            out.append((a, _clause(text, m.end(), m.end(), commas=False)[1]))
    for a, e in t.import_words.find(low):
        if a and _word(low[a - 1]) and not (_unspaced(low[a]) or _unspaced(low[a - 1])):
            continue  # inside a word
        nxt = re.match(r"[\w'’-]*\s*([\w'’-]+|.)", low[e : e + 24])
        if nxt and (nxt.group(1) in t.importer_after or low[e : e + 1] in t.importer_after):
            continue  # an importer ("Importado por …", "进口商", "수입원"), not where the goods are from
        s, f = _clause(text, a, e)
        # a sentence of its own ("… Importado de Países Bajos."), not a phrase after a comma that says where the thing
        # before it comes from ("Italian leather, imported from Florence")
        if _clause(text, a, e, commas=False)[0] != s and not text[: s].rstrip().endswith(tuple(_CLAUSE_END)):
            continue
        if _import_bare(t, low, s, f, a, e):
            out.append((s, f))
    return out


def _import_bare(t: OriginTable, low: str, s: int, f: int, a: int, e: int) -> bool:
    """Whether an import clause states the goods' origin: nothing but the import word and places in it ("Importado
    de los Países Bajos.", "越南进口", "Imported from New Zealand"). With a thing named in it, it states where a part
    or an ingredient comes from ("Pfeffer importiert aus Vietnam", "咖啡豆从埃塞俄比亚进口", "日本原装进口振膜"),
    which the qualified claim of r56-origin allows."""
    rest = list(low[s:f])
    rest[a - s : e - s] = " " * (e - a)
    for end, (n, _) in t.auto.iter(low[s:f]):
        rest[end - n + 1 : end + 1] = " " * n
    left = "".join(rest)
    if any(len(w) > 3 for w in re.findall(r"[^\W\d_]+", left) if not _unspaced(w[0])):
        return False
    return sum(_unspaced(ch) and ch.isalpha() for ch in left) <= 1


def against(t: OriginTable, text: str, language: str | None, facts: list[str] | None) -> list[tuple[int, int, str]]:
    """(start, end, what) for each place of the copy given as its origin that the stated origin places elsewhere."""
    out: list[tuple[int, int, str]] = []
    statements: list[tuple[str, list[tuple[int, int]]]] = []
    if facts:
        statements.append((" ; ".join(facts), []))
    for s, e in notes(text):
        if note_states(t, text[s:e]):
            statements.append((text[s:e], [(s, e)]))
    for s, e in label_lines(t, text):
        if not any(x <= s < y for _, sks in statements for x, y in sks):
            statements.append((text[s:e], [(s, e)]))
    for stated_text, skip in statements:
        stated, light = _stated_cached(t, stated_text, language)
        if not stated:
            continue
        folded = _lower(stated_text)
        sub_codes = {c for e, w in stated for c in t.codes(e, w)}
        places = copy_places(t, text, language, [sp for _, sks in statements for sp in sks] if not skip else skip)
        low = _lower(text)
        held = False  # a place of the copy the statement holds: the copy says where the goods are from
        failed: list[tuple[int, int]] = []
        for a, b, entry, word in places:
            # the statement names the place itself (in a form the table may not resolve), unless only as a light step
            # ("made in China; finished in Vermont" does not ground "Handcrafted in Vermont")
            if word in folded and word not in light:
                held = True
                continue
            # checks-origin58: a claimed subdivision against the subdivisions the statement names in its country: the
            # statement's towns lie in those ("destilado en Tequila, Jalisco" does not ground "Mezcal de Oaxaca")
            code = t.codes(entry, word)
            same = {c for c in sub_codes if c[:2] in {x[:2] for x in code}}
            if not (same and not code & same) and any(compatible(t, (entry, word), s, language) for s in stated):
                held = True
                continue
            failed.append((a, b))
        for a, b in failed:
            if held and _heritage(t, low, a):
                continue  # "baked in Montreal, just like in Paris": a likeness beside the true origin
            if not any(x <= a < y or a <= x < b for x, y, _ in out):  # one finding for one place
                out.append((a, b, f"{text[a:b]!r}: the stated origin is {', '.join(sorted({w for _, w in stated}))}"))
    return out


__all__ = ["against", "_word"]
