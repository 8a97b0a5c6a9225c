"""Turn a batch of jobs into drafts (``DraftMaker``): prompt, generate with the profile's models (loaded once),
translate when the profile has a translator, post-process to the channel's limit or the video's duration, and
check. Returns unsaved ``Asset`` rows with their findings; the pipeline stores them. This module decides what a
job is asked and with which model, whether the profile may write its locale at all (studio.generate.locale_support: ``_refused``, weak-locale
findings), and how a reply becomes a copy, script or image-prompt candidate; which candidate wins and what is
repaired is decided in studio.generate.repair, from the parts in headlines (options and the picker), candidates
(the record and its score), problems (what a repair quotes) and echoes (a draft that copies the prompt)."""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cached_property

from studio.checks.finding import Finding
from studio.core import timings
from studio.core.config import get_settings
from studio.generate import locale_support
from studio.generate.backends import ImageModel, TextModel, Translator, load_model
from studio.generate.cache import cached
from studio.generate.candidates import MAX_NEW_TOKENS, MIN_NEW_TOKENS, Candidate, finding_spans
from studio.generate.echoes import copied_example
from studio.generate.grammar import without_grammar
from studio.generate.headlines import (
    POST_CHANNELS,
    asks_options,
    clean_copy,
    copy_options,
    fit_copy,
    pick_made,
    pick_option,
    tidy_copy,
)
from studio.generate.problems import UNIT_WORDS
from studio.generate.profile_judge import profile_judge as profile_judge
from studio.generate.prompts import render
from studio.generate.repair import best_of
from studio.generate.scenes import SceneWriter, unresolved_findings
from studio.market.channels import fits, get_channel, limit_for
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset
from studio.review import records as svc
from studio.store.tables import Asset, AssetKind, AssetStatus

NO_IMAGE_MODEL = ("No image model is configured in profile {profile}: this asset holds the localised image "
                  "prompt only. Generate the image with a profile that has one (e.g. --profile standard).")
# A candidate k > 0 of a job is written from another opening angle of the copy prompt (prompts/copy.j2
# has five): different prompts give different drafts under greedy decoding too, and never share a
# result-cache entry with the job's own prompt.
ANGLE_STEP = 3
# the gates a post's best candidate or repair fails that get it an assembled post (``_assembled``): it says nothing the
# brief says, or it names neither the brand nor the product; or it reads wrong in its language where no tidy step
# could mend it and the repair wrote it back: a misspelt word in the sentence that names the product (q23g's de-DE
# 'kaltes Wasser hälten'), the brief's 'one bottle instead of hundreds' turned round (ja-JP 'Fjell Bottleの代わりに、
# ボトルひとつ', instead of Fjell Bottle, one bottle), an article that does not agree, or another language's words
# (nl-NL 'Het is cold water de hele dag') in a sentence the post cannot lose; or it gives a figure a number or fact the
# brief does not (grounded: tr-TR '750 ml ağırlığı', a weight of 750 ml). The first of them in this order is named.
ASSEMBLED_FOR = ("sense", "on_topic", "words", "instead", "agreement", "foreign_words", "grounded")
ASSEMBLED_WHY = {"sense": "no candidate or repair said what the brief says (sense gate)",
                 "on_topic": "no candidate or repair named the product (on_topic gate)",
                 "words": "the best candidate or repair still had a word the language does not know (words gate)",
                 "instead": "the best candidate or repair still said the replaced thing the wrong way round (instead "
                            "gate)",
                 "agreement": "the best candidate or repair still had an article that does not agree with its noun "
                              "(agreement gate)",
                 "foreign_words": "the best candidate or repair still had another language's words (foreign_words "
                                  "gate)",
                 "grounded": "the best candidate or repair still said a figure the brief does not, or with another "
                             "fact (grounded gate)"}


def _seed(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


class DraftMaker:
    """Generates drafts for one campaign with one model profile. Models come from the in-process
    registry, so a run (or a server worker) loads each model once."""

    def __init__(self, brief: Brief, profile: str, campaign_id: int, db_url: str | None = None, *,
                 note: str | None = None, seed_offset: int = 0):
        from studio.generate.profiles import load_profile

        self.brief, self.campaign_id, self.db_url = brief, campaign_id, db_url
        self.profile = load_profile(profile)
        self.note, self.seed_offset = note, seed_offset
        self.drafting = self.profile.drafting.effective()

    @cached_property
    def text_model(self) -> TextModel:
        spec = self.profile.require("text")
        model = load_model(spec)
        sends = self.drafting.grammar and getattr(model, "takes_grammar", False)
        model = cached(model, spec, get_settings().result_cache_dir)
        # prompts carry their grammar (studio.generate.grammar); without it their result-cache keys stay as they were
        return model if sends else without_grammar(model)

    @cached_property
    def judge(self):
        """The profile's judge of borderline semantic findings (studio.checks.judge), asking the profile's
        text model; None where the profile has none (the CPU profiles), so no model is asked."""
        return profile_judge(self.profile, lambda: self.text_model)

    def _judged(self, items: list, found: list[list[Finding]]) -> list[tuple[list[Finding], list[dict]]]:
        """Findings after the judge (one model call for the batch) and its verdicts to record with each
        draft; unchanged findings and no verdicts without a judge."""
        if self.judge is None or not items:
            return [(list(f), []) for f in found]
        return [(j.findings, j.records()) for j in self.judge.review(items, found)]

    @cached_property
    def translator(self) -> Translator | None:
        spec = self.profile.model_for("translate")
        return load_model(spec) if spec else None

    @cached_property
    def image_model(self) -> ImageModel | None:
        spec = self.profile.model_for("image")
        return load_model(spec) if spec else None

    def _examples(self, job: PlannedAsset) -> list[str]:
        """A/B winners, then approved drafts, for the same brand, locale and channel: the studio learns from
        the market and from review (studio.experiments.learning)."""
        try:
            from studio.experiments.learning import preferred_examples
            from studio.store.database import session_scope
        except ImportError:
            return []
        with session_scope(self.db_url) as session:
            return preferred_examples(session, self.brief.brand, job.locale, job.channel, job.kind, k=2)

    def _needs_translation(self, job: PlannedAsset) -> bool:
        if self.profile.model_for("translate") is None or job.kind == "image":
            return False  # image prompts stay in English for the diffusion model
        return get_locale(job.locale).language != get_locale(self.brief.source_locale).language

    def _prompt(self, job: PlannedAsset, candidate: int = 0):
        locale = get_locale(job.locale)
        language = get_locale(self.brief.source_locale).language_name if self._needs_translation(job) else None
        prompt = render(AssetKind(job.kind).content_kind, brief=self.brief, locale=locale, channel=get_channel(job.channel),
                        variant=job.variant + ANGLE_STEP * candidate, examples=self._examples(job), language=language,
                        duration_s=job.duration_s)
        return self._with_note(prompt)

    def _with_note(self, prompt):
        """The prompt with the reviewer's note (a regeneration's "make it warmer") after its request."""
        if self.note:
            prompt = dataclasses.replace(prompt, user=f"{prompt.user}\nReviewer's note: {self.note}")
        return prompt

    def _support(self, job: PlannedAsset) -> tuple[str, str]:
        return locale_support.support(self.profile, job)

    def _support_findings(self, job: PlannedAsset) -> list[Finding]:
        return locale_support.weak_findings(self.profile, job)

    def _refused(self, job: PlannedAsset) -> tuple[Asset, list]:
        """An asset the profile cannot write: no draft, a note and a block finding that say why and what to do."""
        message, figure, finding = locale_support.refusal(self.profile, job)
        asset = self._asset(job, text="", note=message,
                            generation={"problems": [message], "model": self.profile.require("text").name,
                                        "profile": self.profile.name, "locale_support": figure, "refused": True})
        return asset, [finding]

    def run_batch(self, jobs: list[PlannedAsset]) -> list[tuple[Asset, list]]:
        """Drafts for jobs of one kind, generated in one batched model call (locales the profile cannot
        write get no draft, see ``_refused``)."""
        refused = [j for j in jobs if self._support(j)[0] == "unsupported"]
        if refused:
            rest = [j for j in jobs if j not in refused]
            return [self._refused(j) for j in refused] + (self.run_batch(rest) if rest else [])
        with timings.phase("load text model"):
            self.text_model  # noqa: B018 - loaded once per process, timed apart from the calls
        with timings.phase("prompts"):
            prompts = [self._prompt(j) for j in jobs]
        seed = _seed(self.campaign_id, jobs[0].key, self.seed_offset)
        kind = jobs[0].kind
        made: list[tuple[Asset, list | None]]
        if kind == "copy":
            made = list(self._copy_jobs(jobs, prompts, seed))
        elif kind == "video_script":
            made = self._script_jobs(jobs, prompts, seed)
        else:
            with timings.phase(f"{kind} candidates"):
                raws = self.text_model.generate(prompts, max_new_tokens=MAX_NEW_TOKENS[kind],
                                                min_new_tokens=MIN_NEW_TOKENS[kind], seed=seed)
            made = [(asset, None) for asset in self._images(jobs, raws, seed)]
        for prompt, (asset, _) in zip(prompts, made):
            asset.generation = {**(asset.generation or {}), "model": self.profile.require("text").name,
                                "profile": self.profile.name, "seed": seed,
                                "prompt_sha256": hashlib.sha256(f"{prompt.system}\n{prompt.user}".encode()).hexdigest()}
        # Image prompts are checked here (copy and scripts were checked while choosing among candidates);
        # the judge sees all their borderline findings in one call.
        unchecked = [k for k, (_, findings) in enumerate(made) if findings is None]
        with timings.phase(f"{kind} gates and checks"):
            checked = {k: svc.run_checks(made[k][0], self.brief) for k in unchecked}
        judged = self._judged([svc.check_input(made[k][0], self.brief) for k in unchecked], [checked[k] for k in unchecked])
        for k, (found, verdicts) in zip(unchecked, judged):
            checked[k] = found
            if verdicts:
                made[k][0].generation = {**made[k][0].generation, "judge": verdicts}
        out = []
        for k, (job, (asset, findings)) in enumerate(zip(jobs, made)):
            found = checked[k] if findings is None else findings
            out.append((asset, found + self._support_findings(job)))
        return out

    # ---------------------------------------------------------------- copy: candidates through the repair loop

    def _copy_jobs(self, jobs: list[PlannedAsset], prompts: list, seed: int) -> list[tuple[Asset, list]]:
        """Copy through the repair loop (``studio.generate.repair.best_of``). Nothing is cut: a text that fits nowhere stays whole and carries its
        length finding."""
        out = []
        chosen_all = best_of(self, jobs, prompts, seed, self.drafting.candidates, self._copy_candidate)
        # the headlines that pass, per locale and channel: a headline said in the locale's words is none of them
        taken: dict[tuple[str, str], set[str]] = {}
        for job, (chosen, _, _) in zip(jobs, chosen_all):
            if not chosen.gates:
                taken.setdefault((job.locale, job.channel), set()).add(chosen.text)
        for job, prompt, (chosen, cands, repairs) in zip(jobs, prompts, chosen_all):
            meta = {**chosen.meta, "chosen": chosen.label, "candidates": [c.record() for c in cands], "repairs": repairs}
            if english := list(getattr(prompt, "given_in_english", ())):
                meta["given_in_english"] = english  # the brief's statements the prompt gave in English (asset page)
            channel, locale = get_channel(job.channel), get_locale(job.locale)
            if (said := self._said_headline(job, chosen, taken.setdefault((job.locale, job.channel), set()))) is not None:
                meta["assembled"] = said[1]
                meta["problems"] = [*meta["problems"], "no candidate or repair passed every gate ("
                                    f"{', '.join(sorted(chosen.gates))}): the headline is said in the locale's words for "
                                    f"{said[1]['statement']!r}; the model's lines are kept under its candidates"]
                taken[(job.locale, job.channel)].add(said[0])
                out.append((self._asset(job, text=said[0], generation=meta), None))  # checked by run_batch
                continue
            if (assembled := self._assembled(job, chosen)) is not None:
                meta["assembled"] = assembled[1]
                meta["problems"] = [*meta["problems"], f"{ASSEMBLED_WHY[assembled[1]['gate']]}: the "
                                    "post is assembled from the locale's words for the key message "
                                    f"{assembled[1]['key_message']!r} and the fact {assembled[1]['fact']!r}; the model's "
                                    "text is kept under its candidates"]
                out.append((self._asset(job, text=assembled[0], generation=meta), None))  # checked by run_batch
                continue
            if chosen.text and not fits(chosen.text, channel, locale):
                meta["problems"] = [*meta["problems"], f"no candidate or repair fits the {job.channel} limit of "
                                    f"{limit_for(channel, locale)} {UNIT_WORDS.get(channel.unit, channel.unit)}; the best text is kept in full for a "
                                    "writer to shorten"]
            out.append((self._asset(job, text=chosen.text, generation=meta), chosen.findings))
        return out

    def _said_headline(self, job: PlannedAsset, chosen: Candidate, taken: set[str]) -> tuple[str, dict] | None:
        """A headline whose best candidate or repair still fails a gate replaced by one said in the locale's own words
        (``headlines.assemble_headline``), none of ``taken`` (the job's other variants): (text with its labels, the
        meta's ``assembled``: the statement it says, the model's text it replaces and the gates that failed it), else
        None (the model's best is kept with its findings)."""
        from studio.generate.headlines import assemble_headline
        from studio.generate.labels import with_labels

        channel, locale = get_channel(job.channel), get_locale(job.locale)
        if not chosen.gates or not asks_options(channel, locale):
            return None
        if not (lines := assemble_headline(job, self.brief, taken)):
            return None
        line, statement = lines[0]
        return with_labels(line, job.locale, job.channel, self.brief), {"statement": statement, "from": chosen.text,
                                                                        "why": dict(chosen.gates)}

    def _assembled(self, job: PlannedAsset, chosen: Candidate) -> tuple[str, dict] | None:
        """A post whose best candidate or repair still says nothing the brief says (the sense gate) or names neither
        the brand nor the product (on_topic: q23f's pt-BR post was one question, 'Você já pensou em aproveitar a água
        gelada o dia todo?', and its repair 'Qual é a melhor opção para você?') replaced by one said in the locale's
        own words (``assembled_post.assemble_post``): (text with its labels, the meta's ``assembled``: the key message and
        fact it says, the model's text it replaces and why), else None."""
        from studio.generate.assembled_post import assemble_post
        from studio.generate.labels import with_labels

        channel, locale = get_channel(job.channel), get_locale(job.locale)
        gate = next((g for g in ASSEMBLED_FOR if g in chosen.gates), None)
        if gate is None or channel.name not in POST_CHANNELS or asks_options(channel, locale):
            return None
        if (made := assemble_post(job, self.brief)) is None:
            return None
        text, said = made
        return with_labels(text, job.locale, job.channel, self.brief), {**said, "from": chosen.text, "gate": gate,
                                                                          "why": chosen.gates[gate]}

    def _copy_candidate(self, job: PlannedAsset, raw: str, label: str) -> Candidate:
        """One reply turned into a copy draft (cleaned, translated when the profile does; on a short channel
        the best of the reply's options), with its problems; not yet scored."""
        from studio.generate.labels import strip_ai_label, with_labels

        channel, locale = get_channel(job.channel), get_locale(job.locale)
        text = clean_copy(raw, post=channel.name in POST_CHANNELS and not asks_options(channel, locale))
        meta: dict = {"problems": [] if text else ["the model returned no usable text"]}
        if text and self._needs_translation(job):
            meta["source_text"], meta["translated_by"] = text, self.profile.require("translate").name
            text = self._translate([text], job)[0]
            fitted = fit_copy(text, raw, channel, locale)
        elif text and asks_options(channel, locale):
            fitted, made = pick_made(text, raw, job, self.brief)
            meta["options"] = copy_options(text, raw)
            if made is not None:
                meta["made"] = made  # phrases of a line, or the brand composed before one: never a word cut
        else:
            fitted = pick_option(text, raw, job, self.brief)
        if fitted != text:
            meta["picked_from"] = text  # the option picked among the reply's lines
        fitted, said = tidy_copy(strip_ai_label(fitted, job.locale) if fitted else fitted, job, self.brief)
        meta.update(said)
        fitted = with_labels(fitted, job.locale, job.channel, self.brief)
        meta["problems"] += copied_example(fitted, job.locale, self.brief)
        return Candidate(label, fitted, raw, meta)

    # ---------------------------------------------------------------- video scripts: the same loop

    def _script_jobs(self, jobs: list[PlannedAsset], prompts: list, seed: int) -> list[tuple[Asset, list | None]]:
        """Video scripts through the repair loop (``studio.generate.repair.best_of``): scenes that repeat, a voiceover too long for the video, the
        wrong language or an unsupported claim get a repair prompt quoting them; the best script is kept."""
        out: list[tuple[Asset, list | None]] = []
        scene_logs: list[list[dict]] = [[] for _ in jobs]
        first = fix = writer = None
        if self.drafting.script_by_scene:
            writer = SceneWriter(self.text_model, self.brief, self._with_note, points=self.drafting.script_points,
                                 candidates=self.drafting.scene_candidates)

            def first() -> list[str]:
                raws, logs = writer.write(jobs, seed)
                scene_logs[:] = logs
                return raws

            def fix(todo: list[int], best: list[Candidate], seed: int) -> dict[int, tuple[str, list[str]]]:
                """Only the failing scenes asked again (``SceneWriter.repair``), not the whole script."""
                return writer.repair([jobs[i] for i in todo], [c.script for c in best], [c.gates for c in best],
                                     [finding_spans(c) for c in best], seed)
        for k, (job, (chosen, cands, repairs)) in enumerate(zip(jobs, best_of(
                self, jobs, prompts, seed, self.drafting.script_candidates, self._script_candidate, first=first, fix=fix,
                rounds=0 if self.drafting.script_by_scene and not self.drafting.scene_repair else None))):
            meta = {**chosen.meta, "chosen": chosen.label, "candidates": [c.record() for c in cands], "repairs": repairs}
            if scene_logs[k]:
                meta["scenes_written"] = scene_logs[k]  # candidate 1's replies, scene by scene, and any re-ask
            if chosen.script is None:
                out.append((self._asset(job, text=chosen.raw, generation=meta,
                                        note="The model's output could not be parsed into scenes: " + "; ".join(chosen.meta["problems"])),
                            None))
                continue
            unresolved = unresolved_findings(writer.unresolved[k], chosen.script) if writer is not None and writer.unresolved else []
            out.append((self._asset(job, script=chosen.script.to_dict(), generation=meta), chosen.findings + unresolved))
        return out

    def _script_candidate(self, job: PlannedAsset, raw: str, label: str) -> Candidate:
        """One reply parsed into a timed script (translated when the profile does), with its problems."""
        from studio.generate.gates import script_fields
        from studio.generate.video_script import fit_to_duration, parse_script, voiceover_fits

        locale = get_locale(job.locale)
        result = parse_script(raw, duration_s=job.duration_s, locale=locale)
        meta: dict = {"problems": list(result.problems), "raw_output": raw}
        if result.script is None:
            return Candidate(label, "", raw, meta)
        script = fit_to_duration(result.script, job.duration_s)
        if self._needs_translation(job):
            script = self._translate_script(script, job)
            meta["translated_by"] = self.profile.require("translate").name
        text, _ = script_fields(script)
        meta["problems"] += copied_example(text, job.locale, self.brief)
        needed, ok = voiceover_fits(script, locale.speaking_rate)
        meta["voiceover_seconds"] = round(needed, 1)
        if not ok:
            meta["problems"].append(f"voiceover needs {needed:.1f} s at the {job.locale} speaking rate; "
                                    f"the video is {job.duration_s:g} s")
        return Candidate(label, text, raw, meta, script=script)

    def _score(self, cands: list[Candidate], jobs: list[PlannedAsset]) -> None:
        """Gates and checks for every candidate; the checks run as one batch (``check_many``)."""
        from studio.checks.engine import get_check_engine
        from studio.generate.gates import copy_gates, script_gates
        from studio.generate.grounding import claim_failure, unsupported_claims
        from studio.generate.sense import sense_fields, sense_problem

        items = []
        for cand, job in zip(cands, jobs):
            if job.kind == "video_script":
                unparsed = "; ".join(cand.meta.get("problems", []))
                cand.gates = script_gates(cand.script, job.locale, self.brief, unparsed)  # on_topic among them
                asset = self._asset(job, script=cand.script.to_dict() if cand.script else None)
            else:
                cand.gates = copy_gates(cand.text, job.channel, job.locale, self.brief) if cand.text else {"language": "empty draft"}
                asset = self._asset(job, text=cand.text)
            items.append(svc.check_input(asset, self.brief))
            cand.checked = items[-1].text
        checkable = [k for k, item in enumerate(items) if item.text]
        batch = [items[k] for k in checkable]
        with timings.phase("load check engine"):
            get_check_engine()
        found = self._judged(batch, get_check_engine().check_many(batch))
        for k, (findings, verdicts) in zip(checkable, found):
            cands[k].findings = findings
            # a claim the brief does not make fails a gate (the checks only warn on most): the picker ranks the
            # draft below one without, and the repair quotes it (studio.generate.grounding, problems)
            cands[k].claims = unsupported_claims(items[k].text, findings, jobs[k].locale, self.brief)
            cands[k].gates.update(claim_failure(cands[k].claims))
            # a draft that says nothing the brief says (nonsense, chatter, the prompt echoed) fails too, with the
            # sentence the repair quotes (studio.generate.sense)
            if (problem := sense_problem(sense_fields(cands[k].text, cands[k].script), jobs[k].locale, self.brief)) is not None:
                cands[k].sense = problem
                cands[k].gates["sense"] = problem.why
            if verdicts:
                cands[k].meta["judge"] = verdicts  # kept in the asset's generation meta when chosen

    def _asset(self, job: PlannedAsset, **fields) -> Asset:
        # Table models skip validation on construction: give the enum fields enums, or storing the batch
        # (a model_dump) warns about unexpected values on every asset the user generates.
        return Asset(campaign_id=self.campaign_id, job_key=job.key, locale=job.locale, kind=AssetKind(job.kind),
                     channel=job.channel, variant=job.variant, status=AssetStatus.IN_REVIEW, **fields)

    def _translate(self, texts: list[str], job: PlannedAsset) -> list[str]:
        src, tgt = self.brief.source_locale, job.locale
        return self.translator.translate(texts, src, tgt)

    def _images(self, jobs: list[PlannedAsset], raws: list[str], seed: int) -> list[Asset]:
        """The text model wrote one localised image prompt per job; the image model (if any) renders
        them all in one call, which it splits into batches of its profile's ``batch_size``."""
        from studio.generate.image_prompt import image_prompt_of

        texts, metas = [], []
        for job, raw in zip(jobs, raws):
            text, meta = image_prompt_of(raw, job.locale)
            texts.append(text)
            metas.append(meta)
        if self.image_model is None:
            return [self._asset(job, image_prompt=text, generation=meta, note=NO_IMAGE_MODEL.format(profile=self.profile.name))
                    for job, text, meta in zip(jobs, texts, metas)]
        from studio.generate.image import save_png

        spec = self.profile.require("image")
        images = self.image_model.generate(texts, seeds=[seed] * len(texts))
        out = []
        for job, text, meta, image in zip(jobs, texts, metas, images):
            path = get_settings().media_dir / str(self.campaign_id) / f"{job.key.replace('/', '_')}-{seed}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            save_png(image, path, model=spec.name, seed=seed, prompt=text)
            meta["image_model"] = spec.name
            out.append(self._asset(job, image_prompt=text, image_path=str(path), generation=meta))
        return out

    def _translate_script(self, script, job: PlannedAsset):
        """Translate on-screen text and voiceover of every scene in one batched call."""
        fields = [(i, name) for i, scene in enumerate(script.scenes) for name in ("on_screen_text", "voiceover")
                  if getattr(scene, name)]
        texts = self._translate([getattr(script.scenes[i], name) for i, name in fields], job)
        scenes = list(script.scenes)
        for (i, name), text in zip(fields, texts):
            scenes[i] = dataclasses.replace(scenes[i], **{name: text})
        return dataclasses.replace(script, scenes=scenes)
