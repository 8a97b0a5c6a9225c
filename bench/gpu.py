"""GPU benchmark (issue 14): text tokens/s of the pipeline against bare ``model.generate`` and against the
memory-bandwidth roofline; the image part lives in bench/gpu_image.py (``run(args) -> dict``) when present.

On a GPU machine, the whole thing in one go (text: qwen2.5-1.5b, batches 1/8/32/64, 128 new tokens, runtimes
default, static KV cache and torch.compile, best of 2 runs; the text part starts nothing new after
--budget-s 240 s, leaving the rest of 8 minutes to a compile step already started and to the image part,
bench/gpu_image.py, at its own defaults, changed with --image-<option>, e.g. --image-batches 1,4; the JSON
is rewritten after each runtime, so a run cut short keeps its figures):

    python bench/gpu.py --part all --json out.json

Text only, other models and settings:

    python bench/gpu.py --part text --model qwen2.5-7b --batches 1,8,32,64 --new-tokens 128 --json out.json
    python bench/gpu.py --part text --runtime default --budget-s 600      # without static cache / compile
    python bench/gpu.py --part text --model tiny --new-tokens 16 --bandwidth-gbs 20   # any CPU, < 1 minute
    python bench/gpu.py --part text --model qwen2.5-1.5b --batches 1,8 --new-tokens 16   # CPU: minutes

No model hub is reachable, and speed does not depend on the weights' values: the bench builds the real
architecture from its config.json (embedded below) with random weights, saves it with save_pretrained and
loads it through the product's loader (``TextGenerator.from_spec``: dtype, attention kernel and runtime as a
profile gives them). The tokenizer is a byte-level one built in code (Qwen's specials and ChatML template,
no merges); prompts are ad-copy requests of ``--prompt-tokens`` tokens. Every run generates exactly
``--new-tokens`` tokens (min = max, so EOS is never chosen), greedy.

Figures, per batch size B (B prompts, one batch):
- pipeline tok/s: ``TextGenerator.generate(prompts, batch_size=B)``, B * new tokens / wall time;
- bare tok/s: ``model.generate`` on the same prompts, tokenised and padded up front; the ratio of the two;
- batch-1 decode tok/s: (new - 1) / (time for new tokens - time for 1 token), prefill excluded, against the
  roofline bandwidth / bytes read per decoded token (every weight once; an untied input embedding only reads
  one row, so it is left out). Bandwidth: ``--bandwidth-gbs``, else the vendor figure for the GPU's name;
- the speedup of the largest batch over batch 1.
Targets (issue 14, on a GPU): pipeline >= 90% of bare, batch-1 decode >= 60% of the roofline, >= 20x at batch 64.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# config.json of Qwen/Qwen2.5-1.5B-Instruct and Qwen/Qwen2.5-7B-Instruct (hub revisions of 2024-09), the
# fields that shape the network; "tiny" is the same architecture scaled down for CPU runs and tests.
CONFIGS: dict[str, dict[str, Any]] = {
    "qwen2.5-1.5b": {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "attention_dropout": 0.0,
        "bos_token_id": 151643, "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 1536,
        "initializer_range": 0.02, "intermediate_size": 8960, "max_position_embeddings": 32768,
        "max_window_layers": 21, "num_attention_heads": 12, "num_hidden_layers": 28, "num_key_value_heads": 2,
        "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": True,
        "torch_dtype": "bfloat16", "use_cache": True, "use_sliding_window": False, "vocab_size": 151936,
    },
    "qwen2.5-7b": {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "attention_dropout": 0.0,
        "bos_token_id": 151643, "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 3584,
        "initializer_range": 0.02, "intermediate_size": 18944, "max_position_embeddings": 32768,
        "max_window_layers": 28, "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
        "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 131072, "tie_word_embeddings": False,
        "torch_dtype": "bfloat16", "use_cache": True, "use_sliding_window": False, "vocab_size": 152064,
    },
    "tiny": {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_act": "silu", "hidden_size": 64,
        "intermediate_size": 128, "max_position_embeddings": 4096, "num_attention_heads": 4,
        "num_hidden_layers": 2, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
        "tie_word_embeddings": True, "torch_dtype": "float32", "use_cache": True, "vocab_size": 4096,
        "bos_token_id": 2, "eos_token_id": 3,
    },
}

# Peak memory bandwidth in GB/s from the vendors' spec sheets, first match on torch.cuda.get_device_name().
BANDWIDTH_GBS: list[tuple[str, float]] = [
    ("H200", 4800), ("H100 NVL", 3900), ("H100 PCIe", 2000), ("H100", 3350), ("GH200", 4000),
    ("A100-SXM4-80GB", 2039), ("A100 80GB PCIe", 1935), ("A100", 1555), ("L40S", 864), ("L40", 864),
    ("A10G", 600), ("A10", 600), ("L4", 300), ("RTX 4090", 1008), ("RTX 3090", 936), ("V100", 900), ("T4", 320),
]
RUNTIMES: dict[str, dict[str, bool]] = {
    "default": {},
    "static": {"static_cache": True},
    "compile": {"static_cache": True, "compile": True},
}
# Issue 14's targets, checked on a GPU.
TARGET_RATIO, TARGET_ROOFLINE, TARGET_SPEEDUP = 0.90, 0.60, 20.0


@dataclass(frozen=True)
class Prompt:  # the shape of studio.generate.prompts.ChatPrompt
    system: str
    user: str


def bandwidth_for(name: str) -> float | None:
    for pattern, gbs in BANDWIDTH_GBS:
        if pattern.lower() in name.lower():
            return gbs
    return None


def build_model(name: str, cache_dir: Path) -> Path:
    """Random weights for ``name``'s architecture, saved once (bf16 for the real sizes) under cache_dir."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config_values = CONFIGS[name]
    out = cache_dir / f"{name}-random"
    if (out / "config.json").is_file() and (out / "tokenizer_config.json").is_file():
        return out
    tok = byte_tokenizer()
    config = AutoConfig.for_model(**{k: v for k, v in config_values.items() if k not in ("architectures", "torch_dtype")})
    dtype = getattr(torch, config_values["torch_dtype"])
    device = "cuda" if torch.cuda.is_available() else "cpu"  # random init of billions of weights is fast there
    torch.manual_seed(0)
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)
    tmp = out.with_name(out.name + ".partial")
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    del model
    tmp.rename(out)
    return out


CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")  # Qwen2.5's turn markers


def byte_tokenizer():
    """A byte-level BPE tokenizer without merges (256 byte tokens + Qwen's specials) and a ChatML template:
    any text tokenises, no file is needed, and transformers loads it as the Qwen2 tokenizer class."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    vocab = {c: i for i, c in enumerate(sorted(pre_tokenizers.ByteLevel.alphabet()))}
    vocab.update({s: len(vocab) + i for i, s in enumerate(specials)})
    backend = Tokenizer(models.BPE(vocab, []))
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    backend.add_special_tokens(specials)
    tok = PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<|endoftext|>", eos_token="<|im_end|>")
    tok.chat_template = CHATML
    return tok


WORDS = ("fresh coffee for your morning run fast in our new shoes enjoy the bold taste today try the smooth "
         "blend this summer light and strong day and night").split()


def make_prompts(tokenizer: Any, render: Any, n: int, length: int) -> list[Prompt]:
    """``n`` different ad-copy prompts of ``length`` template tokens (or the first length above it)."""
    system = "You write ad copy."

    def size(user: str) -> int:
        return len(tokenizer(render(Prompt(system, user)), add_special_tokens=False)["input_ids"])

    out = []
    for i in range(n):
        words = [WORDS[i % len(WORDS)]]
        while size(" ".join(words)) < length:
            words.append(WORDS[(i + len(words)) % len(WORDS)])
        out.append(Prompt(system, " ".join(words)))
    return out


def sync() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def timed(fn, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """(seconds, fn's result), the GPU's queued work included."""
    sync()
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    sync()
    return time.perf_counter() - t0, result


def weight_bytes(model: Any) -> tuple[int, int, int]:
    """(parameters, bytes of all weights, bytes read per decoded token)."""
    params = list(model.parameters())  # shared (tied) tensors appear once
    total = sum(p.numel() * p.element_size() for p in params)
    inp, out = model.get_input_embeddings().weight, model.get_output_embeddings().weight
    per_token = total if inp is out else total - inp.numel() * inp.element_size()
    return sum(p.numel() for p in params), total, per_token


def run_text(args: argparse.Namespace, started: float, progress=lambda report: None) -> dict[str, Any]:
    """The text figures for each ``--runtime`` variant; ``progress(report)`` after each, so a run cut short
    keeps what it measured. A variant that fails is recorded with its error and the next one runs."""
    import torch
    import transformers

    from studio.generate import profiles

    device = profiles.pick_device()
    cuda = device.startswith("cuda")
    device_name = torch.cuda.get_device_name() if cuda else (platform.processor() or platform.machine())
    bandwidth = args.bandwidth_gbs or (bandwidth_for(device_name) if cuda else None)
    build_s, folder = timed(build_model, args.model, Path(args.cache_dir))
    report: dict[str, Any] = {
        "model": args.model, "architecture": CONFIGS[args.model]["architectures"][0], "weights": "random (from config)",
        "device": device, "device_name": device_name, "bandwidth_gbs": bandwidth,
        "bandwidth_source": "--bandwidth-gbs" if args.bandwidth_gbs else ("vendor spec sheet" if bandwidth else None),
        "new_tokens": args.new_tokens, "prompt_tokens": args.prompt_tokens,
        "batches": [int(b) for b in args.batches.split(",")], "build_s": round(build_s, 1),
        "torch": torch.__version__, "transformers": transformers.__version__, "runtimes": {},
    }
    for name in args.runtime.split(","):
        if time.perf_counter() - started > args.budget_s:
            report["runtimes"][name] = {"skipped": f"time budget of {args.budget_s} s spent"}
            continue
        try:
            report["runtimes"][name] = measure(name, folder, device, bandwidth, report["batches"], args, started)
        except Exception as exc:  # noqa: BLE001 - one variant failing (e.g. compile) must not lose the others
            report["runtimes"][name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
            print(f"  [{name}] failed: {type(exc).__name__}: {exc}", flush=True)
        if cuda:
            torch.cuda.empty_cache()
        progress(report)
    return report


def measure(name: str, folder: Path, device: str, bandwidth: float | None, batches: list[int],
            args: argparse.Namespace, started: float) -> dict[str, Any]:
    """Pipeline and bare tokens/s at each batch size, batch-1 decode and the speedup, for one runtime."""
    import torch

    from studio.generate import profiles
    from studio.generate.backends import parse_spec
    from studio.generate.text import TextGenerator, left_pad

    cuda, new = device.startswith("cuda"), args.new_tokens
    spec = parse_spec({"role": "text", "backend": "transformers", "path": str(folder), "dtype": args.dtype,
                       "runtime": RUNTIMES[name], "generation": {"temperature": 0.0}})
    load_s, gen = timed(TextGenerator.from_spec, spec, device=device)
    model, tok = gen.model, gen.tokenizer
    n_params, total_bytes, token_bytes = weight_bytes(model)
    res: dict[str, Any] = {
        "runtime": spec.runtime.model_dump(), "dtype": str(model.dtype).removeprefix("torch."),
        "attention": model.config._attn_implementation, "load_s": round(load_s, 2), "params": n_params,
        "weight_bytes": total_bytes, "decode_bytes_per_token": token_bytes, "rows": [], "skipped": [],
    }
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    all_prompts = make_prompts(tok, gen.render, max(batches), args.prompt_tokens)
    res["prompt_tokens_actual"] = len(tok(gen.render(all_prompts[0]), add_special_tokens=False)["input_ids"])

    def pipeline(ps: list[Prompt], tokens: int):
        return gen.generate(ps, max_new_tokens=tokens, min_new_tokens=tokens, temperature=0, batch_size=len(ps), seed=0)

    def bare(ps: list[Prompt], tokens: int):
        # Tokenising is inside the timed call, as it is for the pipeline.
        enc = left_pad(tok([gen.render(p) for p in ps], add_special_tokens=False)["input_ids"], tok.pad_token_id, device)
        with torch.inference_mode():
            ids = model.generate(**enc, max_new_tokens=tokens, min_new_tokens=tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
        return ids[:, enc["input_ids"].shape[1] :]

    try:
        for b in batches:
            if time.perf_counter() - started > args.budget_s:
                res["skipped"].append({"batch": b, "why": f"time budget of {args.budget_s} s spent"})
                continue
            ps = all_prompts[:b]
            warm = new if cuda else min(new, 2)  # CUDA: kernels, autotuning and graphs are per shape
            for fn in (pipeline, bare):
                fn(ps, warm)
            best: dict[str, float] = {}
            for _ in range(args.repeats):
                for label, fn in (("pipeline", pipeline), ("bare", bare)):
                    seconds, out = timed(fn, ps, new)
                    # One text per prompt; exactly `new` tokens each (EOS ignored), or the figures mean nothing.
                    assert len(out) == b if label == "pipeline" else tuple(out.shape) == (b, new), (label, b)
                    best[label] = min(best.get(label, float("inf")), seconds)
            row = {"batch": b, "pipeline_s": round(best["pipeline"], 4), "bare_s": round(best["bare"], 4),
                   "pipeline_tok_s": round(b * new / best["pipeline"], 2), "bare_tok_s": round(b * new / best["bare"], 2)}
            row["ratio"] = round(row["pipeline_tok_s"] / row["bare_tok_s"], 3)
            res["rows"].append(row)
            print(f"  [{name}] batch {b:>3}: pipeline {row['pipeline_tok_s']:>10.1f} tok/s, bare "
                  f"{row['bare_tok_s']:>10.1f} tok/s, ratio {row['ratio']:.3f}", flush=True)
        if 1 in batches and new > 1 and time.perf_counter() - started > args.budget_s:
            res["skipped"].append({"batch": "decode", "why": f"time budget of {args.budget_s} s spent"})
        elif 1 in batches and new > 1:
            ps = all_prompts[:1]
            decode: dict[str, Any] = {}
            for label, fn in (("pipeline", pipeline), ("bare", bare)):
                fn(ps, 1)
                t1 = min(timed(fn, ps, 1)[0] for _ in range(args.repeats))
                tn = min(timed(fn, ps, new)[0] for _ in range(args.repeats))
                decode[f"{label}_tok_s"] = round((new - 1) / max(tn - t1, 1e-9), 2)
            if bandwidth:
                decode["roofline_tok_s"] = round(bandwidth * 1e9 / token_bytes, 2)
                decode["fraction_of_roofline"] = round(decode["pipeline_tok_s"] / decode["roofline_tok_s"], 3)
            res["decode_batch1"] = decode
    finally:
        profiles.unload(spec)
    rows = {r["batch"]: r for r in res["rows"]}
    if 1 in rows and len(rows) > 1:
        top = max(rows)
        res["speedup"] = {"batch": top, "pipeline": round(rows[top]["pipeline_tok_s"] / rows[1]["pipeline_tok_s"], 2),
                          "bare": round(rows[top]["bare_tok_s"] / rows[1]["bare_tok_s"], 2)}
    res["targets"] = targets(res, cuda)
    return res


def targets(res: dict[str, Any], cuda: bool) -> dict[str, Any]:
    """Issue 14's targets against this run; they are GPU targets, so a CPU run says so."""
    out: dict[str, Any] = {"on_gpu": cuda}
    if res["rows"]:
        out["pipeline_ge_90pct_of_bare"] = all(r["ratio"] >= TARGET_RATIO for r in res["rows"])
    fraction = res.get("decode_batch1", {}).get("fraction_of_roofline")
    if fraction is not None:
        out["decode_ge_60pct_of_roofline"] = fraction >= TARGET_ROOFLINE
    speedup = res.get("speedup")
    if speedup and speedup["batch"] >= 64:
        out["batch64_ge_20x_batch1"] = speedup["pipeline"] >= TARGET_SPEEDUP
    return out


def size(n: float) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e8 else f"{n / 1e6:.2f} MB"


def print_text(report: dict[str, Any]) -> None:
    print(f"\ntext: {report['model']} ({report['architecture']}, {report['weights']}) on {report['device']} "
          f"({report['device_name']}), {report['prompt_tokens']} prompt tokens, {report['new_tokens']} new tokens, greedy")
    for name, res in report["runtimes"].items():
        if "rows" not in res:
            print(f"\n[{name}] {res}")
            continue
        print(f"\n[{name}] runtime {res['runtime']}, {res['dtype']}, attention {res['attention']}, "
              f"{res['params'] / 1e6:.1f} M params, {size(res['weight_bytes'])} of weights, load {res['load_s']} s")
        print("| batch | pipeline tok/s | bare tok/s | pipeline / bare |")
        print("|------:|---------------:|-----------:|----------------:|")
        for r in res["rows"]:
            print(f"| {r['batch']:>5} | {r['pipeline_tok_s']:>14.1f} | {r['bare_tok_s']:>10.1f} | {r['ratio']:>15.3f} |")
        for s in res["skipped"]:
            print(f"| {s['batch']:>5} | skipped: {s['why']} |")
        d = res.get("decode_batch1")
        if d:
            roof = (f", roofline {d['roofline_tok_s']:.1f} tok/s ({report['bandwidth_gbs']} GB/s / "
                    f"{size(res['decode_bytes_per_token'])} per token): {d['fraction_of_roofline']:.1%}"
                    if "roofline_tok_s" in d else ", roofline: no bandwidth known (--bandwidth-gbs)")
            print(f"batch-1 decode: pipeline {d['pipeline_tok_s']:.1f} tok/s, bare {d['bare_tok_s']:.1f} tok/s{roof}")
        if res.get("speedup"):
            s = res["speedup"]
            print(f"batch {s['batch']} vs batch 1: pipeline {s['pipeline']}x, bare {s['bare']}x")
        print(f"targets: {res['targets']}")


def image_module():
    """bench/gpu_image.py when this tree has it (another part of issue 14), else None."""
    if importlib.util.find_spec("bench.gpu_image") is None:
        return None
    return importlib.import_module("bench.gpu_image")


def build_parser(with_image: bool = True) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["text", "image", "all"], default="all")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--budget-s", type=float, default=240.0,
                    help="the text part starts no new measurement after this many seconds (default 240, so that "
                         "text and image together stay under 8 minutes)")
    text = ap.add_argument_group("text")
    text.add_argument("--model", choices=sorted(CONFIGS), default="qwen2.5-1.5b")
    text.add_argument("--batches", default="1,8,32,64", help="comma-separated batch sizes (default 1,8,32,64)")
    text.add_argument("--new-tokens", type=int, default=128)
    text.add_argument("--prompt-tokens", type=int, default=128)
    text.add_argument("--runtime", default=None,
                      help=f"comma-separated runtime variants of {', '.join(RUNTIMES)} (default: all three on CUDA, "
                           "default on CPU, where compiling takes minutes)")
    text.add_argument("--dtype", default="auto", choices=["auto", "bfloat16", "float16", "float32"],
                      help="auto: what the product picks (bf16 on CUDA, fp32 on CPU)")
    text.add_argument("--bandwidth-gbs", type=float, help="memory bandwidth for the roofline (default: by GPU name)")
    text.add_argument("--repeats", type=int, default=None,
                      help="timed runs per figure, the fastest counts (default 2 on CUDA, 1 on CPU)")
    text.add_argument("--cache-dir", default=str(Path(os.environ.get("STUDIO_CACHE_DIR", Path.home() / ".cache" / "studio"))
                                                 / "bench-gpu"), help="where the random-weight models are kept")
    module = image_module() if with_image else None
    if module is not None and hasattr(module, "add_arguments"):
        module.add_arguments(ap.add_argument_group("image"))
    elif module is not None and isinstance(getattr(module, "DEFAULTS", None), dict):
        # bench/gpu_image.py reads image_<name> before <name>: give each of its options an --image-<name>
        # here, at its default, so the text part's --batches, --repeats or --dtype never reach the images.
        image = ap.add_argument_group("image (bench/gpu_image.py)")
        for key, default in module.DEFAULTS.items():
            if key != "json":
                image.add_argument(f"--image-{key.replace('_', '-')}", default=default,
                                   type=type(default) if isinstance(default, (int, float)) else None)
    return ap


def main(argv: list[str] | None = None) -> dict[str, Any]:
    import torch

    args = build_parser().parse_args(argv)
    cuda = torch.cuda.is_available()
    if args.runtime is None:
        args.runtime = ",".join(RUNTIMES) if cuda else "default"  # compiling on a CPU takes minutes
    if args.repeats is None:
        args.repeats = 2 if cuda else 1
    unknown = sorted(set(args.runtime.split(",")) - set(RUNTIMES))
    if unknown:
        raise SystemExit(f"--runtime: unknown variant(s) {', '.join(unknown)}; use {', '.join(RUNTIMES)}")
    started = time.perf_counter()
    out: dict[str, Any] = {"bench": "bench/gpu.py", "argv": sys.argv[1:] if argv is None else argv,
                           "uptime": uptime(), "measured_on_gpu": False}

    def save(text: dict[str, Any] | None = None) -> None:
        if text is not None:
            out["text"] = text
        if args.json:
            args.json.write_text(json.dumps(out, indent=2))

    if args.part in ("text", "all"):
        out["text"] = run_text(args, started, progress=save)
        out["measured_on_gpu"] = out["text"]["device"].startswith("cuda")
        print_text(out["text"])
    if args.part in ("image", "all"):
        module = image_module()
        if module is None:
            if args.part == "image":
                raise SystemExit("bench/gpu_image.py is not in this tree: the image part is not available")
            out["image"] = {"skipped": "bench/gpu_image.py is not in this tree"}
        else:
            out["image"] = module.run(args)
            out["measured_on_gpu"] = out["measured_on_gpu"] or str(out["image"].get("device", "")).startswith("cuda")
            if hasattr(module, "table"):
                print("\n" + module.table(out["image"]))
    out["wall_s"] = round(time.perf_counter() - started, 1)
    print(f"\nwall time {out['wall_s']} s; load at start: {out['uptime']}")
    save()
    if args.json:
        print(f"wrote {args.json}")
    return out


def uptime() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
