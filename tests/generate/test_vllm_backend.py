"""The vllm backend's contract without a GPU: a fake ``vllm`` module (tests/helpers/fake_vllm.py) stands in
for the engine; the tests check what the backend sends it and what it returns, and how it reports a
machine without vLLM."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from studio.core.errors import ModelError
from studio.generate import profiles
from studio.generate.backends import ROLE_PROTOCOLS, get_backend, load_model, parse_spec
from studio.generate.prompts import ChatPrompt
from studio.generate.vllm_backend import VllmGenerator
from tests.helpers import fake_vllm
from tests.helpers.tiny_models import build_tiny_llama


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build_tiny_llama(tmp_path_factory.mktemp("llama"))  # only its tokenizer and chat template are used


def vllm_spec(folder, **extra):
    return parse_spec({"role": "text", "backend": "vllm", "path": str(folder),
                       "generation": {"max_new_tokens": 5, "min_new_tokens": 2, "temperature": 0.7, "top_p": 0.8,
                                      "repetition_penalty": 1.1},
                       **extra})


@pytest.fixture
def with_vllm(monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", fake_vllm)
    fake_vllm.LLM.created.clear()
    return fake_vllm


@pytest.fixture
def without_vllm(monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)  # `import vllm` raises ImportError


def test_without_vllm_the_model_is_absent_and_the_reason_is_the_pip_command(folder, without_vllm):
    status = get_backend("vllm").status(vllm_spec(folder))
    assert not status.present and "pip install 'studio[vllm]'" in status.reason and "GPU" in status.reason


def test_loading_without_vllm_is_a_model_error_with_the_fix(folder, without_vllm):
    with pytest.raises(ModelError) as err:
        VllmGenerator.from_spec(vllm_spec(folder))
    assert "pip install 'studio[vllm]'" in err.value.fix and "vLLM" in err.value.message


def test_with_vllm_a_local_model_is_present(folder, with_vllm):
    assert get_backend("vllm").status(vllm_spec(folder)).present


def test_the_engine_gets_the_profile_settings(folder, with_vllm):
    gen = VllmGenerator.from_spec(vllm_spec(folder, gpu_memory_utilization=0.5, max_model_len=2048,
                                            tensor_parallel_size=2, dtype="bfloat16"))
    assert isinstance(gen, ROLE_PROTOCOLS["text"])
    [llm] = with_vllm.LLM.created
    assert llm.model == str(folder)
    assert llm.kwargs == {"dtype": "bfloat16", "gpu_memory_utilization": 0.5, "max_model_len": 2048,
                          "tensor_parallel_size": 2, "enforce_eager": False}


def test_one_call_with_every_prompt_rendered_by_the_chat_template(folder, with_vllm):
    gen = VllmGenerator.from_spec(vllm_spec(folder))
    prompts = [Prompt("You write ad copy.", "coffee"), Prompt("", "shoes for the city"),
               ChatPrompt(system="s", user="write json", prefill='{"a": "')]
    out = gen.generate(prompts, seed=3, batch_size=2)
    [llm] = with_vllm.LLM.created
    [(sent, params)] = llm.calls  # one engine call for all prompts, whatever the batch size
    chatml = ["<|im_start|>system\nYou write ad copy.<|im_end|>\n<|im_start|>user\ncoffee<|im_end|>\n"
              "<|im_start|>assistant\n",
              "<|im_start|>user\nshoes for the city<|im_end|>\n<|im_start|>assistant\n",  # no empty system turn
              '<|im_start|>system\ns<|im_end|>\n<|im_start|>user\nwrite json<|im_end|>\n<|im_start|>assistant\n{"a": "']
    # Token ids of the templated text, without a second BOS on top of the template's own.
    assert [r["prompt_token_ids"] for r in sent] == [llm.tokenizer(t, add_special_tokens=False)["input_ids"]
                                                     for t in chatml]
    # The profile's sampling settings, one SamplingParams per prompt.
    assert len(params) == 3
    for p in params:
        assert (p.temperature, p.top_p, p.max_tokens, p.min_tokens, p.repetition_penalty) == (0.7, 0.8, 5, 2, 1.1)
    # The answers come back in order, stripped, the prefill in front.
    assert len(out) == 3 and out[2].startswith('{"a": "') and out[0] == out[0].strip() and out[0]


def test_call_arguments_override_the_profile_and_greedy_has_no_top_p(folder, with_vllm):
    gen = VllmGenerator.from_spec(vllm_spec(folder))
    out = gen.generate([Prompt("", "coffee")], max_new_tokens=3, min_new_tokens=9, temperature=0, top_p=0.5)
    [(_, [p])] = with_vllm.LLM.created[0].calls
    assert (p.temperature, p.top_p, p.max_tokens, p.min_tokens) == (0, 1.0, 3, 3)  # min capped at max
    assert out == [" ".join(fake_vllm.WORDS[:3])]


def test_seeds_are_per_prompt_so_a_text_does_not_depend_on_its_neighbours(folder, with_vllm):
    gen = VllmGenerator.from_spec(vllm_spec(folder))
    a, b = Prompt("", "coffee"), Prompt("", "shoes")
    both = gen.generate([a, b], seed=1)
    assert gen.generate([b], seed=1) == [both[1]]
    assert gen.generate([a, b], seed=1) == both and gen.generate([a, b], seed=2) != both
    seeds = [p.seed for p in with_vllm.LLM.created[0].calls[0][1]]
    assert len(set(seeds)) == 2 and all(isinstance(s, int) for s in seeds)
    gen.generate([a, a], seed=1)
    repeat = [p.seed for p in with_vllm.LLM.created[0].calls[-1][1]]
    assert repeat[0] != repeat[1]  # two drafts of one prompt are two different samples


def test_bad_input_fails_before_the_engine_is_called(folder, with_vllm):
    gen = VllmGenerator.from_spec(vllm_spec(folder))
    with pytest.raises(ValueError, match="is empty"):
        gen.generate([Prompt("s", " ")])
    assert with_vllm.LLM.created[0].calls == []


def test_load_model_goes_through_the_registry(folder, with_vllm):
    spec = vllm_spec(folder)
    try:
        assert isinstance(load_model(spec), VllmGenerator)
    finally:
        profiles.unload(spec)


def test_an_engine_failure_is_a_model_error(folder, with_vllm, monkeypatch):
    def broken(model, **kwargs):
        raise RuntimeError("No CUDA GPUs are available")

    monkeypatch.setattr(with_vllm, "LLM", broken)
    with pytest.raises(ModelError, match="No CUDA GPUs are available") as err:
        VllmGenerator.from_spec(vllm_spec(folder))
    assert "CUDA" in err.value.fix


def test_no_repeat_ngram_size_is_refused_at_validation(folder):
    with pytest.raises(ValueError, match="no_repeat_ngram_size"):
        parse_spec({"role": "text", "backend": "vllm", "path": str(folder), "generation": {"no_repeat_ngram_size": 3}})
    with pytest.raises(ValueError, match="vllm has no dry_multiplier"):  # llama.cpp's DRY sampler: not in vLLM
        parse_spec({"role": "text", "backend": "vllm", "path": str(folder), "generation": {"dry_multiplier": 0.8}})


def test_presence_and_frequency_penalties_reach_the_sampler(folder, with_vllm):
    spec = parse_spec({"role": "text", "backend": "vllm", "path": str(folder),
                       "generation": {"presence_penalty": 0.4, "frequency_penalty": 0.2}})
    VllmGenerator.from_spec(spec).generate([Prompt("", "coffee")])
    [(_, [params])] = with_vllm.LLM.created[0].calls
    assert (params.presence_penalty, params.frequency_penalty) == (0.4, 0.2)


def test_the_shipped_vllm_profile_loads_and_says_it_needs_vllm_and_a_gpu(without_vllm):
    profile = profiles.load_profile("large-vllm")
    text = profile.model_for("text")
    assert text.backend == "vllm" and "vllm" in text.description and "GPU" in text.description
    assert not get_backend("vllm").status(text).present
