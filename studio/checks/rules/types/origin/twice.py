"""checks-origin61: **one thing, two origins** (``origin_elsewhere`` with ``twice: true``).

The other readers of the type read a claim against a production phrase, a label, a note or the brief's facts. Strangers
also write the contradiction as the same thing named twice with two origins, the second time in passing:

- "نكهة زعفران إيراني أصلي (زعفران إسباني)": saffron claimed as genuinely Iranian, then stated as Spanish;
- "Kem sữa Mộc Châu chính gốc (sữa bột nhập khẩu pha lại)": milk claimed as genuine Mộc Châu, then stated as imported
  powder;
- "100% … willow … (blade: Kashmir willow)": the same noun under two places.

What is read, from what the copy states and nothing else:
1. the **mentions of an origin**: a place or demonym of the table (``_hits``), or, in Arabic, a relative adjective
   (nisba) of a place of the table ("إيراني" of إيران, "إسباني" of إسبانيا, "سعودي" of السعودية: the regular nisba,
   the place's name with its final alif or article and feminine ending taken off, plus ي: إسبانيا, إسباني; W. Wright, *A Grammar of
   the Arabic Language* I §249), each with **the thing it qualifies**: the two words before it where the language puts a
   modifier after its noun, the word after it where before (WALS 87A), a link or source word between skipped ("sữa Mộc Châu", "زعفران إيراني", "Kashmir willow");
2. the **import mentions**: an import word of the table (``import_words``: "nhập khẩu", "importiert", "imported",
   "مستورد") with the two words before it and the word after it as its thing, unless an importer follows;
3. a mention **claimed** as the origin: a marker of the table right before or after it ("chính gốc", "أصلي", "echt",
   "authentic"), or "100 %" just before it.

A claimed mention and another mention of **the same thing** (a word both qualify) contradict each other where their
places do not agree (``stated.compatible`` both ways: the same place, or one within the other, agrees), or where the
other is an import word and the claimed place lies in the market's own country (imported is from elsewhere). This is
what the origin rules ask of a claim (UCPD 2005/29/EC art. 6(1)(b); EU Reg. 1169/2011 art. 26(3): the origin of the
primary ingredient, where it differs from the origin given for the food; Luật Quảng cáo 2012 art. 8(9); Saudi
Anti-Commercial Fraud Law art. 2): that the thing claimed from a place is from it. A denial before the other mention
("لا زعفران إسباني") keeps it out. Nothing runs at import; the reader runs per draft only where the rule sets ``twice``.
"""

from __future__ import annotations

import re

from studio.checks.rules.types.origin.draft import EXCLUSIVE, OriginDraft, _unspaced
from studio.checks.rules.types.origin.places import _denied, _hits
from studio.checks.rules.types.origin.stated import compatible
from studio.checks.rules.types.origin.table import OriginTable, _key

IMPORT = "<import>"
# languages whose adjectives and place modifiers follow the noun (WALS 87A "Order of Adjective and Noun": Noun-Adjective)
NOUN_FIRST = frozenset({"ar", "vi", "id", "ms", "th", "fr", "es", "it", "pt", "ro", "he", "fa", "ca"})  # the entry of an import mention: from another country than the market's
_WORD = re.compile(r"[^\W_][\w'’-]*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u064b-\u0652]+")
_HARAKAT = dict.fromkeys(range(0x064B, 0x0653))
_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب")
_ARABIC_ENDINGS = ("يين", "يون", "ية", "يه", "ي")


def _stop(t: OriginTable) -> frozenset[str]:
    """Words that are no thing: markers, links, sources, prepositions, determiners."""
    words = {w for group in (t.markers, t.links, t.sources, t.preps, t.determiners) for w in group}
    return frozenset(words | {"và", "and", "und", "et", "e", "y", "ve", "dan", "i", "من", "في", "و"})


def nisba_hits(t: OriginTable, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, entry, place) of each Arabic relative adjective of a place of the table ("إيراني": إيران)."""
    out = []
    for m in _ARABIC_WORD.finditer(text):
        word = m.group().translate(_HARAKAT)
        for pre in ("",) + _ARABIC_PREFIXES:
            if not word.startswith(pre) or len(word) - len(pre) < 4:
                continue
            body = word[len(pre):]
            end = next((e for e in _ARABIC_ENDINGS if body.endswith(e)), None)
            if end is None:
                continue
            stem = body[: -len(end)]
            for cand in (stem, stem + "ا", stem + "يا", "ال" + stem, "ال" + stem + "ية", stem + "ة"):
                hit = t.auto.get(_key(cand), None)
                if hit is None or hit[0] != len(_key(cand)):
                    continue
                entry = next((c for kind, c, _ in hit[1] if kind == "place"), None)
                if entry is not None:
                    out.append((m.start(), m.end(), entry, _key(cand)))
                    break
            else:
                continue
            break
    return out


def _words_around(d: OriginDraft, a: int, b: int, stop: frozenset[str], before: int = 1, after: int = 1) -> set[str]:
    """The content words right before ``a`` and right after ``b`` on the clause (a stop word skipped, once)."""
    out: set[str] = set()
    head = re.split(r"[.!?;:()（）※\n|–—]", d.low[max(0, a - 60) : a])[-1]
    tail = re.split(r"[.!?;:()（）※\n|–—,،]", d.low[b : b + 60])[0]
    for words, n in ((list(reversed(_WORD.findall(head))), before), (_WORD.findall(tail), after)):
        taken = skipped = 0
        for w in words:
            if taken >= n:
                break
            if w in stop or w.isdigit() or len(w) < 2:
                if skipped:
                    break
                skipped += 1
                continue
            out.add(w)
            taken += 1
    return out


def _claimed(d: OriginDraft, a: int, b: int) -> bool:
    """A marker right before or after the mention, or "100 %" just before it."""
    return d._marked_before(a) or d._marked_after(b) or bool(EXCLUSIVE.search(d.low[max(0, a - 8) : a]))


def contradictions(t: OriginTable, d: OriginDraft, language: str | None, locale: str) -> list[tuple[int, int, str]]:
    """(start, end, what) for each claimed mention that another mention of the same thing places elsewhere."""
    if any(_unspaced(ch) for ch in d.text if ch.isalpha()):
        return []  # CJK and Thai name their things without spaces: no word around a place to read
    stop = _stop(t)
    mentions = [(a, b, e, w) for a, b, e, w in _hits(d, language) if not _denied(t, d.low, a)]
    if language == "ar":
        taken = [(a, b) for a, b, _, _ in mentions]
        mentions += [h for h in nisba_hits(t, d.text) if not any(x < h[1] and h[0] < y for x, y in taken)]
    claimed = [(a, b, e, w) for a, b, e, w in mentions if _claimed(d, a, b)]
    if not claimed:
        return []
    # the thing a place qualifies: before it where the language puts its modifiers after the noun ("زعفران إيراني",
    # "sữa Mộc Châu", "maiale olandese"), after it where before ("Kashmir willow", "Büsumer Krabben")
    after_noun = (language or "") in NOUN_FIRST
    things = {(a, b): _words_around(d, a, b, stop, before=2 if after_noun else 0, after=0 if after_noun else 1)
              for a, b, _, _ in mentions}
    others: list[tuple[int, int, str, str, set[str]]] = [(a, b, e, w, things[(a, b)]) for a, b, e, w in mentions]
    for a, e in t.import_words.find(d.low):
        nxt = re.match(r"[\w'’-]*\s*([\w'’-]+)?", d.low[e : e + 24])
        if nxt and nxt.group(1) in t.importer_after:
            continue  # an importer, not where the goods are from
        others.append((a, e, IMPORT, d.low[a:e], _words_around(d, a, e, stop, before=2)))
    home = (t.towns or {}).get(locale[-2:].upper())
    out: list[tuple[int, int, str]] = []
    for a, b, entry, word in claimed:
        mine = things[(a, b)]
        if not mine:
            continue
        for x, y, other, oword, theirs in others:
            if (x, y) == (a, b) or not mine & theirs:
                continue
            if other == IMPORT:
                if home is None or home not in t.lineage.get(entry, {entry}):
                    continue
            elif compatible(t, (entry, word), (other, oword), language) or compatible(t, (other, oword), (entry, word), language):
                continue
            thing = sorted(mine & theirs)[0]
            s, f = min(a, x), max(b, y)
            if not any(p <= s < q or s <= p < f for p, q, _ in out):
                said = "imported" if other == IMPORT else repr(d.text[x:y])
                out.append((s, f, f"{thing!r} claimed from {d.text[a:b]!r} and stated as {said} in the same copy"))
            break
    return out


_BREAK = re.compile(r"[,.;!?()（）\n|–—:]")


def whole_imports(t: OriginTable, d: OriginDraft, language: str | None) -> list[tuple[int, int, str]]:
    """(start, end, what) for each import of the whole goods from a place ("Rèm nhập khẩu nguyên chiếc từ Nhật") that
    a making step in another place of the same copy contradicts ("may tại xưởng chúng tôi ở Huế"): goods imported as
    a finished unit were not made where the copy says it makes them (the import claims the whole product's origin, as
    "100 %" does; UCPD art. 6(1)(b), Luật Quảng cáo 2012 art. 8(9), Nghị định 111/2021 art. 15)."""
    if not t.whole_import or any(_unspaced(ch) for ch in d.text if ch.isalpha()):
        return []
    low, n = d.low, d.n
    mentions = [(a, b, e, w) for a, b, e, w in _hits(d, language) if not _denied(t, low, a)]
    making = tuple(sorted({*(v for v in t.verbs if v not in t.light), *t.stated_verbs}, key=len, reverse=True))
    out: list[tuple[int, int, str]] = []
    for a, e in t.import_words.find(low):
        if a and low[a - 1].isalnum():
            continue
        if not any(w in low[max(0, a - 16) : e + 24] for w in t.whole_import):
            continue
        brk = _BREAK.search(low, e)
        clause_end = brk.start() if brk else n
        src = next((m for m in mentions if e <= m[0] < min(e + 40, clause_end)), None)
        if src is None:
            continue
        for p in range(clause_end, n):
            if p and low[p - 1].isalnum():
                continue
            verb = next((v for v in making if low.startswith(v, p)), None)
            if verb is None:
                continue
            brk = _BREAK.search(low, p + len(verb))
            stop = brk.start() if brk else n
            place = next((m for m in mentions if p + len(verb) <= m[0] < min(stop, p + len(verb) + 40)), None)
            if place is None or place[2] == src[2]:
                continue
            if compatible(t, (src[2], src[3]), (place[2], place[3]), language) or \
                    compatible(t, (place[2], place[3]), (src[2], src[3]), language):
                continue
            out.append((a, place[1], f"imported whole from {d.text[src[0]:src[1]]!r}, yet made in {d.text[place[0]:place[1]]!r}"))
            break
    return out


__all__ = ["IMPORT", "contradictions", "nisba_hits", "whole_imports"]
