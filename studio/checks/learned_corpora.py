"""What the learned category layer (``studio.checks.learned``) trains on: one writer per open corpus, each read
through ``studio.checks.corpora`` (only the part ``open_part`` leaves open), as labelled drafts, and the hash of
them all that a model file records (``studio.checks.learned_model`` checks it when the model loads).

A new writer is one line in ``WRITERS``; the layer's features and the model file do not change with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from studio.checks.asset import CheckInput
from studio.checks.corpora import CORPUS_DIR, FOLDERS, load_corpus, open_part

# The open corpora the layer trains on, one writer each, read through studio.checks.corpora: only the
# part of each that corpora.open_part leaves open (blind: its dev half; apart3-19: their look halves).
# Withheld parts are never read: the blind corpus's frozen half, apart3-19's check halves, tests/corpus/fresh,
# apart20 (not among its writers). Their hash is checked when the model loads (a model built from other corpora is stale).
WRITERS: dict[str, str] = {
    "A": "tuning",
    "B": "blind",
    "C": "apart",
    "D": "apart2",
    "E": "apart3",
    "F": "apart4",
    "G": "apart5",
    "H": "apart6",
    "I": "apart7",
    "J": "apart8",
    "K": "apart9",
    "L": "apart10",
    "M": "apart11",
    "N": "apart12",
    "O": "apart13",
    "P": "apart14",
    "Q": "apart15",
    "R": "apart16",
    "S": "apart17",
    "T": "apart18",
    "U": "apart19",
}


@dataclass
class Labelled:
    writer: str
    where: str
    item: CheckInput
    expect: list[str]


def corpus_hash(root: Path = CORPUS_DIR) -> str:
    """sha256 over the open corpora's items the layer trains on (the blind corpus: its dev half's lines)."""
    h = hashlib.sha256()
    for w, items in sorted(open_corpora(root).items()):
        for it in items:
            h.update(f"{w}\t{it.item.model_dump_json()}\t{','.join(it.expect)}\n".encode())
    return h.hexdigest()


def open_corpora(root: Path = CORPUS_DIR) -> dict[str, list[Labelled]]:
    """Every item the layer may train on, per writer: each writer's corpus under ``root`` (laid out as
    tests/corpus/ is), only its open part; a bad line raises ValueError naming file:line. A line of a
    withheld half is skipped on its id, before the rest of it is parsed."""
    out: dict[str, list[Labelled]] = {}
    for w, corpus in WRITERS.items():
        part = open_part(corpus)
        if part is None:  # withheld whole: never read
            continue
        items = load_corpus(root / FOLDERS[corpus], split=part, corpus=corpus)
        out[w] = [Labelled(w, it.where, it.input, it.expect) for it in items]
    return out
