"""The coaching keys of a step: `gate`, a `target` ladder, a `start`/`increase` build-up."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Protocol

from lowback_tui.core.durations import Duration, DurationError, format_duration, parse_duration
from lowback_tui.core.step_kind import StepKind

#: Kinds whose steps have a target to reach, so they can be a gate (docs/design.md "Safety").
TARGET_KINDS = (StepKind.HOLD, StepKind.REPS)
DEFAULT_ADVANCE_AFTER = 3
MAX_ADVANCE_AFTER = 50
MAX_RUNGS = 20
MAX_COUNT = 1000


class Reporter(Protocol):
    """Where a problem is said: routine.py's checker knows the file and the step."""

    def add(self, field_name: str | None, message: str) -> None: ...


@dataclass(frozen=True)
class Coaching:
    """What the coaching keys of one step say, once checked."""

    gate: bool = False
    ladder: tuple[int, ...] = ()
    start: Duration | None = None
    increase: Duration | None = None
    advance_after: int = DEFAULT_ADVANCE_AFTER


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_coaching_keys(
    check: Reporter, raw: dict[str, Any], kind: str, hold: Duration | None
) -> Coaching:
    """Check the coaching keys of a [[step]] table, saying each problem through `check`."""
    gate = _read_gate(check, raw, kind)
    ladder = _read_ladder(check, raw) if kind == StepKind.REPS else ()
    start, increase = _read_build_up(check, raw, kind, hold)
    advance_after = DEFAULT_ADVANCE_AFTER
    if "advance_after" in raw:
        value = raw["advance_after"]
        if not _whole(value) or not 1 <= value <= MAX_ADVANCE_AFTER:
            check.add(
                "advance_after",
                f"got {_shown(value)}, expected a whole number of sessions from 1 to "
                f"{MAX_ADVANCE_AFTER}",
            )
        elif not (isinstance(raw.get("target"), list) or "start" in raw or "increase" in raw):
            # (a ladder or build-up with errors of its own is said once, where it is wrong)
            check.add(
                "advance_after",
                "is only used with a target ladder (target = [20, 30, 40]) or a build-up "
                '(start = "30s", increase = "15s")',
            )
        else:
            advance_after = value
    return Coaching(gate, ladder, start, increase, advance_after)


def _read_gate(check: Reporter, raw: dict[str, Any], kind: str) -> bool:
    if "gate" not in raw:
        return False
    value = raw["gate"]
    if not isinstance(value, bool):
        check.add("gate", f"got {_shown(value)}, expected true or false")
        return False
    if value and kind not in TARGET_KINDS:
        check.add(
            "gate",
            f'a gate needs a target to test, and a "{kind}" step has none; expected it on a '
            'step of kind "hold" (hold = "30s+") or "reps" (target = N)',
        )
        return False
    return value


def _read_ladder(check: Reporter, raw: dict[str, Any]) -> tuple[int, ...]:
    value = raw.get("target")
    if not isinstance(value, list):
        return ()
    expected = "expected whole numbers from low to high, such as [20, 30, 40]"
    if not value:
        check.add("target", f"is an empty ladder, {expected}")
        return ()
    if len(value) > MAX_RUNGS:
        check.add("target", f"has {len(value)} rungs, expected at most {MAX_RUNGS}")
        return ()
    for rung in value:
        if not _whole(rung) or not 1 <= rung <= MAX_COUNT:
            check.add(
                "target",
                f"has the rung {_shown(rung)}, expected whole numbers from 1 to {MAX_COUNT}, "
                "low to high, such as [20, 30, 40]",
            )
            return ()
    for low, high in itertools.pairwise(value):
        if high <= low:
            check.add("target", f"goes down or stays ({low} then {high}), {expected}")
            return ()
    return tuple(value)


def _read_build_up(
    check: Reporter, raw: dict[str, Any], kind: str, hold: Duration | None
) -> tuple[Duration | None, Duration | None]:
    present = [key for key in ("start", "increase") if key in raw]
    if not present:
        return None, None
    if kind != StepKind.HOLD:
        for key in present:
            check.add(key, f'a build-up is only for kind "hold", this step is kind "{kind}"')
        return None, None
    if hold is None or hold.open or hold.is_range:
        shown = "" if hold is None else f" ({format_duration(hold)})"
        for key in present:
            check.add(
                key,
                f"a build-up needs a fixed hold to end at{shown}, expected for example "
                'hold = "2m" with start = "30s"',
            )
        return None, None
    start = _fixed(check, raw, "start")
    increase = _fixed(check, raw, "increase")
    for key, value in (("start", start), ("increase", increase)):
        if key not in raw:
            other = "increase" if key == "start" else "start"
            check.add(
                other,
                f'needs {key} too: a build-up has both, such as start = "30s", increase = "15s"',
            )
            return None, None
        if value is None:
            return None, None
    assert start is not None and increase is not None
    if start.minimum > hold.minimum:
        check.add(
            "start",
            f"is {format_duration(start)}, longer than the hold of {format_duration(hold)} it "
            "builds up to; expected a start no longer than the hold",
        )
        return None, None
    return start, increase


def _fixed(check: Reporter, raw: dict[str, Any], key: str) -> Duration | None:
    if key not in raw:
        return None
    try:
        return parse_duration(raw[key], allow_open=False, allow_range=False)
    except DurationError as error:
        check.add(key, str(error))
        return None
