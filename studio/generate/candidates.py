"""One draft for a job and how it ranks: the ``Candidate`` record (text, reply, gates failed, findings) with its
``score`` (lower is better; the loop keeps the lowest), whether it is ``clean``, which findings a rewrite can fix
(``actionable``), and whether a copy job's best draft is worth another sample rather than only a repair
(``resample``). Also the reply budgets per kind (``MAX_NEW_TOKENS``, ``MIN_NEW_TOKENS``)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from studio.generate.echoes import carries_example, echoed
from studio.generate.video_script import VideoScript

# Token budgets per kind: copy is short; scripts need room for JSON scenes. The floor keeps small
# models from stopping after a word, but a high floor on copy pushes headlines past their limit.
MAX_NEW_TOKENS = {"copy": 96, "video_script": 320, "image": 96}
MIN_NEW_TOKENS = {"copy": 6, "video_script": 48, "image": 12}

# The language gate's verdict on a text that is only the brand, numbers and links (or nothing).
NOTHING_SAID = ("empty draft", "no words besides")
# Finding severities that make a draft worth repairing (info findings alone do not).
_ACTIONABLE = ("block", "warn")


def actionable(f) -> bool:
    """A block or warn finding that a rewrite of the text can fix: not one about the publish date as a whole (a
    calendar finding with no span: "sensitive date in China" on a 4 June launch). Every zh-CN draft of the sample
    brief carried that warn, so none was clean: each was repaired (three replies where one passed every gate), and
    the repair prompt asked the model to "avoid launches, candles and festive tone", which it cannot do."""
    return f.severity in _ACTIONABLE and not (f.category == "calendar" and f.start is None)


@dataclasses.dataclass
class Candidate:
    """One draft for a job (a first candidate or a repair) with what the gates and checks found."""

    label: str  # "candidate 1", "repair 1"
    text: str  # copy: the ad text; video script: voiceover and on-screen text (what the gates read)
    raw: str
    meta: dict
    gates: dict[str, str] = dataclasses.field(default_factory=dict)  # gate -> why it failed
    findings: list = dataclasses.field(default_factory=list)
    script: VideoScript | None = None  # video scripts: the parsed, timed script (None: not parsed)
    checked: str = ""  # the text the checks read (finding offsets point into it)
    # what the unsupported_claim gate found: (finding, the words quoted, why), judged once (studio.generate.grounding),
    # and the sense gate's problem (studio.generate.sense): the repair quotes these (studio.generate.problems)
    claims: list = dataclasses.field(default_factory=list)
    sense: Any = None

    @property
    def draft(self) -> str:
        """What a repair prompt quotes: the copy text, the script as JSON, or the unreadable reply."""
        if self.script is not None:
            scenes = [{"visual": s.visual, "on_screen_text": s.on_screen_text, "voiceover": s.voiceover,
                       "duration_s": round(s.duration_s, 1)} for s in self.script.scenes]
            return json.dumps({"scenes": scenes}, ensure_ascii=False)
        return self.text or self.raw.strip()[:800]

    @property
    def score(self) -> tuple[int, int, int, int, int]:
        """Lower is better: an empty draft last (or one that is only the brand: "Fjell" fits every limit
        but is no ad), then copy that names neither the brand, the product nor a glossary term (the on_topic
        gate: no repair of length makes it an ad for the brand, while a branded headline too long is cut by the
        length repair or kept whole with its length finding; its block finding had let a brandless ja-JP line
        win) or that carries the worked example over (``carries_example``: the bike light's line, its product),
        then block findings, failed gates, warn findings. A failed gate is a draft a reader
        rejects (repeated scenes, another language, too long); a warn asks the reviewer to look, and the
        semantic layer warns on some clean copy: a repair that fixed three repeated scenes was dropped for
        gaining one such warn ("Meet the Fjell Bottle." read as a bottle of liquor in a Thai religion line)."""
        sev = [f.severity for f in self.findings]
        # copy only: scripts keep their order
        off_topic = self.script is None and ("on_topic" in self.gates or carries_example(self.gates))
        return int(self.empty), int(off_topic), sev.count("block"), len(self.gates), sev.count("warn")

    @property
    def empty(self) -> bool:
        """No draft: nothing, only the brand, or the prompt's instruction echoed back."""
        return not self.text.strip() or self.gates.get("language", "").startswith(NOTHING_SAID) or echoed(self.gates)

    @property
    def clean(self) -> bool:
        return not self.gates and not any(actionable(f) for f in self.findings)

    @property
    def semantic_warns_only(self) -> bool:
        """Passes every gate and its only block/warn findings are semantic warns (concept layer, theme rules:
        a similarity, not a quote of what is wrong): a copy repair asked to fix one gets the draft back word
        for word (the de-DE and fr-FR posts of the baseline, "Meet the Fjell Bottle." read as religion), so
        such a draft goes to the reviewer with its warn and costs no repair reply."""
        acted = [f for f in self.findings if actionable(f)]
        return not self.gates and bool(acted) and all(f.severity == "warn" and f.margin is not None for f in acted)

    def record(self) -> dict:
        """What the asset's generation meta keeps of this candidate (shown in the UI's history)."""
        _, _, block, gates, warn = self.score
        return {"label": self.label, "text": self.text, "score": {"block": block, "warn": warn, "gates": gates},
                "failed": dict(self.gates),
                "findings": sorted({f.rule for f in self.findings if f.severity in _ACTIONABLE}),
                # copy on channels asked for options: every option the reply offered (bench/headline_fit.py --db)
                **({"options": self.meta["options"]} if "options" in self.meta else {})}


def finding_spans(cand: Candidate) -> list[tuple[str, str]]:
    """(the text it quotes, what to do) of each block or warn finding of a draft that points into its text:
    a script repaired scene by scene asks again the scene that holds the quote."""
    checked = cand.checked or cand.text
    return [(checked[f.start:f.end], f"{f.message}" + (f" {f.suggestion}" if f.suggestion else ""))
            for f in cand.findings if f.severity in _ACTIONABLE and f.start is not None and f.end is not None
            and f.end > f.start]


# Gates another sample (another opening angle of the prompt) fixes where a repair quoting the problem
# rarely does: the reply is no ad (nothing, an echo, a refusal, chatter without the product), not in the
# language, a loop, or the worked example retold. A draft that is only too long, unfinished, off by a number,
# a hashtag or a few foreign words goes straight to the repair, which quotes the problem: a second sample
# costs a whole prompt and reply per job and fixes none of these more often than the repair does.
RESAMPLE_GATES = frozenset({"language", "repetition", "refusal", "copied", "on_topic", "example_product", "transliterated",
                            "foreign_script"})


def resample(best: Candidate) -> bool:
    """Whether a copy job's best draft so far is worth another candidate (``RESAMPLE_GATES``), not only a repair."""
    return not best.clean and (best.empty or bool(RESAMPLE_GATES & set(best.gates)))
