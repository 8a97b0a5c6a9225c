"""The UI's main events over Gradio's own API (gradio_client), signed in through the real login."""

import httpx
import pytest
from gradio_client import Client

from studio.checks.finding import Finding
from studio.ui.asset_page import OUT

BLOCK = Finding(rule="t.block", category="absolute_claim", severity="block", start=0, end=9, message="absolute")


def test_nothing_without_signing_in(live_server, users):
    with httpx.Client(base_url=live_server) as http:
        assert http.get("/", follow_redirects=False).headers["location"] == "/ui/"
        assert http.get("/ui/config").status_code == 401
        assert http.post("/ui/login", data={"username": "anna", "password": "wrong-pw"}).status_code == 400
        called = http.post("/ui/gradio_api/call/open_asset", json={"data": [1]})
        assert called.status_code == 401  # the event API is behind the same sign-in
    with pytest.raises(Exception):  # noqa: B017  (gradio_client raises a bare Exception on a refused login)
        Client(live_server + "/ui/", auth=("anna", "wrong-pw"), verbose=False)


def test_signed_in_reviewer_opens_edits_and_is_refused_approval(live_server, users, make_asset):
    blocked = make_asset("Die beste Flasche.", findings=[BLOCK])
    other = make_asset("Texte.", locale="fr-FR")
    client = Client(live_server + "/ui/", auth=("anna", users["anna"]), verbose=False)
    queue = client.predict("any", "any", "any", "any", "any", "any", 1, api_name="/queue")
    assert [row[0] for row in queue[0]["data"]] == [blocked]  # only de-DE for anna
    opened = shown(client.predict(blocked, api_name="/open_asset"))
    assert "de-DE" in opened["header"] and "worst severity block" in opened["header"]
    refused = shown(client.predict(blocked, "", api_name="/approve"))
    assert "cannot approve" in refused["decision_msg"]
    denied = shown(client.predict(other, api_name="/open_asset"))
    assert "not assigned to fr-FR" in denied["msg"] and denied["header"] == ""


def shown(result) -> dict:
    """The API leaves out state, layout and button outputs (version, lead_box, approve_btn)."""
    names = [k for k in OUT if k not in ("version", "lead_box", "approve_btn")]
    assert len(result) == len(names)
    return dict(zip(names, result))
