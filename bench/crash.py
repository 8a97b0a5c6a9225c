"""Crash safety (issue 12): kill -9 at random points of generate, a review save and a webhook delivery.

    .venv/bin/python bench/crash.py [--trials 20] [--scenarios generate,review,webhook] [--db sqlite,postgres]

Per trial a child process doing the work gets SIGKILL at a random moment of it (uniform over the
duration of an unkilled calibration run, times 1.2); then the work is restarted and finished by another
process, and the database is checked:

- generate: the child runs what ``studio generate`` runs (submit + execute, queued test model, a
  9-job brief). Restart: the next worker (``studio.runs.worker.run_once``) takes over every run whose
  lease expired and resumes it; if the kill came before the run was stored, the brief is run again.
- review: the child is the API server (uvicorn); the client POSTs a sequence of decisions, each with an
  ``Idempotency-Key``. When the server dies the client starts a new one and retries the same request
  with the same key (what a CMS does); an unanswered request is retried until answered.
- webhook: the child delivers due webhook deliveries to a receiver on 127.0.0.1 (in this process). The
  next process delivers what is left once the dead worker's delivery leases expire.

Checked after each trial: lost (a planned asset missing; an acknowledged or retried decision not stored;
a delivery never received or not ``delivered``), duplicated (two assets for one job, a version or
decision stored twice, a delivery received more than once beyond the one in flight at the kill, which
at-least-once delivery allows and ``X-Studio-Delivery`` lets receivers drop), integrity (SQLite
``PRAGMA integrity_check`` and ``foreign_key_check``; the audit hash chain, both databases), stuck (a
run left queued/running, a job claim left, an Idempotency-Key left reserved, a delivery left pending).

Speed-ups that do not change the code paths under test: the run lease is 3 s (``STUDIO_LEASE_S``), the
delivery lease 2 s instead of 60 s and an abandoned Idempotency-Key is taken over after 5 s
(``STUDIO_IDEMPOTENCY_STALE_S``) instead of 120 s, so a restart does not wait minutes; the rule set is the global,
eu and de-DE packs without the theme (embedding) rules, so a child starts in seconds.
Postgres runs when DATABASE_URL_TEST is set (a fresh database per scenario, dropped afterwards).
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BRIEF = {
    "campaign": "Crash", "brand": "Fjell",
    "product": {"name": "Fjell Bottle", "description": "An insulated steel bottle, 750 ml.",
                "facts": ["Keeps drinks cold for 24 hours"]},
    "key_messages": ["Cold water all day"], "tone": "warm", "locales": ["en-US", "de-DE", "fr-FR"],
    "assets": [{"kind": "copy", "channel": "instagram", "variants": 2}, {"kind": "video_script", "channel": "tiktok",
                                                                         "duration_s": 15}],
}
RUN_LEASE_S, DELIVERY_LEASE_S, IDEMPOTENCY_STALE_S = "3", 2.0, "5"
REVIEW_OPS = ["request_changes", "approve", "request_changes", "approve", "reject"]  # per asset, in order
REVIEW_ASSETS = 3
EVENTS_PER_TRIAL = 12


def setup_env(tmp: Path) -> None:
    """Settings every process of the bench shares (children inherit them)."""
    rules = tmp / "rules"
    for name in ("global", "eu", "de-DE", "lexicons"):
        shutil.copytree(ROOT / "cultural_rules" / name, rules / name, dirs_exist_ok=True)
    (rules / "global" / "seeds.yaml").unlink(missing_ok=True)  # theme rules: embeddings, slow to load
    os.environ.update({
        "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "OMP_WAIT_POLICY": "PASSIVE",
        "STUDIO_MODELS_DIR": str(ROOT / "tests" / "helpers" / "models"), "STUDIO_PROFILE": "queued",
        "STUDIO_BACKENDS": "tests.helpers.queued_model", "STUDIO_RULES_DIR": str(rules),
        "STUDIO_RESULT_CACHE_DIR": "off", "STUDIO_LEASE_S": RUN_LEASE_S, "STUDIO_DATA_DIR": str(tmp / "var"),
        "STUDIO_WEBHOOK_ALLOW_PRIVATE": "127.0.0.1", "STUDIO_IDEMPOTENCY_STALE_S": IDEMPOTENCY_STALE_S,
    })


# --- children -----------------------------------------------------------------------------------------

def say(**msg) -> None:
    print(json.dumps(msg), flush=True)


def child(role: str, url: str) -> None:
    """A worker process driven by JSON lines on stdin: ``gen`` (generate/recover) or ``hooks`` (deliver)."""
    from studio.store.database import get_sql_engine, session_scope

    get_sql_engine(url)
    if role == "gen":
        from studio.checks.engine import get_check_engine
        from studio.plan.brief import parse_brief
        from studio.runs import pipeline, worker
        from studio.store.tables import Campaign, Run

        get_check_engine()
    else:
        from studio.deliver import webhooks
        from studio.store.tables import WebhookDelivery

        webhooks.LEASE_S = DELIVERY_LEASE_S
    say(ready=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        t0 = time.perf_counter()
        if cmd["op"] == "generate":  # what `studio generate` does
            say(started=True)
            pipeline.run_brief(parse_brief(cmd["brief"]), db_url=url)
        elif cmd["op"] == "recover-generate":  # the next worker, then (if nothing was stored) the rerun
            deadline = time.time() + 120
            while time.time() < deadline:
                with session_scope(url) as s:
                    camp = s.exec(Campaign.__table__.select().where(Campaign.name == cmd["brief"]["campaign"])).first()
                    states = [r.state for r in s.exec(Run.__table__.select().where(Run.campaign_id == camp.id))] if camp else []
                if not any(st in ("queued", "running") for st in states):
                    break
                if worker.run_once(url) is None:
                    time.sleep(0.2)  # the dead run's lease has not expired yet
            if "completed" not in states:
                pipeline.run_brief(parse_brief(cmd["brief"]), db_url=url)
        elif cmd["op"] == "deliver":  # the webhook worker's loop, until nothing is pending
            say(started=True)
            deadline = time.time() + 120
            while time.time() < deadline:
                if not webhooks.deliver_due(url):
                    with session_scope(url) as s:
                        pending = s.exec(WebhookDelivery.__table__.select()
                                         .where(WebhookDelivery.status == "pending")).first()
                    if pending is None:
                        break
                    time.sleep(0.1)
        say(done=True, took_s=time.perf_counter() - t0)


class Child:
    def __init__(self, role: str, url: str):
        self.proc = subprocess.Popen([sys.executable, __file__, "--child", role, "--url", url], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        self.ready = False

    def read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"child {self.proc.pid} ended (rc {self.proc.poll()})")
        return json.loads(line)

    def wait_ready(self) -> Child:
        if not self.ready:
            assert self.read().get("ready")
            self.ready = True
        return self

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(30)


def run_and_kill(victim: Child, delay: float | None, **cmd) -> tuple[bool, float]:
    """Send ``cmd``; SIGKILL the child ``delay`` s after it started (None: let it finish).
    Returns (killed before it finished, seconds it worked)."""
    victim.send(**cmd)
    assert victim.read().get("started")
    t0 = time.perf_counter()
    if delay is None:
        msg = victim.read()
        return False, msg["took_s"]
    done = threading.Event()

    def watch():
        try:
            victim.read()
            done.set()
        except (RuntimeError, ValueError):
            pass

    threading.Thread(target=watch, daemon=True).start()
    done.wait(delay)
    finished = done.is_set()
    victim.kill()
    return not finished, time.perf_counter() - t0


# --- checks shared by the scenarios ------------------------------------------------------------------

def integrity(url: str) -> list[str]:
    from studio.store.audit import verify
    from studio.store.database import session_scope

    problems = []
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                problems.append(f"integrity_check: {result[:3]}")
            fks = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fks:
                problems.append(f"foreign_key_check: {fks[:3]}")
    with session_scope(url) as s:
        verdict = verify(s)
    if not verdict.ok:
        problems.append(verdict.describe())
    return problems


class Result:
    def __init__(self, db: str, scenario: str):
        self.db, self.scenario = db, scenario
        self.trials = self.mid_work = self.lost = self.duplicated = self.stuck = self.at_least_once = 0
        self.integrity: list[str] = []
        self.notes: list[str] = []
        self.recover_s: list[float] = []

    def row(self) -> str:
        return (f"| {self.db:<8} | {self.scenario:<8} | {self.trials:>6} | {self.mid_work:>8} | {self.lost:>4} | "
                f"{self.duplicated:>10} | {self.at_least_once:>13} | {len(self.integrity):>15} | {self.stuck:>5} | "
                f"{max(self.recover_s, default=0):>13.1f} |")


HEADER = ("| db       | scenario | trials | mid-work | lost | duplicated | resent (≤1/kill) | integrity errors | stuck "
          "| max recover s |\n|---|---|---|---|---|---|---|---|---|---|")


# --- generate -----------------------------------------------------------------------------------------

def check_generate(url: str, campaign: str, res: Result) -> None:
    from sqlmodel import select

    from studio.plan.brief import parse_brief, plan
    from studio.store.database import session_scope
    from studio.store.tables import Asset, AssetVersion, AuditLog, Campaign, FindingRow, JobClaim, Run

    planned = {j.key for j in plan(parse_brief({**BRIEF, "campaign": campaign}))}
    with session_scope(url) as s:
        camp = s.exec(select(Campaign).where(Campaign.name == campaign)).one()
        assets = s.exec(select(Asset).where(Asset.campaign_id == camp.id)).all()
        keys = Counter(a.job_key for a in assets)
        ids = [a.id for a in assets]
        versions = Counter(v.asset_id for v in s.exec(select(AssetVersion).where(AssetVersion.asset_id.in_(ids))))
        made = Counter(e.entity_id for e in s.exec(select(AuditLog).where(AuditLog.entity == "asset",
                                                                          AuditLog.action == "generate",
                                                                          AuditLog.entity_id.in_(ids))))
        findings = Counter((f.asset_id, f.version, f.rule, f.start, f.end)
                           for f in s.exec(select(FindingRow).where(FindingRow.asset_id.in_(ids))))
        runs = s.exec(select(Run).where(Run.campaign_id == camp.id)).all()
        claims = s.exec(select(JobClaim).where(JobClaim.campaign_id == camp.id)).all()
    lost = planned - set(keys)
    dup = sum(c - 1 for c in keys.values()) + sum(c - 1 for c in versions.values()) + sum(c - 1 for c in made.values()) \
        + sum(c - 1 for c in findings.values()) + len(set(keys) - planned)
    dup += sum(1 for i in ids if versions[i] == 0 or made[i] == 0)  # an asset without its version/audit: torn
    stuck = [r.id for r in runs if r.state != "completed"] + [c.job_key for c in claims]
    res.lost += len(lost)
    res.duplicated += dup
    res.stuck += len(stuck)
    if lost or dup or stuck:
        res.notes.append(f"{campaign}: lost {sorted(lost)[:3]} dup {dup} stuck {stuck[:3]} runs "
                         f"{[(r.id, r.state) for r in runs]}")


def scenario_generate(url: str, db: str, trials: int, rng: random.Random) -> Result:
    res = Result(db, "generate")
    recoverer = Child("gen", url)
    victim = Child("gen", url).wait_ready()
    recoverer.wait_ready()
    _, took = run_and_kill(victim, None, op="generate", brief={**BRIEF, "campaign": "Crash calibration"})
    window = took * 1.2
    for t in range(trials):
        campaign = f"Crash {t}"
        brief = {**BRIEF, "campaign": campaign}
        killed, _ = run_and_kill(victim, rng.uniform(0, window), op="generate", brief=brief)
        victim = Child("gen", url)  # the next trial's, warming up while this one recovers
        t0 = time.perf_counter()
        recoverer.send(op="recover-generate", brief=brief)
        assert recoverer.read().get("done")
        res.recover_s.append(time.perf_counter() - t0)
        res.trials += 1
        res.mid_work += killed
        check_generate(url, campaign, res)
        res.integrity += integrity(url)
        victim.wait_ready()
    victim.close()
    recoverer.close()
    return res


# --- review (API server killed mid-request) -----------------------------------------------------------

def scenario_review(url: str, db: str, trials: int, rng: random.Random) -> Result:
    import httpx
    from api_load import seed_assets, serve
    from sqlmodel import select

    from studio.accounts.apikeys import create_key
    from studio.store.database import get_sql_engine, session_scope
    from studio.store.tables import Asset, AuditLog, IdempotencyRecord, ReviewDecision

    res = Result(db, "review")
    get_sql_engine(url)
    ids = seed_assets(url, REVIEW_ASSETS * (trials + 1), "Crash review")
    with session_scope(url) as s:
        headers = {"Authorization": f"Bearer {create_key(s, 'crash', 'review,read')[1]}"}
    box: dict = {}
    box["proc"], box["base"] = serve(url, start_s=600)

    def sequence(assets: list[int], delay: float | None) -> tuple[list[dict], bool]:
        """Every decision of the plan, retried with its key across server deaths until answered."""
        ops = [{"asset": a, "action": act, "reason": f"op {uuid.uuid4().hex}", "key": uuid.uuid4().hex}
               for a in assets for act in REVIEW_OPS]
        version = dict.fromkeys(assets, 1)
        timer = threading.Timer(delay, lambda: box["proc"].send_signal(signal.SIGKILL)) if delay is not None else None
        if timer:
            timer.start()
        restarted = False
        for op in ops:
            body = {"action": op["action"], "version": version[op["asset"]], "reason": op["reason"]}
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    r = httpx.post(f"{box['base']}/v1/assets/{op['asset']}/decision", json=body, timeout=30,
                                   headers={**headers, "Idempotency-Key": op["key"]})
                except httpx.TransportError:
                    if box["proc"].poll() is None:
                        time.sleep(0.05)
                        continue
                    box["proc"], box["base"] = serve(url, start_s=600)  # restart, then retry the same request
                    restarted = True
                    deadline = time.time() + 60  # the restart's time is not the request's
                    continue
                op["status"] = r.status_code
                if r.status_code == 200:
                    version[op["asset"]] = r.json()["asset"]["version"]
                    break
                if r.status_code == 409 and "still being processed" in r.text and time.time() < deadline - 30:
                    time.sleep(0.5)  # reserved by a request in flight: its answer is replayed once it ends
                    continue
                with session_scope(url) as s:  # a stale version: read the current one, as a client would
                    version[op["asset"]] = s.get(Asset, op["asset"]).version
                op["error"] = r.text[:300]
                break
            else:
                op["error"] = "unanswered for 60 s"
        if timer:
            timer.cancel()
        return ops, restarted

    calib = ids[:REVIEW_ASSETS]
    t0 = time.perf_counter()
    sequence(calib, None)
    window = (time.perf_counter() - t0) * 1.2
    for t in range(trials):
        assets = ids[REVIEW_ASSETS * (t + 1): REVIEW_ASSETS * (t + 2)]
        t0 = time.perf_counter()
        ops, restarted = sequence(assets, rng.uniform(0, window))
        if not restarted:  # the timer fell after the last answer: the kill lands now, between requests
            box["proc"].send_signal(signal.SIGKILL)
            box["proc"].wait()
            box["proc"], box["base"] = serve(url, start_s=600)
        res.recover_s.append(time.perf_counter() - t0)
        res.trials += 1
        res.mid_work += restarted
        with session_scope(url) as s:
            stored = Counter(d.reason for d in s.exec(select(ReviewDecision).where(ReviewDecision.asset_id.in_(assets))))
            audits = Counter(e.entity_id for e in s.exec(select(AuditLog).where(
                AuditLog.entity == "asset", AuditLog.entity_id.in_(assets), AuditLog.action.in_(REVIEW_OPS))))
            versions = {a: s.get(Asset, a).version for a in assets}
            reserved = s.exec(select(IdempotencyRecord).where(IdempotencyRecord.status_code == 0)).all()
        lost = [op for op in ops if stored[op["reason"]] == 0]
        dup = sum(max(0, stored[op["reason"]] - 1) for op in ops)
        dup += sum(abs(audits[a] - (versions[a] - 1)) for a in assets)  # one audit entry per version step
        res.lost += len(lost)
        res.duplicated += dup
        res.stuck += len(reserved)
        res.at_least_once += sum(1 for op in ops if op.get("status") == 409 and stored[op["reason"]] == 1)
        for op in ops:
            if op.get("error") and stored[op["reason"]] != 1:
                res.notes.append(f"trial {t}: {op['action']} on {op['asset']}: {op['error'][:200]}")
        if reserved:
            res.notes.append(f"trial {t}: {len(reserved)} Idempotency-Key(s) left reserved")
        res.integrity += integrity(url)
        print(f"  review trial {t}: {res.row()}", file=sys.stderr, flush=True)
    box["proc"].send_signal(signal.SIGTERM)
    box["proc"].wait(10)
    return res


# --- webhook delivery ----------------------------------------------------------------------------------

class Receiver(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.got: Counter = Counter()
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(0.02)  # a receiver that takes a moment: kills land mid-request too
                with outer.lock:
                    outer.got[int(self.headers["X-Studio-Delivery"])] += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def scenario_webhook(url: str, db: str, trials: int, rng: random.Random) -> Result:
    from sqlmodel import select

    from studio.deliver.webhooks import register
    from studio.store.database import get_sql_engine, session_scope
    from studio.store.outbox import enqueue
    from studio.store.tables import WebhookDelivery

    res = Result(db, "webhook")
    receiver = Receiver()
    get_sql_engine(url)
    with session_scope(url) as s:
        register(s, f"http://127.0.0.1:{receiver.server_address[1]}/hook", ["asset.approved"])

    def queue(trial: int) -> list[int]:
        with session_scope(url) as s:
            rows = [r for i in range(EVENTS_PER_TRIAL) for r in enqueue(s, "asset.approved", {"trial": trial, "n": i})]
            s.flush()
            return [r.id for r in rows]

    recoverer = Child("hooks", url)
    victim = Child("hooks", url).wait_ready()
    recoverer.wait_ready()
    queue(-1)
    _, took = run_and_kill(victim, None, op="deliver")
    window = took * 1.2
    for t in range(trials):
        ids = queue(t)
        killed, _ = run_and_kill(victim, rng.uniform(0, window), op="deliver")
        victim = Child("hooks", url)  # the next trial's, starting while this one recovers
        t0 = time.perf_counter()
        recoverer.send(op="deliver")
        assert recoverer.read().get("started")
        assert recoverer.read().get("done")
        res.recover_s.append(time.perf_counter() - t0)
        res.trials += 1
        res.mid_work += killed
        with session_scope(url) as s:
            rows = s.exec(select(WebhookDelivery).where(WebhookDelivery.id.in_(ids))).all()
        with receiver.lock:
            got = {i: receiver.got[i] for i in ids}
        lost = [i for i in ids if got[i] == 0]
        resent = [i for i in ids if got[i] > 1]
        res.lost += len(lost)
        res.at_least_once += sum(got[i] - 1 for i in resent)
        res.duplicated += max(0, sum(got[i] - 1 for i in resent) - 1)  # more than the one in flight at the kill
        res.duplicated += sum(1 for r in rows if len(r.history or []) != r.attempts)
        res.stuck += sum(1 for r in rows if r.status != "delivered")
        if lost or len(resent) > 1 or any(r.status != "delivered" for r in rows):
            res.notes.append(f"trial {t}: lost {lost[:3]} resent {resent[:3]} "
                             f"states {Counter(r.status for r in rows)}")
        res.integrity += integrity(url)
        victim.wait_ready()
    victim.close()
    recoverer.close()
    receiver.shutdown()
    return res


SCENARIOS = {"generate": scenario_generate, "review": scenario_review, "webhook": scenario_webhook}


def databases(kinds: list[str], tmp: Path, scenario: str):
    """(name, url, cleanup) per backend: a fresh database for the scenario."""
    for kind in kinds:
        if kind == "sqlite":
            yield "sqlite", f"sqlite:///{tmp / f'{scenario}.db'}", lambda: None
        elif kind == "postgres":
            pg = os.environ.get("DATABASE_URL_TEST")
            if not pg:
                print("postgres: skipped (set DATABASE_URL_TEST, see scripts/pg)", file=sys.stderr)
                continue
            from api_load import scratch_postgres

            url, drop = scratch_postgres(pg, "studio_crash")
            yield "postgres", url, drop


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--scenarios", default="generate,review,webhook")
    ap.add_argument("--db", default="sqlite,postgres")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--child")
    ap.add_argument("--url")
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.url)
        return 0
    os.chdir(ROOT)
    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="studio-crash-") as tmp:
        setup_env(Path(tmp))
        for scenario in args.scenarios.split(","):
            for db, url, cleanup in databases(args.db.split(","), Path(tmp), scenario):
                t0 = time.perf_counter()
                try:
                    res = SCENARIOS[scenario](url, db, args.trials, rng)
                finally:
                    cleanup()
                results.append(res)
                print(f"{db} {scenario}: {res.trials} trials in {time.perf_counter() - t0:.0f} s\n{res.row()}",
                      file=sys.stderr, flush=True)
                for note in res.notes[:5] + res.integrity[:3]:
                    print(f"  {note}", file=sys.stderr)
    print(HEADER)
    for res in results:
        print(res.row())
    bad = sum(r.lost + r.duplicated + r.stuck + len(r.integrity) for r in results)
    print("ok: 0 lost, 0 duplicated, integrity clean, nothing stuck" if not bad else f"FAIL: {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
