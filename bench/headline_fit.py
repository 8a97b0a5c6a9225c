"""Headline options that fit, from the first prompt: the headline prompts of a brief (every headline job,
each with the drafting loop's candidates) generated once by a profile's text model, before and after a
prompt change, and counted: how many options the replies offer, how many fit the channel, and whether
the option the drafting loop would pick fits and passes every copy gate. No checks, no repairs: this
measures what the first prompt asks for (issue 10: every option was 40-100 characters against 30).

    OMP_WAIT_POLICY=PASSIVE nice -n 10 .venv/bin/python bench/headline_fit.py --profile cpu \
        --locales de-DE,en-US,fr-FR,ja-JP --before-prompts /path/to/old/prompts [--json]

    ... bench/headline_fit.py --db sqlite:///base.db [--db sqlite:///after.db] [--locales ...]

``--db`` counts instead what a drafting run (bench/quality.py --keep-db) recorded, no model loaded: every
option of every first candidate's and repair's reply on headline channels (generation meta
``candidates[].options`` / ``repairs[].options``; a run recorded before those were kept gives the option
each reply's pick only), and whether the kept headline fits. Several ``--db`` are reported side by side.

``--before-prompts`` is another prompts folder (e.g. ``git archive <commit> prompts | tar -x``): its
prompts and the current ones go to the model in one call (one model load); without it only the current
prompts are measured. The gates are the current ones for both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from studio.core.config import get_settings  # noqa: E402
from studio.generate.backends import load_model  # noqa: E402
from studio.generate.candidates import MAX_NEW_TOKENS, MIN_NEW_TOKENS  # noqa: E402
from studio.generate.drafting import ANGLE_STEP  # noqa: E402
from studio.generate.gates import copy_gates  # noqa: E402
from studio.generate.headlines import asks_options, clean_copy, copy_options, pick_option  # noqa: E402
from studio.generate.profiles import load_profile  # noqa: E402
from studio.generate.prompts import render  # noqa: E402
from studio.market.channels import fits, get_channel  # noqa: E402
from studio.market.locales import get_locale  # noqa: E402
from studio.plan.brief import load_brief, plan  # noqa: E402


def _prompts_for(folder: str | None, jobs, brief, candidates: int) -> list:
    if folder is not None:
        os.environ["STUDIO_PROMPTS_DIR"] = folder
    else:
        os.environ.pop("STUDIO_PROMPTS_DIR", None)
    get_settings.cache_clear()
    return [render("copy", brief=brief, locale=get_locale(job.locale), channel=get_channel(job.channel),
                   variant=job.variant + ANGLE_STEP * k) for job in jobs for k in range(candidates)]


def measure(replies: list[str], jobs, brief, candidates: int) -> dict[str, Any]:
    per_locale: dict[str, dict[str, Any]] = defaultdict(lambda: {"options": 0, "fit": 0, "replies": 0, "picked_fit": 0,
                                                                  "picked_pass": 0, "picked": []})
    for i, raw in enumerate(replies):
        job = jobs[i // candidates]
        channel, locale = get_channel(job.channel), get_locale(job.locale)
        text = clean_copy(raw)
        options = copy_options(text, raw) if text else []
        picked = pick_option(text, raw, job, brief) if text else ""
        failed = copy_gates(picked, job.channel, job.locale, brief) if picked else {"language": "empty"}
        cell = per_locale[job.locale]
        cell["replies"] += 1
        cell["options"] += len(options)
        cell["fit"] += sum(fits(o, channel, locale) for o in options)
        cell["picked_fit"] += bool(picked) and fits(picked, channel, locale)
        cell["picked_pass"] += not failed
        cell["picked"].append({"text": picked, "failed": sorted(failed)})
    total = {k: sum(c[k] for c in per_locale.values()) for k in ("options", "fit", "replies", "picked_fit", "picked_pass")}
    return {"locales": dict(per_locale), "total": total}


def from_db(db_url: str, locales: list[str] | None) -> dict[str, Any]:
    """Options that fit, per locale, from a drafting run's stored generation meta (no model call)."""
    from sqlmodel import select

    from studio.store.database import session_scope
    from studio.store.tables import Asset

    zero = {"candidates": [0, 0], "repairs": [0, 0], "kept_fit": 0, "headlines": 0, "all_options": True}
    per_locale: dict[str, dict[str, Any]] = defaultdict(lambda: json.loads(json.dumps(zero)))
    with session_scope(db_url) as session:
        for asset in session.exec(select(Asset).where(Asset.kind == "copy").order_by(Asset.id)).all():
            channel, locale = get_channel(asset.channel), get_locale(asset.locale)
            if (locales and asset.locale not in locales) or not asks_options(channel, locale):
                continue
            meta, cell = asset.generation or {}, per_locale[asset.locale]
            for part in ("candidates", "repairs"):
                for record in meta.get(part, []):
                    options = record.get("options")
                    if options is None:
                        cell["all_options"] = False
                        options = [record["text"]] if record.get("text") else []
                    cell[part][0] += sum(fits(o, channel, locale) for o in options)
                    cell[part][1] += len(options)
            cell["headlines"] += 1
            cell["kept_fit"] += bool(asset.text) and fits(asset.text, channel, locale)
    total = {part: [sum(c[part][k] for c in per_locale.values()) for k in (0, 1)] for part in ("candidates", "repairs")}
    total["kept_fit"] = sum(c["kept_fit"] for c in per_locale.values())
    total["headlines"] = sum(c["headlines"] for c in per_locale.values())
    return {"db": db_url, "locales": dict(sorted(per_locale.items())), "total": total,
            "all_options": all(c["all_options"] for c in per_locale.values())}


def report_dbs(dbs: list[str], locales: list[str] | None, as_json: bool) -> list[dict[str, Any]]:
    results = [from_db(db, locales) for db in dbs]
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return results
    for r in results:
        t = r["total"]
        what = "every option of each reply" if r["all_options"] else "each reply's picked option only (older run)"
        print(f"\n{r['db']} ({what}): options that fit, first candidates {t['candidates'][0]}/{t['candidates'][1]}, "
              f"repairs {t['repairs'][0]}/{t['repairs'][1]}; kept headline fits {t['kept_fit']}/{t['headlines']}")
        for loc, c in r["locales"].items():
            print(f"  {loc:<6} candidates {c['candidates'][0]:>2}/{c['candidates'][1]:<2} repairs {c['repairs'][0]:>2}/"
                  f"{c['repairs'][1]:<2} kept fits {c['kept_fit']}/{c['headlines']}")
    return results


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="cpu")
    ap.add_argument("--locales", default="de-DE,en-US,fr-FR,ja-JP")
    ap.add_argument("--brief", default="examples/campaign.yaml")
    ap.add_argument("--before-prompts", default=None, help="a prompts folder to measure against the current one")
    ap.add_argument("--candidates", type=int, default=None, help="prompts per job (default: the profile's)")
    ap.add_argument("--variants", default=None, help="comma-separated variants to draft (default: every one the brief asks)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--db", action="append", default=None,
                    help="count the options a drafting run recorded in this database (repeatable); no model call")
    args = ap.parse_args(argv)
    locales = [c.strip() for c in args.locales.split(",") if c.strip()]
    if args.db:
        return {"dbs": report_dbs(args.db, locales if "--locales" in (argv or sys.argv) else None, args.json)}
    brief = load_brief(args.brief)
    brief = brief.model_copy(update={"locales": list(dict.fromkeys([*brief.locales, *locales]))})
    variants = {int(v) for v in args.variants.split(",")} if args.variants else None
    jobs = [j for j in plan(brief, locales, ["copy"]) if asks_options(get_channel(j.channel), get_locale(j.locale))
            and (variants is None or j.variant in variants)]
    profile = load_profile(args.profile)
    candidates = args.candidates or profile.drafting.effective().candidates
    sets = {"before": args.before_prompts, "after": None} if args.before_prompts else {"after": None}
    prompts = {name: _prompts_for(folder, jobs, brief, candidates) for name, folder in sets.items()}
    _prompts_for(None, jobs, brief, 0)  # gates read the current prompts folder
    model = load_model(profile.require("text"))
    flat = [p for name in sets for p in prompts[name]]
    start = time.perf_counter()
    raws = model.generate(flat, seed=0, max_new_tokens=MAX_NEW_TOKENS["copy"], min_new_tokens=MIN_NEW_TOKENS["copy"])
    seconds = time.perf_counter() - start
    result: dict[str, Any] = {"jobs": len(jobs), "candidates": candidates, "seconds": round(seconds, 1)}
    for n, name in enumerate(sets):
        result[name] = measure(raws[n * len(jobs) * candidates:(n + 1) * len(jobs) * candidates], jobs, brief, candidates)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return result
    print(f"{len(jobs)} headline jobs x {candidates} candidates, one model call of {len(flat)} prompts: {seconds:.0f} s")
    for name in sets:
        t = result[name]["total"]
        print(f"\n{name}: options that fit {t['fit']}/{t['options']}; picked option fits {t['picked_fit']}/{t['replies']}, "
              f"passes every gate {t['picked_pass']}/{t['replies']}")
        for loc, c in result[name]["locales"].items():
            print(f"  {loc:<6} fit {c['fit']:>2}/{c['options']:<2} picked fits {c['picked_fit']}/{c['replies']} "
                  f"passes {c['picked_pass']}/{c['replies']}")
            for q in c["picked"][:3]:
                print(f"      {'ok' if not q['failed'] else 'FAIL ' + ','.join(q['failed'])}: {q['text']!r}")
    return result


if __name__ == "__main__":
    main()
