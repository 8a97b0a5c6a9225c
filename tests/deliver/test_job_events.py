"""A job that ends cancelled tells the CMS (job.cancelled), whether it was queued or running."""

import pytest
from sqlmodel import select

from studio.deliver import webhooks
from studio.plan.brief import load_brief
from studio.runs.pipeline import execute, submit
from studio.store.database import session_scope
from studio.store.tables import Run, WebhookDelivery
from tests.helpers.queued_model import QueuedTextModel, default_responder, install


def test_a_running_job_cancelled_after_its_batch_sends_job_cancelled(tmp_path, monkeypatch):
    import studio.runs.pipeline as pipeline

    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 2)
    with session_scope(db_url) as s:
        webhooks.register(s, "https://93.184.215.14/hook", ["job.cancelled", "job.completed"], "s" * 32)
    model = install(monkeypatch, QueuedTextModel(default_responder))
    campaign_id, run_id = submit(load_brief("examples/campaign.yaml"), db_url=db_url, locales=["de-DE", "fr-FR"],
                                 kinds=["copy"])
    calls = []

    def cancel_during_the_second_batch(prompt):
        calls.append(1)
        if len(calls) == 3:
            with session_scope(db_url) as s:
                run = s.get(Run, run_id)
                run.cancel_requested = True
                s.add(run)
        return default_responder(prompt)

    model.responder = cancel_during_the_second_batch
    assert execute(run_id, db_url=db_url).state == "cancelled"
    with session_scope(db_url) as s:
        sent = [(d.event, d.payload) for d in s.exec(select(WebhookDelivery)).all()]
    assert sent == [("job.cancelled", {"job_id": run_id, "campaign_id": campaign_id})]


def test_a_job_whose_process_died_after_a_cancel_sends_job_cancelled(tmp_path, monkeypatch):
    from studio.runs import leases
    from tests.runs.test_leases import expire, kill_run_halfway

    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    with session_scope(db_url) as s:
        webhooks.register(s, "https://93.184.215.14/hook", ["job.cancelled"], "s" * 32)
    run_id = kill_run_halfway(db_url, monkeypatch)
    with session_scope(db_url) as s:
        run = s.get(Run, run_id)
        run.cancel_requested = True
        s.add(run)
    expire(db_url, run_id)
    with session_scope(db_url) as s:
        assert leases.end_cancelled_stale(s) == [run_id]
    with session_scope(db_url) as s:
        assert [(d.event, d.payload["job_id"]) for d in s.exec(select(WebhookDelivery)).all()] == [
            ("job.cancelled", run_id)]
        assert leases.end_cancelled_stale(s) == []  # ended once, announced once


@pytest.mark.parametrize("cancel, event", [(False, "job.failed"), (True, "job.cancelled")])
def test_a_job_whose_generation_child_died_is_announced(tmp_path, cancel, event):
    from studio.runs import worker
    from tests.helpers.api import seed_campaign

    db_url = f"sqlite:///{tmp_path / 'studio.db'}"
    campaign_id = seed_campaign(db_url)
    with session_scope(db_url) as s:
        webhooks.register(s, "https://93.184.215.14/hook", ["job.failed", "job.cancelled"], "s" * 32)
        run = Run(campaign_id=campaign_id, state="running", cancel_requested=cancel)
        s.add(run)
        s.flush()
        run_id = run.id
    worker._mark_failed(run_id, db_url, "generation process died")
    with session_scope(db_url) as s:
        [(sent, payload)] = [(d.event, d.payload) for d in s.exec(select(WebhookDelivery)).all()]
    assert sent == event and payload["job_id"] == run_id
    assert payload.get("error") == (None if cancel else "generation process died")
