"""checks-origin60 (split from stated.py): what a statement of origin reads: the brief's facts, a note (a bracket or
※ small print) that states the pack's origin, or a label line or import sentence of the copy, and the places it
gives as the origin (``stated_places``: no light step, destination or denial)."""

from __future__ import annotations

import re

from studio.checks.rules.types.origin.draft import OriginDraft, _unspaced
from studio.checks.rules.types.origin.places import _before_words, _denied, _hits
from studio.checks.rules.types.origin.table import OriginTable, _lower, _word

NOTE = re.compile(r"[(（\[［]([^()（）\[\]［］]{3,200})[)）\]］]|※([^\n]{3,200})")


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
