"""Whether a model profile may write a job's locale at all: supported, weak (a draft with a warn finding that says
so) or unsupported (no draft: a note and a block finding), from the profile's measured locale support. Split out of
drafting.py (engine59): the drafting code asks, this module answers and words the findings."""

from __future__ import annotations

import os

from studio.checks.finding import Finding
from studio.market.locales import get_locale
from studio.plan.brief import PlannedAsset

# Kinds whose text is the deliverable in the locale's language (image prompts are written for the image model).
LOCALE_KINDS = ("copy", "video_script")
UNSUPPORTED_LOCALE = ("Profile {profile} cannot write {language} ({locale}) well enough to draft: measured {figure}. "
                      "No draft was generated, so nobody reviews gibberish. Generate this asset with a larger "
                      "profile (e.g. --profile standard on a GPU) or assign it to a human writer.")
WEAK_LOCALE = ("Profile {profile} is weak in {language} ({locale}): measured {figure}. Read this draft closely; "
               "regenerate with a larger profile or have a writer rework it if it does not read well.")


def support(profile, job: PlannedAsset) -> tuple[str, str]:
    """(level, figure) of the profile for the job's locale; kinds not written in the locale: supported."""
    if job.kind not in LOCALE_KINDS or os.environ.get("STUDIO_DRAFT_ALL_LOCALES"):
        return "supported", ""  # the env var: measure or draft anyway (bench/quality.py --draft-all-locales)
    level, measure = profile.support_for(job.locale)
    return level, measure.describe() if measure else f"{level} (profile default, not measured)"


def weak_findings(profile, job: PlannedAsset) -> list[Finding]:
    """A warn finding for a draft in a locale the profile is weak in; none otherwise."""
    level, figure = support(profile, job)
    if level != "weak":
        return []
    message = WEAK_LOCALE.format(profile=profile.name, language=get_locale(job.locale).language_name,
                                 locale=job.locale, figure=figure)
    return [Finding(rule="profile_weak_locale", category="generation", severity="warn", message=message,
                    suggestion="regenerate with a larger profile, or have a writer rework the draft")]


def refusal(profile, job: PlannedAsset) -> tuple[str, str, Finding]:
    """(note, measured figure, block finding) of a job the profile cannot write."""
    _, figure = support(profile, job)
    message = UNSUPPORTED_LOCALE.format(profile=profile.name, language=get_locale(job.locale).language_name,
                                        locale=job.locale, figure=figure)
    finding = Finding(rule="profile_unsupported_locale", category="generation", severity="block",
                      message=message, suggestion="generate with a larger profile or assign a human writer")
    return message, figure, finding
