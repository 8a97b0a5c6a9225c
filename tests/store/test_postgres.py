"""Several server processes on one database: each queued run and each webhook delivery is taken once."""

import threading

import pytest
from sqlmodel import Session

from studio.deliver import webhooks
from studio.runs.worker import claim_next_run
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import Run
from tests.helpers.api import BACKENDS, PG, db_url, seed_campaign  # noqa: F401


def queue_runs(url, n):
    camp = seed_campaign(url, f"Claims {n}")
    with session_scope(url) as s:
        runs = [Run(campaign_id=camp, profile="tiny") for _ in range(n)]
        s.add_all(runs)
        s.flush()
        return {r.id for r in runs}


def test_concurrent_workers_claim_each_run_exactly_once(db_url):
    queued = queue_runs(db_url, 30)
    claimed, lock = [], threading.Lock()

    def work():
        while True:
            with session_scope(db_url) as s:
                run_id = claim_next_run(s)
            if run_id is None:
                return
            with lock:
                claimed.append(run_id)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(queued)  # every run once, none twice


@pytest.mark.postgres
@pytest.mark.skipif(not PG, reason="set DATABASE_URL_TEST (scripts/pg start)")
def test_skip_locked_lets_a_second_worker_pass_a_run_being_claimed():
    from tests.helpers.api import fresh_postgres

    url, drop = fresh_postgres()
    try:
        first, second = sorted(queue_runs(url, 2))
        engine = get_sql_engine(url)
        with Session(engine) as a, Session(engine) as b:
            assert claim_next_run(a) == first  # a holds the row lock, not yet committed
            assert claim_next_run(b) == second  # b skips it instead of waiting
            a.commit()
            b.commit()
    finally:
        drop()


def test_concurrent_webhook_workers_send_each_delivery_once(db_url):
    with session_scope(db_url) as s:
        webhooks.register(s, "https://cms.example.com/x", ["job.completed"], "s" * 16)  # only claimed, never sent
        for i in range(20):
            webhooks.enqueue(s, "job.completed", {"job_id": 1000 + i})
    taken, lock = [], threading.Lock()

    def work():
        while True:
            with session_scope(db_url) as s:
                ids = webhooks._claim_due(s, webhooks.utcnow(), 3)
            if not ids:
                return
            with lock:
                taken.extend(ids)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == len(set(taken)) == 20
