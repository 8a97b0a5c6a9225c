"""Chat prompts from the Jinja2 templates in ``prompts/``: brief + locale + channel -> ChatPrompt.

Each ``prompts/<kind>.j2`` defines two blocks, ``system`` and ``user``. Templates run in a
SandboxedEnvironment with StrictUndefined, so a typo in a template fails loudly with its file:line
instead of silently dropping an instruction. The brief is duck-typed (a pydantic Brief, a dict or a
SimpleNamespace all work) and flattened into plain values before the template sees it.
"""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import concat

from studio.core.config import get_settings
from studio.core.errors import InputError, StudioError
from studio.generate.examples import locale_examples
from studio.generate.grammar import copy_grammar, scene_grammar
from studio.generate.prompt_brief import (
    brief_context,
    calendar_notes,
    field_of,
    said_in_english,
    said_in_locale,
    scene_points,
    video_seconds,
)
from studio.generate.script_plan import (
    local_plan,
    scene_example,
    scene_jobs,
    scene_plan,
    script_scenes,
    script_speech_budget,
    with_points,
    with_said,
)
from studio.market.channels import Channel, char_budget, get_channel

KINDS: tuple[str, ...] = ("copy", "video_script", "image_prompt")
# The brief calls image assets "image"; what the text model writes for them is an image prompt.
_ALIASES = {"image": "image_prompt"}
# Channels this short (in characters of the locale's script) are asked for five options, one a line: a
# small model overshoots one headline, but among five one usually fits (drafting picks among them).
# 60 takes in the email subject (60, best under 40): asked for one line, the CPU model wrote 70-183 characters
# (a whole brief sentence and both labels) and 22 of 23 locales failed length; asked for options, 21/23 fitted
# and passed every gate (bench/quality.py, campaign_hard's email subject alone, 23 locales, session 46).
OPTIONS_UP_TO = 60
# Characters per word (a space included) in the languages written with spaces, for "about N words".
CHARS_PER_WORD = 6
# Text written in the source language for machine translation grows ~20-30% in most target
# languages, so the source draft aims this much under the target limit.
SOURCE_LANGUAGE_SHARE = 0.8
MAX_EXAMPLES = 3
# Worked examples a one-text copy prompt (a post) carries as earlier chat turns: the last of the locale's
# copy shots (prompts/examples: the product unlike the first, a bike light beside the tea, whose words do
# not carry over to a drink). Two turns cost a post prompt ~17% more tokens in every candidate and repair
# (issue 10's demo), and the example_product gate now catches the worked example carried over.
EXAMPLE_TURNS = 1
# The language a video script's scene plan quotes the brief in (and its worked example's plan).
PLAN_LOCALE = "en-US"


@dataclass(frozen=True)
class ChatPrompt:
    system: str
    user: str
    # The start of the assistant's answer, written for it (e.g. '{"scenes": [{'): small models follow
    # a format far better when its first characters are given. Generators return it with the reply.
    prefill: str = ""
    # Earlier turns of the chat, (user, assistant) pairs before ``user``: a copy repair is asked as the
    # next turn after the task and the draft the model wrote, so the request is never part of the text
    # to rewrite (a small model echoed "Schreibe diesen Entwurf neu ..." as its draft).
    history: tuple[tuple[str, str], ...] = ()
    # How many of the first ``history`` turns are a worked example (a request for another product and the
    # example as its answer, prompts/copy.j2 ``example_user`` / ``example_reply``), not this job's own turns.
    example_turns: int = 0
    # A GBNF grammar the reply must follow (studio.generate.grammar: the locale's script, the brief's Latin words, the
    # reply's form), for copy, its repairs and scenes in scripts prompts/grammar.yaml lists; "" for none. The llama.cpp
    # backend sends it with the request; the transformers and vLLM backends ignore it (they sample unconstrained).
    grammar: str = ""
    # A copy prompt's brief statements (key messages, facts, claims) it gives the model in English (``given_in_english``),
    # worked out once with the prompt: drafting keeps them in the draft's meta. Not part of what the model reads (the
    # result cache's key is the text above).
    given_in_english: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_repair(self) -> bool:
        """Whether this prompt asks to fix a draft of the job (the job's task and draft are earlier turns)."""
        return len(self.history) > self.example_turns

    def messages(self) -> list[dict[str, str]]:
        from studio.generate.base import chat_messages

        return chat_messages(self)


def _label_chars(brief: Any, channel: Channel, code: str) -> int:
    """Characters the copy must leave for the AI label drafting appends (studio.generate.labels), so the text
    the model writes fits with it; 0 where the copy carries no label."""
    from math import ceil

    from studio.generate.labels import label_room
    from studio.market.channels import limit_for, measure
    from studio.market.locales import get_locale

    room = label_room(brief, channel, code) if brief is not None else ""
    if not room or channel.platform_labels_ads:
        # a label the market's law puts on a platform's headline too (zh-CN): told 10 characters instead of 15, the
        # model dropped the brand from every option (4 of 4 replies); the option picker measures options with it
        return 0
    # in the characters the prompt names: " (AI生成)" is 9 of a Google headline's 30 half-width units, 4.5 of
    # the 15 full-width characters a zh-CN prompt asks for (not 7)
    locale = get_locale(code)
    return ceil(measure(room, channel, locale).count * char_budget(channel, locale) / max(limit_for(channel, locale), 1))


def _template_where(exc: BaseException, folder: Path) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return str(folder)
    return f"{frames[-1].filename}:{frames[-1].lineno}"


def _word_chars(code: str) -> float:
    """Characters per word (its space included) in ``code``'s language: prompts/repair_lines.yaml
    ``word_chars``, else CHARS_PER_WORD."""
    from studio.generate.prompt_lines import repair_lines

    said = repair_lines(code)
    return said.word_chars if said is not None and said.word_chars else CHARS_PER_WORD


def _example_context(code: str, channel: dict | None, duration_s: float, named: str = "") -> dict[str, Any]:
    """The locale's worked example (prompts/examples/<code>.yaml), in the language the model writes in:
    ``example`` is None when the locale has none. Copy shots whose product bears a name of ``named`` (the
    brief's brand and product) are left out (``own_shots``)."""
    ex = locale_examples(code)
    if ex is None:
        return {"example": None}
    per_scene = round(duration_s / max(len(ex.video_script), 1), 1)
    script = {"scenes": [{**s.model_dump(), "duration_s": per_scene} for s in ex.video_script]}
    # the example's plan: what each of its scenes says, in the source language (the en-US example)
    source = locale_examples(PLAN_LOCALE)
    said = [s.voiceover for s in (source or ex).video_script]
    jobs = scene_jobs(len(said))
    shots = own_shots(ex.copy_shots(channel["soft_limit"] or channel["limit"]), named) if channel else []
    return {"example": {"instruction": ex.instruction, "reply": ex.reply, "product": ex.product,
                        "text": ex.short_copy(channel["soft_limit"] or channel["limit"]) if channel else ex.copy_.headline,
                        # every copy example (the tea, then a product unlike it), for the channel's length
                        "shots": [{**shot, **_shot_facts(shot, ex, source)} for shot in shots],
                        "script": json.dumps(script, ensure_ascii=False),
                        "plan": [{"n": n, "job": job, "say": say} for n, (job, say) in enumerate(zip(jobs, said), 1)]}}


def _shot_facts(shot: dict[str, str], ex: Any, source: Any) -> dict[str, Any]:
    """A copy shot's product facts and key message (``other.facts`` / ``key_message`` of the en-US example, the briefs'
    language), each in the locale's words where ``ex.say`` says it, else in English, as a brief's are (``said_in_locale``); none
    for a shot without them (the tea)."""
    other = source.other if source is not None else None
    if other is None or not other.facts or shot["name"] != other.product_name:
        return {"facts": [], "key_message": None}
    message = other.key_message
    return {"facts": [ex.say(f) or f for f in other.facts],
            "key_message": (ex.say(message) or message) if message else None}


def own_shots(shots: list[dict[str, str]], named: str) -> list[dict[str, str]]:
    """The copy shots whose product's name is no word of ``named`` (the brief's brand and product name). The
    worked examples' second product is a bike light called Lumo, and examples/campaign_hard.yaml's brand is
    Lumo too: shown "Lumo: sicher im Dunkeln" as another product's headline, a 1.5B model wrote "Lumo:
    recargable de bicicletas" and "Torni a casa in bici quando è già buio? Con Lumo Daily Cream ..." for a
    face cream, and the copied gate cannot tell the example's name from the brand's."""
    words = {w.casefold() for w in re.findall(r"[^\W_]+", named)}
    return [shot for shot in shots if shot["name"].casefold() not in words]


def _headline_line(code: str, channel: dict | None, brief: Any) -> str | None:
    """On channels asked for options (headlines): the request for eight short ones in the language the
    model writes (prompts/repair_lines.yaml ``headlines``), each the brand and a few words: the limit in a
    unit a 1.5B model keeps (``headline_words``), so it is not spent on the full product name ("Fjell
    Trinkflasche:" is 20 of 30) or on a whole fact; None where the language has no such line (copy.j2 then
    asks in English)."""
    from studio.generate.prompt_lines import repair_lines

    if channel is None or not channel["options"]:
        return None
    said = repair_lines(code)
    if said is None or said.headlines is None:
        return None
    brand = str(field_of(brief, "brand", ""))
    return said.headlines.format(limit=channel["limit"], brand=brand,
                                 words=headline_words(code, channel["name"], channel["limit"], brand))


def _post_line(code: str, channel: dict | None, example: dict | None) -> str | None:
    """On one-text channels (posts): the request for four short lines (a hook, what the product does for the
    reader, an invitation, hashtags with the brand: ``{brand}`` stays for the template to fill) in the language
    the model writes (prompts/repair_lines.yaml ``post``), where the worked example post the prompt shows as
    an earlier turn (the last copy shot) has that form, one part a line; else None (copy.j2 asks in English
    for a hook and hashtags). A 1.5B model follows the form of the example it is shown, not a description."""
    from studio.generate.prompt_lines import repair_lines

    if channel is None or channel["options"] or example is None or not example["shots"]:
        return None
    said = repair_lines(code)
    if said is None or said.post is None or "\n" not in example["shots"][-1]["text"]:
        return None
    return said.post


def headline_words(code: str, channel: str | Channel, limit: int, brand: str) -> str:
    """What a headline of ``limit`` characters (as the prompt names them) holds after "<brand>: ", in the
    unit the locale's repair lines count: words ("2–4": the room over the language's characters per word)
    or, in a language written without spaces, characters ("11")."""
    from math import ceil

    from studio.generate.prompt_lines import repair_lines
    from studio.market.channels import limit_for, measure
    from studio.market.locales import get_locale

    locale, ch = get_locale(code), get_channel(channel)
    said = repair_lines(code)
    # the brand's cost in the characters the prompt named (a wide script's budget counts Latin as half)
    spent = measure(f"{brand}: ", ch, locale).count * char_budget(ch, locale) / max(limit_for(ch, locale), 1)
    room = max(limit - ceil(spent), 0)
    return said.words(room) if said is not None else str(room)


def plan_for_script(brief: Any, locale: str, seconds: float) -> list[dict[str, Any]]:
    """The scene plan a video script prompt for ``locale`` shows (``scene_plan``): what a repair asks a
    repeated scene to say instead."""
    from studio.market.locales import get_locale

    target = get_locale(locale)
    return with_said(scene_plan(brief_context(brief, target.code), script_scenes(seconds), seconds,
                                script_speech_budget(target, seconds)), scene_points(brief, target))


class PromptLibrary:
    """The templates of one folder, each compiled once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(self.folder)), undefined=StrictUndefined, autoescape=False,
            trim_blocks=True, lstrip_blocks=True, auto_reload=False, cache_size=-1)
        self._cache: dict[str, Any] = {}

    def template(self, name: str):
        if name not in self._cache:
            try:
                self._cache[name] = self.env.get_template(name)
            except TemplateNotFound as exc:
                raise StudioError(f"prompt template {exc.name} not found", where=str(self.folder / name),
                                  fix=f"add it, or use a kind from: {', '.join(KINDS)}") from None
            except TemplateSyntaxError as exc:
                raise StudioError(f"template syntax error: {exc.message}", where=f"{exc.filename}:{exc.lineno}",
                                  fix="fix the Jinja2 syntax at that line") from None
        return self._cache[name]

    def _block(self, tpl, block: str, ctx: dict[str, Any]) -> str:
        if block not in tpl.blocks:
            raise StudioError(f"template has no {{% block {block} %}}", where=tpl.filename,
                              fix="define both a 'system' and a 'user' block")
        try:
            try:
                text = concat(tpl.blocks[block](tpl.new_context(ctx)))
            except Exception:
                self.env.handle_exception()  # re-raises with the traceback mapped to template lines
        except UndefinedError as exc:
            raise StudioError(f"template uses an undefined variable: {exc.message}",
                              where=_template_where(exc, self.folder),
                              fix="pass the variable from studio/generate/prompts.py or fix its name in the template") from None
        except StudioError:
            raise
        except Exception as exc:
            raise StudioError(f"template failed: {exc}", where=_template_where(exc, self.folder),
                              fix="fix the template expression at that line") from None
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    def render(self, kind: str, *, brief, locale, channel=None, variant: int = 0, examples=(),
               language=None, duration_s: float | None = None) -> ChatPrompt:
        """Build the prompt for one job. ``language`` (a locale code or profile) makes the model
        write in that language instead, for a translator to carry into ``locale`` afterwards."""
        from studio.market.locales import get_locale

        kind = _ALIASES.get(kind, kind)
        if kind not in KINDS:
            raise InputError(f"unknown prompt kind {kind!r}", where="kind", fix=f"use one of: {', '.join(KINDS)}")
        target = get_locale(locale) if isinstance(locale, str) else locale
        ch = get_channel(channel) if channel is not None else None
        if kind == "copy" and ch is None:
            raise InputError("copy needs a channel", where="channel", fix="pass channel= (e.g. google_ads_headline)")
        out = get_locale(language) if isinstance(language, str) else (language or target)
        via_translation = out.code != target.code and out.language != target.language
        ctx = brief_context(brief, target.code)
        share = SOURCE_LANGUAGE_SHARE if via_translation else 1.0
        if ch is not None:
            limit = char_budget(ch, out if via_translation else target)
            soft = char_budget(ch, out if via_translation else target, soft=True)
            ch_ctx = {"name": ch.name, "description": ch.description, "unit": ch.unit,
                      "limit": int(limit * share) - _label_chars(brief, ch, target.code),
                      "soft_limit": int(soft * share) if soft < limit else None,
                      "platform_labels_ads": ch.platform_labels_ads, "options": int(limit * share) <= OPTIONS_UP_TO,
                      # a small model cannot count characters but keeps to a number of words
                      "words": max(2, int(int(limit * share) // _word_chars(out.code)))
                      if ch.unit == "chars" and out.speaking_rate.unit == "words" and limit <= 90 else None}
        else:
            ch_ctx = None
        seconds = float(duration_s or video_seconds(brief, ch))
        ctx.update(
            kind=kind, channel=ch_ctx, variant=int(variant),
            examples=[str(e).strip()[:400] for e in list(examples)[:MAX_EXAMPLES] if str(e).strip()],
            target=target, out=out, lang=out.language_name, via_translation=via_translation,
            # Image models follow English prompts best; the locale shows in the content, not the words.
            image_lang=out.language_name if language is not None else "English",
            market=target.babel_locale.get_territory_name("en") or target.code,
            calendar_notes=calendar_notes(brief, target),
            duration_s=int(seconds) if seconds == int(seconds) else seconds,
            scenes=script_scenes(seconds),
            speech_budget=script_speech_budget(out, seconds),
            speech_unit="words" if out.speaking_rate.unit == "words" else "characters",
        )
        ctx["scene_plan"] = scene_plan(ctx, ctx["scenes"], seconds, ctx["speech_budget"])
        ctx.update(_example_context(out.code, ch_ctx, ctx["duration_s"], f"{ctx['brand']} {ctx['product']['name']}"))
        in_english: list[str] = []
        if kind == "copy" and not via_translation:
            # the locale's words for the brief's English ones (prompts/examples ``words``); the brief's glossary wins
            from studio.generate.examples import locale_examples

            if (shots := locale_examples(out.code)) is not None:
                # each key message, fact and claim in the language where the locale's words say all of it (_rules.j2)
                said = said_in_locale(shots, ctx)
                in_english = said_in_english(said, target)
                ctx["key_messages_said"] = [said[m] or m for m in ctx["key_messages"]]
                ctx["facts_said"] = [said[f] or f for f in ctx["product"]["facts"]]
                ctx["claims_said"] = [said[c] or c for c in ctx["product"]["claims"]]
                ctx["description_said"] = said.get(ctx["product"]["description"]) or ctx["product"]["description"]
        ctx["headline_line"] = _headline_line(out.code, ch_ctx, brief)
        ctx["post_line"] = _post_line(out.code, ch_ctx, ctx["example"])
        tpl = self.template(f"{kind}.j2")
        prefill = self._block(tpl, "prefill", ctx).strip() if "prefill" in tpl.blocks else ""
        # A worked example as an earlier turn of the chat (blocks ``example_user`` and ``example_reply``, both
        # non-empty): the model sees that the answer to such a request is the ad itself, not the request.
        history: tuple[tuple[str, str], ...] = ()
        if "example_user" in tpl.blocks and "example_reply" in tpl.blocks and ctx["example"] is not None:
            for shot in ctx["example"]["shots"][-EXAMPLE_TURNS:]:  # one turn per example (a template sees it as ``shot``)
                turn = (self._block(tpl, "example_user", {**ctx, "shot": shot}),
                        self._block(tpl, "example_reply", {**ctx, "shot": shot}))
                history += (turn,) if all(turn) else ()
        grammar = copy_grammar(ctx, target) if kind == "copy" and not via_translation else None
        return ChatPrompt(system=self._block(tpl, "system", ctx), user=self._block(tpl, "user", ctx), prefill=prefill,
                          history=history, example_turns=len(history), grammar=grammar.gbnf if grammar else "",
                          given_in_english=tuple(in_english))


    def render_repair(self, base: ChatPrompt, *, locale, draft: str, problems: list[str]) -> ChatPrompt:
        """The prompt that asks for a fixed version of ``draft``: the job's own prompt, the draft, and
        its problems quoted one a line (``prompts/repair.j2``); the request is in the language of
        ``locale`` where its worked example says how."""
        from studio.market.locales import get_locale

        if not problems:
            raise InputError("a repair prompt needs at least one problem", where="problems",
                             fix="repair only drafts that fail a gate or have findings")
        out = get_locale(locale) if isinstance(locale, str) else locale
        ex = locale_examples(out.code)
        ctx = {"task": base.user, "draft": draft, "problems": list(problems), "lang": out.language_name,
               "repair_line": ex.repair if ex is not None and ex.repair else None,
               "reply_line": ex.reply if ex is not None else None}
        tpl = self.template("repair.j2")
        return ChatPrompt(system=base.system, user=self._block(tpl, "user", ctx), prefill=base.prefill, grammar=base.grammar)


    def render_copy_repair(self, base: ChatPrompt, *, locale, draft: str, problems: list[str],
                           options_line: str | None = None) -> ChatPrompt:
        """The repair of ad copy as the next turn of the chat (``prompts/repair_copy.j2``): the job's
        prompt and ``draft`` are the earlier turns, this prompt's user message only asks for the fix (the
        problems one a line, then ``options_line`` on channels asked for options) in the locale's language."""
        from studio.market.locales import get_locale

        if not problems:
            raise InputError("a repair prompt needs at least one problem", where="problems",
                             fix="repair only drafts that fail a gate or have findings")
        out = get_locale(locale) if isinstance(locale, str) else locale
        ex = locale_examples(out.code)
        ctx = {"problems": list(problems), "lang": out.language_name, "options_line": options_line,
               "repair_line": ex.repair if ex is not None and ex.repair else None,
               "reply_line": ex.reply if ex is not None else None}
        user = self._block(self.template("repair_copy.j2"), "user", ctx)
        return ChatPrompt(system=base.system, user=user, prefill=base.prefill,
                          history=(*base.history, (base.user, draft)), example_turns=base.example_turns, grammar=base.grammar)

    def render_scene(self, *, brief, locale, channel=None, duration_s: float, position: int,
                     written: Sequence[str] = (), repeat: str | None = None,
                     points: dict[str, str] | None = None) -> ChatPrompt:
        """The prompt for scene ``position`` (0-based) of a video script written scene by scene
        (``prompts/video_scene.j2``): the chat so far is the task with the ask for scene 1, then each
        earlier ask and the scene the model wrote for it (``written``: the earlier scenes' texts, in the
        line form); this prompt's user message asks for the next scene (with ``repeat``, the line that quotes
        what it repeated, when it is asked again). The prefill starts the scene's line form. ``points``: the
        brief's sentences in the locale's language (brief sentence -> point), asked instead of the English."""
        from studio.market.locales import get_locale

        target = get_locale(locale) if isinstance(locale, str) else locale
        ch = get_channel(channel) if channel is not None else None
        ctx = brief_context(brief, target.code)
        seconds = float(duration_s)
        n = script_scenes(seconds)
        if not 0 <= position < n:
            raise InputError(f"a {seconds:g}-second script has {n} scenes; no scene {position + 1}", where="position",
                             fix=f"ask for scenes 1 to {n}")
        if len(written) != position:
            raise InputError(f"scene {position + 1} needs the {position} scene(s) before it, got {len(written)}",
                             where="written", fix="write the scenes in order")
        plan = scene_plan(ctx, n, seconds, script_speech_budget(target, seconds))
        # the brief's sentences in the locale's words where the copy prompt gives them so; a written point wins
        plan = local_plan(with_points(with_said(plan, scene_points(brief, target)), points), target, ctx["product"]["name"])
        ctx.update(target=target, out=target, lang=target.language_name, via_translation=False,
                   market=target.babel_locale.get_territory_name("en") or target.code,
                   calendar_notes=calendar_notes(brief, target), channel={"name": ch.name} if ch else None,
                   duration_s=int(seconds) if seconds == int(seconds) else seconds, scenes=n,
                   speech_unit="words" if target.speaking_rate.unit == "words" else "characters",
                   scene=plan[position], repeat=repeat, example=scene_example(target.code))
        tpl = self.template("video_scene.j2")
        task = self._block(tpl, "task", ctx)
        # each earlier scene's ask as it was first asked (a re-ask's quote is not kept in the chat)
        asks = [self._block(tpl, "ask", {**ctx, "scene": plan[k], "repeat": None}) for k in range(position)]
        asks.append(self._block(tpl, "ask", ctx))
        asks[0] = f"{task}\n\n{asks[0]}"
        grammar = scene_grammar(ctx, target)
        return ChatPrompt(system=self._block(tpl, "system", ctx), user=asks[-1],
                          prefill=self._block(tpl, "prefill", ctx), history=tuple(zip(asks, written)),
                          grammar=grammar.gbnf if grammar else "")


@lru_cache(maxsize=4)
def _library(folder: Path) -> PromptLibrary:
    return PromptLibrary(folder)


def get_library() -> PromptLibrary:
    return _library(get_settings().prompts_dir)


def render(kind: str, *, brief, locale, channel=None, variant: int = 0, examples=(), language=None,
           duration_s: float | None = None) -> ChatPrompt:
    """The ChatPrompt for ``kind`` (copy | video_script | image_prompt) from ``prompts/<kind>.j2``."""
    return get_library().render(kind, brief=brief, locale=locale, channel=channel, variant=variant,
                                examples=examples, language=language, duration_s=duration_s)


def render_scene(*, brief, locale, channel=None, duration_s: float, position: int,
                 written: Sequence[str] = (), repeat: str | None = None, points: dict[str, str] | None = None) -> ChatPrompt:
    """The prompt for one scene of a script written scene by scene (see ``PromptLibrary.render_scene``)."""
    return get_library().render_scene(brief=brief, locale=locale, channel=channel, duration_s=duration_s,
                                      position=position, written=written, repeat=repeat, points=points)


def render_repair(base: ChatPrompt, *, locale, draft: str, problems: list[str]) -> ChatPrompt:
    """A repair prompt for ``draft`` (see ``PromptLibrary.render_repair``)."""
    return get_library().render_repair(base, locale=locale, draft=draft, problems=problems)


def render_copy_repair(base: ChatPrompt, *, locale, draft: str, problems: list[str],
                       options_line: str | None = None) -> ChatPrompt:
    """The repair of ad copy as the next chat turn (see ``PromptLibrary.render_copy_repair``)."""
    return get_library().render_copy_repair(base, locale=locale, draft=draft, problems=problems,
                                            options_line=options_line)
