"""bench/gpu.py's text part on the CPU with the tiny Qwen2-architecture model: every batch size is measured,
for the pipeline and bare generate, and the figures are positive and consistent. Speed on a GPU is the
bench's to measure, not this test's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_gpu", ROOT / "bench" / "gpu.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_gpu"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_gpu", None)


def test_tiny_run_reports_every_batch_size_with_positive_figures(bench, tmp_path):
    out = tmp_path / "gpu.json"
    bench.main(["--part", "text", "--model", "tiny", "--new-tokens", "8", "--prompt-tokens", "80",
                "--bandwidth-gbs", "20", "--cache-dir", str(tmp_path / "models"), "--json", str(out)])
    report = json.loads(out.read_text())
    assert report["measured_on_gpu"] is False and report["text"]["device"] == "cpu"
    res = report["text"]["runtimes"]["default"]
    assert [r["batch"] for r in res["rows"]] == [1, 8, 32, 64] and not res["skipped"]
    for r in res["rows"]:
        assert r["pipeline_tok_s"] > 0 and r["bare_tok_s"] > 0
        assert r["ratio"] == pytest.approx(r["pipeline_tok_s"] / r["bare_tok_s"], rel=0.01)
        assert r["pipeline_tok_s"] == pytest.approx(r["batch"] * 8 / r["pipeline_s"], rel=0.01)
    assert 80 <= res["prompt_tokens_actual"] <= 80 + 12  # whole words: at most one word over
    # The model really is the Qwen2 architecture, loaded through the product's loader with its settings.
    assert report["text"]["architecture"] == "Qwen2ForCausalLM" and res["attention"] == "sdpa"
    assert res["dtype"] == "float32" and res["params"] > 0 and res["weight_bytes"] == 4 * res["params"]
    decode = res["decode_batch1"]
    assert decode["pipeline_tok_s"] > 0 and decode["bare_tok_s"] > 0
    assert decode["roofline_tok_s"] == pytest.approx(20e9 / res["decode_bytes_per_token"], rel=0.01)
    assert 0 < decode["fraction_of_roofline"]
    assert res["speedup"]["batch"] == 64 and res["speedup"]["pipeline"] > 0
    assert res["targets"]["on_gpu"] is False
    assert "image" not in report  # --part text


def test_the_bandwidth_follows_the_gpu_name(bench):
    assert bench.bandwidth_for("NVIDIA H200") == 4800
    assert bench.bandwidth_for("NVIDIA H100 80GB HBM3") == 3350
    assert bench.bandwidth_for("NVIDIA H100 PCIe") == 2000
    assert bench.bandwidth_for("NVIDIA A100-SXM4-80GB") == 2039
    assert bench.bandwidth_for("Some Future Accelerator") is None


def test_an_unknown_runtime_variant_is_refused(bench):
    with pytest.raises(SystemExit, match="unknown variant"):
        bench.main(["--part", "text", "--model", "tiny", "--runtime", "default,turbo"])


def test_the_image_part_is_the_image_modules_run(bench, monkeypatch, tmp_path):
    class Image:  # the shape bench/gpu_image.py exposes: run(args) -> dict, optional add_arguments(group)
        @staticmethod
        def add_arguments(group):
            group.add_argument("--steps", default="1,2,4")

        @staticmethod
        def run(args):
            return {"steps": args.steps, "images_per_s": 1.0}

    monkeypatch.setattr(bench, "image_module", lambda: Image)
    report = bench.main(["--part", "image", "--steps", "1,4", "--json", str(tmp_path / "out.json")])
    assert report["image"] == {"steps": "1,4", "images_per_s": 1.0} and "text" not in report
    assert json.loads((tmp_path / "out.json").read_text())["image"]["steps"] == "1,4"


def test_the_image_modules_own_defaults_are_not_overridden_by_the_text_options(bench, monkeypatch):
    class Image:  # bench/gpu_image.py's shape: DEFAULTS, and run() reads image_<name> before <name>
        DEFAULTS = {"batches": "1,4", "repeats": 3, "json": None}

        @staticmethod
        def run(args):
            return {"batches": args.image_batches, "repeats": args.image_repeats}

    monkeypatch.setattr(bench, "image_module", lambda: Image)
    report = bench.main(["--part", "image", "--batches", "1,8,32,64", "--repeats", "5", "--image-repeats", "2"])
    assert report["image"] == {"batches": "1,4", "repeats": 2}


def test_without_the_image_module_the_image_part_says_so(bench, monkeypatch):
    monkeypatch.setattr(bench, "image_module", lambda: None)
    with pytest.raises(SystemExit, match="gpu_image.py is not in this tree"):
        bench.main(["--part", "image"])
