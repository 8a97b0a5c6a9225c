"""checks-origin60 (split from stated.py): what the copy names as a place and in which role, for the stated-origin
reader: the places, demonyms, subdivisions and towns of a draft (``_hits``), a denial or a heritage word before one,
and whether the copy gives it as the product's origin (``_origin_role``, ``_name_head``, ``copy_places``)."""

from __future__ import annotations

import re

from studio.checks.rules.types.origin.draft import OriginDraft, _unspaced
from studio.checks.rules.types.origin.table import OriginTable, _word

# The reader's words (production words only it reads, destinations, design and inspiration words, light steps, denials,
# origin forms, note cues, the Korean and Japanese locatives) are data: ``Production`` in origin_places.yaml, compiled
# on ``OriginTable`` (t.stated_verbs, t.not_origin_before, t.inspired, t.not_origin_words, t.light_stated, t.denials,
# t.after_forms, t.cue_forms, t.cjk_locative).


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
