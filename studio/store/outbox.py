"""The event outbox: a state change queues its webhook deliveries in the same transaction.

Services (review, runs) record events here; ``studio.deliver.webhooks`` signs and sends them. Keeping
the write in the store lets a service announce a change without importing the delivery machinery, and
makes an event exist exactly when the change that caused it was committed.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from studio.store.tables import Webhook, WebhookDelivery

# Every state change a CMS may follow: review decisions, edits, waivers, comments, and a job's end.
EVENTS = ("asset.approved", "asset.rejected", "asset.changes_requested", "asset.edited", "asset.waived",
          "asset.commented", "job.completed", "job.failed", "job.cancelled", "experiment.decided")


def enqueue(session: Session, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue ``event`` for every active webhook subscribed to it, in the caller's transaction."""
    rows = []
    for hook in session.exec(select(Webhook).where(Webhook.active == True)).all():  # noqa: E712
        if event in (hook.events or []) and hook.id is not None:
            row = WebhookDelivery(webhook_id=hook.id, event=event, payload=payload)
            session.add(row)
            rows.append(row)
    return rows
