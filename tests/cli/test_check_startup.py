"""`studio check` starts light: no database layer, no torch, no generation code, no YAML parser (the
rule packs come from their validated copy), no CLDR (babel) nor channel measuring (regex) for copy
without numbers or a channel, lingua's full models not loaded for copy the quick passes confirm, and
only the market it checks compiled."""

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from studio.cli.main import app

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "argon2", "torch", "transformers", "diffusers", "holidays", "rich",
         "babel", "regex", "yaml")
STUDIO_HEAVY = ("studio.generate", "studio.store", "studio.runs", "studio.review", "studio.market.channels")
PROBE = """
import sys
from studio.cli.main import app
from studio.checks import engine, language
try:
    app(["check", sys.argv[1]])
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))
heavy += sorted(p for p in sys.argv[3].split(",") if any(m == p or m.startswith(p + ".") for m in sys.modules))
compiled = sorted(engine.get_check_engine()._checkers)
full = language._lingua.cache_info().currsize
print(json.dumps({"code": code, "heavy": heavy, "compiled": compiled, "lingua_full": full}), file=sys.stderr)
"""


def test_studio_check_on_one_draft_imports_no_database_layer_nor_torch_and_compiles_one_market(tmp_path):
    line = {"id": "1", "locale": "de-DE", "kind": "copy", "text": "Die beste Flasche der Welt."}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):  # the first start may write the rule and encoder copies (reads YAML): measure the next
        done = subprocess.run([sys.executable, "-c", "import json\n" + PROBE, str(path), ",".join(HEAVY),
                               ",".join(STUDIO_HEAVY)],
                              capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert json.loads(done.stdout)["findings"][0]["rule"] == "de.claims.superlative"
    # A short line lingua's trigram pass alone cannot confirm: fastText agreeing spares the full models.
    assert report == {"code": 0, "heavy": [], "compiled": ["de-DE"], "lingua_full": 0}


def test_an_english_line_in_a_german_market_is_named_without_lingua_full_models(tmp_path):
    # Both quick passes name English near-certainly: the language finding comes without the full models,
    # which cost a new process 1.7-3 s of CPU (the `studio check` cold start bar is 1 s).
    line = {"id": "1", "locale": "de-DE", "kind": "copy",
            "text": "Our new collection is here. Light fabrics, clean cuts and colours for every day."}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", "import json\n" + PROBE, str(path), ",".join(HEAVY),
                           ",".join(STUDIO_HEAVY)], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["rule"] == "builtin.language" and "reads as 'en'" in finding["message"]
    assert report["lingua_full"] == 0


def test_the_lazy_command_groups_still_run_and_are_listed():
    runner = CliRunner()
    listed = runner.invoke(app, ["--help"])
    assert all(name in listed.output for name in ("users", "apikeys", "db", "audit", "results"))
    db = runner.invoke(app, ["db", "--help"])
    assert db.exit_code == 0 and "upgrade" in db.output
    typo = runner.invoke(app, ["udit"])
    assert typo.exit_code == 2 and "audit" in typo.output


def test_studio_check_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "1", "locale": "de-DE", "kind": "copy", "text": "Die beste Flasche der Welt."})
                    + "\n" + json.dumps({"id": "2", "locale": "xx-XX", "kind": "copy", "text": "x"}) + "\n",
                    encoding="utf-8")
    runner = CliRunner()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            result = runner.invoke(app, ["check", str(path)])
            assert result.exit_code == 2, result.output  # a bad line, reported on its line; the good one checked
            out = [json.loads(line) for line in result.stdout.splitlines()]
            assert out[0]["findings"][0]["rule"] == "de.claims.superlative" and "locale" in out[1]["error"]["message"]
            assert gc.isenabled() is enabled
        gc.enable()
        failed = runner.invoke(app, ["check", str(tmp_path / "missing.jsonl")])
        assert failed.exit_code == 2 and gc.isenabled()
    finally:
        gc.enable()


TYPES_PROBE = """
import json, sys
from studio.cli.main import app
from studio.checks import engine
try:
    app(["check", sys.argv[1]])
except SystemExit:
    pass
from studio.checks.rules.types import TYPES
used = sorted({lr.rule.type for lr in engine.get_check_engine().rules_for(sys.argv[2])})
imported = sorted(m for m in sys.modules if m.startswith("studio.checks.rules.types."))
print(json.dumps({"used": used, "modules": [TYPES[t].split(":")[0] for t in used], "imported": imported}),
      file=sys.stderr)
"""
ONLY_PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module("studio.checks.rules.types." + name)
print(json.dumps(sorted(m for m in sys.modules if m.startswith("studio.checks.rules.types."))))
"""


def test_studio_check_imports_the_rule_types_its_loaded_rules_use_and_no_other(tmp_path):
    # The register type is de-DE's alone: a zh-CN draft's start leaves its module (and any type no zh-CN rule
    # uses) unimported (engine59: unpickling a rule imports its class's module; the table imports none).
    line = {"id": "1", "locale": "zh-CN", "kind": "copy", "text": "全球最好的茶，立即购买！"}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):  # the first start may write the rule copies: look at the next
        done = subprocess.run([sys.executable, "-c", TYPES_PROBE, str(path), "zh-CN"], capture_output=True, text=True,
                              env=env, cwd=REPO, timeout=300)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert "register" not in report["used"] and "studio.checks.rules.types.verb_register" not in report["imported"]
    alone = subprocess.run([sys.executable, "-c", ONLY_PROBE, *report["modules"]], capture_output=True, text=True,
                           env=env, cwd=REPO, timeout=300, check=True)
    assert report["imported"] == json.loads(alone.stdout)  # the used types' modules and what they import, no more


def test_the_studio_script_ends_a_finished_check_without_teardown_and_keeps_its_output_and_code(tmp_path):
    # studio.cli.main:main (the script) os._exit()s once every line is written: the output, the exit code and the
    # atexit handlers are the ordinary exit's; a module-level finaliser (what teardown would run) is not reached.
    lines = [{"id": "1", "locale": "en-US", "kind": "copy", "text": "Cures cancer in 3 days, guaranteed."},
             {"id": "2", "locale": "de-DE", "kind": "copy", "text": "Schöne Schuhe für den Sommer."}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print('atexit ran', file=sys.stderr))\n"
              "class Teardown:\n"
              "    def __del__(self):\n"
              "        print('torn down', file=sys.stderr)\n"
              "keep = Teardown()\n"
              "from studio.cli.main import main\n"
              "sys.argv[0] = 'studio'\n"
              "main()\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script, "check", str(path)], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=300)
    assert done.returncode == 1  # a block finding
    assert [json.loads(x)["id"] for x in done.stdout.splitlines()] == ["1", "2"]
    assert "atexit ran" in done.stderr and "torn down" not in done.stderr
    bad = subprocess.run([sys.executable, "-c", script, "check", str(tmp_path / "missing.jsonl")], capture_output=True,
                         text=True, env=env, cwd=REPO, timeout=300)
    assert bad.returncode == 2 and "cannot read" in bad.stderr and "torn down" in bad.stderr  # not finished: ordinary
