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

from functools import lru_cache

from studio.checks.rules.types.origin.places import _heritage, copy_places
from studio.checks.rules.types.origin.statement import _stated_cached, label_lines, note_states, notes
from studio.checks.rules.types.origin.table import OriginTable, _key, _lower

# checks-origin60: the copy's side is places.py, the statement's statement.py; this module compares them

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



__all__ = ["against", "compatible", "copy_places", "label_lines", "note_states", "notes"]
