"""The semantic layer: concepts learnt from exemplar banks, decided by nearest neighbours.

A bank (``cultural_rules/concepts/<category>.yaml``) holds, per concept, positives (ways copywriters
say the violation, in many languages) and hard negatives (same topic or words, not a violation).
Every exemplar of every concept forms one labelled index per encoder: a positive is labelled with its
concept, a hard negative or background line with "none". A draft is cut into units (sentences, and a
short draft whole). With ``CALIBRATION = "category"`` each category decides on its own: a unit's K
nearest among that category's positives and the shared "none" lines vote, weighted by
``exp(similarity / T)``; the category fires when its share reaches ``vote``, its nearest positive is at
least ``floor`` similar and, where calibrated, beats the nearest "none" line by ``margin``. T and the
cut-offs are calibrated per category and encoder by leave-one-out over that bank against every "none"
line, so no evaluation copy tunes them and writing one bank moves no other bank's decisions. A finding
names the concept and the nearest exemplars that fired, so a reviewer sees why.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from studio.checks.asset import CheckInput
from studio.checks.embed import Embedder, backend_for, default_embedder, save_arrays
from studio.checks.finding import Finding
from studio.core.errors import RuleError
from studio.core.yamlfile import load_yaml_file, validation_error

CONCEPTS_DIR = "concepts"  # under the rules directory; not a rule pack
K = 7
# Similarities sit in an encoder's own band (USE spreads 0.1-0.9, e5 crowds 0.75-0.95), so the vote's
# temperature is calibrated per encoder along with the cut-offs.
TEMPERATURES = (0.01, 0.02, 0.05)
VOTE_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
# How much closer the nearest positive must be than the nearest hard negative or background line
# ("none" exemplar): a near-miss written next to a clean twin is decided by the twin. -1 = no test.
MARGIN_GRID = (-1.0, -0.03, -0.01, 0.0, 0.01, 0.03)
CACHE_FORMAT = 10
# Centring: e5's vectors share a large common component (every exemplar sits at 0.87-0.99 cosine to
# every other) and each language adds its own, so a line's language decides its neighbours as much as
# its meaning (left one language out, vi, id, ms recall more than with their own exemplars in).
# Subtracting the mean vector of the line's language (over the banks' exemplars and background in that
# language) before the cosine leaves what the line says. Exemplars are centred on their own language's
# mean, a draft's sentence on the mean it lies closest to (its words need not be in its market's
# language); a language with fewer than CENTRE_MIN lines is centred on the mean of all.
# Measured on the blind dev half (bench/corpus_eval.py): e5 "lang" takes recall 85.5% -> 87.6%
# (id .73->.85, ms .71->.89, vi .73->.88, hi .82->.86), the e5 languages' semantic recall in-bank
# 42% -> 69% and held out 45% -> 55%, but false warn 10.4% -> 11.2% (+3 clean items) and two bank
# examples stopped firing: dietary.beef 'स्पेशल बीफ़ स्टेक...' (settled by two more hi positives) and
# dietary.pork 'Babi panggang madu dan sate babi...', which loses to its hard-negative twin 'Ayam bakar madu
# dan sate kambing...' and is caught by the id-ID pack's term instead (a known limit, noted in the bank).
# Re-measured with the second set of banks (dev): 86.8/0.0/9.9 -> 88.3/0.0/11.0 recall/false block/false
# warn. On because left-one-language-out and the e5 markets say it generalises; USE is better uncentred
# (per language: recall -1.6 points).
CENTRE = {"use": "none", "e5": "lang"}  # per encoder: "lang", "all" (one mean) or "none"
CENTRE_MIN = 30
CENTRE_BY = "nearest"
# With "none", the means are taken over the shared "none" lines only (hard negatives and background;
# every bank language has 44-279), so a bank's new positives do not shift every category's e5 space
# (with "category" calibration no bank then moves another at all). Blind dev
# (category calibration): over all exemplars 88.3/0.0/11.5 recall/false block/false warn, leave one
# language out held-out recall 62.9% (false warn 8.6%); over "none" lines 88.6/0.0/12.0 and 63.5% (9.1%).
CENTRE_ON = "all"  # "all": every exemplar of the language; "none": its hard negatives and background
FALSE_RATE_CAP = 0.03  # calibration: above this share of exemplars fired on wrongly, each false firing costs more
CATEGORY_FALSE_COST = 1.0  # a wrong firing weighs this many caught positives when a category's floor is set
# How the cut-offs are set. "category": each category decides on its own - its vote is taken among the
# K nearest of its own positives and the shared "none" exemplars (every hard negative, the background),
# and its temperature, vote, floor and margin come from its own bank's leave-one-out against all those
# "none" lines - so writing one bank cannot move another's decisions. "global": one vote among all
# exemplars and one set of cut-offs calibrated over all banks together (then a floor per category).
# "category" is not the default yet: with it 14 bank examples stop passing (dietary beef/pork twins,
# alcohol promotion in tr/ja, taboo_number 13th floor, ...: their banks' own leave-one-out sets strict
# cut-offs where positives sit beside hard-negative twins); those banks need more positives first.
CALIBRATION = "global"
# Measured on the blind dev half (bench/corpus_eval.py, recall / false block / false warn) and left one
# language out (--lolo, semantic layer alone: held-out recall, false warn): "global" 88.3/0.0/11.0,
# 63.1% (9.4%); "category" with OWN_FALSE_COST 1: 91.4/0.0/16.0; 2: 89.9/0.0/13.1; 3: 88.3/0.0/11.5,
# 62.9% (8.6%); 4: 85.8/0.0/10.7 (origin_claim .76 -> .28). Tried and dropped: the margin taken
# against the category's own hard negatives only (no change: the vote already reads the twins, and
# the calibrated margin is off in 20 of 21 categories); other categories' positives voting against
# (cost 2: 88.9/0.0/11.2, 63.8% but held-out false warn 11.0%, and banks move each other again).
OWN_FALSE_COST = 3.0  # per-category calibration: a "none" line fired on weighs this many caught positives
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
# A sentence ends at . ! ? ; or a line break, but not at the point of a number (29.99, Rp15.000).
_SENTENCE = re.compile(r"(?:[^.!?。！？\n;]|\.(?=\d))+[.!?。！？\n;]*")
# Script and prompt labels ("SCÈNE 2 :", "VO:", "Image prompt:", "画像プロンプト：") say how the copy is laid
# out, not what it says; embedded, they pull a script toward other scripts rather than toward the
# exemplars of what it shows. They are left out of the text that is embedded (spans stay the draft's).
_LABEL = re.compile(
    r"(?i)(?:^|(?<=[.。!?！？»”\"'\n]\s)|(?<=[.。!?！？\n]))(?:"
    r"(?:scene|scène|szene|escena|scena|cena|scène|sahne|adegan|cảnh|ฉาก|场景|シーン|장면|مشهد|दृश्य)\s*\d*"
    r"|vo|v\.o\.|voice[- ]?over|voix(?: off| hors champ)?|sprecher|locução|locutor|narrador|voz en off"
    r"|voce(?: fuori campo)?|end card|super|texto?|testo|tekst|caption|visuel|visual|lời thoại|ナレーション"
    r"|image prompt|prompt de imagen|prompt de imagem|prompt d'image|bildprompt|prompt immagine|prompt obrazu"
    r"|görsel|prompt gambar|prompt hình ảnh|พรอมต์ภาพ|画像プロンプト|이미지 프롬프트|图片提示词|图像提示词"
    r")\s*[:：]")
MAX_SENTENCE = 300
MAX_WHOLE = 600  # a draft up to this long is also judged as a whole
# A concept must transfer across languages, so its positives are written in at least this many.
MIN_LANGUAGES = 8
# Encoders whose concept decisions may block. A block stops a reviewer, so it rests on an encoder whose
# decisions carry over to copy written apart from the banks: left one language out, e5's languages keep a
# third to two fifths of their recall (vi 33%, hi 38%, ms 42%, bench/corpus_eval.py --lolo), and the
# bank's own leave-one-out cannot tell its right firings from its wrong ones by similarity or
# margin (~12% wrong at every cut-off). In those markets a concept finding is a warning; the market
# packs' lexical rules (cited terms) still block.
BLOCKING_ENCODERS = frozenset({"use"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first validation


class Exemplar(_Strict):
    lang: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language of the line")
    text: str = Field(min_length=2, max_length=400)


class ConceptExamples(_Strict):
    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(min_length=1)


class Concept(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=3)
    message: str = Field(min_length=10)
    suggestion: str | None = None
    source: str = Field(min_length=3)
    applies_in: Literal["all"] | list[str] = "all"
    block_in: list[str] = Field(default_factory=list)
    audience: Literal["children", "any"] | None = None
    positives: list[Exemplar] = Field(min_length=8)
    negatives: list[Exemplar] = Field(min_length=4)
    examples: ConceptExamples

    @field_validator("applies_in", "block_in")
    @classmethod
    def _locales(cls, value: object) -> object:
        if isinstance(value, list):
            bad = [v for v in value if not _LOCALE.match(v)]
            if bad:
                raise ValueError(f"not a locale code: {', '.join(bad)} (write e.g. de-DE)")
        return value

    @model_validator(mode="after")
    def _languages(self) -> Concept:
        langs = {ex.lang for ex in self.positives}
        if len(langs) < MIN_LANGUAGES:
            raise ValueError(f"positives are written in {len(langs)} languages ({', '.join(sorted(langs))}); "
                             f"write them in at least {MIN_LANGUAGES}, as copywriters in those markets would")
        return self


class Background(_Strict):
    background: list[Exemplar] = Field(min_length=1)


BACKGROUND_FILE = "background.yaml"


class Bank(_Strict):
    category: str = Field(pattern=r"^[a-z_]+$")
    concepts: list[Concept] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedConcept:
    key: str  # "<category>.<concept id>"
    category: str
    concept: Concept
    where: str  # file:line, for errors and `studio rules`

    @property
    def rule_id(self) -> str:
        return f"concept.{self.key}"

    def applies(self, item: CheckInput) -> bool:
        c = self.concept
        if item.kind == "brief":
            return False
        if c.applies_in != "all" and item.locale not in c.applies_in:
            return False
        if (c.audience or ("children" if self.category == "children" else None)) == "children":
            return item.meta.audience == "children"
        return True


def load_banks(folder: Path | str, categories: Iterable[str] | None = None) -> list[LoadedConcept]:
    """Every concept of every bank under ``folder``; one RuleError listing all problems."""
    root = Path(folder)
    if not root.is_dir():
        return []
    known = set(categories) if categories is not None else None
    out: list[LoadedConcept] = []
    errors: list[str] = []
    for path in sorted(root.glob("*.yaml")):
        if path.name == BACKGROUND_FILE:
            continue
        try:
            data, lines = load_yaml_file(path, RuleError, fast=True)
            bank = Bank.model_validate(data)
        except RuleError as exc:
            errors.append(str(exc))
            continue
        except ValidationError as exc:
            errors.append(str(validation_error(exc, str(path), lines, RuleError,
                                               fix="see the bank format in studio/checks/concepts.py")))
            continue
        if known is not None and bank.category not in known:
            errors.append(f"{path}:{lines.get(('category',), 1)}: unknown category {bank.category!r}"
                          f"\n  fix: use a category from global/categories.yaml")
            continue
        seen: set[str] = set()
        for i, concept in enumerate(bank.concepts):
            where = f"{path}:{lines.get(('concepts', i), 1)}"
            if concept.id in seen:
                errors.append(f"{where}: duplicate concept id {concept.id!r}\n  fix: give each concept its own id")
                continue
            seen.add(concept.id)
            out.append(LoadedConcept(f"{bank.category}.{concept.id}", bank.category, concept, where))
    if errors:
        raise RuleError("invalid concept banks:\n" + "\n".join(errors), fix="fix each listed file:line")
    return out


def load_background(folder: Path | str) -> list[Exemplar]:
    """Ordinary clean copy that votes "none" in the index (``<folder>/background.yaml``)."""
    path = Path(folder) / BACKGROUND_FILE
    if not path.exists():
        return []
    data, lines = load_yaml_file(path, RuleError, fast=True)
    try:
        return list(Background.model_validate(data).background)
    except ValidationError as exc:
        raise validation_error(exc, str(path), lines, RuleError,
                               fix="write `background: [{lang: xx, text: ...}]`") from None


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (long sentences cut at MAX_SENTENCE characters), whitespace trimmed."""
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        for start in range(a, b, MAX_SENTENCE):
            end = min(b, start + MAX_SENTENCE)
            if len(text[start:end].strip()) >= 2:
                out.append((start, end))
    return out


def content(text: str) -> str:
    """The words of a unit without layout labels, as the encoder sees them."""
    return " ".join(_LABEL.sub(" ", text).split())


def units(text: str) -> list[tuple[int, int]]:
    """What the layer judges: every sentence, and the whole draft when it has several sentences and is
    short enough to read as one (a script whose scenes are harmless one by one - a teenager at a party,
    a beer, applause - is a violation read together)."""
    spans = sentences(text)
    if len(spans) > 1 and spans[-1][1] - spans[0][0] <= MAX_WHOLE:
        spans.append((spans[0][0], spans[-1][1]))
    return spans


@dataclass
class Index:
    """All exemplars of one encoder: unit vectors, labels (concept index or -1 = none), and cut-offs."""

    vectors: np.ndarray
    labels: np.ndarray
    texts: list[str]
    vote: float = 0.6
    floor: float = 0.5
    temperature: float = 0.05
    block_floor: float = 0.7  # a concept blocks (where its market blocks) only this close to a positive
    margin: float = -1.0  # nearest positive minus nearest "none" exemplar must reach this
    floors: np.ndarray | None = None  # per concept: its category's own floor (None: ``floor`` for all)
    means: np.ndarray | None = None  # centring: one mean per language in ``mean_langs``, then the mean of all
    mean_langs: tuple[str, ...] = ()
    # Per category (CALIBRATION "category"): temperature, vote, floor, margin, block floor; None: global.
    cat_params: np.ndarray | None = None

    def floor_of(self, n: int) -> np.ndarray:
        return self.floors if self.floors is not None and len(self.floors) == n else np.full(n, self.floor)

    def groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The exemplar columns ordered by label, each label's first position in that order, and the labels
        (``-1`` first): a per-concept maximum is then one ``reduceat`` instead of a mask per concept."""
        cached = self.__dict__.get("_groups")
        if cached is None or len(cached[0]) != len(self.labels):
            order = np.argsort(self.labels, kind="stable")
            owners, starts = np.unique(self.labels[order], return_index=True)
            cached = self.__dict__["_groups"] = (order, starts, owners)
        return cached

    def centred(self, vectors: np.ndarray, lang: str) -> np.ndarray:
        """Unit vectors of ``vectors`` (lines in ``lang``) after the language's mean is taken out."""
        if self.means is None:
            return vectors
        row = self.mean_langs.index(lang) if lang in self.mean_langs else len(self.mean_langs)
        return _unit(vectors - self.means[row])

    def language_of(self, vectors: np.ndarray) -> list[str]:
        """Per raw vector, the language whose mean it lies closest to (a draft's words need not be in its
        market's language: English lines in hi-IN, Vietnamese in a test of a beef rule); "" when the
        index has no language means."""
        if self.means is None or not self.mean_langs:
            return [""] * len(vectors)
        near = np.argmax(vectors @ _unit(self.means[:-1]).T, axis=1)
        return [self.mean_langs[i] for i in near]


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _optional(array: np.ndarray) -> np.ndarray | None:
    return array if array.size else None


def _means(vectors: np.ndarray, langs: Sequence[str], mode: str) -> tuple[np.ndarray | None, tuple[str, ...]]:
    """The centring means of an index's raw vectors (see CENTRE): per language with enough lines, then all."""
    if mode == "none" or not len(vectors):
        return None, ()
    own: tuple[str, ...] = ()
    if mode == "lang":
        counts: dict[str, int] = {}
        for lang in langs:
            counts[lang] = counts.get(lang, 0) + 1
        own = tuple(sorted(lang for lang, n in counts.items() if n >= CENTRE_MIN))
    lang_arr = np.asarray(langs)
    rows = [vectors[lang_arr == one].mean(axis=0) for one in own] + [vectors.mean(axis=0)]
    return np.stack(rows).astype(np.float32), own


class ConceptLayer:
    """Decides concepts for sentences; one index per encoder, built lazily and cached on disk."""

    def __init__(self, concepts: Sequence[LoadedConcept], embedder: Embedder | None = None,
                 cache_dir: Path | None = None, exclude_lang: str | None = None,
                 background: Sequence[Exemplar] = (), centre: dict[str, str] | None = None,
                 calibration: str | None = None, centre_on: str | None = None):
        self.concepts = list(concepts)
        self.calibration = calibration or CALIBRATION
        self.centre_on = centre_on or CENTRE_ON
        self.centre = dict(CENTRE if centre is None else centre)
        self.background = list(background)
        self.embedder = embedder or default_embedder()
        self.cache_dir = cache_dir
        self.exclude_lang = exclude_lang  # leave-one-language-out evaluation
        self._indexes: dict[str, Index] = {}
        cats = np.array([lc.category for lc in self.concepts])
        self._category_ids = np.unique(cats, return_inverse=True)[1] if len(cats) else np.zeros(0, dtype=int)
        self._cat_cols = [np.flatnonzero(self._category_ids == c) for c in range(len(set(cats.tolist())))]
        self._same_category = (cats[:, None] == cats[None, :]).astype(float)

    # -- the index ---------------------------------------------------------------------------
    def _exemplars(self) -> tuple[list[str], list[int], list[str]]:
        """Texts, labels (concept index, -1: "none": hard negatives and background) and languages."""
        texts, labels, langs = [], [], []
        for ci, lc in enumerate(self.concepts):
            for exemplars, label in ((lc.concept.positives, ci), (lc.concept.negatives, -1)):
                for ex in exemplars:
                    if ex.lang != self.exclude_lang:
                        texts.append(ex.text)
                        labels.append(label)
                        langs.append(ex.lang)
        for ex in self.background:
            if ex.lang != self.exclude_lang:
                texts.append(ex.text)
                labels.append(-1)
                langs.append(ex.lang)
        return texts, labels, langs

    def _cache_path(self, backend: str, texts: list[str], labels: list[int], langs: list[str]) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(json.dumps({"f": CACHE_FORMAT, "b": backend, "k": K, "t": TEMPERATURES, "m": MARGIN_GRID,
                                         "c": [self.centre.get(backend, "none"), CENTRE_MIN, self.centre_on],
                                         "cal": [self.calibration, OWN_FALSE_COST, VOTE_GRID],
                                         "texts": texts, "labels": labels, "langs": langs},
                                        ensure_ascii=False).encode()).hexdigest()
        return self.cache_dir / f"concepts-{backend}-{key[:24]}.npz"

    def index(self, backend: str) -> Index:
        if backend in self._indexes:
            return self._indexes[backend]
        texts, labels, langs = self._exemplars()
        path = self._cache_path(backend, texts, labels, langs)
        if path is not None and path.exists():
            try:
                with np.load(path) as data:
                    idx = Index(data["vectors"], data["labels"], texts, float(data["vote"]), float(data["floor"]),
                                float(data["temperature"]), float(data["block_floor"]), float(data["margin"]),
                                data["floors"], means=_optional(data["means"]),
                                mean_langs=tuple(str(x) for x in data["mean_langs"]),
                                cat_params=_optional(data["cat_params"]))
                self._indexes[backend] = idx
                return idx
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache file: rebuild and overwrite it
        raw = self.embedder.embed([content(t) or t for t in texts], backend)
        on = np.asarray(labels) < 0 if self.centre_on == "none" else np.ones(len(labels), dtype=bool)
        means, mean_langs = _means(raw[on], [g for g, keep in zip(langs, on) if keep], self.centre.get(backend, "none"))
        idx = Index(raw, np.asarray(labels, dtype=np.int32), texts, means=means, mean_langs=mean_langs)
        if means is not None:
            lang_arr = np.asarray(langs)
            idx.vectors = raw.copy()
            for lang in set(langs):
                rows = np.flatnonzero(lang_arr == lang)
                idx.vectors[rows] = idx.centred(raw[rows], lang)
        if self.calibration == "category":
            self._calibrate_categories(idx)
        else:
            self._calibrate(idx)
        self._indexes[backend] = idx
        if path is not None:
            save_arrays(path, vectors=idx.vectors, labels=idx.labels, vote=np.asarray(idx.vote), floor=np.asarray(idx.floor),
                  temperature=np.asarray(idx.temperature), block_floor=np.asarray(idx.block_floor),
                        margin=np.asarray(idx.margin), floors=idx.floor_of(len(self.concepts)),
                        means=idx.means if idx.means is not None else np.zeros(0, dtype=np.float32),
                        mean_langs=np.asarray(idx.mean_langs, dtype="<U8"),
                        cat_params=idx.cat_params if idx.cat_params is not None else np.zeros(0))
        return idx

    def _scores(self, idx: Index, sims: np.ndarray, exclude: np.ndarray | None = None,
                temperature: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per query row: vote share per concept, nearest-positive similarity per concept, top-K ids, and
        the similarity of the nearest "none" exemplar (hard negative or background)."""
        if exclude is not None:
            sims = sims.copy()
            sims[np.arange(len(sims)), exclude] = -np.inf
        k = min(K, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        weights = np.exp((top_sims - 1.0) / (temperature or idx.temperature))
        n = len(self.concepts)
        top_labels = idx.labels[top]
        cell = np.arange(len(sims))[:, None] * (n + 1) + np.where(top_labels < 0, n, top_labels)
        votes = np.bincount(cell.ravel(), weights=weights.ravel(), minlength=len(sims) * (n + 1)).reshape(len(sims), n + 1)
        share = votes[:, :n] / np.maximum(votes.sum(axis=1, keepdims=True), 1e-12)
        # Nearest exemplar per concept and nearest "none" exemplar: one gather, one reduceat.
        order, starts, owners = idx.groups()
        group_max = np.maximum.reduceat(sims[:, order], starts, axis=1) if len(order) else np.zeros((len(sims), 0))
        nearest = np.full((len(sims), n), -1.0)
        mine = (owners >= 0) & (owners < n)
        nearest[:, owners[mine]] = group_max[:, mine]
        none_near = group_max[:, 0] if len(owners) and owners[0] < 0 else np.full(len(sims), -1.0)
        return share, nearest, top, none_near

    def _pool(self, share: np.ndarray, active: np.ndarray | None = None) -> np.ndarray:
        """Concepts of one category pool their votes (casino, betting and lottery neighbours all say
        "gambling"); the pooled share goes to the category's leading concept among those that apply
        (``active``, per row: pork and beef share a category but not a market)."""
        if active is not None:  # concepts that do not apply here neither vote nor count in the total
            none = np.clip(1.0 - share.sum(axis=1, keepdims=True), 0.0, None)
            share = np.where(active, share, 0.0)
            share = share / np.maximum(share.sum(axis=1, keepdims=True) + none, 1e-12)
            pooled = np.where(active, share @ self._same_category, 0.0)
        else:
            pooled = share @ self._same_category
        leader = share >= (share[:, None, :] * self._same_category[None, :, :]).max(axis=2)
        return np.where(leader & (share > 0), pooled, 0.0)

    def _calibrate(self, idx: Index) -> None:
        """Leave-one-out over the banks: pick (temperature, vote, floor) that catch the most positives
        while firing on few hard negatives, background lines and other concepts' positives."""
        sims = idx.vectors @ idx.vectors.T
        labels = idx.labels
        pos = labels >= 0
        rows = np.flatnonzero(pos)
        # Judged by category, as a reviewer reads a finding: a casino line caught as "lottery" is caught.
        cat_of = self._category_ids
        right = np.zeros((len(labels), len(self.concepts)), dtype=bool)
        right[rows] = cat_of[None, :] == cat_of[labels[pos]][:, None]
        best = (-np.inf, 0.05, 0.6, 0.5, -1.0)
        own = np.zeros(0)
        for temperature in TEMPERATURES:
            share, nearest, _, none_near = self._scores(idx, sims, exclude=np.arange(len(sims)),
                                                        temperature=temperature)
            share = self._pool(share)
            own = nearest[rows, labels[pos]]  # the temperature weighs votes only: the same each round
            floors = np.unique(np.quantile(own, np.linspace(0.0, 0.6, 25))) if len(own) else [0.5]
            ahead = nearest - none_near[:, None]
            for margin in MARGIN_GRID:
                clear = ahead >= margin
                for vote in VOTE_GRID:
                    voted = (share >= vote) & clear
                    for floor in floors:
                        fires = voted & (nearest >= floor)
                        hit = (fires & right)[rows].any(axis=1).mean() if len(rows) else 0.0
                        false_rate = (fires & ~right).any(axis=1).mean()
                        score = hit - 3 * max(0.0, false_rate - FALSE_RATE_CAP) - 0.5 * false_rate
                        if score > best[0]:
                            best = (float(score), temperature, vote, float(floor), margin)
        idx.temperature, idx.vote, idx.floor, idx.margin = best[1], best[2], best[3], best[4]
        idx.floors = self._category_floors(idx, sims, right, own)
        # Blocking stops a reviewer, so it asks for more: a sentence as close to a positive as the
        # typical positive is to its nearest sibling (the median, leave-one-out). Below that a market's
        # block concept is a warning.
        idx.block_floor = float(max(idx.floor, np.median(own))) if len(own) else 1.0

    def _category_floors(self, idx: Index, sims: np.ndarray, right: np.ndarray, own: np.ndarray) -> np.ndarray:
        """With temperature, vote and margin fixed, each category gets its own floor: a bank whose
        positives sit far from everything else can reach further, one that borders ordinary copy
        (colours, numbers, prices) must come closer. Chosen by leave-one-out like the rest: a caught
        positive of the category counts 1, a wrong firing (hard negative, background, other category)
        counts CATEGORY_FALSE_COST."""
        n = len(self.concepts)
        floors = np.full(n, idx.floor)
        if not len(own):
            return floors
        share, nearest, _, none_near = self._scores(idx, sims, exclude=np.arange(len(sims)))
        voted = (self._pool(share) >= idx.vote) & (nearest - none_near[:, None] >= idx.margin)
        grid = np.unique(np.concatenate([[idx.floor], np.quantile(own, np.linspace(0.0, 0.8, 33))]))
        labels = idx.labels
        for cat in np.unique(self._category_ids):
            cols = np.flatnonzero(self._category_ids == cat)
            mine = np.isin(labels, cols)
            best = (-np.inf, idx.floor)
            for floor in grid:
                fires = (voted[:, cols] & (nearest[:, cols] >= floor)).any(axis=1)
                score = (fires & mine & right[:, cols].any(axis=1)).sum() - CATEGORY_FALSE_COST * (fires & ~mine).sum()
                if score > best[0] or (score == best[0] and floor == idx.floor):
                    best = (float(score), float(floor))
            floors[cols] = best[1]
        return floors

    # -- per-category decisions ---------------------------------------------------------------
    def _parts(self, idx: Index, sims: np.ndarray, exclude: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per query row: the K nearest positives of each concept (similarities, -inf where a concept
        has fewer, and their exemplar rows) and the K nearest "none" similarities."""
        if exclude is not None:
            sims = sims.copy()
            sims[np.arange(len(sims)), exclude] = -np.inf
        rows, n = len(sims), len(self.concepts)
        pos = np.full((rows, n, K), -np.inf, dtype=np.float32)
        ids = np.zeros((rows, n, K), dtype=np.int32)
        for ci in range(n):
            cols = np.flatnonzero(idx.labels == ci)
            if not len(cols):
                continue
            k = min(K, len(cols))
            sub = sims[:, cols]
            top = np.argpartition(-sub, k - 1, axis=1)[:, :k]
            pos[:, ci, :k] = np.take_along_axis(sub, top, axis=1)
            ids[:, ci, :k] = cols[top]
        none_cols = np.flatnonzero(idx.labels < 0)
        none_top = np.full((rows, K), -np.inf, dtype=np.float32)
        if len(none_cols):
            k = min(K, len(none_cols))
            sub = sims[:, none_cols]
            none_top[:, :k] = np.take_along_axis(sub, np.argpartition(-sub, k - 1, axis=1)[:, :k], axis=1)
        return pos, ids, none_top

    @staticmethod
    def _share(pos: np.ndarray, none_top: np.ndarray, temperature: float) -> np.ndarray:
        """A category's vote share among the K nearest of its positives (``pos``: rows x concepts x K,
        -inf where absent or not applicable) and the "none" exemplars (``none_top``: rows x K)."""
        both = np.concatenate([pos.reshape(len(pos), -1), none_top], axis=1)
        is_pos = np.arange(both.shape[1]) < both.shape[1] - none_top.shape[1]
        top = np.argpartition(-both, K - 1, axis=1)[:, :K]
        near = np.take_along_axis(both, top, axis=1)
        weights = np.where(np.isfinite(near), np.exp((np.where(np.isfinite(near), near, 0.0) - 1.0) / temperature), 0.0)
        share: np.ndarray = (weights * is_pos[top]).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-12)
        return share

    def _calibrate_categories(self, idx: Index) -> None:
        """Each category's temperature, vote, floor and margin from its own bank's leave-one-out: its
        positives (each classified by all other lines) are the catches, every "none" exemplar (all hard
        negatives and the background) a false firing at OWN_FALSE_COST; other banks' positives play no
        part, so adding to one bank moves no other's cut-offs."""
        sims = idx.vectors @ idx.vectors.T
        pos, _, none_top = self._parts(idx, sims, exclude=np.arange(len(sims)))
        none_near = none_top.max(axis=1)
        labels = idx.labels
        none_rows = np.flatnonzero(labels < 0)
        params = np.zeros((len(self._cat_cols), 5))
        for c, cc in enumerate(self._cat_cols):
            mine = np.flatnonzero(np.isin(labels, cc))
            if not len(mine):
                params[c] = (TEMPERATURES[-1], 1.0, 1.0, -1.0, 1.0)
                continue
            q = np.concatenate([mine, none_rows])
            caught = np.arange(len(q)) < len(mine)
            cat_pos = pos[q][:, cc, :]
            near = cat_pos.max(axis=(1, 2))
            ahead = near - none_near[q]
            floors = np.unique(np.quantile(near[caught], np.linspace(0.0, 0.8, 33)))
            above = near[None, :] >= floors[:, None]
            best: tuple[float, float, float, float, float] = (-np.inf, TEMPERATURES[-1], 1.0, 1.0, -1.0)
            for temperature in TEMPERATURES:
                share = self._share(cat_pos, none_top[q], temperature)
                for margin in MARGIN_GRID:
                    clear = ahead >= margin
                    for vote in VOTE_GRID:
                        fires = above & (clear & (share >= vote))[None, :]
                        score = fires[:, caught].sum(axis=1) - OWN_FALSE_COST * fires[:, ~caught].sum(axis=1)
                        j = int(np.argmax(score))
                        if score[j] > best[0]:
                            best = (float(score[j]), temperature, vote, float(floors[j]), margin)
            _, temperature, vote, floor, margin = best
            params[c] = (temperature, vote, floor, margin, max(floor, float(np.median(near[caught]))))
        idx.cat_params = params
        # The global fields keep the most common values, for reports; decisions read ``cat_params``.
        idx.temperature, idx.vote = float(np.median(params[:, 0])), float(np.median(params[:, 1]))
        idx.floor, idx.margin = float(np.median(params[:, 2])), float(np.median(params[:, 3]))
        idx.block_floor = float(np.median(params[:, 4]))
        idx.floors = params[self._category_ids, 2]

    def _decide(self, idx: Index, pos: np.ndarray, none_top: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per row and category, with ``active`` (rows x concepts) the concepts that apply: whether it
        fires, its leading concept, that concept's nearest similarity and the smallest excess over a
        cut-off it passed (how close the call was)."""
        assert idx.cat_params is not None
        rows, ncat = len(pos), len(self._cat_cols)
        fires = np.zeros((rows, ncat), dtype=bool)
        leader = np.zeros((rows, ncat), dtype=np.int64)
        nearest = np.full((rows, ncat), -1.0)
        excess = np.zeros((rows, ncat))
        none_near = none_top.max(axis=1)
        for c, cc in enumerate(self._cat_cols):
            on = active[:, cc]
            if not on.any():
                continue
            temperature, vote, floor, margin, _ = idx.cat_params[c]
            cat_pos = np.where(on[:, :, None], pos[:, cc, :], -np.inf)
            per_concept = cat_pos.max(axis=2)
            lead = per_concept.argmax(axis=1)
            near = per_concept[np.arange(rows), lead]
            share = self._share(cat_pos, none_top, float(temperature))
            tests = [near - floor, share - vote] + ([near - none_near - margin] if margin > -1.0 else [])
            ex = np.min(np.stack(tests), axis=0)
            fires[:, c] = on.any(axis=1) & (ex >= 0)
            leader[:, c] = cc[lead]
            nearest[:, c] = near
            excess[:, c] = ex
        return fires, leader, nearest, excess

    def _findings_by_category(self, items: Sequence[CheckInput],
                              per_item: list[list[tuple[tuple[int, int], str, str]]],
                              wanted: dict[str, list[tuple[str, str]]]) -> list[list[Finding]]:
        """Per-category decisions for every unit of every draft: one decision pass per encoder."""
        applies = np.array([[lc.applies(item) for lc in self.concepts] for item in items]).reshape(len(items), -1)
        found: list[dict[int, Finding]] = [{} for _ in items]
        margins: list[dict[int, float]] = [{} for _ in items]
        for backend, pairs in wanted.items():
            uniq = {key: r for r, key in enumerate(dict.fromkeys(pairs))}
            idx = self.index(backend)
            vecs = self._query_vectors(idx, backend, list(uniq))
            pos, ids, none_top = self._parts(idx, vecs @ idx.vectors.T)
            where = [(i, span, uniq[(item.locale[:2], said)]) for i, (item, rows) in enumerate(zip(items, per_item))
                     for span, b, said in rows if b == backend]
            of_item = np.array([w[0] for w in where], dtype=np.int64)
            unit = np.array([w[2] for w in where], dtype=np.int64)
            fires, leader, nearest, excess = self._decide(idx, pos[unit], none_top[unit], applies[of_item])
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
        if idx.means is not None:
            langs = np.asarray(idx.language_of(vecs) if CENTRE_BY == "nearest" else [lang for lang, _ in uniq])
            for lang in set(langs.tolist()):
                mine = np.flatnonzero(langs == lang)
                vecs[mine] = idx.centred(vecs[mine], lang)
        return vecs

    # -- deciding ----------------------------------------------------------------------------
    def findings_many(self, items: Sequence[CheckInput]) -> list[list[Finding]]:
        """Concept findings for many drafts: one embedding batch per encoder for all their sentences."""
        per_item: list[list[tuple[tuple[int, int], str, str]]] = []
        wanted: dict[str, list[tuple[str, str]]] = {}  # per encoder: (language, unit text)
        for item in items:
            active = [ci for ci, lc in enumerate(self.concepts) if lc.applies(item)]
            rows = []
            if active and item.text:
                backend = backend_for(item.locale[:2])
                for span in units(item.text):
                    said = content(item.text[span[0]:span[1]])
                    if len(said) >= 2:  # a unit that is a label alone ("SCÈNE 1 :") says nothing
                        rows.append((span, backend, said))
                        wanted.setdefault(backend, []).append((item.locale[:2], said))
            per_item.append(rows)
        if self.calibration == "category":
            return self._findings_by_category(items, per_item, wanted)
        scored: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray, list[int], float]] = {}
        for backend, pairs in wanted.items():
            uniq = list(dict.fromkeys(pairs))
            idx = self.index(backend)
            vecs = self._query_vectors(idx, backend, uniq)
            share, nearest, top, none_near = self._scores(idx, vecs @ idx.vectors.T)
            for r, (lang, text) in enumerate(uniq):
                scored[(backend, lang, text)] = (share[r], nearest[r], [int(x) for x in top[r]], float(none_near[r]))
        out = []
        for item, rows in zip(items, per_item):
            found: dict[int, Finding] = {}
            margins: dict[int, float] = {}
            applies = np.array([lc.applies(item) for lc in self.concepts])[None, :]
            for (a, b), backend, said in rows:
                share, nearest, top_ids, nearest_none = scored[(backend, item.locale[:2], said)]
                idx = self._indexes[backend]
                pooled = self._pool(share[None, :], applies)[0]
                floors = idx.floor_of(len(nearest))
                fires = (pooled >= idx.vote) & (nearest >= floors) & (nearest - nearest_none >= idx.margin)
                for ci in np.flatnonzero(fires):
                    # How close the call was: the smallest excess over a cut-off it had to pass.
                    excess = [float(nearest[ci] - floors[ci]), float(pooled[ci] - idx.vote)]
                    if idx.margin > -1.0:
                        excess.append(float(nearest[ci] - nearest_none - idx.margin))
                    margin = min(excess)
                    if int(ci) not in found:
                        found[int(ci)] = self._finding(self.concepts[ci], item, a, b, float(nearest[ci]), backend,
                                                       top_ids, int(ci))
                    # The concept's most confident unit decides whether the finding is borderline.
                    margins[int(ci)] = max(margin, margins.get(int(ci), -np.inf))
            out.append([f.model_copy(update={"margin": margins[ci]}) for ci, f in found.items()])
        return out

    def findings(self, item: CheckInput) -> list[Finding]:
        return self.findings_many([item])[0]

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
