"""Images/s of the product's image path (ImageGenerator) on SD-Turbo's real architecture, random weights.

    .venv/bin/python bench/gpu_image.py [--model sd-turbo|tiny] [--size 512] [--steps 1,2,3,4]
                                        [--batches 1,4] [--compile off|default|reduce-overhead|max-autotune]
                                        [--channels-last auto|on|off] [--json PATH]

No model hub is reachable, and speed does not depend on the weights' values: the pipeline is built from
the configs of stabilityai/sd-turbo (SD 2.1 base UNet, OpenCLIP ViT-H text tower, the SD VAE) with random
weights, saved with ``save_pretrained`` and loaded through ``ImageGenerator.from_spec`` -- the product's
own ``from_pretrained`` path, dtype choice, scheduler option, channels_last and compile switches. The
tokenizer is a small character-level CLIP tokenizer built here; prompts are padded to CLIP's 77 tokens
either way, so the text encoder does the same work as with the real one.

For each number of steps and batch size: one warm-up call, then ``--repeats`` timed calls of ``batch``
prompts; images/s = images made / seconds. Guidance scale 0 (SD-Turbo: no classifier-free guidance).
``run(args)`` returns the figures as a dict (bench/gpu.py calls it for ``--part image``); run alone it
prints a table and writes ``--json PATH``. ``--model tiny --size 64`` is the CPU smoke run of the tests.

Measured on the shared 2-core CPU only (2026-12-01, load average 8-12 from other work, fp32): sd-turbo,
512x512, 1 step, batch 1: 0.008 images/s (127 s per image; build 35 s, load 14 s, peak RSS 8.1 GB). No
GPU figure exists yet: on a CUDA machine the same command runs in fp16 with channels_last.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# stabilityai/sd-turbo, unet/config.json (SD 2.1 base: 865M parameters); fields at diffusers' defaults
# (act_fn silu, flip_sin_to_cos, norm_eps 1e-5, downsample_padding 1, ...) are left out.
SD_TURBO_UNET = {
    "sample_size": 64,
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    "mid_block_type": "UNetMidBlock2DCrossAttn",
    "block_out_channels": [320, 640, 1280, 1280],
    "layers_per_block": 2,
    "attention_head_dim": [5, 10, 20, 20],
    "cross_attention_dim": 1024,
    "use_linear_projection": True,
    "upcast_attention": False,
    "norm_num_groups": 32,
}
# sd-turbo text_encoder/config.json: OpenCLIP ViT-H/14's text tower as used by SD 2.x (the last of its
# 24 layers is dropped: 23 layers), 340M parameters.
SD_TURBO_TEXT = {
    "vocab_size": 49408,
    "hidden_size": 1024,
    "intermediate_size": 4096,
    "num_hidden_layers": 23,
    "num_attention_heads": 16,
    "max_position_embeddings": 77,
    "hidden_act": "gelu",
    "projection_dim": 512,
    "layer_norm_eps": 1e-5,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "pad_token_id": 1,
}
# sd-turbo vae/config.json: the SD KL-f8 autoencoder (84M parameters).
SD_TURBO_VAE = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 4,
    "block_out_channels": [128, 256, 512, 512],
    "layers_per_block": 2,
    "down_block_types": ["DownEncoderBlock2D"] * 4,
    "up_block_types": ["UpDecoderBlock2D"] * 4,
    "norm_num_groups": 32,
    "sample_size": 768,
    "scaling_factor": 0.18215,
}
# sd-turbo scheduler/scheduler_config.json: Euler with trailing timesteps (1-4 step sampling).
SD_TURBO_SCHEDULER = {
    "num_train_timesteps": 1000,
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "prediction_type": "epsilon",
    "timestep_spacing": "trailing",
    "steps_offset": 1,
}

# The same layout shrunk to a few MB: the CPU smoke run (and the test) go through every line above.
TINY_UNET = {
    **SD_TURBO_UNET, "sample_size": 8, "block_out_channels": [32, 64], "layers_per_block": 1,
    "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"],
    "attention_head_dim": [2, 4], "cross_attention_dim": 32,
}
TINY_TEXT = {**SD_TURBO_TEXT, "vocab_size": 64, "hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2,
             "num_attention_heads": 4, "projection_dim": 32}
TINY_VAE = {**SD_TURBO_VAE, "block_out_channels": [32, 64], "layers_per_block": 1,
            "down_block_types": ["DownEncoderBlock2D"] * 2, "up_block_types": ["UpDecoderBlock2D"] * 2,
            "sample_size": 32}

MODELS = {
    "sd-turbo": {"unet": SD_TURBO_UNET, "text": SD_TURBO_TEXT, "vae": SD_TURBO_VAE, "scheduler": SD_TURBO_SCHEDULER},
    "tiny": {"unet": TINY_UNET, "text": TINY_TEXT, "vae": TINY_VAE, "scheduler": SD_TURBO_SCHEDULER},
}

PROMPTS = [
    "a steel water bottle on a mountain lake shore at dawn, soft light",
    "a hiker holding a bottle on a snowy ridge, blue sky",
    "a bottle on a desk in a bright Tokyo office, minimal style",
    "a cyclist drinking water on a city street in Berlin, summer",
    "a family picnic by a Norwegian fjord, warm colours",
    "a runner at sunrise on a beach in Rio, golden hour",
    "a yoga mat and a bottle on a Mumbai rooftop, morning haze",
    "a bottle in a backpack side pocket on a forest trail, autumn",
]

DEFAULTS: dict[str, Any] = {
    "model": "sd-turbo", "size": 512, "steps": "1,2,3,4", "batches": "1,4", "repeats": 3, "device": None,
    "dtype": "auto", "compile": "off", "channels_last": "auto", "scheduler": None, "workdir": None, "json": None,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", choices=sorted(MODELS), default=DEFAULTS["model"])
    p.add_argument("--size", type=int, default=DEFAULTS["size"], help="width = height, a multiple of 8")
    p.add_argument("--steps", default=DEFAULTS["steps"], help="comma-separated step counts")
    p.add_argument("--batches", default=DEFAULTS["batches"], help="comma-separated batch sizes")
    p.add_argument("--repeats", type=int, default=DEFAULTS["repeats"], help="timed calls per configuration")
    p.add_argument("--device", default=DEFAULTS["device"], help="default: cuda when present, else cpu")
    p.add_argument("--dtype", choices=["auto", "float32", "float16", "bfloat16"], default=DEFAULTS["dtype"])
    p.add_argument("--compile", choices=["off", "default", "reduce-overhead", "max-autotune"], default=DEFAULTS["compile"])
    p.add_argument("--channels-last", choices=["auto", "on", "off"], default=DEFAULTS["channels_last"])
    p.add_argument("--scheduler", default=DEFAULTS["scheduler"], help="a profile scheduler name, e.g. euler_ancestral")
    p.add_argument("--workdir", default=DEFAULTS["workdir"], help="where the random pipeline is saved (default: a temp dir)")
    p.add_argument("--json", default=DEFAULTS["json"], help="also write the figures here")
    return p


def _ints(value: Any) -> list[int]:
    if isinstance(value, int):
        return [value]
    if isinstance(value, (list, tuple)):
        return [int(v) for v in value]
    return [int(v) for v in str(value).split(",") if v.strip()]


def options(args: Any) -> dict[str, Any]:
    """The bench options from an argparse namespace: ours, or bench/gpu.py's, where ``image_<name>``
    (e.g. ``image_batches``) wins over ``<name>`` (which may be meant for the text part) and missing
    ones take their defaults."""
    missing = object()

    def pick(name: str, default: Any) -> Any:
        for attr in (f"image_{name}", name):
            value = getattr(args, attr, missing)
            if attr == "model" and value not in MODELS:
                continue  # the text part's model name (bench/gpu.py --model qwen...): not ours
            if value is not missing and value is not None:
                return value
        return default

    opts = {k: pick(k, v) for k, v in DEFAULTS.items()}
    opts["steps"], opts["batches"] = _ints(opts["steps"]), _ints(opts["batches"])
    if opts["size"] % 8 or opts["size"] <= 0:
        raise SystemExit(f"--size must be a positive multiple of 8, got {opts['size']}")
    if opts["repeats"] < 1 or not opts["steps"] or not opts["batches"] or min(opts["steps"] + opts["batches"]) < 1:
        raise SystemExit("--repeats, --steps and --batches need positive whole numbers")
    if opts["model"] not in MODELS:
        raise SystemExit(f"--model must be one of {', '.join(sorted(MODELS))}, got {opts['model']!r}")
    return opts


def _tokenizer(out: Path):
    """A character-level CLIP tokenizer (BPE files written here): no hub needed."""
    from transformers import CLIPTokenizer

    chars = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["<|startoftext|>", "<|endoftext|>"] + list(chars) + [c + "</w>" for c in chars]
    (out / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(vocab)}))
    (out / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(str(out / "vocab.json"), str(out / "merges.txt"), pad_token="<|endoftext|>", model_max_length=77)


def build(model: str, out: Path, device: str = "cpu") -> dict[str, int]:
    """Save a random-weight pipeline of ``model``'s architecture to ``out`` (fp16 safetensors, half
    the bytes to write and read); returns the parameter count of each part. Reuses a complete one."""
    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    cfg = MODELS[model]
    marker = out / "bench_params.json"
    if marker.is_file():
        return json.loads(marker.read_text())
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tok_dir, torch.device(device):  # random init on the GPU is quick
        tokenizer = _tokenizer(Path(tok_dir))
        unet = UNet2DConditionModel(**cfg["unet"])
        text_encoder = CLIPTextModel(CLIPTextConfig(**cfg["text"]))
        vae = AutoencoderKL(**cfg["vae"])
    params = {name: sum(p.numel() for p in m.parameters())
              for name, m in (("unet", unet), ("text_encoder", text_encoder), ("vae", vae))}
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                   scheduler=EulerDiscreteScheduler(**cfg["scheduler"]), safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    pipe.to(dtype=torch.float16)
    pipe.save_pretrained(out)
    marker.write_text(json.dumps(params))
    del pipe, unet, text_encoder, vae
    gc.collect()
    return params


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()


def run(args: Any) -> dict[str, Any]:
    """Build, load through the product, time; the figures as a dict (see the module docstring)."""
    import diffusers
    import torch
    import transformers

    from studio.generate.backends import parse_spec
    from studio.generate.image import ImageGenerator
    from studio.generate.profiles import pick_device, unload

    opts = options(args)
    diffusers.utils.logging.disable_progress_bar()  # the figures, not loading bars
    diffusers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    device = opts["device"] or pick_device()
    keep = opts["workdir"] is not None
    workdir = Path(opts["workdir"] or tempfile.mkdtemp(prefix="gpu-image-"))
    started = time.perf_counter()
    params = build(opts["model"], workdir / opts["model"], device if device.startswith("cuda") else "cpu")
    built = time.perf_counter()
    entry: dict[str, Any] = {
        "role": "image", "backend": "diffusers", "path": str(workdir / opts["model"]), "dtype": opts["dtype"],
        "timestep_spacing": "trailing", "compile": False if opts["compile"] == "off" else opts["compile"],
        "generation": {"steps": 1, "guidance_scale": 0.0, "width": opts["size"], "height": opts["size"]},
    }
    if opts["channels_last"] != "auto":
        entry["channels_last"] = opts["channels_last"] == "on"
    if opts["scheduler"]:
        entry["scheduler"] = opts["scheduler"]
    gen = ImageGenerator.from_spec(parse_spec(entry), device=device)
    loaded = time.perf_counter()
    results = []
    for steps in opts["steps"]:
        for batch in opts["batches"]:
            prompts = [PROMPTS[i % len(PROMPTS)] for i in range(batch)]
            seeds = list(range(batch))
            first = time.perf_counter()
            gen.generate(prompts, seeds, steps=steps, batch_size=batch)  # warm-up (and compile, if on)
            _sync(device)
            t0 = time.perf_counter()
            for r in range(opts["repeats"]):
                images = gen.generate(prompts, [s + 1000 * (r + 1) for s in seeds], steps=steps, batch_size=batch)
            _sync(device)
            seconds = time.perf_counter() - t0
            made = batch * opts["repeats"]
            assert len(images) == batch and images[0].size == (opts["size"], opts["size"])
            results.append({"steps": steps, "batch": batch, "images": made, "seconds": round(seconds, 4),
                            "images_per_s": round(made / seconds, 3), "ms_per_image": round(1000 * seconds / made, 1),
                            "warmup_s": round(t0 - first, 3)})
    report = {
        "part": "image", "model": opts["model"], "weights": "random, built from config", "params": params,
        "size": opts["size"], "device": device, "device_name": _device_name(device), **{
            k: gen.settings[k] for k in ("dtype", "channels_last", "compile", "scheduler", "timestep_spacing")},
        "guidance_scale": 0.0, "repeats": opts["repeats"], "torch": torch.__version__, "diffusers": diffusers.__version__,
        "build_s": round(built - started, 2), "load_s": round(loaded - built, 2),
        "total_s": round(time.perf_counter() - started, 2), "results": results,
    }
    unload(gen.spec)  # free the pipeline (bench/gpu.py may run the text part in the same process)
    del gen
    gc.collect()
    if device.startswith("cuda"):
        torch.cuda.empty_cache()
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def _device_name(device: str) -> str:
    import torch

    if device.startswith("cuda"):
        return torch.cuda.get_device_name(device)
    return f"cpu ({os.cpu_count()} cores, {torch.get_num_threads()} threads)"


def table(report: dict[str, Any]) -> str:
    head = (f"image: {report['model']} ({sum(report['params'].values()) / 1e6:.0f}M params, random weights), "
            f"{report['size']}x{report['size']}, {report['device_name']}, {report['dtype']}, "
            f"channels_last {'on' if report['channels_last'] else 'off'}, compile {report['compile'] or 'off'}, "
            f"{report['scheduler']} ({report['timestep_spacing']}); build {report['build_s']} s, load {report['load_s']} s")
    rows = ["| steps | batch | images/s | ms/image | warm-up s |", "|---|---|---|---|---|"]
    rows += [f"| {r['steps']} | {r['batch']} | {r['images_per_s']:.3f} | {r['ms_per_image']:.1f} | {r['warmup_s']:.2f} |"
             for r in report["results"]]
    return "\n".join([head, *rows])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    report = run(args)
    print(table(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
