"""A small typed client for the studio's REST API (``/v1``), for the CMS team to import.

    from studio.client import StudioClient

    with StudioClient("https://studio.example.com", api_key="sk_...") as studio:
        job = studio.submit(brief)                      # 202: {"job_id", "status_url", ...}
        for asset in studio.assets(campaign=job["campaign_id"], status="in_review"):
            current = studio.asset(asset["id"])         # with current.etag
            studio.decide(asset["id"], "approve", etag=current.etag)

Every error is a :class:`ProblemError` carrying the server's problem+json (``status``, ``detail``,
``fix``, ``errors``). Changes to an asset send ``If-Match`` with the ETag you read (412 when someone
changed it since). Only httpx is needed; pass ``http=`` to reuse a client (or a test client).
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

Json = dict[str, Any]
Action = Literal["approve", "reject", "request_changes"]
ExportFormat = Literal["jsonl", "csv", "xliff", "srt", "vtt"]


class ProblemError(Exception):
    """The API answered with an error (problem+json)."""

    def __init__(self, status: int, problem: Json):
        self.status, self.problem = status, problem
        self.detail: str = str(problem.get("detail") or problem.get("title") or f"HTTP {status}")
        self.fix: str | None = problem.get("fix")
        self.errors: list[Json] = list(problem.get("errors") or [])
        super().__init__(f"{status}: {self.detail}" + (f" (fix: {self.fix})" if self.fix else ""))


@dataclass(frozen=True)
class Asset:
    """One asset as GET /v1/assets/ID returns it, and the ETag that names its version."""

    data: Json
    etag: str

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def version(self) -> int:
        return int(self.data["version"])

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


@dataclass(frozen=True)
class Export:
    """The files of an export ({name: bytes}) and the approvals per locale ({locale: (approved, assets)})."""

    files: dict[str, bytes]
    approvals: dict[str, tuple[int, int]] = field(default_factory=dict)


class StudioClient:
    def __init__(self, base_url: str = "", api_key: str = "", *, http: httpx.Client | None = None,
                 timeout: float = 30.0):
        self._own = http is None
        self.http = http if http is not None else httpx.Client(base_url=base_url, timeout=timeout)
        self.headers = {"Authorization": f"Bearer {api_key}"}

    def __enter__(self) -> StudioClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self.http.close()

    # --- plumbing -----------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, params: Json | None = None, json_body: Any = None,
                headers: dict[str, str] | None = None) -> httpx.Response:
        """One call; raises ProblemError for a 4xx/5xx answer."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        response = self.http.request(method, path, params=query, json=json_body,
                                     headers={**self.headers, **(headers or {})})
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:500]}
            raise ProblemError(response.status_code, problem if isinstance(problem, dict) else {"detail": problem})
        return response

    def _post(self, path: str, body: Any = None, *, params: Json | None = None, etag: str | None = None,
              idempotency_key: str | None = None) -> httpx.Response:
        headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        if etag is not None:
            headers["If-Match"] = etag
        return self.request("POST", path, params=params, json_body=body, headers=headers)

    def _pages(self, path: str, params: Json) -> Iterator[Json]:
        cursor = None
        while True:
            page = _one(self.request("GET", path, params={**params, "cursor": cursor}))
            yield from page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    # --- campaigns and jobs -------------------------------------------------------------------------

    def submit(self, brief: Json, *, profile: str | None = None, locales: list[str] | None = None,
               kinds: list[str] | None = None, idempotency_key: str | None = None) -> Json:
        """Queue a generation job for a brief; returns {campaign_id, job_id, state, status_url}."""
        params = {"profile": profile, "locales": ",".join(locales) if locales else None,
                  "kinds": ",".join(kinds) if kinds else None}
        return _one(self._post("/v1/campaigns", brief, params=params, idempotency_key=idempotency_key))

    def campaigns(self, *, brand: str | None = None, name: str | None = None, page_size: int = 50) -> Iterator[Json]:
        return self._pages("/v1/campaigns", {"brand": brand, "name": name, "limit": page_size})

    def campaign(self, campaign_id: int) -> Json:
        return _one(self.request("GET", f"/v1/campaigns/{campaign_id}"))

    def jobs(self, *, state: str | None = None, campaign: int | None = None, page_size: int = 20) -> Iterator[Json]:
        return self._pages("/v1/jobs", {"state": state, "campaign": campaign, "limit": page_size})

    def job(self, job_id: int) -> Json:
        return _one(self.request("GET", f"/v1/jobs/{job_id}"))

    def cancel(self, job_id: int) -> Json:
        return _one(self._post(f"/v1/jobs/{job_id}/cancel"))

    # --- assets and review --------------------------------------------------------------------------

    def assets(self, *, page_size: int = 50, **filters: Any) -> Iterator[Json]:
        """Every asset matching the filters (campaign, locale, kind, channel, status, updated_since)."""
        return self._pages("/v1/assets", {**filters, "limit": page_size})

    def asset(self, asset_id: int) -> Asset:
        response = self.request("GET", f"/v1/assets/{asset_id}")
        return Asset(_one(response), response.headers["ETag"])

    def decide(self, asset_id: int, action: Action, *, reason: str | None = None, etag: str | None = None,
               version: int | None = None) -> Json:
        """Approve, reject or request changes on the version named by ``etag`` (or ``version``)."""
        body = {"action": action, "reason": reason, "version": version}
        return _one(self._post(f"/v1/assets/{asset_id}/decision", {k: v for k, v in body.items() if v is not None},
                               etag=etag))

    def edit(self, asset_id: int, *, etag: str | None = None, version: int | None = None, text: str | None = None,
             script: Json | None = None, image_prompt: str | None = None, reason: str | None = None) -> Asset:
        """Save a new version of the draft (re-checked); returns the asset after the edit."""
        body = {"text": text, "script": script, "image_prompt": image_prompt, "reason": reason, "version": version}
        response = self._post(f"/v1/assets/{asset_id}/versions", {k: v for k, v in body.items() if v is not None},
                              etag=etag)
        return Asset(_one(response), response.headers["ETag"])

    def waive(self, asset_id: int, rule: str, reason: str, *, etag: str | None = None,
              version: int | None = None) -> Asset:
        """A lead's waiver of ``rule`` on the current version (needs an admin key)."""
        body = {"rule": rule, "reason": reason, **({"version": version} if version is not None else {})}
        response = self._post(f"/v1/assets/{asset_id}/waivers", body, etag=etag)
        return Asset(_one(response), response.headers["ETag"])

    def comment(self, asset_id: int, body: str, *, parent_id: int | None = None) -> Json:
        payload = {"body": body, **({"parent_id": parent_id} if parent_id is not None else {})}
        return _one(self._post(f"/v1/assets/{asset_id}/comments", payload))

    def comments(self, asset_id: int) -> list[Json]:
        return _many(self.request("GET", f"/v1/assets/{asset_id}/comments"))

    def notifications(self, user: str, *, since: str | None = None, limit: int = 50) -> list[Json]:
        return _many(self.request("GET", "/v1/notifications", params={"user": user, "since": since, "limit": limit}))

    # --- exports ------------------------------------------------------------------------------------

    def export(self, *, campaign: int | str | None = None, format: ExportFormat = "jsonl",
               status: Literal["approved", "any"] = "approved") -> Export:
        """The export's files (a zip is unpacked; its summary.json is left out) and approvals per locale."""
        response = self.request("GET", "/v1/exports", params={"campaign": campaign, "format": format,
                                                             "status": status})
        approvals = {}
        for part in filter(None, (p.strip() for p in response.headers.get("X-Studio-Approvals", "").split(";"))):
            locale, _, counts = part.partition("=")
            approved, _, total = counts.partition("/")
            approvals[locale] = (int(approved), int(total))
        if response.headers.get("content-type", "").startswith("application/zip"):
            with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
                files = {n: zf.read(n) for n in zf.namelist() if n != "summary.json"}
        else:
            disposition = response.headers.get("Content-Disposition", "")
            name = disposition.split('filename="', 1)[-1].rstrip('"') if "filename=" in disposition else format
            files = {name: response.content}
        return Export(files, approvals)

    # --- webhooks -----------------------------------------------------------------------------------

    def create_webhook(self, url: str, events: list[str], *, secret: str | None = None) -> Json:
        body = {"url": url, "events": events, **({"secret": secret} if secret else {})}
        return _one(self._post("/v1/webhooks", body))

    def webhooks(self) -> list[Json]:
        return _many(self.request("GET", "/v1/webhooks"))

    def delete_webhook(self, webhook_id: int) -> Json:
        return _one(self.request("DELETE", f"/v1/webhooks/{webhook_id}"))

    def deliveries(self, webhook_id: int, *, limit: int = 100) -> list[Json]:
        return _many(self.request("GET", f"/v1/webhooks/{webhook_id}/deliveries", params={"limit": limit}))

    def ping(self, webhook_id: int) -> Json:
        """Send a signed ``ping`` now; returns the delivery with its status code or error."""
        return _one(self._post(f"/v1/webhooks/{webhook_id}/ping"))

    def redeliver(self, webhook_id: int, delivery_id: int) -> Json:
        return _one(self._post(f"/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"))


def parse_event(body: bytes) -> Json:
    """A webhook delivery's body: {id, event, created_at, data} (verify its signature first)."""
    event = json.loads(body)
    if not isinstance(event, dict):
        raise ValueError("a webhook body is a JSON object")
    return event


def _one(response: httpx.Response) -> Json:
    data = response.json()
    if not isinstance(data, dict):
        raise ProblemError(response.status_code, {"detail": f"expected a JSON object from {response.url.path}"})
    return data


def _many(response: httpx.Response) -> list[Json]:
    data = response.json()
    if not isinstance(data, list):
        raise ProblemError(response.status_code, {"detail": f"expected a JSON list from {response.url.path}"})
    return data
