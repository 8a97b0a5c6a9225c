"""The Ray executor (``studio generate --executor ray``) on a local loopback Ray (2 pooled workers + 1):
every job ends in review once, whatever happens to the workers."""

from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from studio.cli.main import app
from studio.plan.brief import load_brief, plan
from studio.runs.pipeline import submit
from studio.store.database import session_scope
from studio.store.tables import Asset, AssetVersion, AuditLog, JobClaim, Run
from tests.helpers.queued_model import QueuedTextModel, default_responder, use_model  # noqa: F401

ray = pytest.importorskip("ray")
from studio.runs.executors import RayExecutor, WorkerPool, loopback_init  # noqa: E402
from tests.helpers import queued_model  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples/campaign.yaml"
LOCALES = sorted(p.stem for p in (REPO / "locales").glob("*-*.yaml"))


def queued_environment(mp: pytest.MonkeyPatch, results) -> None:
    """The settings of the queued test profile, in this process and in the Ray workers."""
    mp.setenv("PYTHONPATH", str(REPO))  # the actors import the queued test backend too
    mp.setenv("STUDIO_MODELS_DIR", str(queued_model.MODELS_DIR))
    mp.setenv("STUDIO_PROFILE", queued_model.PROFILE)
    mp.setenv("STUDIO_BACKENDS", queued_model.__name__)
    mp.setenv("STUDIO_RESULT_CACHE_DIR", str(results))


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        queued_environment(mp, tmp_path_factory.mktemp("results"))
        loopback_init(num_cpus=3, temp_dir=str(tmp_path_factory.mktemp("ray")))
        pool = WorkerPool(2)  # kept for the module: models and checks load once per worker
        yield pool
    ray.shutdown()


@pytest.fixture
def model(use_model, monkeypatch, local_ray, tmp_path):
    model = use_model(QueuedTextModel(default_responder))
    queued_environment(monkeypatch, tmp_path / "results")
    return model


def stored(db_url):
    with session_scope(db_url) as s:
        keys = s.exec(select(Asset.job_key)).all()
        versions = s.exec(select(func.count()).select_from(AssetVersion)).one()
        audits = s.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == "generate")).one()
        claims = s.exec(select(func.count()).select_from(JobClaim)).one()
    return keys, versions, audits, claims


def test_generate_with_the_ray_executor_stores_every_job_once(db_url, model):
    result = CliRunner().invoke(app, ["generate", str(SAMPLE), "--db", db_url, "--executor", "ray", "--workers", "1",
                                      "--kinds", "copy,video_script"])
    assert result.exit_code == 0, result.output
    assert "run completed" in " ".join(result.output.split())
    keys, versions, audits, claims = stored(db_url)
    assert len(keys) == len(set(keys)) == 5 * 4  # 5 locales x (2 headlines + 1 instagram + 1 script)
    assert versions == audits == len(keys) and claims == 0


def test_a_killed_worker_loses_and_duplicates_nothing(db_url, model, local_ray):
    brief = load_brief(SAMPLE)
    brief = type(brief).model_validate({**brief.model_dump(mode="json"), "locales": LOCALES})  # all 23 markets
    _, run_id = submit(brief, db_url=db_url, kinds=["copy"])
    executor = RayExecutor(run_id, db_url=db_url, pool=local_ray)
    killed = []

    def kill_a_worker(done, total, key):
        if not killed:  # after the first stored batch, while the others are still generating
            killed.append(executor.actors[0])
            ray.kill(executor.actors[0])

    executor.progress = kill_a_worker
    summary = executor.run()
    assert summary.state == "completed" and executor.actor_deaths >= 1 and len(local_ray.actors) == 2
    keys, versions, audits, claims = stored(db_url)
    assert len(LOCALES) == 23
    assert len(keys) == len(set(keys)) == 23 * 3
    assert versions == audits == len(keys) and claims == 0
    with session_scope(db_url) as s:
        assert s.get(Run, run_id).done == 23 * 3


def test_an_unknown_executor_is_refused_before_anything_is_stored(db_url, model):
    result = CliRunner().invoke(app, ["generate", str(SAMPLE), "--db", db_url, "--executor", "dask"])
    assert result.exit_code == 2 and "--executor" in result.output and "local or ray" in result.output


def test_a_stopping_server_hands_its_run_back_and_the_next_worker_finishes_it(db_url, model, local_ray):
    import threading

    from studio.runs import worker

    brief = load_brief(SAMPLE)
    brief = type(brief).model_validate({**brief.model_dump(mode="json"), "locales": LOCALES})
    _, run_id = submit(brief, db_url=db_url, kinds=["copy"])
    stop = threading.Event()
    executor = RayExecutor(run_id, db_url=db_url, pool=local_ray, stop=stop)
    executor.progress = lambda done, total, key: stop.set()  # the server shuts down after the first batch
    assert executor.run().state == "queued"
    keys, _, _, claims = stored(db_url)
    with session_scope(db_url) as s:
        run = s.get(Run, run_id)
        assert run.state == "queued" and run.lease_owner is None and 0 < len(keys) < 23 * 3 and claims == 0
    assert worker.run_once(db_url) == run_id  # the next server's worker takes it at once (no lease to expire)
    keys, versions, audits, claims = stored(db_url)
    assert len(keys) == len(set(keys)) == 23 * 3 and versions == audits == len(keys) and claims == 0
    with session_scope(db_url) as s:
        assert s.get(Run, run_id).state == "completed"


@pytest.mark.parametrize(("jobs", "workers", "sizes"), [
    (69, 2, [7] * 9 + [6]),  # 5 batches each, not 9 of 8 + 1 of 5 (one worker a batch behind)
    (69, 1, [8] * 6 + [7] * 3),
    (3, 2, [2, 1]),
    (1, 4, [1]),
])
def test_even_batches_share_the_jobs_out_in_whole_rounds(jobs, workers, sizes):
    from studio.runs.executors import even_batches

    plan_ = [j for j in plan(load_brief(SAMPLE).model_copy(update={"locales": LOCALES}), LOCALES, ["copy"])][:jobs]
    batches = even_batches(plan_, workers)
    assert [len(b) for b in batches] == sizes
    assert [j.key for b in batches for j in b] == [j.key for j in plan_]  # every job once, in plan order
