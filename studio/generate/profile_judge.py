"""The judge of borderline semantic findings a model profile asks for (``checks.judge``), over the profile's text model.

Split out of drafting.py (engine59): `studio check --profile` builds it without importing the drafting code (the store
tables, the generators); the drafting code builds it the same way for the drafts it checks."""

from __future__ import annotations

from studio.core.config import get_settings


def profile_judge(profile, text_model):
    """The judge a profile's ``checks.judge`` asks for, over its text model (``text_model()``, called on
    the first borderline finding only); None when the profile has none: nothing is loaded or asked."""
    settings = profile.checks.judge
    if settings is None:
        return None
    from studio.checks.judge import judge_from_profile

    def ask(prompts):
        # Greedy (every text backend takes temperature; 0 = no sampling): a verdict should not be a dice roll.
        return text_model().generate(prompts, max_new_tokens=settings.max_new_tokens, min_new_tokens=1, seed=0,
                                     temperature=0.0)

    return judge_from_profile(settings, ask, get_settings().prompts_dir)
