"""Turn a batch of jobs into drafts: prompt, generate with the profile's models (loaded once), translate
when the profile has a translator, post-process to the channel's limit or the video's duration, and
check. Returns unsaved ``Asset`` rows with their findings; the pipeline stores them."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from functools import cached_property

from studio.core.config import get_settings
from studio.generate.backends import ImageModel, TextModel, Translator, load_model
from studio.generate.cache import cached
from studio.generate.examples import locale_examples
from studio.generate.prompts import render
from studio.market.channels import fits, get_channel, limit_for
from studio.market.locales import get_locale
from studio.plan.brief import Brief, PlannedAsset
from studio.review import records as svc
from studio.store.tables import Asset, AssetKind, AssetStatus

# Token budgets per kind: copy is short; scripts need room for JSON scenes. The floor keeps small
# models from stopping after a word, but a high floor on copy pushes headlines past their limit.
MAX_NEW_TOKENS = {"copy": 96, "video_script": 320, "image": 96}
MIN_NEW_TOKENS = {"copy": 6, "video_script": 48, "image": 12}
NO_IMAGE_MODEL = ("No image model is configured in profile {profile}: this asset holds the localised image "
                  "prompt only. Generate the image with a profile that has one (e.g. --profile standard).")
_LABEL = re.compile(r"^\s*(?:\*\*)?(?:headline|description|caption|subject|copy|text|ad|post|tweet|sms|"
                    r"image prompt|prompt|variant \d+)\s*(?:\*\*)?\s*[:\-–]\s*", re.IGNORECASE)


def clean_copy(raw: str) -> str:
    """The ad text from a model reply: drop preambles like 'Headline:', wrapping quotes, trailing chatter."""
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and lines[0].rstrip().endswith(":") and len(lines[0]) < 60:
        lines = lines[1:]  # "Here is your headline:"
    text = _LABEL.sub("", " ".join(lines[:3]) if len(lines) > 1 else lines[0])
    if len(text) >= 2 and text[0] in "\"'“«„「" and text[-1] in "\"'”»“」":
        text = text[1:-1]
    return text.strip()


def fit_copy(text: str, raw: str, channel, locale) -> str:
    """The draft within the channel limit: the whole text if it fits, else the first line of the reply
    that fits on its own (models often give a headline, then more). When nothing fits, the whole text:
    text is never cut silently; the length check then gives the draft a finding a writer acts on."""
    if fits(text, channel, locale):
        return text
    for line in raw.splitlines():
        candidate = clean_copy(line)
        # "Headline:" on its own is a label the model wrote, not copy.
        if len(candidate) >= 8 and not candidate.endswith(":") and fits(candidate, channel, locale):
            return candidate
    return text


def copied_example(text: str, locale: str, brief: Brief) -> list[str]:
    """A problem when the draft names the prompt's worked example's product instead of the brief's."""
    example = locale_examples(locale)
    if example is None or not text:
        return []
    name = example.product_name
    mentioned = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
    if mentioned and name.casefold() not in f"{brief.brand} {brief.product.name}".casefold():
        return [f"the draft names {name!r}, the product of the prompt's worked example, not {brief.product.name!r}: "
                "rewrite it, or regenerate with a larger profile"]
    return []


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

    @cached_property
    def text_model(self) -> TextModel:
        spec = self.profile.require("text")
        return cached(load_model(spec), spec, get_settings().result_cache_dir)

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

    def _prompt(self, job: PlannedAsset):
        locale = get_locale(job.locale)
        language = get_locale(self.brief.source_locale).language_name if self._needs_translation(job) else None
        prompt = render(AssetKind(job.kind).content_kind, brief=self.brief, locale=locale, channel=get_channel(job.channel),
                        variant=job.variant, examples=self._examples(job), language=language,
                        duration_s=job.duration_s)
        if self.note:
            prompt = dataclasses.replace(prompt, user=f"{prompt.user}\nReviewer's note: {self.note}")
        return prompt

    def run_batch(self, jobs: list[PlannedAsset]) -> list[tuple[Asset, list]]:
        """Drafts for jobs of one kind, generated in one batched model call."""
        prompts = [self._prompt(j) for j in jobs]
        seed = _seed(self.campaign_id, jobs[0].key, self.seed_offset)
        kind = jobs[0].kind
        raws = self.text_model.generate(prompts, max_new_tokens=MAX_NEW_TOKENS[kind],
                                        min_new_tokens=MIN_NEW_TOKENS[kind], seed=seed)
        out = []
        if kind == "video_script":
            drafts = self._scripts(jobs, raws, prompts, seed)
        else:
            drafts = [self._copy_or_image(job, raw, seed) for job, raw in zip(jobs, raws)]
        for _job, prompt, asset in zip(jobs, prompts, drafts):
            asset.generation = {**(asset.generation or {}), "model": self.profile.require("text").name,
                                "profile": self.profile.name, "seed": seed,
                                "prompt_sha256": hashlib.sha256(f"{prompt.system}\n{prompt.user}".encode()).hexdigest()}
            out.append((asset, svc.run_checks(asset, self.brief)))
        return out

    def _asset(self, job: PlannedAsset, **fields) -> Asset:
        # Table models skip validation on construction: give the enum fields enums, or storing the batch
        # (a model_dump) warns about unexpected values on every asset the user generates.
        return Asset(campaign_id=self.campaign_id, job_key=job.key, locale=job.locale, kind=AssetKind(job.kind),
                     channel=job.channel, variant=job.variant, status=AssetStatus.IN_REVIEW, **fields)

    def _translate(self, texts: list[str], job: PlannedAsset) -> list[str]:
        src, tgt = self.brief.source_locale, job.locale
        return self.translator.translate(texts, src, tgt)

    def _copy_or_image(self, job: PlannedAsset, raw: str, seed: int) -> Asset:
        text = clean_copy(raw)
        problems = [] if text else ["the model returned no usable text"]
        meta = {"problems": problems}
        if job.kind == "copy":
            if text and self._needs_translation(job):
                meta["source_text"], meta["translated_by"] = text, self.profile.require("translate").name
                text = self._translate([text], job)[0]
            channel, locale = get_channel(job.channel), get_locale(job.locale)
            problems += copied_example(text, job.locale, self.brief)
            fitted = fit_copy(text, raw, channel, locale)
            if fitted != text:
                meta["picked_from"] = text  # a line of the reply that fits on its own
            elif text and not fits(text, channel, locale):
                problems.append(f"the draft is over the {job.channel} limit of {limit_for(channel, locale)} "
                                f"{channel.unit}; it is kept in full for a writer to shorten")
            return self._asset(job, text=fitted, generation=meta)
        # image: the text model wrote a localised image prompt; the image model (if any) renders it.
        if self.image_model is None:
            return self._asset(job, image_prompt=text, generation=meta,
                               note=NO_IMAGE_MODEL.format(profile=self.profile.name))
        from studio.generate.image import save_png

        spec = self.profile.require("image")
        [image] = self.image_model.generate([text], seeds=[seed])
        path = get_settings().media_dir / str(self.campaign_id) / f"{job.key.replace('/', '_')}-{seed}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        save_png(image, path, model=spec.name, seed=seed, prompt=text)
        meta["image_model"] = spec.name
        return self._asset(job, image_prompt=text, image_path=str(path), generation=meta)

    def _scripts(self, jobs: list[PlannedAsset], raws: list[str], prompts, seed: int) -> list[Asset]:
        """Parse scenes; retry the failures once with another seed; record what still fails."""
        from studio.generate.video_script import fit_to_duration, parse_script, voiceover_fits

        results = [parse_script(raw, duration_s=j.duration_s, locale=get_locale(j.locale)) for j, raw in zip(jobs, raws)]
        failed = [i for i, r in enumerate(results) if r.script is None]
        if failed:
            retry = self.text_model.generate([prompts[i] for i in failed], max_new_tokens=MAX_NEW_TOKENS["video_script"],
                                             min_new_tokens=MIN_NEW_TOKENS["video_script"], seed=seed + 1)
            for i, raw in zip(failed, retry):
                again = parse_script(raw, duration_s=jobs[i].duration_s, locale=get_locale(jobs[i].locale))
                again.problems[:0] = [f"first attempt: {p}" for p in results[i].problems]
                results[i], raws[i] = again, raw if again.script else raws[i]
        out = []
        for job, raw, result in zip(jobs, raws, results):
            meta = {"problems": list(result.problems), "raw_output": raw}
            if result.script is not None:
                spoken = " ".join(f"{s.voiceover} {s.on_screen_text}" for s in result.script.scenes)
                meta["problems"] += copied_example(spoken, job.locale, self.brief)
            if result.script is None:
                out.append(self._asset(job, text=raw, generation=meta,
                                       note="The model's output could not be parsed into scenes: " + "; ".join(result.problems)))
                continue
            script = fit_to_duration(result.script, job.duration_s)
            if self._needs_translation(job):
                script = self._translate_script(script, job)
                meta["translated_by"] = self.profile.require("translate").name
            locale = get_locale(job.locale)
            needed, ok = voiceover_fits(script, locale.speaking_rate)
            meta["voiceover_seconds"] = round(needed, 1)
            if not ok:
                meta["problems"].append(f"voiceover needs {needed:.1f} s at the {job.locale} speaking rate; "
                                        f"the video is {job.duration_s:g} s")
            out.append(self._asset(job, script=script.to_dict(), generation=meta))
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
