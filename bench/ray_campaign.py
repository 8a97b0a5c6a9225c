"""A 23-locale campaign on a CPU test model: assets per minute on 1 worker (the in-process executor)
vs N Ray workers, each held to one core, and the scaling efficiency.

The text model is a registered backend (``bench_cpu``) that burns a fixed amount of CPU per prompt and
answers like the queued test double (tests/helpers/queued_model.py); the checks are the real ones. Each
side is warmed up first (models and check engine loaded), then timed on the same campaign into a fresh
database, with the result cache off.

    PYTHONPATH=. python bench/ray_campaign.py --workers 2 --kinds copy --cost-ms 150
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.generate.backends import Backend, register_backend  # noqa: E402
from studio.generate.base import check_prompts  # noqa: E402
from studio.generate.spec import ModelStatus  # noqa: E402
from tests.helpers.queued_model import default_responder  # noqa: E402

PROFILE = """name: bench_cpu
description: Benchmark only. A CPU-burning stand-in for a text model.
models:
  - role: text
    backend: bench_cpu
    id: bench/cpu-model
    tier: test
"""


class BurnModel:
    def generate(self, prompts, *, max_new_tokens=None, min_new_tokens=None, seed=0, **kwargs):
        check_prompts(prompts)
        cost = float(os.environ.get("BENCH_COST_MS", "150")) / 1000
        for _ in prompts:  # a fixed CPU cost per prompt, like decoding a fixed number of tokens
            end = time.process_time() + cost
            while time.process_time() < end:
                pass
        return [default_responder(p) for p in prompts]


class BurnBackend(Backend):
    roles = ("text",)

    def status(self, spec):
        return ModelStatus.of(spec, True, "benchmark stand-in")

    def load(self, spec, device=None):
        return BurnModel()


register_backend("bench_cpu", BurnBackend)


def campaign(db_url: str, locales, kinds, run) -> tuple[float, int]:
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import submit

    brief = load_brief(REPO / "examples/campaign.yaml")
    every = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))  # the 23 markets
    brief = type(brief).model_validate({**brief.model_dump(mode="json"), "locales": every})
    _, run_id = submit(brief, db_url=db_url, locales=locales, kinds=kinds)
    start = time.perf_counter()
    summary = run(run_id)
    return time.perf_counter() - start, sum(summary.counts.values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", default="copy")
    ap.add_argument("--cost-ms", type=float, default=150)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ray_campaign_"))
    (tmp / "models").mkdir()
    (tmp / "models" / "bench_cpu.yaml").write_text(PROFILE)
    os.environ.update(STUDIO_MODELS_DIR=str(tmp / "models"), STUDIO_PROFILE="bench_cpu", STUDIO_BACKENDS="bench.ray_campaign",
                      STUDIO_RESULT_CACHE_DIR="off", BENCH_COST_MS=str(args.cost_ms), PYTHONPATH=str(REPO),
                      OMP_NUM_THREADS="1")
    from studio.runs.executors import RayExecutor, WorkerPool, loopback_init
    from studio.runs.pipeline import execute

    locales = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))
    kinds = args.kinds.split(",")
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # the 1-worker side: one core
    except (AttributeError, OSError):
        pass
    campaign(f"sqlite:///{tmp / 'warm1.db'}", locales[:1], kinds, lambda r: execute(r, db_url=f"sqlite:///{tmp / 'warm1.db'}"))
    db1 = f"sqlite:///{tmp / 'one.db'}"
    t1, n1 = campaign(db1, locales, kinds, lambda r: execute(r, db_url=db1))
    os.sched_setaffinity(0, os.sched_getaffinity(0) | set(range(os.cpu_count() or 1)))
    loopback_init(num_cpus=args.workers, temp_dir=str(tmp / "ray"))
    pool = WorkerPool(args.workers, cpus_per_worker=1)  # num_cpus=1 each, torch held to 1 thread
    # Warm every actor: at least one 8-job batch each, so none loads its checks in the timed run.
    warm = f"sqlite:///{tmp / 'warmN.db'}"
    campaign(warm, locales[: 3 * args.workers], kinds, lambda r: RayExecutor(r, db_url=warm, pool=pool).run())
    dbn = f"sqlite:///{tmp / 'many.db'}"
    tn, nn = campaign(dbn, locales, kinds, lambda r: RayExecutor(r, db_url=dbn, pool=pool).run())
    a1, an = n1 / t1 * 60, nn / tn * 60
    print(f"campaign: {len(locales)} locales, kinds {kinds}, {args.cost_ms:g} ms CPU per prompt, "
          f"{os.cpu_count()} cores on the machine")
    print(f"1 worker (in-process, 1 core): {n1} assets in {t1:.1f} s = {a1:.1f} assets/min")
    print(f"{args.workers} Ray workers (1 core each): {nn} assets in {tn:.1f} s = {an:.1f} assets/min")
    print(f"speed-up {an / a1:.2f}x, scaling efficiency {an / a1 / args.workers:.0%}")


if __name__ == "__main__":
    main()
