"""bench/demo_time.py puts two `studio generate --timings` recordings side by side, phase by phase."""

import json

import pytest

from bench.demo_time import main


def recording(seconds: float, generated: int) -> dict:
    return {"wall_s": seconds + 5, "model_calls": 1, "prompts": 4, "prompt_tokens": 900, "cached_tokens": 300,
            "generated_tokens": generated, "stopped": 4, "unaccounted_s": 5.0,
            "phases": {"copy candidates": {"seconds": seconds, "calls": 1, "prompts": 4, "prompt_tokens": 900,
                                           "cached_tokens": 300, "generated_tokens": generated, "stopped": 4}}}


def test_before_and_after_stand_side_by_side(tmp_path, capsys):
    (tmp_path / "before.json").write_text(json.dumps(recording(300.0, 380)))
    (tmp_path / "after.json").write_text(json.dumps(recording(120.0, 150)))
    main([str(tmp_path / "before.json"), str(tmp_path / "after.json")])
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("copy candidates"))
    assert row.split()[2:4] == ["300.0", "120.0"] and "380" in row and "150" in row
    assert any(line.startswith("TOTAL") for line in lines) and "before" in lines[1] and "after" in lines[1]


def test_a_file_that_is_no_recording_says_how_to_make_one(tmp_path):
    (tmp_path / "x.json").write_text("[]")
    with pytest.raises(SystemExit, match="--timings"):
        main([str(tmp_path / "x.json")])
