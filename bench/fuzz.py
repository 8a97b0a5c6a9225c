"""Fuzz the studio's parsers: mutated briefs, rule packs and `studio check` lines (issue #12).

    .venv/bin/python bench/fuzz.py [--budget short|full] [--briefs N] [--packs N] [--lines N] [--api N] [--seed S]

Each input is mutated from a real one (examples/campaign.yaml, a shipped rule pack, a check line) by
hypothesis-drawn edits, plus the hostile constructs the issue names (complex keys, self-referencing
aliases, NUL bytes, deep nesting, huge integers, invalid UTF-8, alias expansion). Every input must
either load or fail with a ``StudioError`` (the CLI's exit 2 with file:line); anything else is a
traceback. Reports tracebacks, inputs over 1 s (a rule-pack mutant: 1 s past loading the unmutated packs, which
every mutant's run loads too), the slowest input, and exits 1 when either is non-zero.
The API bodies run as schemathesis stateful sequences (links inferred from the OpenAPI document).
``--budget short`` (CI, via tests/cli/test_fuzz_bench.py) runs 200 briefs, 60 packs, 200 lines, 5 API
sequences; ``--budget full`` the issue's sizes: 10,000 briefs, 2,000 packs, 5,000 lines, and 200 API
sequences of up to 8 calls. A count of 0 skips that part (``--api 0``: no API).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from studio.core.errors import StudioError  # noqa: E402

BUDGETS = {"short": (200, 60, 200, 5), "full": (10_000, 2_000, 5_000, 200)}
SLOW_S = 1.0

HOSTILE = [
    "? [a, b]\n: 1\n", "x: &a [*a]\n", "x: &a {b: *a}\n", "x: y\x00z\n", "x: " + "[" * 500 + "]" * 500 + "\n",
    "x: " + "9" * 5000 + "\n", "x: 2026-13-45\n", "x: !!python/object/apply:os.system [ls]\n",
    "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9)
                                           + "]\n" for i in range(9)),
    "x: !!binary '%%%'\n", "<<: *nope\n", "x: {<<: [1, 2]}\n", "\t- a\n", "x: '\n", "---\n---\n", "x: !!set {a}\n",
    "? !!set {a, b}\n: 1\n", "x: 1e99999\n", "x: .inf\n", "x: 0x" + "f" * 400 + "\n",
]
TOKENS = ["{", "}", "[", "]", ":", ",", "&a ", "*a", "? ", "- ", "!!str ", "!!int ", "'", '"', "\n", "  ", "\t", "#",
          "\x00", "\x85", "\ufeff", "9" * 40, "null", "~", "<<: *a\n", "|\n", ">-\n", "%YAML 1.1\n", "---\n"]


class Tally:
    def __init__(self, name: str, collect: bool = False):
        self.name, self.n, self.errors, self.ok, self.slow, self.slow_cpu = name, 0, 0, 0, 0, 0
        # collect: the garbage of the previous input is collected before an input is timed, not inside its time
        # (a rule-pack load leaves ~1.6 s of CPU's worth of objects; a full collection of them landing in the next
        # mutant's load put it over the second in CI, though no mutant costs more than the unmutated packs alone)
        self.collect = collect
        self.tracebacks: list[str] = []
        self.slow_inputs: list[str] = []
        self.worst = (0.0, "")
        self.base_wall = self.base_cpu = 0.0  # what handling the unmutated input costs: a mutant is slow past it
        # rebase: times the unmutated input again. A mutant that looks slow is timed a second time beside a fresh
        # unmutated run and counts as slow only when both of its times are: on CI's shared cores one load of the
        # packs swung by more than a second of CPU from the next, and a real pathology (a YAML bomb) is slow twice.
        self.rebase: Callable[[], tuple[float, float]] | None = None

    def _timed(self, fn, data, record: bool) -> tuple[float, float]:
        if self.collect:
            gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            fn(data)
            if record:
                self.ok += 1
        except StudioError:
            if record:
                self.errors += 1
        except Exception:
            if record:
                self.tracebacks.append(f"{traceback.format_exc(limit=3)}\ninput: {str(data)[:300]!r}")
        return time.perf_counter() - start, time.process_time() - cpu

    def run(self, fn, data) -> None:
        wall, cpu = self._timed(fn, data, record=True)
        took, cpu_over = wall - self.base_wall, cpu - self.base_cpu
        if self.rebase is not None and max(took, cpu_over) > SLOW_S:
            base_wall, base_cpu = self.rebase()
            wall2, cpu2 = self._timed(fn, data, record=False)
            took, cpu_over = min(took, wall2 - base_wall), min(cpu_over, cpu2 - base_cpu)
        self.slow_cpu += cpu_over > SLOW_S
        self.n += 1
        self.slow += took > SLOW_S
        if took > SLOW_S:
            self.slow_inputs.append(f"{took * 1000:.0f} ms: {str(data)[:200]!r}")
        if took > self.worst[0]:
            self.worst = (took, str(data)[:80])

    def line(self) -> str:
        return (f"{self.name:<12} {self.n:>6} inputs  {self.ok:>5} load  {self.errors:>5} clear errors  "
                f"{len(self.tracebacks)} tracebacks  {self.slow} over {SLOW_S:.0f} s ({self.slow_cpu} over {SLOW_S:.0f} s CPU)  slowest {self.worst[0] * 1000:.0f} ms"
                + (f" ({self.worst[1]!r})" if self.worst[0] > SLOW_S else ""))


def mutations(base: bytes):
    """A hypothesis strategy of inputs made from ``base``: token inserts, deletions, hostile splices."""
    edit = st.one_of(
        st.tuples(st.just("insert"), st.integers(0, len(base)), st.sampled_from(TOKENS)),
        st.tuples(st.just("delete"), st.integers(0, len(base)), st.integers(1, 40)),
        st.tuples(st.just("hostile"), st.integers(0, len(base)), st.sampled_from(HOSTILE)),
        st.tuples(st.just("bytes"), st.integers(0, len(base)), st.binary(min_size=1, max_size=4)),
        st.tuples(st.just("text"), st.integers(0, len(base)), st.text(max_size=20)),
    )

    def apply(edits) -> bytes:
        out = bytearray(base)
        for kind, at, what in edits:
            at = min(at, len(out))
            if kind == "delete":
                del out[at: at + what]
            elif kind == "bytes":
                out[at:at] = what
            else:
                # a hostile document spliced at a line start keeps its own structure
                if kind == "hostile":
                    at = out.rfind(b"\n", 0, at) + 1
                out[at:at] = what.encode("utf-8", "surrogatepass")
        return bytes(out)

    return st.lists(edit, min_size=1, max_size=6).map(apply)


def drive(strategy, count: int, seed: int, body) -> None:
    """Run ``body`` on ``count`` drawn examples (hypothesis as a bounded generator, no shrinking)."""
    @settings(max_examples=count, database=None, deadline=None, derandomize=True, phases=["generate"],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def inner(data):
        body(data)

    random.seed(seed)
    inner()


def fuzz_briefs(count: int, seed: int, folder: Path) -> Tally:
    from studio.plan.brief import load_brief

    tally = Tally("briefs")
    base = (ROOT / "examples" / "campaign.yaml").read_bytes()
    path = folder / "brief.yaml"

    def one(data: bytes) -> None:
        path.write_bytes(data)
        tally.run(lambda _: load_brief(path), data)

    drive(mutations(base), count, seed, one)
    for hostile in HOSTILE:
        path.write_bytes(hostile.encode("utf-8", "surrogatepass"))
        tally.run(lambda _: load_brief(path), hostile)
    return tally


def fuzz_packs(count: int, seed: int, folder: Path) -> Tally:
    import shutil

    from studio.checks.rules import load_rules

    tally = Tally("rule packs", collect=True)
    rules = folder / "rules"  # the global pack and the mutated market pack: the time is the mutant's
    for name in ("global", "eu", "de-DE", "lexicons"):
        shutil.copytree(ROOT / "cultural_rules" / name, rules / name, dirs_exist_ok=True)
    target = rules / "de-DE" / "pack.yaml"
    base = target.read_bytes()
    # Rule models build their validators on first validation (defer_build): once per process, not the
    # mutant's time, as the check lines warm each market's checker first.
    load_rules(rules)
    # The global and eu packs with their lexicons load in every mutant's run (~0.8 s of CPU since session 52's
    # lexicons): a mutant is slow when it costs a second more than the unmutated packs, the best of three loads.
    loads = []
    for _ in range(3):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        load_rules(rules)
        loads.append((time.perf_counter() - wall, time.process_time() - cpu))
    # the slowest of the three unmutated loads: CI's shared cores stretch a load by half a second from one to the next
    tally.base_wall, tally.base_cpu = max(w for w, _ in loads), max(c for _, c in loads)

    def rebase() -> tuple[float, float]:
        target.write_bytes(base)
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        load_rules(rules)
        return time.perf_counter() - wall, time.process_time() - cpu

    tally.rebase = rebase

    def one(data: bytes) -> None:
        target.write_bytes(data)
        tally.run(lambda _: (target.write_bytes(data), load_rules(rules)), data)

    drive(mutations(base), count, seed, one)
    target.write_bytes(base)
    return tally


def fuzz_lines(count: int, seed: int) -> Tally:
    from studio.checks import contract
    from studio.checks.engine import get_check_engine

    engine = get_check_engine()
    tally = Tally("check lines")
    good = json.dumps({"id": "a", "locale": "de-DE", "kind": "copy", "channel": "instagram",
                       "text": "Die beste Flasche der Welt, garantiert kostenlos!"}, ensure_ascii=False).encode()

    def one(data: bytes) -> None:
        try:
            line: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            line = data

        def check(_):
            [out] = list(contract.run_each([line], engine))
            if "error" in out:  # a per-line error is the clear error the contract promises
                raise StudioError(out["error"]["message"])

        tally.run(check, data)

    # Warm-up: models, caches and the semantic index of each encoder load once per process, not per line.
    # Each market's checker, theme calibration and encoder are warmed, for each kind.
    from studio.market.locales import list_locales

    for locale in list_locales():
        for kind in ("copy", "video_script", "image_prompt", "brief"):
            warm = {"id": "w", "locale": locale, "kind": kind, "text": "Die beste Flasche der Welt, garantiert kostenlos!",
                    "meta": {"audience": "children", "sponsored": True, "ai_generated": True}}
            list(contract.run_each([json.dumps(warm)], engine))
    drive(mutations(good), count, seed, one)
    for hostile in ("[" * 100_000, '{"id": ' + "9" * 5000 + "}", "", "\x00", '{"id": "x"}' * 1000):
        one(hostile.encode())
    return tally


def fuzz_api(count: int, seed: int, folder: Path) -> Tally:
    """The REST API's bodies, stateful: schemathesis chains operations through the links it infers from
    the OpenAPI document (POST /v1/campaigns -> GET /v1/jobs/{id} -> POST .../cancel, POST /v1/webhooks ->
    DELETE ..., GET /v1/assets -> POST /v1/assets/{id}/decision, ...). ``count`` sequences of up to 8
    calls. A 5xx (or a response whose error is not problem+json) is a traceback; a 4xx a clear error."""
    import schemathesis
    from hypothesis import settings as hsettings

    from studio.accounts.apikeys import create_key
    from studio.api import create_api
    from studio.store.database import get_sql_engine, session_scope
    from tests.helpers.api import seed_asset, seed_campaign

    url = f"sqlite:///{folder / 'api.db'}"
    get_sql_engine(url)
    seed_asset(url, seed_campaign(url))
    with session_scope(url) as s:
        key = create_key(s, "fuzz", "admin")[1]
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_api(url, start_worker=False))
    tally = Tally("api calls")
    links = Counter()

    class Machine(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {key}"}}

        def call(self, case, **kwargs):
            out = {}

            def send(_):
                out["response"] = response = super(Machine, self).call(case, **kwargs)
                if response.status_code >= 500:
                    raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
                if response.status_code >= 400 and "problem+json" not in response.headers.get("content-type", [""])[0]:
                    raise RuntimeError(f"HTTP {response.status_code} without problem+json: {response.text[:300]}")
                if response.status_code >= 400:
                    raise StudioError(response.text[:100])

            tally.run(send, f"{case.method} {case.formatted_path} {case.body!r}"[:300])
            links[case.operation.label] += 1
            if "response" not in out:
                raise RuntimeError("the call did not complete")
            return out["response"]

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            pass  # judged in call(): no 5xx, errors as problem+json

    random.seed(seed)
    Machine.run(settings=hsettings(max_examples=count, stateful_step_count=8, deadline=None, database=None,
                                   derandomize=True, suppress_health_check=list(HealthCheck)))
    tally.name = f"api calls ({len(links)} operations)"
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", choices=sorted(BUDGETS), default="short")
    ap.add_argument("--briefs", type=int)
    ap.add_argument("--packs", type=int)
    ap.add_argument("--lines", type=int)
    ap.add_argument("--api", type=int, help="stateful API sequences (0: none)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--slow-by", choices=["wall", "cpu"], default="wall",
                    help="what makes an input slow: wall time (a quiet machine), or this process's CPU time (a "
                         "shared one, as in CI, where other jobs stretch wall time)")
    args = ap.parse_args(argv)
    briefs, packs, lines, api = BUDGETS[args.budget]
    briefs, packs, lines, api = (default if given is None else given for default, given in
                                 zip((briefs, packs, lines, api), (args.briefs, args.packs, args.lines, args.api)))
    with tempfile.TemporaryDirectory() as tmp:
        tallies = [fuzz_briefs(briefs, args.seed, Path(tmp)) if briefs else None,
                   fuzz_packs(packs, args.seed, Path(tmp)) if packs else None,
                   fuzz_lines(lines, args.seed) if lines else None,
                   fuzz_api(api, args.seed, Path(tmp)) if api else None]
    tallies = [t for t in tallies if t is not None]
    bad = 0
    for t in tallies:
        print(t.line())
        bad += len(t.tracebacks) + (t.slow_cpu if args.slow_by == "cpu" else t.slow)
        for tb in t.tracebacks[:3]:
            print(tb, file=sys.stderr)
        for slow in t.slow_inputs[:5]:
            print(f"slow: {slow}", file=sys.stderr)
    over = "0 over 1 s" + (" CPU" if args.slow_by == "cpu" else "")
    print(f"ok: 0 tracebacks, {over}" if not bad else f"FAIL: {bad} traceback(s) or slow input(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
