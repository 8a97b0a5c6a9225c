"""The "add a route" recipe stays safe: every /v1 route the app serves (a new router module included)
refuses a request without an API key, so a route added without ``require(...)`` fails here."""

from __future__ import annotations

import re

import pytest

from tests.helpers.api import client, db_url  # noqa: F401

OPEN = {"/v1/health"}  # liveness only: no data


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_v1_route_needs_a_key(client):
    checked = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if not path.startswith("/v1/") or path in OPEN:
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in sorted(m.upper() for m in operations):
            r = client.request(method, url, json={})
            assert r.status_code == 401, f"{method} {path} answered {r.status_code} without a key"
            checked.append(f"{method} {path}")
    assert len(checked) >= 15, checked  # the routes really were enumerated
