"""The day's plan as an iCalendar file (RFC 5545): the morning and evening sessions as daily
events with an alarm each, so a phone's calendar reminds too, with no server of ours.

Times are "floating" (local wall-clock time without a zone): 07:30 stays 07:30 wherever the
calendar is, which is what a daily habit means, and no VTIMEZONE table has to be written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lowback_tui.core.today import DayPlan, clock_text
from lowback_tui.core.today_text import EVENING_AIM

PRODID = "-//lowback//day plan//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: dt.datetime
    """Floating local time of the first occurrence."""
    minutes: int
    summary: str
    description: str


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped,
    other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in text if ch >= " " or ch == "\t")


def fold(line: str) -> str:
    """Lines longer than 75 octets folded (CRLF and a space), never inside a character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def events(plan: DayPlan) -> list[CalendarEvent]:
    """The morning and the evening as the plan names them, from the plan's day on."""
    morning, evening = plan.morning, plan.evening
    strength = morning.routine_name or "your strength routine"
    floor = evening.routine_name or "a floor routine"
    return [
        CalendarEvent(
            "lowback-morning@lowback.invalid",
            dt.datetime.combine(plan.day, morning.at),
            30,
            f"lowback: a walk, then {strength}",
            f"Morning ({clock_text(morning.at)}): a walk, then strength work ({strength}). "
            "Leave it out on a flare-up day (after a 'this hurts' stop or pain of 7 or more).",
        ),
        CalendarEvent(
            "lowback-evening@lowback.invalid",
            dt.datetime.combine(plan.day, evening.at),
            120,
            f"lowback: floor time, {floor}",
            f"Evening ({clock_text(evening.at)}): {floor} and other flexibility and relaxing "
            f"routines, {EVENING_AIM} across the evening.",
        ),
    ]


def calendar_text(plan: DayPlan, made_at: dt.datetime) -> str:
    """The .ics file: two daily events with a display alarm at their start."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for event in events(plan):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(made_at)}",
            f"DTSTART:{event.start:%Y%m%dT%H%M%S}",
            f"DURATION:PT{event.minutes}M",
            "RRULE:FREQ=DAILY",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.summary)}",
            "TRIGGER:PT0M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
