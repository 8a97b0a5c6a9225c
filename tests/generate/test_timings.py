"""Where a run's time goes (studio.core.timings): phases exclude the phases nested in them, so they add
up to the run; nothing is recorded outside a recording."""

from __future__ import annotations

import pytest

from studio.core import timings


def test_nested_phases_are_not_counted_twice(monkeypatch):
    # A clock the test moves (sleeps measured 0.075 s for a 0.02 s phase on a loaded CI machine).
    now = [100.0]
    monkeypatch.setattr(timings.time, "perf_counter", lambda: now[0])
    with timings.recording() as rec:
        with timings.phase("copy"):
            now[0] += 0.02
            with timings.phase("checks"):
                now[0] += 0.05
                timings.model_call(prompts=3, slots=2, prompt_tokens=300, cached_tokens=100, generated_tokens=40,
                                   stopped=2, wall_s=0.01)
    assert rec.phases["checks"] == pytest.approx(0.05)
    assert rec.phases["copy"] == pytest.approx(0.02)  # the nested 0.05 s are the checks', not the copy's
    summary = rec.summary()
    assert summary["phases"]["checks"]["generated_tokens"] == 40 and summary["prompts"] == 3
    assert summary["calls"][0]["phase"] == "checks"


def test_cpu_seconds_are_counted_per_phase_like_wall_seconds(monkeypatch):
    # Two clocks the test moves: a phase that waited (wall) and one that computed (CPU) read apart.
    wall, cpu = [100.0], [10.0]
    monkeypatch.setattr(timings.time, "perf_counter", lambda: wall[0])
    monkeypatch.setattr(timings.time, "process_time", lambda: cpu[0])
    with timings.recording() as rec:
        with timings.phase("copy candidates"):
            wall[0] += 3.0
            cpu[0] += 5.5  # two threads busy
            with timings.phase("copy gates and checks"):
                wall[0] += 1.0
                cpu[0] += 0.9
        summary = rec.summary()
    assert summary["phases"]["copy candidates"]["cpu_s"] == pytest.approx(5.5)
    assert summary["phases"]["copy gates and checks"]["cpu_s"] == pytest.approx(0.9)
    assert summary["cpu_s"] == pytest.approx(6.4) and summary["wall_s"] == pytest.approx(4.0)


def test_nothing_is_recorded_outside_a_recording():
    with timings.phase("copy"):
        timings.model_call(prompts=1, slots=1, prompt_tokens=1, cached_tokens=0, generated_tokens=1, stopped=1,
                           wall_s=0.0)
    with timings.recording() as rec:
        pass
    assert rec.phases == {} and rec.calls == []
