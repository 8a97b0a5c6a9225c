"""Property-based run of the API's own OpenAPI document: whatever a client sends, no 5xx (bounded:
a few examples per route, no deadline per example)."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from studio.accounts.apikeys import create_key
from studio.accounts.users import add_user
from studio.api import create_api
from studio.review import decisions as review
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import Run, Webhook, WebhookDelivery
from tests.helpers.api import seed_asset, seed_campaign

# Built at import because schemathesis parametrises at collection time; a throwaway SQLite database.
_DIR = tempfile.mkdtemp(prefix="studio-fuzz-")
URL = f"sqlite:///{Path(_DIR) / 'studio.db'}"
get_sql_engine(URL)
_ASSET = seed_asset(URL, seed_campaign(URL))
with session_scope(URL) as _s:
    KEY = create_key(_s, "fuzz", "admin")[1]
    # Something behind every id the fuzzer tries first: a job, a comment, a user, a webhook with a delivery
    # (to a private address: every ping is refused at once, nothing leaves the machine).
    _s.add(Run(campaign_id=1, state="completed"))
    review.comment(_s, _ASSET, review.Actor("fuzz", "lead", ("*",)), "@fuzz first comment")
    add_user(_s, "fuzz", "reviewer", ["de-DE"], "a-long-password-1")
    _s.add(Webhook(url="http://10.0.0.1/hook", events=["asset.approved"], secret="s" * 32))
    _s.flush()
    _s.add(WebhookDelivery(webhook_id=1, event="asset.approved", payload={"asset_id": _ASSET}))

schema = schemathesis.openapi.from_asgi("/openapi.json", create_api(URL, start_worker=False))


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_route_answers_with_a_server_error(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=[not_a_server_error])
