"""The server's worker on Ray (``studio serve --executor ray``): a run queued through the API executes on
Ray actors started with the server, every job is stored once even when an actor is killed mid-run, and
the API shows the run's progress as it goes. A local loopback Ray on CPU, 2 workers."""

import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from studio.accounts.apikeys import create_key
from studio.cli.main import app as cli
from studio.review.queue import campaign_progress
from studio.runs.worker import ExecutorConfig, RayRunner
from studio.store.database import get_sql_engine, session_scope
from studio.store.tables import Asset, AssetVersion, JobClaim
from tests.helpers import queued_model
from tests.helpers.api import auth

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parents[2]
LOCALES = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The API app with its worker on 2 Ray actors (the queued test model, 0.3 s a batch), for the module."""
    tmp = tmp_path_factory.mktemp("server_ray")
    db_url = f"sqlite:///{tmp / 'studio.db'}"
    ray_tmp = tempfile.mkdtemp(prefix="ray")  # short: Ray's socket paths must fit in 107 bytes
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {"PYTHONPATH": str(REPO), "STUDIO_MODELS_DIR": str(queued_model.MODELS_DIR),
                            "STUDIO_PROFILE": queued_model.PROFILE, "STUDIO_BACKENDS": queued_model.__name__,
                            "STUDIO_RESULT_CACHE_DIR": "off", "STUDIO_TEST_MODEL_DELAY_S": "0.3",
                            "RAY_TMPDIR": ray_tmp, "OMP_NUM_THREADS": "1"}.items():
            mp.setenv(name, value)
        from studio.core.config import get_settings
        from studio.server import create_app

        get_settings.cache_clear()
        get_sql_engine(db_url)
        with session_scope(db_url) as s:
            key = create_key(s, "cms", ["read", "write"])[1]
        app = create_app(db_url, executor=ExecutorConfig("ray", workers=2))
        with TestClient(app) as client:
            client.headers.update(auth(key))
            yield client, db_url, app.state.worker.executor
        assert not ray.is_initialized()  # the server's Ray went down with it
    get_settings.cache_clear()
    shutil.rmtree(ray_tmp, ignore_errors=True)


def brief(campaign: str) -> dict:
    data = yaml.safe_load((REPO / "examples/campaign.yaml").read_text(encoding="utf-8"))
    data["publish_dates"] = [str(d) for d in data["publish_dates"]]
    return {**data, "campaign": campaign, "locales": LOCALES}  # all 23 markets


def watch(client, job_id, on_progress=None, timeout=90) -> tuple[dict, list[int]]:
    """Poll the job as a CMS does until it ends; returns the last answer and every ``done`` seen."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        seen.append(job["done"])
        if on_progress and 0 < job["done"] < job["total"]:
            on_progress(job)
        if job["state"] not in ("queued", "running"):
            return job, seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s ({job['done']}/{job['total']})")


def stored_per_key(db_url, campaign_id) -> tuple[Counter, int, int]:
    with session_scope(db_url) as s:
        keys = Counter(s.exec(select(Asset.job_key).where(Asset.campaign_id == campaign_id)).all())
        versions = len(s.exec(select(AssetVersion.id).join(Asset, Asset.id == AssetVersion.asset_id)
                              .where(Asset.campaign_id == campaign_id)).all())
        claims = len(s.exec(select(JobClaim.job_key)).all())
    return keys, versions, claims


@pytest.mark.slow  # ~20 s with the server's start (Ray, 2 actors loading the checks)
def test_a_run_queued_through_the_api_runs_on_the_ray_workers_and_shows_progress(server):
    client, db_url, runner = server
    assert isinstance(runner, RayRunner) and len(runner.pool.actors) == 2
    r = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief("ray-server-1"))
    assert r.status_code == 202, r.text
    job, seen = watch(client, r.json()["job_id"])
    assert job["state"] == "completed" and job["done"] == job["total"] == 23 * 3
    assert any(0 < d < job["total"] for d in seen), f"no progress shown between 0 and done: {sorted(set(seen))}"
    assert seen == sorted(seen)  # progress only goes forward
    assert {(p["locale"], p["done"]) for p in job["progress"]} == {(loc, 3) for loc in LOCALES}
    keys, versions, claims = stored_per_key(db_url, job["campaign_id"])
    assert len(keys) == 23 * 3 and set(keys.values()) == {1} and versions == len(keys) and claims == 0
    with session_scope(db_url) as s:  # the UI's dashboard: every market generated, in review
        rows = campaign_progress(s, job["campaign_id"])
    assert {(row["locale"], row["generated"], row["in_review"]) for row in rows} == {(loc, 3, 3) for loc in LOCALES}


@pytest.mark.slow
def test_killing_a_ray_worker_mid_run_loses_and_duplicates_nothing(server):
    client, db_url, runner = server
    before = list(runner.pool.actors)
    killed = []

    def kill_one(job):
        if not killed:  # the first time some of the run is stored and the rest is generating
            killed.append(job["done"])
            ray.kill(runner.pool.actors[0])

    r = client.post("/v1/campaigns", params={"kinds": "copy"}, json=brief("ray-server-2"))
    job, _ = watch(client, r.json()["job_id"], on_progress=kill_one)
    assert killed and killed[0] < job["total"]
    assert job["state"] == "completed" and job["done"] == job["total"] == 23 * 3
    keys, versions, claims = stored_per_key(db_url, job["campaign_id"])
    assert len(keys) == 23 * 3 and set(keys.values()) == {1}, [k for k, n in keys.items() if n > 1]
    assert versions == len(keys) and claims == 0
    assert runner.pool.deaths >= 1 and runner.pool.actors[0] != before[0] and len(runner.pool.actors) == 2


@pytest.mark.parametrize(("args", "env", "named"), [
    (["--executor", "dask"], {}, "--executor"),
    ([], {"STUDIO_EXECUTOR": "dask"}, "STUDIO_EXECUTOR"),
    (["--executor", "ray", "--workers", "0"], {}, "--workers"),
    ([], {"STUDIO_EXECUTOR": "ray", "STUDIO_RAY_WORKERS": "two"}, "STUDIO_RAY_WORKERS"),
    ([], {"STUDIO_EXECUTOR": "ray", "STUDIO_RAY_GPUS_PER_WORKER": "-1"}, "STUDIO_RAY_GPUS_PER_WORKER"),
    (["--address", "ray://head:10001"], {}, "--address"),
    ([], {"STUDIO_RAY_WORKERS": "2"}, "STUDIO_RAY_WORKERS"),
])
def test_a_bad_executor_setting_stops_serve_naming_it(monkeypatch, db_url, args, env, named):
    for name in ("STUDIO_EXECUTOR", "STUDIO_RAY_ADDRESS", "STUDIO_RAY_WORKERS", "STUDIO_RAY_GPUS_PER_WORKER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["serve", "--db", db_url, "--port", "1", *args])
    assert result.exit_code == 2, result.output
    assert f"{named}:" in result.output and "fix:" in result.output


def test_serve_without_ray_installed_says_so_at_start(monkeypatch, db_url):
    import builtins

    real_import = builtins.__import__

    def no_ray(name, *a, **k):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    result = CliRunner().invoke(cli, ["serve", "--db", db_url, "--port", "1", "--executor", "ray"])
    assert result.exit_code == 2 and "needs Ray" in result.output and "studio[ray]" in result.output
