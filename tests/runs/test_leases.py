"""Runs under faults: a dead process's run is resumed by the next worker, a cancel always ends in
`cancelled`, and two runs of one brief at once share the work (no IntegrityError, no duplicate)."""

import datetime as dt
import threading

import pytest
from sqlmodel import func, select

from studio.plan.brief import load_brief
from studio.runs import leases, worker
from studio.runs.pipeline import execute, submit
from studio.store.database import session_scope
from studio.store.tables import Asset, JobClaim, Run, utcnow
from tests.helpers.queued_model import QueuedTextModel, default_responder, install

SAMPLE = "examples/campaign.yaml"
LOCALES = ["en-US", "de-DE", "fr-FR"]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.db'}"


@pytest.fixture(autouse=True)
def one_call_per_batch(monkeypatch):
    """These tests place a crash or a cancel at the n-th model call: one candidate and no repair round
    per job keeps one call per batch (the drafting loop itself is tested in tests/generate/test_repair.py)."""
    monkeypatch.setenv("STUDIO_DRAFT_CANDIDATES", "1")
    monkeypatch.setenv("STUDIO_REPAIR_ROUNDS", "0")


def kill_run_halfway(db_url, monkeypatch):
    """A run whose process died after two batches: what kill -9 leaves (running, a lease, some assets)."""
    import studio.runs.pipeline as pipeline

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    install(monkeypatch, QueuedTextModel(default_responder, fail_after_calls=2))
    _, run_id = submit(load_brief(SAMPLE), db_url=db_url, locales=LOCALES, kinds=["copy"])
    with session_scope(db_url) as s:
        assert leases.claim_run(s, run_id, "dead-worker")
    with pytest.raises(KeyboardInterrupt):
        with monkeypatch.context() as m:  # the process dies without its except/finally code
            m.setattr(pipeline, "_finish", lambda *a, **k: False)
            m.setattr(pipeline, "_release", lambda *a, **k: None)
            execute(run_id, db_url=db_url, owner="dead-worker")
    return run_id


def expire(db_url, run_id):
    past = utcnow() - dt.timedelta(seconds=1)
    with session_scope(db_url) as s:
        run = s.get(Run, run_id)
        run.lease_expires_at = past
        s.add(run)
        for claim in s.exec(select(JobClaim)).all():
            claim.expires_at = past
            s.add(claim)


def test_a_run_whose_worker_stopped_beating_is_resumed_by_the_next_worker(db_url, monkeypatch):
    run_id = kill_run_halfway(db_url, monkeypatch)
    with session_scope(db_url) as s:
        assert s.get(Run, run_id).state == "running"
        assert worker.claim_next_run(s) is None, "a live lease is not taken over"
    expire(db_url, run_id)
    install(monkeypatch, QueuedTextModel(default_responder))
    assert worker.run_once(db_url) == run_id
    with session_scope(db_url) as s:
        run = s.get(Run, run_id)
        assert run.state == "completed" and run.lease_owner is None
        keys = s.exec(select(Asset.job_key)).all()
        assert len(keys) == len(set(keys)) == 9
        assert s.exec(select(func.count()).select_from(JobClaim)).one() == 0


def test_cancel_of_a_dead_run_ends_cancelled_and_get_agrees_with_progress(db_url, monkeypatch):
    from fastapi.testclient import TestClient

    from studio.accounts.apikeys import create_key
    from studio.api import create_api

    run_id = kill_run_halfway(db_url, monkeypatch)
    expire(db_url, run_id)
    with session_scope(db_url) as s:
        _, key = create_key(s, "cms", ["read", "write"])
    client = TestClient(create_api(db_url, start_worker=False))
    headers = {"Authorization": f"Bearer {key}"}
    job = client.get(f"/v1/jobs/{run_id}", headers=headers).json()
    assert job["done"] == sum(p["done"] for p in job["progress"]) == 4
    r = client.post(f"/v1/jobs/{run_id}/cancel", headers=headers)
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    with session_scope(db_url) as s:
        assert worker.claim_next_run(s) is None


def test_cancel_of_a_running_run_ends_cancelled_after_its_batch(db_url, monkeypatch):
    import studio.runs.pipeline as pipeline

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    _, run_id = submit(load_brief(SAMPLE), db_url=db_url, locales=LOCALES, kinds=["copy"])

    calls = []

    def cancel_on_second_call(prompt):
        calls.append(1)
        if len(calls) == 3:  # the third prompt: during the second batch
            with session_scope(db_url) as s:
                run = s.get(Run, run_id)
                run.cancel_requested = True
                s.add(run)
        return default_responder(prompt)

    install(monkeypatch, QueuedTextModel(cancel_on_second_call))
    summary = execute(run_id, db_url=db_url)
    assert summary.state == "cancelled"
    with session_scope(db_url) as s:
        assert s.get(Run, run_id).state == "cancelled"
        assert s.exec(select(func.count()).select_from(Asset)).one() == 4


def test_two_runs_of_one_brief_at_once_share_the_work(db_url, monkeypatch):
    import studio.runs.pipeline as pipeline

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    monkeypatch.setattr(pipeline, "POLL_S", 0.05)
    brief = load_brief(SAMPLE)
    runs = [submit(brief, db_url=db_url, locales=LOCALES, kinds=["copy"])[1] for _ in range(2)]
    gate = threading.Barrier(2)
    model = QueuedTextModel(default_responder)
    real = model.generate

    def slow_generate(prompts, **kw):  # both runs are inside generation at the same time once
        try:
            gate.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return real(prompts, **kw)

    model.generate = slow_generate
    install(monkeypatch, model)
    results, errors = {}, []

    def go(run_id):
        try:
            results[run_id] = execute(run_id, db_url=db_url)
        except Exception as exc:  # an IntegrityError here is the bug
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert {s.state for s in results.values()} == {"completed"}
    made = [sum(s.counts.values()) for s in results.values()]
    assert sum(made) == 9 and min(made) > 0, f"both runs generated, sharing the jobs: {made}"
    with session_scope(db_url) as s:
        keys = s.exec(select(Asset.job_key)).all()
        assert len(keys) == len(set(keys)) == 9
