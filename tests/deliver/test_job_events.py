"""A job that ends cancelled tells the CMS (job.cancelled), whether it was queued or running."""

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
