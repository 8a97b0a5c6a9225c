"""The GPU text path on a tiny random Llama (CPU): length-bucketed batches, the attention kernel, and the
static KV cache / torch.compile switches of a profile's ``runtime:``, checked on what the loaded model got."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from studio.core.errors import ModelError
from studio.generate import profiles
from studio.generate.text import TextGenerator
from tests.helpers.tiny_models import build_tiny_granite_swa, build_tiny_llama, spec


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str


LONG = " ".join(["fresh coffee for your morning in the city with our new bold and smooth taste"] * 5)
# Very different lengths, long and short interleaved, so unbucketed batches mix them.
PROMPTS = [
    Prompt("", "coffee"),
    Prompt("You write ad copy.", LONG),
    Prompt("", "shoes"),
    Prompt("You write ad copy.", LONG + " run fast"),
    Prompt("", "try our new shoes"),
    Prompt("You write ad copy.", "Write a short tagline for fresh coffee."),
]


@pytest.fixture(scope="module")
def llama(tmp_path_factory):
    return build_tiny_llama(tmp_path_factory.mktemp("llama"))


def load(path, **runtime):
    gen = TextGenerator.from_spec(spec("text", path, dtype="float32", runtime=runtime), device="cpu")
    return gen


@pytest.fixture(scope="module")
def bucketed(llama):
    return load(llama)


@pytest.fixture(scope="module")
def unbucketed(llama):
    return load(llama, bucket_by_length=False)


def widths(gen, monkeypatch):
    """Record the padded width of every batch the model is asked to continue."""
    seen: list[tuple[int, int]] = []
    real = gen.model.generate

    def spy(**kw):
        seen.append(tuple(kw["input_ids"].shape))
        return real(**kw)

    monkeypatch.setattr(gen.model, "generate", spy)
    return seen


def test_bucketed_batches_give_each_prompt_its_own_answer_in_the_callers_order(bucketed, unbucketed):
    kw = dict(max_new_tokens=6, min_new_tokens=6, temperature=0)
    one_by_one = bucketed.generate(PROMPTS, batch_size=1, **kw)
    assert bucketed.generate(PROMPTS, batch_size=2, **kw) == one_by_one
    assert unbucketed.generate(PROMPTS, batch_size=2, **kw) == one_by_one
    assert bucketed.generate(PROMPTS, batch_size=4, **kw) == one_by_one
    # Each answer is its own prompt's: the same prompt alone gives the same text.
    assert bucketed.generate([PROMPTS[3]], **kw) == [one_by_one[3]]


def test_short_prompts_are_not_padded_to_the_longest(bucketed, unbucketed, monkeypatch):
    lengths = [len(bucketed.tokenizer(bucketed.render(p), add_special_tokens=False)["input_ids"]) for p in PROMPTS]
    seen = widths(bucketed, monkeypatch)
    bucketed.generate(PROMPTS, batch_size=2, max_new_tokens=2, temperature=0)
    plain = widths(unbucketed, monkeypatch)
    unbucketed.generate(PROMPTS, batch_size=2, max_new_tokens=2, temperature=0)
    assert [b for b, _ in seen] == [b for b, _ in plain] == [2, 2, 2]
    # Sorted by length, longest first: the two long prompts share the first batch.
    assert seen[0][1] == max(lengths) and max(w for _, w in seen[1:]) < max(lengths) / 3

    def padding(batches):
        return sum(b * w for b, w in batches) - sum(lengths)

    assert padding(seen) * 4 < padding(plain), (seen, plain)


def test_same_seed_same_sampled_texts_with_buckets(bucketed):
    kw = dict(max_new_tokens=6, min_new_tokens=6, temperature=1.0, batch_size=2)
    assert bucketed.generate(PROMPTS, seed=5, **kw) == bucketed.generate(PROMPTS, seed=5, **kw)
    assert bucketed.generate(PROMPTS, seed=5, **kw) != bucketed.generate(PROMPTS, seed=6, **kw)


def test_prefill_survives_reordering(bucketed):
    from studio.generate.prompts import ChatPrompt

    prompts = [ChatPrompt(system="s", user="coffee"), ChatPrompt(system="s", user=LONG, prefill='{"a": "'),
               ChatPrompt(system="s", user="shoes", prefill="Headline:")]
    out = bucketed.generate(prompts, max_new_tokens=3, temperature=0, batch_size=2)
    assert out[1].startswith('{"a": "') and out[2].startswith("Headline:") and not out[0].startswith(("{", "Headline"))


# ------------------------------------------------------------------ what the loaded model got


def test_sdpa_attention_is_what_the_model_runs(bucketed):
    assert bucketed.model.config._attn_implementation == "sdpa"


def test_eager_can_be_asked_for(llama):
    assert load(llama, attention="eager").model.config._attn_implementation == "eager"


def test_a_model_without_sdpa_falls_back_to_eager(tmp_path, caplog):
    path = build_tiny_granite_swa(tmp_path / "granite")
    with caplog.at_level("WARNING", logger="studio.generate.text"):
        gen = load(path)
    assert gen.model.config._attn_implementation == "eager"
    assert "no sdpa attention" in caplog.text
    assert len(gen.generate(PROMPTS[:2], max_new_tokens=3, min_new_tokens=3, temperature=0)) == 2


def test_defaults_leave_the_cache_dynamic_and_compile_off(bucketed):
    gc = bucketed.model.generation_config
    assert gc.cache_implementation is None and gc.disable_compile is True and gc.compile_config is None


def test_static_cache_is_used_and_changes_no_text(llama, bucketed):
    static = load(llama, static_cache=True)
    assert static.model.generation_config.cache_implementation == "static"
    assert static.model.generation_config.disable_compile is True  # static alone must not compile
    kw = dict(max_new_tokens=6, min_new_tokens=6, temperature=0, batch_size=2)
    assert static.generate(PROMPTS, **kw) == bucketed.generate(PROMPTS, **kw)
    # transformers notes the length of the static cache it built: rounded up so similar calls reuse a shape.
    assert static.model._previous_max_cache_length == 256


@pytest.mark.slow  # inductor compiles C++ for the CPU: ~75 s on the shared 2-core machine
def test_compile_compiles_the_decode_step_and_changes_no_text(llama, bucketed):
    import torch._dynamo

    compiled = load(llama, static_cache=True, compile=True)
    gc = compiled.model.generation_config
    assert gc.disable_compile is False and gc.compile_config is not None and gc.cache_implementation == "static"
    torch._dynamo.reset()
    torch._dynamo.utils.counters.clear()
    kw = dict(max_new_tokens=4, min_new_tokens=4, temperature=0, batch_size=4)
    assert compiled.generate(PROMPTS[:2], **kw) == bucketed.generate(PROMPTS[:2], **kw)
    assert torch._dynamo.utils.counters["stats"]["unique_graphs"] >= 1




@pytest.mark.parametrize("runtime, line, words", [
    ("runtime: {compile: true, static_cache: true, cuda_graphs: true}", 6, ["cuda_graphs", "Extra inputs"]),
    ("runtime: {compile: true}", 6, ["compile: true needs static_cache: true"]),
    ("runtime: {attention: flash}", 6, ["attention", "sdpa", "eager"]),
])
def test_bad_runtime_is_a_profile_error_at_its_line(models_dir, runtime, line, words):
    (models_dir / "gpu.yaml").write_text(textwrap.dedent(f"""\
        name: gpu
        models:
          - role: text
            backend: transformers
            id: Qwen/Qwen2.5-1.5B-Instruct
            {runtime}
        """))
    with pytest.raises(ModelError) as err:
        profiles.load_profile("gpu")
    text = str(err.value)
    assert f"gpu.yaml:{line}" in text, text
    assert all(w in text for w in words), text
