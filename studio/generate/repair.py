"""The generate -> check -> repair loop, where a draft's fate is decided (``best_of``): up to n candidates per job,
each scored by the gates and the checks; the best one, while it still has a problem, gets repair prompts quoting
its problems (studio.generate.problems), and the best-scoring candidate or repair is kept (``Candidate.score``).
On channels asked for options, every option of every reply then competes (``best_options``). The maker
(studio.generate.drafting.DraftMaker) supplies the model, the prompts and the scoring; this module decides which
draft wins and what is asked again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from studio.core import timings
from studio.generate.backends import TextModel
from studio.generate.candidates import MAX_NEW_TOKENS, MIN_NEW_TOKENS, Candidate, resample
from studio.generate.echoes import ECHO, copied_example, echoed, repeats_problem
from studio.generate.headlines import asks_options, clean_copy, option_gates, reply_options
from studio.generate.problems import copy_options_line, repair_problems
from studio.generate.prompts import render_copy_repair, render_repair
from studio.market.channels import get_channel, measure
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset

if TYPE_CHECKING:  # profiles is imported where a profile is loaded (DraftMaker), not with this module
    from studio.generate.profiles import DraftingSettings


class Drafter(Protocol):
    """What the loop asks of the maker (studio.generate.drafting.DraftMaker): the brief, the drafting settings,
    the text model, a job's prompt from its ``candidate``-th opening angle, and the gates and checks of a batch
    of candidates (``_score`` fills in their gates and findings)."""

    brief: Brief
    drafting: DraftingSettings

    @property
    def text_model(self) -> TextModel: ...

    def _prompt(self, job: PlannedAsset, candidate: int = 0): ...

    def _score(self, cands: list[Candidate], jobs: list[PlannedAsset]) -> None: ...


# Repair rounds after the profile's ``repair_rounds`` for a headline whose only problem is its length, when the round
# before cut it closer without reaching the limit: the 23-locale run of lead39 had five headlines kept over the limit
# with a length block, and in none did any option of any reply, nor a phrase of one, fit; asked to cut to the brand
# and 2-4 words, the 1.5B model cut en-IN's 54 characters to 34 ("Fjell: One bottle for cold drinks.") and fr-CA's
# 106 to 62, and that repair, no better by score, was not the draft the next round would quote.
LENGTH_ROUNDS = 1


def best_of(maker: Drafter, jobs: list[PlannedAsset], prompts: list, seed: int, n: int, make,
             first=None, fix=None, rounds: int | None = None) -> list[tuple[Candidate, list, list]]:
    """Up to ``n`` candidates per job (``make(job, raw, label)`` turns a reply into a Candidate), each
    scored by the gates and the checks: the first candidate of every job in one model call, the next
    ones only for jobs whose best so far still has a problem (copy: one another sample can fix, ``resample``;
    a clean first draft cannot be beaten: ties keep the earlier), one call per candidate. The best one, while it fails a gate or has a block/warn
    finding, gets a repair prompt quoting its problems (all jobs' repairs in one call per round, up to
    ``repair_rounds``); the best-scoring candidate is kept. Per job: (best, candidates, repairs as
    recorded in the asset's generation meta). ``first()``, when given, writes every job's first reply
    instead of one call with ``prompts`` (a script written scene by scene). ``fix(todo, best, seed)``, when
    given, makes a round's repairs instead of the repair prompts: {index into todo: (reply, problems)} (a
    script repaired scene by scene); a job it leaves out is not repaired. ``rounds`` overrides ``repair_rounds``.
    A copy repair as good as the best by score and only shorter (both only too long) is kept; a headline whose repair
    came closer to its limit that way gets ``LENGTH_ROUNDS`` more rounds (``only_too_long``, ``shorter_too_long``)."""
    kind, rounds = jobs[0].kind, maker.drafting.repair_rounds if rounds is None else rounds
    budget = {"max_new_tokens": MAX_NEW_TOKENS[kind], "min_new_tokens": MIN_NEW_TOKENS[kind]}
    cands: list[list[Candidate]] = [[] for _ in jobs]
    best: list[Candidate] = []
    for k in range(n):
        todo = list(range(len(jobs))) if k == 0 else [i for i, b in enumerate(best)
                                                      if (resample(b) if kind == "copy" else not b.clean)]
        if not todo:
            break
        if k == 0 and first is not None:
            raws = first()
        else:
            asked = [prompts[i] if k == 0 else maker._prompt(jobs[i], k) for i in todo]
            with timings.phase(f"{kind} candidates"):
                raws = maker.text_model.generate(asked, seed=seed, **budget)
        with timings.phase(f"{kind} gates and checks"):
            made = [make(jobs[i], raw, f"candidate {k + 1}") for i, raw in zip(todo, raws)]
            maker._score(made, [jobs[i] for i in todo])
        for i, cand in zip(todo, made):
            cands[i].append(cand)
        best = [min(per_job, key=lambda c: c.score) for per_job in cands]
    tried = [list(per_job) for per_job in cands]  # every candidate and repair of a job
    repairs: list[list[dict]] = [[] for _ in jobs]
    closer = [False] * len(jobs)  # the last round's repair was kept, a headline only too long: cut once more
    for r in range(1, rounds + 1 + (LENGTH_ROUNDS if kind == "copy" and rounds else 0)):
        # an unreadable script is repaired too (its reply is quoted); empty copy is not
        todo = [i for i, b in enumerate(best) if not b.clean and (b.text or (kind == "video_script" and b.raw.strip()))
                and not (kind == "copy" and b.semantic_warns_only) and (r <= rounds or closer[i])]
        if fix is not None:
            with timings.phase(f"{kind} scene repair {r}"):
                asked = fix(todo, [best[i] for i in todo], seed + r) if todo else {}
            problems = {todo[k]: said for k, (_, said) in asked.items()}
            fixed_raws = [raw for raw, _ in asked.values()]
            todo = [todo[k] for k in asked]
            if not todo:
                break
        else:
            problems = {i: repair_problems(best[i], jobs[i], maker.brief) for i in todo}
            todo = [i for i in todo if problems[i]]
            if not todo:
                break
            fix_prompts = [repair_prompt(prompts[i], jobs[i], best[i], problems[i], maker.brief) for i in todo]
            with timings.phase(f"{kind} repair {r}"):
                fixed_raws = maker.text_model.generate(fix_prompts, seed=seed + r, **budget)
        with timings.phase(f"{kind} gates and checks"):
            fixed = [make(jobs[i], raw, f"repair {r}") for i, raw in zip(todo, fixed_raws)]
            maker._score(fixed, [jobs[i] for i in todo])
        for i, cand in zip(todo, fixed):
            if kind == "copy" and (line := repeats_problem(cand.text, problems[i])):
                cand.gates["copied"] = f"{ECHO} {line[:60]!r} instead of writing the ad"  # never kept
            tried[i].append(cand)
            kept = cand.score < best[i].score or (cand.score == best[i].score and shorter_too_long(cand, best[i], jobs[i]))
            repairs[i].append({"round": r, "of": best[i].label, "problems": problems[i], **cand.record(), "kept": kept})
            if kept:
                best[i] = cand
            closer[i] = kept and only_too_long(cand, jobs[i])
    if kind == "copy":
        with timings.phase(f"{kind} gates and checks"):
            best = best_options(maker, jobs, tried, best)
    return [(best[i], cands[i], repairs[i]) for i in range(len(jobs))]


def only_too_long(cand: Candidate, job: PlannedAsset) -> bool:
    """Whether a copy draft on a channel asked for options fails its length and nothing else (no other gate, no
    other block or warn finding)."""
    rules = {f.rule for f in cand.findings if f.severity in ("block", "warn")}
    return (set(cand.gates) == {"length"} and rules <= {"builtin.length"}
            and asks_options(get_channel(job.channel), get_locale(job.locale)))


def shorter_too_long(cand: Candidate, best: Candidate, job: PlannedAsset) -> bool:
    """Whether ``cand``, as good as ``best`` by score, is a headline only too long and shorter than ``best``, also
    only too long: the one a writer (or the next round) cuts the least."""
    if not (only_too_long(cand, job) and only_too_long(best, job)):
        return False
    channel, locale = get_channel(job.channel), get_locale(job.locale)
    return measure(cand.text, channel, locale).count < measure(best.text, channel, locale).count


def best_options(maker: Drafter, jobs: list[PlannedAsset], tried: list[list[Candidate]], best: list[Candidate]) -> list[Candidate]:
    """On channels asked for options, when the best draft still has a problem: every option of every
    candidate's and repair's reply competes (each reply picked its own best, but the best option of
    one reply may fail where another reply's second option passes). Options that fail no more gates
    than the best draft are checked (one batch); the best by score wins, the current best on a tie.
    No model call; nothing is cut: an option is a whole line the model wrote."""
    from studio.generate.labels import with_labels

    pool: list[tuple[int, Candidate]] = []
    for i, job in enumerate(jobs):
        if best[i].clean or not asks_options(get_channel(job.channel), get_locale(job.locale)):
            continue
        seen = {c.text for c in tried[i]}
        option_failed = option_gates(job, maker.brief)
        for cand in tried[i]:
            made: dict[str, dict] = {}
            for k, reply in enumerate(reply_options(clean_copy(cand.raw), cand.raw, job, maker.brief, option_failed, made), 1):
                option = with_labels(reply, job.locale, job.channel, maker.brief)
                if option in seen:
                    continue
                seen.add(option)
                gates = option_failed(reply)
                if len(gates) <= len(best[i].gates) and not echoed(gates):
                    meta = {**{key: v for key, v in cand.meta.items() if key != "made"},
                            "problems": copied_example(option, job.locale, maker.brief), "picked_from": cand.raw.strip()[:800],
                            **({"made": made[reply]} if reply in made else {})}
                    pool.append((i, Candidate(f"{cand.label}, option {k}", option, cand.raw, meta)))
    if not pool:
        return best
    maker._score([c for _, c in pool], [jobs[i] for i, _ in pool])
    out = list(best)
    for i, cand in pool:
        if not cand.empty and cand.score < out[i].score:
            out[i] = cand
    return out

def repair_prompt(prompt, job: PlannedAsset, cand: Candidate, problems: list[str], brief: Brief):
    """Copy: the fix asked as the next chat turn after the task and the draft, in the locale's language
    (``render_copy_repair``); video scripts: ``render_repair``."""
    if job.kind == "copy":
        return render_copy_repair(prompt, locale=job.locale, draft=cand.draft, problems=problems,
                                  options_line=copy_options_line(job, brief))
    return render_repair(prompt, locale=job.locale, draft=cand.draft, problems=problems)

