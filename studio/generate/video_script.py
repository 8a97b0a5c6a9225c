"""Short-video scripts: parse a model's output into scenes, fit timings, export SRT/WebVTT.

Small models write almost-JSON (fences, trailing commas, single quotes, cut-off output) or plain
"Scene 1: ... Visual: ... Voiceover: ..." lines. ``parse_script`` tries each reading, never raises,
and records what it had to repair or could not read in ``problems``.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import srt


@dataclass(frozen=True)
class Scene:
    visual: str
    on_screen_text: str
    voiceover: str
    duration_s: float


@dataclass(frozen=True)
class VideoScript:
    scenes: list[Scene]
    title: str = ""

    @property
    def duration_s(self) -> float:
        return round(sum(s.duration_s for s in self.scenes), 3)

    def to_dict(self) -> dict:
        return {"title": self.title, "scenes": [s.__dict__ for s in self.scenes]}


@dataclass
class ScriptResult:
    script: VideoScript | None
    problems: list[str] = field(default_factory=list)


# Field names models use for the same thing.
ALIASES = {
    "visual": ("visual", "visuals", "shot", "image", "description", "camera"),
    "on_screen_text": ("on_screen_text", "on-screen text", "on screen text", "onscreen_text", "text_overlay",
                       "overlay", "caption", "super", "text"),
    "voiceover": ("voiceover", "voice_over", "voice-over", "voice over", "vo", "narration", "narrator", "audio", "script"),
    "duration_s": ("duration_s", "duration", "seconds", "secs", "length"),
}
_KEY_OF = {alias: key for key, names in ALIASES.items() for alias in names}


def _field(name: str) -> str | None:
    """The scene field a key or label means (``On-screen text`` -> on_screen_text), or None."""
    n = name.strip().strip("*_ ").lower()
    return _KEY_OF.get(n) or _KEY_OF.get(n.replace("-", " ")) or _KEY_OF.get(re.sub(r"[\s\-]+", "_", n))


# ---------------------------------------------------------------- JSON, with repairs


def _json_candidate(raw: str) -> str | None:
    fenced = re.search(r"```(?:json|JSON)?\s*\n?(.*?)(?:```|$)", raw, re.S)
    text = fenced.group(1) if fenced and fenced.group(1).strip() else raw
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    return text[min(starts):].strip() if starts else None


def _close_truncated(text: str) -> str:
    """Close an unterminated string and open brackets of JSON cut off mid-way."""
    stack, in_str, esc, quote = [], False, False, ""
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == quote:
                in_str = False
        elif ch in "\"'":
            in_str, quote = True, ch
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
    if in_str:
        text += quote
    text = re.sub(r'[,:]\s*$|,\s*"[^"]*"\s*$', "", text.rstrip())  # a dangling key or comma
    return text + "".join(reversed(stack))


def _py_literal(text: str) -> Any:
    # Python-style dicts (single quotes, True/None) are literals to ast, never code.
    py = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", text)))
    return ast.literal_eval(py)


def _try_json(raw: str, problems: list[str]) -> Any:
    text = _json_candidate(raw)
    if text is None:
        problems.append("no JSON object in the output")
        return None
    no_trailing = re.sub(r",\s*([}\]])", r"\1", text)
    attempts = [("", text), ("removed trailing commas", no_trailing)]
    last = no_trailing.rfind("}")
    if last > 0:  # prose after the JSON
        attempts.append(("ignored text after the JSON", no_trailing[: last + 1]))
    closed = re.sub(r",\s*([}\]])", r"\1", _close_truncated(no_trailing))
    attempts.append(("output was cut off; closed the open JSON", closed))
    for parser, how in ((json.loads, ""), (_py_literal, "read single-quoted (Python-style) JSON")):
        for note, candidate in attempts:
            try:
                data = parser(candidate)
            except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
                continue
            notes = [n for n in (note, how) if n]
            if notes:
                problems.append("JSON repaired: " + "; ".join(notes))
            return data
    problems.append("JSON could not be read, even after repairs")
    return None


def _scenes_from_data(data: Any, problems: list[str]) -> tuple[list[dict], str]:
    title = ""
    if isinstance(data, dict):
        title = str(data.get("title") or "")
        items = next((data[k] for k in ("scenes", "shots", "script", "storyboard") if isinstance(data.get(k), list)), None)
        if items is None:
            items = [data] if any(_field(k) for k in data) else []
    elif isinstance(data, list):
        items = data
    else:
        items = []
    scenes = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"scene {i} is not an object; skipped")
            continue
        scene = {}
        for k, v in item.items():
            key = _field(str(k))
            if key and key not in scene and v is not None:
                scene[key] = v
        scenes.append(scene)
    return scenes, title


# ---------------------------------------------------------------- the line format

_SCENE_HEAD = re.compile(r"^\W*(?:\d+[.)]\s*)?\W*(?:scene|shot|szene|escena|scène|场景|シーン)\s*#?\s*(\d+)\W*?(?:[:.\-–)]\s*(.*))?$", re.I)
_FIELD_LINE = re.compile(r"^\W*([A-Za-z][A-Za-z _\-]{0,20}?)\s*\**\s*[:：]\s*\**\s*(.*)$")


def _scenes_from_lines(raw: str, problems: list[str]) -> list[dict]:
    scenes: list[dict] = []
    current: dict | None = None
    last_key: str | None = None
    for line in raw.splitlines():
        if not line.strip():
            continue
        head = _SCENE_HEAD.match(line.strip())
        if head:
            current, last_key = {}, None
            scenes.append(current)
            rest = (head.group(2) or "").strip()
            if rest and not _FIELD_LINE.match(rest):
                current["visual"] = rest
            elif rest:
                line = rest
            else:
                continue
        m = _FIELD_LINE.match(line.strip())
        key = _field(m.group(1)) if m else None
        if key and current is not None:
            current[key] = m.group(2).strip().strip('"')
            last_key = key
        elif current is not None and last_key and last_key != "duration_s":
            current[last_key] = f"{current[last_key]} {line.strip()}".strip()  # a wrapped line
    if not scenes:
        problems.append('no "Scene N:" lines in the output')
    return scenes


# ---------------------------------------------------------------- one scene per reply (scripts written scene by scene)

SCENE_FIELDS = (("visual", "Visual"), ("on_screen_text", "On-screen text"), ("voiceover", "Voiceover"))


def format_scene(n: int, scene: dict[str, str]) -> str:
    """A scene in the line form a scene-by-scene prompt asks for (and shows the scenes so far in)."""
    return "\n".join([f"Scene {n}", *(f"{label}: {scene.get(key, '')}".rstrip() for key, label in SCENE_FIELDS)])


def parse_scene(raw: str) -> dict[str, str]:
    """The one scene of a reply to a scene prompt: visual, on-screen text and voiceover (absent: ""), each
    the first line the reply labels so (a visual or on-screen text goes on over unlabelled lines until the
    next label). Whatever follows the scene's last field (a second scene, a note) is not the scene's: a
    reply that ran on past its scene keeps its first scene only. A JSON reply gives its first scene."""
    out = {key: "" for key, _ in SCENE_FIELDS}
    if not isinstance(raw, str) or not raw.strip():
        return out
    if raw.lstrip().startswith(("{", "[", "```")):
        data = _try_json(raw, [])
        items, _ = _scenes_from_data(data, []) if data is not None else ([], "")
        if items:
            return {key: " ".join(str(items[0].get(key) or "").split()) for key in out}
    heads = 0
    last: str | None = None
    for line in raw.splitlines():
        text = line.strip()
        if not text:
            last = None
            if out["voiceover"]:
                break
            continue
        if _SCENE_HEAD.match(text):
            heads += 1
            if heads > 1:  # the next scene
                break
            continue
        m = _FIELD_LINE.match(text)
        key = _field(m.group(1)) if m else None
        if key in out:
            if out[key]:  # a second visual: the next scene without its heading
                break
            out[key] = m.group(2).strip().strip('"“”「」')
            last = key
        elif m is None and last in ("visual", "on_screen_text"):
            out[last] = f"{out[last]} {text}".strip()
        else:
            last = None
        if all(out.values()):
            break
    return {key: " ".join(value.split()) for key, value in out.items()}


# ---------------------------------------------------------------- scenes -> script


def _seconds(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if value > 0 else None
    clock = re.search(r"(\d+):(\d{2}(?:\.\d+)?)", str(value))  # "00:05" or "1:30"
    if clock:
        total = int(clock.group(1)) * 60 + float(clock.group(2))
        return total if total > 0 else None
    m = re.search(r"(\d+(?:[.,]\d+)?)", str(value))
    return float(m.group(1).replace(",", ".")) if m and float(m.group(1).replace(",", ".")) > 0 else None


def _build(items: list[dict], title: str, duration_s: float, problems: list[str]) -> VideoScript | None:
    scenes = []
    for i, item in enumerate(items, 1):
        text = {k: " ".join(str(item.get(k, "")).split()) for k in ("visual", "on_screen_text", "voiceover")}
        if not any(text.values()):
            problems.append(f"scene {i} is empty; skipped")
            continue
        for k in ("visual", "voiceover"):
            if not text[k]:
                problems.append(f"scene {i} has no {k}")
        scenes.append(Scene(duration_s=_seconds(item.get("duration_s")) or 0.0, **text))
    if not scenes:
        return None
    missing = [i for i, s in enumerate(scenes) if s.duration_s <= 0]
    if missing:
        problems.append(f"{len(missing)} scene(s) had no duration; shared out the remaining time")
        known = sum(s.duration_s for s in scenes)
        share = max(duration_s - known, 0.5 * len(missing)) / len(missing)
        scenes = [replace(s, duration_s=share) if i in missing else s for i, s in enumerate(scenes)]
    script = VideoScript(scenes=scenes, title=title)
    if duration_s > 0 and abs(script.duration_s - duration_s) > 0.05:
        problems.append(f"scene durations added up to {script.duration_s:g} s; rescaled to {duration_s:g} s")
        script = fit_to_duration(script, duration_s)
    return script


def parse_script(raw: str, *, duration_s: float, locale: Any = None) -> ScriptResult:
    """Read a model's output as a video script; never raises. ``locale`` (a LocaleProfile, or
    anything with ``speaking_rate``) adds a problem when the voiceover is too long to speak."""
    problems: list[str] = []
    try:
        if not isinstance(raw, str) or not raw.strip():
            return ScriptResult(None, ["the model returned no text"])
        json_problems: list[str] = []
        data = _try_json(raw, json_problems)
        items, title = _scenes_from_data(data, json_problems) if data is not None else ([], "")
        if items:
            problems += json_problems
        else:
            problems += json_problems + ([] if data is None else ["JSON held no scenes"])
            items = _scenes_from_lines(raw, problems)
            if items:
                problems.append("read the line format instead of JSON")
        script = _build(items, title, duration_s, problems)
        if script is None:
            problems.append("no scenes found")
            return ScriptResult(None, problems)
        rate = getattr(locale, "speaking_rate", None) or (locale if isinstance(locale, dict) else None)
        if rate:
            needed, ok = voiceover_fits(script, rate)
            if not ok:
                problems.append(f"voiceover needs about {needed:.1f} s to speak but the video is {script.duration_s:g} s")
        return ScriptResult(script, problems)
    except Exception as exc:  # the contract is "never crash": report instead
        return ScriptResult(None, problems + [f"could not parse the script: {type(exc).__name__}: {exc}"])


# ---------------------------------------------------------------- timing


def _rate(speaking_rate: Any) -> tuple[str, float]:
    if isinstance(speaking_rate, dict):
        unit, per = speaking_rate.get("unit", "words"), speaking_rate.get("per_second")
    else:
        rate = getattr(speaking_rate, "speaking_rate", speaking_rate)  # a LocaleProfile or its rate
        if isinstance(rate, dict):
            return _rate(rate)
        unit, per = getattr(rate, "unit", "words"), getattr(rate, "per_second", None)
    if unit not in ("words", "chars") or not per or per <= 0:
        raise ValueError(f"speaking_rate must be {{unit: words|chars, per_second: > 0}}, got {speaking_rate!r}")
    return unit, float(per)


def voiceover_fits(script: VideoScript, speaking_rate: Any) -> tuple[float, bool]:
    """(seconds needed to speak all voiceover at the locale's rate, whether it fits the video), counted as the
    locale profile counts speech (``studio.market.locales.speech_units``: the review page's seconds and the
    speech_fits gate's are one count)."""
    from studio.market.locales import speech_units

    unit, per = _rate(speaking_rate)
    needed = sum(speech_units(s.voiceover, unit) for s in script.scenes) / per
    return round(needed, 2), needed <= script.duration_s + 1e-9


def fit_to_duration(script: VideoScript, total_s: float) -> VideoScript:
    """Scale scene durations so they add up to ``total_s`` (ms precision, exact total)."""
    if total_s <= 0:
        raise ValueError(f"total_s must be positive, got {total_s}")
    if not script.scenes:
        return script
    current = sum(s.duration_s for s in script.scenes) or len(script.scenes)
    ms = [round(max(s.duration_s, 0) / current * total_s * 1000) if current else 0 for s in script.scenes]
    ms[-1] += round(total_s * 1000) - sum(ms)  # rounding leftovers go to the last scene
    return replace(script, scenes=[replace(s, duration_s=m / 1000) for s, m in zip(script.scenes, ms)])


# ---------------------------------------------------------------- subtitles


def _cues(script: VideoScript, text_of: str) -> list[tuple[float, float, str]]:
    cues, t = [], 0.0
    for s in script.scenes:
        end = t + s.duration_s
        text = getattr(s, text_of).strip()
        if text:
            cues.append((round(t, 3), round(end, 3), text))
        t = end
    return cues


def to_srt(script: VideoScript, *, text: str = "voiceover") -> str:
    """SubRip captions, one cue per scene (``00:00:01,500``); ``text`` picks voiceover or on_screen_text."""
    subs = [srt.Subtitle(index=i, start=timedelta(seconds=a), end=timedelta(seconds=b), content=c)
            for i, (a, b, c) in enumerate(_cues(script, text), 1)]
    return srt.compose(subs)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def to_vtt(script: VideoScript, *, text: str = "voiceover") -> str:
    """WebVTT captions (``WEBVTT`` header, ``00:00:01.500``)."""
    blocks = ["WEBVTT"]
    for i, (a, b, c) in enumerate(_cues(script, text), 1):
        # "-->" inside a cue would end the timing line; WebVTT has no escape for it.
        blocks.append(f"{i}\n{_vtt_time(a)} --> {_vtt_time(b)}\n{c.replace('-->', '->')}")
    return "\n\n".join(blocks) + "\n"
