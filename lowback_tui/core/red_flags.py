"""The red flags: which signs mean urgent care today, and which mean "see a doctor first".

One list, read by the safety notice and by the summary after a "this hurts" stop or a pain of
7 or more. Lower Back Pain Exercises asks for a physician before any programme; the signs of
a pressed nerve root (groin or saddle numbness, new bladder or bowel trouble, a weak leg) are
not a matter for "first": they need care the same day.
"""

from __future__ import annotations

#: Signs that need urgent care today (emergency services if they came on suddenly).
URGENT = (
    "numbness in the groin or saddle area",
    "new trouble controlling your bladder or bowel",
    "weakness in a leg",
)
URGENT_ACTION = "Get urgent care today (emergency services if it came on suddenly)"
URGENT_SHORT = "Urgent care today (emergency services if sudden)"
"""The same, where a line is short (the safety notice at 80 columns)."""

#: Signs that mean seeing a doctor before exercising.
SEE_DOCTOR = (
    "numbness or tingling in a leg",
    "pain that spreads below the knee",
    "pain that began with a fall or an injury",
    "fever, or weight loss you cannot explain",
    "pain at night that does not ease when you rest",
)
SEE_DOCTOR_ACTION = "See a doctor first"


def after_pain_lines() -> tuple[str, str]:
    """The two lines a summary shows after a "this hurts" stop or a pain of 7 or more."""
    urgent = ", ".join(URGENT[:-1]) + f" or {URGENT[-1]}"
    return (
        f"{URGENT_ACTION} for {urgent}.",
        f"{SEE_DOCTOR_ACTION} before exercising again if the pain is sharp, spreads below the "
        "knee or does not ease, or comes with fever or night pain.",
    )
