"""bench/demo_time.py puts two `studio generate --timings` recordings side by side, phase by phase."""

import json

import pytest

from bench.demo_time import main


def recording(seconds: float, generated: int, cpu: float | None = None) -> dict:
    return {"wall_s": seconds + 5, **({"cpu_s": cpu + 1} if cpu is not None else {}), "model_calls": 1, "prompts": 4, "prompt_tokens": 900, "cached_tokens": 300,
            "generated_tokens": generated, "stopped": 4, "unaccounted_s": 5.0,
            "phases": {"copy candidates": {"seconds": seconds, **({"cpu_s": cpu} if cpu is not None else {}), "calls": 1, "prompts": 4, "prompt_tokens": 900,
                                           "cached_tokens": 300, "generated_tokens": generated, "stopped": 4}}}


def test_before_and_after_stand_side_by_side(tmp_path, capsys):
    (tmp_path / "before.json").write_text(json.dumps(recording(300.0, 380)))
    (tmp_path / "after.json").write_text(json.dumps(recording(120.0, 150)))
    main([str(tmp_path / "before.json"), str(tmp_path / "after.json")])
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("copy candidates"))
    assert row.split()[2:4] == ["300.0", "120.0"] and "380" in row and "150" in row
    assert any(line.startswith("TOTAL") for line in lines) and "before" in lines[1] and "after" in lines[1]


def test_cpu_seconds_stand_beside_wall_seconds_where_recorded(tmp_path, capsys):
    # an older recording has no CPU seconds: its cells stay empty, the newer one's show
    (tmp_path / "old.json").write_text(json.dumps(recording(300.0, 380)))
    (tmp_path / "new.json").write_text(json.dumps(recording(310.0, 380, cpu=520.0)))
    main([str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    lines = capsys.readouterr().out.splitlines()
    assert "cpu_s" in lines[0]
    row = next(line for line in lines if line.startswith("copy candidates"))
    assert row.split()[2:5] == ["300.0", "310.0", "520.0"]
    total = next(line for line in lines if line.startswith("TOTAL"))
    assert "521.0" in total.split()


def test_a_file_that_is_no_recording_says_how_to_make_one(tmp_path):
    (tmp_path / "x.json").write_text("[]")
    with pytest.raises(SystemExit, match="--timings"):
        main([str(tmp_path / "x.json")])
