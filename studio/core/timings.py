"""Where a run's time goes: wall and CPU seconds per phase (model load, model calls, checks, storing) and, per
model call, how many prompts it held and how many tokens it read (from the prompt cache or not) and wrote.

Off unless a caller opens ``recording()`` (``studio generate --timings``): ``phase`` and ``model_call`` then
cost two clock reads. Phases nest; a phase's seconds exclude the phases opened inside it, so the phases of a
run add up to its wall time. Token counts do not depend on the machine's load; wall seconds do. CPU seconds are
the process's (every thread's, llama.cpp's included: ``time.process_time``): on a shared machine they move far
less with the load than wall seconds, so a change's cost is compared in them and in tokens.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Iterator
from typing import Any


@dataclasses.dataclass
class ModelCall:
    """One batched call to a text model: ``prompts`` prompts decoded ``slots`` at a time."""

    phase: str
    prompts: int
    slots: int
    prompt_tokens: int  # prompt tokens read, cached ones included
    cached_tokens: int  # of those, taken from the KV cache (not evaluated again)
    generated_tokens: int
    stopped: int  # replies that ended on their own (a stop sequence or end of turn), not on the token budget
    wall_s: float
    cpu_s: float = 0.0  # the process's CPU seconds during the call (all threads)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "wall_s": round(self.wall_s, 2), "cpu_s": round(self.cpu_s, 2)}


@dataclasses.dataclass
class Timings:
    """Wall and CPU seconds per phase (exclusive of nested phases) and the model calls of one recording."""

    phases: dict[str, float] = dataclasses.field(default_factory=dict)
    cpu: dict[str, float] = dataclasses.field(default_factory=dict)  # CPU seconds per phase
    calls: list[ModelCall] = dataclasses.field(default_factory=list)
    started: float = dataclasses.field(default_factory=lambda: time.perf_counter())
    started_cpu: float = dataclasses.field(default_factory=lambda: time.process_time())
    # [start, seconds of nested phases, CPU start, CPU seconds of nested phases]
    _stack: list[list[float]] = dataclasses.field(default_factory=list)
    _names: list[str] = dataclasses.field(default_factory=list)

    @property
    def current(self) -> str:
        return self._names[-1] if self._names else "other"

    def summary(self) -> dict[str, Any]:
        """Phases (seconds, CPU seconds, calls, tokens) and the calls, as JSON-ready data; ``wall_s`` and ``cpu_s``
        are since recording began."""
        wall, cpu = time.perf_counter() - self.started, time.process_time() - self.started_cpu
        per: dict[str, dict[str, Any]] = {name: {"seconds": round(s, 2), "cpu_s": round(self.cpu.get(name, 0.0), 2)}
                                          for name, s in self.phases.items()}
        for call in self.calls:
            row = per.setdefault(call.phase, {"seconds": 0.0})
            for key in ("prompts", "prompt_tokens", "cached_tokens", "generated_tokens", "stopped"):
                row[key] = row.get(key, 0) + getattr(call, key)
            row["calls"] = row.get("calls", 0) + 1
        totals = {key: sum(getattr(c, key) for c in self.calls)
                  for key in ("prompts", "prompt_tokens", "cached_tokens", "generated_tokens", "stopped")}
        return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "model_calls": len(self.calls), **totals,
                "unaccounted_s": round(wall - sum(self.phases.values()), 2), "phases": per,
                "calls": [c.as_dict() for c in self.calls]}


_lock = threading.Lock()
_active: Timings | None = None


@contextlib.contextmanager
def recording() -> Iterator[Timings]:
    """Record phases and model calls of this process until the block ends."""
    global _active
    with _lock:
        previous, _active = _active, Timings()
        mine = _active
    try:
        yield mine
    finally:
        with _lock:
            _active = previous


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Count the block's wall seconds under ``name`` (less the phases nested in it); nothing when off."""
    rec = _active
    if rec is None:
        yield
        return
    rec._stack.append([time.perf_counter(), 0.0, time.process_time(), 0.0])
    rec._names.append(name)
    try:
        yield
    finally:
        start, nested, cpu_start, cpu_nested = rec._stack.pop()
        rec._names.pop()
        spent, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        rec.phases[name] = rec.phases.get(name, 0.0) + spent - nested
        rec.cpu[name] = rec.cpu.get(name, 0.0) + cpu - cpu_nested
        if rec._stack:
            rec._stack[-1][1] += spent
            rec._stack[-1][3] += cpu


def model_call(**fields: Any) -> None:
    """Record one batched model call (the fields of ``ModelCall`` but ``phase``) under the current phase."""
    rec = _active
    if rec is not None:
        rec.calls.append(ModelCall(phase=rec.current, **fields))
