"""A 23-locale campaign: assets per minute on 1 worker (the in-process executor, held to one core) vs N Ray
workers (each held to one core of its own), and the scaling (issue 14's target: 2 workers >= 1.7x).

The command (the last line it prints has both figures and the ratio):

    OMP_WAIT_POLICY=PASSIVE PYTHONPATH=. python bench/ray_campaign.py --workers 2 --cost-ms 150 --repeats 3
    OMP_WAIT_POLICY=PASSIVE PYTHONPATH=. python bench/ray_campaign.py --workers 2 --mode tiny --locales 16 --repeats 1

(burn: ~4 min on a quiet 2-core machine; tiny: ~15 min. With 16 locales both sides draft the same six
batches of 8 copy jobs; with fewer, the Ray side's batches are smaller and a real model's batched work
differs: `--locales 2` is 6 jobs, one batch of 6 vs two of 3, and took 25% more CPU on the Ray side.)

Modes:
- ``burn`` (default): the text model is a registered backend (``bench_cpu``) that burns ``--cost-ms`` of
  CPU per prompt and answers like the queued test double (tests/helpers/queued_model.py); the checks,
  the storing and the executors are the real ones.
- ``tiny``: the real ``tiny`` profile (SmolLM2-135M on CPU, one torch thread per worker), every locale
  drafted (``STUDIO_DRAFT_ALL_LOCALES``), so both sides do the same model work in every market.

Both sides run the same campaign into a fresh database each time, result cache off, after a warm-up
(models and check engines loaded). The 1-worker side runs in this process pinned to the first core; the
Ray workers are pinned to cores 0..N-1 (``--no-pin-cores``: left to the OS). Each repeat runs the two
sides back to back (alternating which goes first) and the figures are the medians, so other load on a
shared machine hits both alike; the load average and the cores each side got are printed with each run
(on a machine where other sessions are busy the Ray side cannot get more than this session's share:
the bench says so). CPU seconds per side show the
work is the same; "driver busy" is the Ray driver's own time (claims, storing), off the workers' cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def campaign(db_url: str, locales, kinds, run) -> tuple[float, int]:
    from studio.plan.brief import load_brief
    from studio.runs.pipeline import submit

    brief = load_brief(REPO / "examples/campaign.yaml")
    every = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))  # the 23 markets; the run: `locales`
    brief = type(brief).model_validate({**brief.model_dump(mode="json"), "locales": every})
    _, run_id = submit(brief, db_url=db_url, locales=locales, kinds=kinds)
    start = time.perf_counter()
    summary = run(run_id)
    assert summary.state == "completed", summary
    return time.perf_counter() - start, sum(summary.counts.values())


class Bench:
    def __init__(self, args, tmp: Path):
        from studio.runs.executors import WorkerPool, loopback_init

        self.args, self.tmp, self.n = args, tmp, 0
        self.cores = sorted(os.sched_getaffinity(0))
        loopback_init(num_cpus=args.workers, temp_dir=str(tmp / "ray"))  # before any pinning: Ray inherits it
        self.pool = WorkerPool(args.workers, cpus_per_worker=1, pin_cores=args.pin_cores)

    def db(self) -> str:
        self.n += 1
        return f"sqlite:///{self.tmp / f'run{self.n}.db'}"

    def one(self, locales, kinds) -> dict:
        """The in-process executor on the first core (torch on one thread)."""
        from studio.runs.pipeline import execute

        os.sched_setaffinity(0, {self.cores[0]})
        try:
            db, cpu, before = self.db(), time.process_time(), load()
            wall, n = campaign(db, locales, kinds, lambda r: execute(r, db_url=db))
            return {"wall": wall, "n": n, "cpu": time.process_time() - cpu, "load": f"{before} -> {load()}"}
        finally:
            os.sched_setaffinity(0, set(self.cores))

    def many(self, locales, kinds) -> dict:
        import ray

        from studio.runs.executors import RayExecutor

        usage = ray.get([a.usage.remote() for a in self.pool.actors])
        db, cpu, before = self.db(), time.process_time(), load()
        executors = []

        def run(run_id):
            executors.append(RayExecutor(run_id, db_url=db, pool=self.pool))
            return executors[-1].run()

        wall, n = campaign(db, locales, kinds, run)
        after = ray.get([a.usage.remote() for a in self.pool.actors])
        per_worker = [a["cpu_s"] - b["cpu_s"] for a, b in zip(after, usage)]
        return {"wall": wall, "n": n, "cpu": sum(per_worker), "busiest": max(per_worker),
                "driver_cpu": time.process_time() - cpu, "busy": executors[-1].busy_s,
                "cores": [a["cores"] for a in after], "nice": sorted({a["nice"] for a in after}), "load": f"{before} -> {load()}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mode", choices=("burn", "tiny"), default="burn")
    ap.add_argument("--kinds", default="copy")
    ap.add_argument("--locales", type=int, default=23, help="the first N of the 23 markets")
    ap.add_argument("--cost-ms", type=float, default=150, help="burn mode: CPU per prompt")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pin-cores", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rayc"))  # short: Ray's socket paths must fit in 107 bytes
    env = dict(STUDIO_RESULT_CACHE_DIR="off", PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    if args.mode == "burn":
        (tmp / "models").mkdir()
        (tmp / "models" / "bench_cpu.yaml").write_text(PROFILE)
        env.update(STUDIO_MODELS_DIR=str(tmp / "models"), STUDIO_PROFILE="bench_cpu", STUDIO_BACKENDS="bench.ray_campaign",
                   BENCH_COST_MS=str(args.cost_ms))
    else:
        env.update(STUDIO_PROFILE="tiny", STUDIO_DRAFT_ALL_LOCALES="1")
    os.environ.update(env)
    try:
        import torch

        torch.set_num_threads(1)  # the 1-worker side: one core, one thread (the Ray workers do the same)
    except ImportError:
        pass
    every = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))  # the 23 markets
    locales, kinds = every[: args.locales], args.kinds.split(",")
    bench = Bench(args, tmp)
    print(f"{args.mode} mode, {len(locales)} locales, kinds {kinds}"
          + (f", {args.cost_ms:g} ms CPU per prompt" if args.mode == "burn" else ", profile tiny")
          + f"; {len(bench.cores)} cores; {args.workers} Ray workers"
          + (" pinned one per core" if args.pin_cores else " not pinned"), flush=True)
    try:
        run(args, bench, every, locales, kinds)
    finally:
        bench.pool.shutdown()
        import ray

        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)  # the databases and Ray's session folder


def run(args, bench: Bench, every: list[str], locales: list[str], kinds: list[str]) -> None:
    # Warm-up: models and check engines loaded on both sides (a locale's 3 copy jobs: a batch per worker).
    bench.one(every[:1], kinds)
    bench.many(every[: -(-args.workers // 3)], kinds)
    ones, manys = [], []
    for r in range(args.repeats):
        pair = (("one", bench.one), ("many", bench.many))
        for name, side in pair if r % 2 == 0 else reversed(pair):
            res = side(locales, kinds)
            (ones if name == "one" else manys).append(res)
            rate = res["n"] / res["wall"] * 60
            if name == "one":
                print(f"  [{r + 1}] 1 worker: {res['n']} assets in {res['wall']:.1f} s = {rate:.1f}/min, "
                      f"CPU {res['cpu']:.1f} s (core {bench.cores[0]}, nice {os.nice(0)}; got "
                      f"{res['cpu'] / res['wall']:.2f} cores) ({res['load']})", flush=True)
            else:
                print(f"  [{r + 1}] {args.workers} Ray workers: {res['n']} assets in {res['wall']:.1f} s = {rate:.1f}/min, "
                      f"CPU {res['cpu']:.1f} s in the workers (busiest {res['busiest']:.1f} s; cores {res['cores']}, nice "
                      f"{res['nice']}), driver busy {res['busy']:.1f} s / CPU {res['driver_cpu']:.1f} s; got "
                      f"{(res['cpu'] + res['driver_cpu']) / res['wall']:.2f} cores ({res['load']})", flush=True)
    a1 = statistics.median(r["n"] / r["wall"] * 60 for r in ones)
    an = statistics.median(r["n"] / r["wall"] * 60 for r in manys)
    ratio = statistics.median(m["n"] / m["wall"] / (o["n"] / o["wall"]) for o, m in zip(ones, manys))
    got = statistics.median((m["cpu"] + m["driver_cpu"]) / m["wall"] for m in manys)
    # On idle cores each pinned worker's wall time is its CPU time: the run ends with the busiest worker.
    bound = statistics.median(o["cpu"] / m["busiest"] for o, m in zip(ones, manys))
    print(f"(the Ray side got {got:.2f} of {len(bench.cores)} cores; CPU-time bound on idle cores: "
          f"{bound:.2f}x = 1 worker's CPU / the busiest Ray worker's CPU)")
    if got < 0.9 * min(args.workers, len(bench.cores)):
        print(f"NOTE: the machine is busy: the Ray side got {got:.2f} cores for {args.workers} workers. Linux shares "
              "CPU per session first (sched_autogroup), so while other sessions run, more workers in this one do not "
              "get more CPU; the ratio below measures the machine, not the executor. Measure on a quiet machine.")
    print(f"RESULT {args.mode}: 1 worker {a1:.1f} assets/min, {args.workers} Ray workers {an:.1f} assets/min, "
          f"ratio {ratio:.2f}x (median of {args.repeats}; target >= 1.7x for 2), "
          f"efficiency {ratio / args.workers:.0%}", flush=True)


if __name__ == "__main__":
    main()
