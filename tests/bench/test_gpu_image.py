"""bench/gpu_image.py on this CPU with the tiny layout: it builds a random pipeline, loads it through
the product's ImageGenerator and reports images/s for every (steps, batch) asked, as a table and a dict."""

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bench_module():
    spec = importlib.util.spec_from_file_location("gpu_image_bench", ROOT / "bench" / "gpu_image.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_tiny_run_alone_reports_every_configuration(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_image.py"), "--model", "tiny", "--size", "64",
                          "--steps", "1,2", "--batches", "1,4", "--repeats", "1", "--json", str(tmp_path / "r.json")],
                         cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    report = json.loads((tmp_path / "r.json").read_text())
    assert [(r["steps"], r["batch"]) for r in report["results"]] == [(1, 1), (1, 4), (2, 1), (2, 4)]
    assert all(r["images"] == r["batch"] and r["images_per_s"] == pytest.approx(r["images"] / r["seconds"], rel=0.01)
               for r in report["results"])
    assert (report["device"], report["dtype"], report["size"]) == ("cpu", "float32", 64)
    assert (report["channels_last"], report["compile"]) == (False, None)  # auto: CUDA only; off unless asked
    assert (report["scheduler"], report["timestep_spacing"]) == ("EulerDiscreteScheduler", "trailing")
    assert report["params"]["unet"] > 0 and report["params"]["text_encoder"] > 0
    assert "| 2 | 4 |" in out.stdout and "images/s" in out.stdout


def test_run_takes_a_partial_namespace_and_its_switches(tmp_path):
    """bench/gpu.py passes its own namespace: missing options default, the ones given are applied."""
    bench = bench_module()
    args = argparse.Namespace(model="qwen2.5-1.5b", batches="1,8,32,64", image_model="tiny", size=64, steps="1",
                              image_batches="2", repeats=1, channels_last="on", scheduler="euler_ancestral",
                              workdir=str(tmp_path))  # image_<name> wins over the text part's <name>
    report = bench.run(args)
    assert [(r["steps"], r["batch"], r["images"]) for r in report["results"]] == [(1, 2, 2)]
    assert report["model"] == "tiny" and report["size"] == 64
    assert bench.options(argparse.Namespace(model="qwen2.5-7b"))["model"] == "sd-turbo"  # not an image model: ours
    assert report["channels_last"] is True and report["scheduler"] == "EulerAncestralDiscreteScheduler"
    assert report["params"] == json.loads((tmp_path / "tiny" / "bench_params.json").read_text())
    assert (tmp_path / "tiny" / "unet" / "diffusion_pytorch_model.safetensors").is_file()  # real save_pretrained


def test_sd_turbo_layout_is_the_published_architecture():
    """The embedded configs build SD-Turbo's parts at their published sizes (meta device: no memory)."""
    import torch
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    cfg = bench_module().MODELS["sd-turbo"]
    with torch.device("meta"):
        sizes = {name: sum(p.numel() for p in m.parameters()) for name, m in (
            ("unet", UNet2DConditionModel(**cfg["unet"])), ("text", CLIPTextModel(CLIPTextConfig(**cfg["text"]))),
            ("vae", AutoencoderKL(**cfg["vae"])))}
    # SD 2.1's UNet is 865.9M parameters, OpenCLIP ViT-H's 23-layer text tower 340.4M, the KL-f8 VAE 83.7M.
    assert sizes["unet"] == pytest.approx(865.9e6, rel=0.001)
    assert sizes["text"] == pytest.approx(340.4e6, rel=0.001)
    assert sizes["vae"] == pytest.approx(83.7e6, rel=0.001)
