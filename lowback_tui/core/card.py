"""A routine's printable card: one A4 page (HTML) or Markdown with every step, its hold, reps
and sides, its instructions, the caution, what to leave out and the source articles.

Every text comes from a routine file, so every one is escaped (HTML) or made inert (Markdown).
"""

from __future__ import annotations

import math
import re
from html import escape

from lowback_tui.core.durations import format_duration
from lowback_tui.core.plan import estimate_seconds, expand, planned_work, step_length
from lowback_tui.core.routine import Routine, Step
from lowback_tui.core.words import about, count_text

#: What the article "Lower Back Pain Exercises" says to leave out, on every card.
AVOID = (
    "hip twists (quick, loaded twisting)",
    "the hurdler's stretch",
    "straight-leg sit-ups",
    "bouncing in a stretch",
)
NOT_ADVICE = (
    "lowback is not medical advice: see a doctor or physiotherapist first, move slowly, and "
    "stop when something hurts."
)
_BASED_ON = re.compile(r"\s*Based on the articles?\s+(.+?)\.?\s*$", re.DOTALL)

CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { font: 8.2pt/1.25 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222;
       margin: 0; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 10pt; margin: 2.5mm 0 1mm 0; border-bottom: 0.4pt solid #999; }
p { margin: 0.8mm 0; }
.muted { color: #666; }
.caution { border: 0.6pt solid #d9822b; border-radius: 1.5mm; padding: 1.2mm 2mm;
           margin: 2mm 0; }
.steps { columns: 2; column-gap: 5mm; }
.step { break-inside: avoid; margin: 0 0 2mm 0; }
.step h3 { font-size: 9.5pt; margin: 0; }
.step .how { font-weight: 600; color: #2b6cb0; }
.step p { white-space: pre-line; margin: 0.4mm 0 0 0; }
footer { margin-top: 2mm; font-size: 7.5pt; color: #666; }
"""


def sources(routine: Routine) -> str:
    """The source articles a built-in summary names ("Based on the article …"), else ""."""
    match = _BASED_ON.search(routine.summary)
    return match[1] if match else ""


def summary_text(routine: Routine) -> str:
    """The summary without its "Based on …" sentence (the card says that on its own line)."""
    return _BASED_ON.sub("", routine.summary).strip()


def how_much(step: Step) -> str:
    """ "8-10s × 5, each side", "20 reps", "30s+ (a test: at least that)"."""
    parts = [step_length(step)]
    if step.reps > 1:
        parts[0] += f" × {step.reps}"
    if step.ladder:
        parts.append("climbs " + " → ".join(str(count) for count in step.ladder))
    if step.start is not None and step.increase is not None and step.hold is not None:
        parts.append(
            f"builds up from {format_duration(step.start)} by {format_duration(step.increase)}"
            f" to {format_duration(step.hold)}"
        )
    if step.sides == "both":
        parts.append("each side")
    elif step.sides in ("left", "right"):
        parts.append(f"{step.sides} side")
    if step.gate:
        parts.append("a test: stop the strength work if it falls short or hurts")
    return ", ".join(parts)


def facts_line(routine: Routine) -> str:
    return (
        f"{count_text(len(routine.steps), 'step')}"
        f" · {count_text(planned_work(expand(routine)), 'hold')}"
        f" · {about(estimate_seconds(routine))} · get ready {format_duration(routine.prepare)}"
        f" · rest {format_duration(routine.rest)}"
    )


#: Characters of instructions and caution that fit one A4 page at the body's 8.2 pt.
FITS_AT_FULL_SIZE = 3800


def font_points(routine: Routine) -> float:
    """The body's size: 8.2 pt, smaller for a long routine so that it stays on one page (the
    area of the text goes with the square of its size), never below 6.5 pt."""
    length = len(routine.caution) + sum(len(step.instructions) for step in routine.steps)
    if length <= FITS_AT_FULL_SIZE:
        return 8.2
    return max(6.5, round(8.2 * math.sqrt(FITS_AT_FULL_SIZE / length), 1))


def card_html(routine: Routine) -> str:
    """One self-contained A4 page (no scripts, nothing fetched)."""
    steps = "".join(
        f'<div class="step"><h3>{number}. {escape(step.name)}</h3>'
        f'<div class="how">{escape(how_much(step))} <span class="muted">({escape(step.kind)})'
        f"</span></div><p>{escape(step.instructions)}</p></div>"
        for number, step in enumerate(routine.steps, 1)
    )
    source = sources(routine)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(routine.name)} · lowback</title><style>{CSS}</style></head>",
        f'<body style="font-size: {font_points(routine)}pt">',
        f"<h1>{escape(routine.name)}</h1>",
        f'<div class="muted">{escape(facts_line(routine))}</div>',
        f"<p>{escape(summary_text(routine))}</p>" if summary_text(routine) else "",
        (
            f'<div class="caution"><b>Caution.</b> {escape(routine.caution)}</div>'
            if routine.caution
            else ""
        ),
        f'<h2>Steps</h2><div class="steps">{steps}</div>',
        f"<h2>Leave out</h2><p>{escape('; '.join(AVOID))}.</p>",
        f"<p><b>Source:</b> {escape(source)}</p>" if source else "",
        f"<footer>{escape(NOT_ADVICE)} Made with lowback.</footer>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _md(text: str) -> str:
    """Text from a file made inert in Markdown: markup characters and HTML escaped."""
    text = re.sub(r"([\\`*_\[\]|])", r"\\\1", escape(text, quote=False))
    return re.sub(r"^(\s*)([#>+-]|\d+\.)", r"\1\\\2", text, flags=re.MULTILINE)


def card_md(routine: Routine) -> str:
    lines = [f"# {_md(routine.name)}", "", _md(facts_line(routine)), ""]
    if summary_text(routine):
        lines += [_md(summary_text(routine)), ""]
    if routine.caution:
        lines += [f"> **Caution.** {_md(' '.join(routine.caution.split()))}", ""]
    lines += ["## Steps", ""]
    for number, step in enumerate(routine.steps, 1):
        lines += [
            f"### {number}\\. {_md(step.name)}",
            "",
            f"**{_md(how_much(step))}** ({step.kind})",
        ]
        lines += ["", *(f"{_md(line)}  " for line in step.instructions.splitlines()), ""]
    lines += ["## Leave out", "", *(f"- {_md(item)}" for item in AVOID), ""]
    if sources(routine):
        lines += [f"**Source:** {_md(sources(routine))}", ""]
    lines += [_md(NOT_ADVICE), ""]
    return "\n".join(lines)
