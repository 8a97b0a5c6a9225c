"""Which of a brief's facts and key messages reach the model in English, per locale (issue 10, drafts-facts28).

Renders the copy prompts (a headline and a post) and every scene prompt of a video script for each brief and each
locale with a worked example, and counts the brief's statements (facts, key messages) whose English text appears in
the prompt as written. Cheap and exact (no model): run before and after a change to the prompts or the word tables.

    PYTHONPATH=$PWD .venv/bin/python bench/english_in_prompts.py [--briefs examples/campaign.yaml ...] [--show]
"""

from __future__ import annotations

import argparse

from studio.core.config import get_settings
from studio.generate.examples import locale_examples
from studio.generate.prompts import PromptLibrary, render
from studio.generate.script_plan import script_scenes
from studio.market.locales import get_locale, list_locales
from studio.plan.brief import load_brief


def prompt_text(prompt) -> str:
    return "\n".join([prompt.system, *(u + "\n" + a for u, a in prompt.history), prompt.user])


def english_in(text: str, statements: list[str]) -> list[str]:
    """The statements written in ``text`` as the brief has them; the glossary line ("Use these terms: English =
    the locale's") is left out, its English is the key to the locale's words. The product line's description is read:
    a claim it repeats in English counts."""
    folded = "\n".join(line for line in text.splitlines() if not line.startswith("Use these terms:")).casefold()
    return [s for s in statements if s.casefold() in folded]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--briefs", nargs="+", default=["examples/campaign.yaml", "examples/campaign_hard.yaml"])
    ap.add_argument("--show", action="store_true", help="name the statements given in English")
    args = ap.parse_args()
    lib = PromptLibrary(get_settings().prompts_dir)
    codes = [c for c in list_locales() if locale_examples(c) is not None]
    totals = {"copy": [0, 0], "scene": [0, 0]}
    for path in args.briefs:
        brief = load_brief(path)
        claims = [str(c.text) for c in brief.product.claims if str(c.text) not in brief.product.facts]
        facts, messages = [*map(str, brief.product.facts), *claims], [str(m) for m in brief.key_messages]
        print(f"\n{path}: {len(facts)} facts and claims, {len(messages)} key messages; per locale, given in English "
              "(facts and claims / key messages) in the copy prompts (headline, post) and the scene prompts (15 s script)")
        print(f"{'locale':8} {'copy facts':>10} {'copy msgs':>10} {'scene facts':>11} {'scene msgs':>10}")
        for code in codes:
            if code.startswith("en-"):
                continue
            loc = get_locale(code)
            copy = "\n".join(prompt_text(render("copy", brief=brief, locale=loc, channel=ch, variant=0))
                             for ch in ("google_ads_headline", "instagram"))
            n = script_scenes(15.0)
            scenes, written = [], []
            for k in range(n):
                p = lib.render_scene(brief=brief, locale=loc, channel="tiktok", duration_s=15.0, position=k,
                                     written=written)
                scenes.append(prompt_text(p))
                written.append(f"Scene {k + 1}\nVisual: x\nOn-screen text: x\nVoiceover: x")
            scene = "\n".join(scenes)
            cf, cm = english_in(copy, facts), english_in(copy, messages)
            sf, sm = english_in(scene, facts), english_in(scene, messages)
            totals["copy"][0] += len(cf) + len(cm)
            totals["scene"][0] += len(sf) + len(sm)
            totals["copy"][1] += len(facts) + len(messages)
            totals["scene"][1] += len(facts) + len(messages)
            print(f"{code:8} {len(cf):>6}/{len(facts):<3} {len(cm):>6}/{len(messages):<3} {len(sf):>7}/{len(facts):<3}"
                  f" {len(sm):>6}/{len(messages):<3}")
            if args.show:
                for s in [*cf, *cm]:
                    print(f"           copy : {s}")
                for s in [*sf, *sm]:
                    print(f"           scene: {s}")
    for what, (english, of) in totals.items():
        print(f"{what}: {english} of {of} statements given in English (non-English locales)")


if __name__ == "__main__":
    main()
