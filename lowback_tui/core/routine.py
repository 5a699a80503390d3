"""Routine and Step: the routine-file format, read from TOML and validated with clear messages."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.coaching_keys import DEFAULT_ADVANCE_AFTER, read_coaching_keys
from lowback_tui.core.durations import Duration, DurationError, parse_duration, shorten
from lowback_tui.core.step_kind import StepKind

KINDS = tuple(kind.value for kind in StepKind)
SIDES = ("none", "both", "left", "right")
#: The hold a step gets when its file says none, by kind (docs/design.md "Routine files").
DEFAULT_HOLDS: dict[str, str] = {
    StepKind.STRETCH: "8-10s",
    StepKind.PRESSURE: "20-30s",
    StepKind.RELAX: "20m",
    StepKind.HOLD: "30s+",
    StepKind.REST: "30s",
}
DEFAULT_TARGET = 10
DEFAULT_PREPARE = "5s"
DEFAULT_REST = "3s"
ROUTINE_KEYS = ("name", "summary", "caution", "prepare", "rest", "step")
STEP_KEYS = (
    "name",
    "kind",
    "hold",
    "reps",
    "target",
    "sides",
    "instructions",
    "gate",
    "start",
    "increase",
    "advance_after",
)

#: Limits that keep a typo (or a hostile file) from freezing the app.
MAX_FILE_BYTES = 1024 * 1024
MAX_STEPS = 200
MAX_REPS = 100
MAX_TARGET = 1000
MAX_NAME = 80
MAX_TEXT = 4000


@dataclass(frozen=True)
class Step:
    """One exercise of a routine: how long (or how many), how often, on which sides."""

    name: str
    kind: StepKind = StepKind.STRETCH
    hold: Duration | None = None
    """None only for kind "reps", which counts instead of timing."""
    reps: int = 1
    target: int | None = None
    """The count to reach, kind "reps" only."""
    sides: str = "none"
    instructions: str = ""
    gate: bool = False
    """A test step (the plank): falling short of its target or hurting there asks whether to
    go on, and the safe answer ends the session (docs/design.md "Safety")."""
    ladder: tuple[int, ...] = ()
    """Kind "reps": the rungs of `target = [20, 30, 40]`, lowest first; () for a single target."""
    start: Duration | None = None
    """Kind "hold": where a build-up starts; `hold` is where it ends."""
    increase: Duration | None = None
    """Kind "hold": what a build-up adds per rung."""
    advance_after: int = DEFAULT_ADVANCE_AFTER
    """Good sessions in a row at a rung before the next one (docs/design.md "Progression")."""

    @property
    def progresses(self) -> bool:
        """Whether today's target depends on the history (a ladder or a build-up)."""
        return bool(self.ladder) or self.start is not None

    @property
    def side_list(self) -> tuple[str | None, ...]:
        """The sides one rep walks through: (None,), ("left", "right"), ("left",)…"""
        if self.sides == "both":
            return ("left", "right")
        return (None,) if self.sides == "none" else (self.sides,)


@dataclass(frozen=True)
class Routine:
    """A named list of steps with its get-ready time and rest, as a routine file describes it."""

    id: str
    name: str
    steps: tuple[Step, ...]
    summary: str = ""
    caution: str = ""
    prepare: Duration = field(default_factory=lambda: parse_duration(DEFAULT_PREPARE))
    rest: Duration = field(default_factory=lambda: parse_duration(DEFAULT_REST))
    source: str = ""
    """Where the routine came from, for messages; not part of its identity."""
    builtin: bool = False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Routine):
            return NotImplemented
        return self.content() == other.content()

    def __hash__(self) -> int:
        return hash(self.content())

    def content(self) -> tuple[Any, ...]:
        """What the routine file says, without where it came from."""
        return (self.name, self.steps, self.summary, self.caution, self.prepare, self.rest)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a routine file, said as `file: step N "name": field: what, expected`."""

    source: str
    message: str
    field: str | None = None
    step_number: int | None = None
    step_name: str | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.step_number is not None:
            named = f' "{printable(self.step_name)}"' if self.step_name else ""
            parts.append(f"step {self.step_number}{named}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class RoutineError(ValueError):
    """A routine file that cannot be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


#: What has no place in a text: control characters (category Cc: C0, DEL, C1), lone
#: surrogates (Cs) and the bidi embeddings, overrides and isolates (they reorder what follows
#: them on screen, so a name could show one thing and be another; marks and joiners stay
#: allowed); a name refuses tabs and newlines too. One regular
#: expression rather than a category lookup per character: routines are read at every start.
_REFUSED_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_REFUSED_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def has_refused(text: str, single_line: bool) -> bool:
    return (_REFUSED_IN_NAME if single_line else _REFUSED_IN_TEXT).search(text) is not None


def printable(text: str | None) -> str:
    """Text with control characters escaped, so a message can't move the cursor or ring."""
    return safe(text)


def suggest(key: str, valid: tuple[str, ...]) -> str:
    """ "did you mean" for a misspelt key, else the list of valid keys."""
    close = difflib.get_close_matches(key.lower(), valid, n=1, cutoff=0.6)
    if close:
        return f'unknown key, did you mean "{close[0]}"?'
    return "unknown key, expected one of " + ", ".join(valid)


class _Checker:
    """Collects problems while reading one document, so one run reports all of them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.step_number: int | None = None
        self.step_name: str | None = None

    def add(self, field_name: str | None, message: str) -> None:
        self.problems.append(
            Problem(self.source, message, field_name, self.step_number, self.step_name)
        )

    def unknown_keys(self, table: dict[str, Any], valid: tuple[str, ...]) -> None:
        for key in table:
            if key not in valid:
                self.add(printable(shorten(key)), suggest(key, valid))

    def text(
        self, table: dict[str, Any], key: str, *, required: bool = False, limit: int = MAX_TEXT
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(key, "is missing, expected text")
            return ""
        if not isinstance(value, str):
            self.add(key, f"got {_kind_of(value)}, expected text in quotes")
            return ""
        single_line = limit == MAX_NAME
        if required and not value.strip():
            self.add(key, "is empty, expected some text")
        elif len(value) > limit:
            self.add(key, f"is {len(value)} characters long, expected at most {limit}")
        elif has_refused(value, single_line):
            self.add(
                key,
                f"contains control characters ({printable(shorten(value))}), expected plain text",
            )
        return value.strip() if single_line else value

    def duration(self, table: dict[str, Any], key: str, default: str, **rules: bool) -> Duration:
        value = table.get(key, default)
        try:
            return parse_duration(value, **rules)
        except DurationError as error:
            self.add(key, str(error))
            return parse_duration(default, **rules)

    def choice(self, table: dict[str, Any], key: str, valid: tuple[str, ...], default: str) -> str:
        value = table.get(key, default)
        if isinstance(value, str) and value in valid:
            return value
        shown = printable(shorten(repr(value)))
        close = difflib.get_close_matches(str(value).lower(), valid, n=1, cutoff=0.6)
        hint = f', did you mean "{close[0]}"?' if close else ""
        self.add(key, f"{shown} is not one of {', '.join(valid)}{hint}")
        return default

    def count(self, table: dict[str, Any], key: str, default: int | None, limit: int) -> int | None:
        value = table.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, f"got {printable(shorten(repr(value)))}, expected a whole number")
            return default
        if not 1 <= value <= limit:
            self.add(key, f"is {shorten(str(value))}, expected a whole number from 1 to {limit}")
            return default
        return value


def _kind_of(value: object) -> str:
    names = {
        list: "a list",
        dict: "a table",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
    }
    return names.get(type(value), type(value).__name__)


def _read_step(check: _Checker, raw: dict[str, Any]) -> Step:
    raw_name = raw.get("name")
    check.step_name = shorten(raw_name.strip()) if isinstance(raw_name, str) else None
    check.unknown_keys(raw, STEP_KEYS)
    name = check.text(raw, "name", required=True, limit=MAX_NAME)
    kind = StepKind(check.choice(raw, "kind", KINDS, StepKind.STRETCH))
    hold: Duration | None = None
    target: int | None = None
    if kind == StepKind.REPS:
        if "hold" in raw:
            check.add("hold", 'is not used by kind "reps", expected target = N (a count) instead')
        if not isinstance(raw.get("target"), list):  # a ladder is read with the coaching keys
            target = check.count(raw, "target", DEFAULT_TARGET, MAX_TARGET)
    else:
        if "target" in raw:
            check.add(
                "target",
                f'is only used by kind "reps", expected hold = "30s+" for an open {kind} target',
            )
        hold = check.duration(raw, "hold", DEFAULT_HOLDS[kind], allow_open=kind != StepKind.REST)
    reps = check.count(raw, "reps", 1, MAX_REPS) or 1
    sides = check.choice(raw, "sides", SIDES, "none")
    if kind == StepKind.REST and sides != "none":
        check.add("sides", 'a rest has no sides, expected "none"')
    instructions = check.text(raw, "instructions")
    coaching = read_coaching_keys(check, raw, kind, hold)
    if coaching.ladder:
        target = coaching.ladder[0]
    return Step(
        name,
        kind,
        hold,
        reps,
        target,
        sides,
        instructions,
        coaching.gate,
        coaching.ladder,
        coaching.start,
        coaching.increase,
        coaching.advance_after,
    )


def routine_from_data(data: Any, *, routine_id: str, source: str, builtin: bool = False) -> Routine:
    """Validate a parsed TOML document into a Routine, or raise RoutineError with every problem."""
    check = _Checker(source)
    if not isinstance(data, dict):
        raise RoutineError([Problem(source, "expected a TOML table at the top level")])
    check.unknown_keys(data, ROUTINE_KEYS)
    name = check.text(data, "name", required=True, limit=MAX_NAME)
    summary = check.text(data, "summary")
    caution = check.text(data, "caution")
    prepare = check.duration(
        data, "prepare", DEFAULT_PREPARE, allow_zero=True, allow_open=False, allow_range=False
    )
    rest = check.duration(
        data, "rest", DEFAULT_REST, allow_zero=True, allow_open=False, allow_range=False
    )
    raw_steps = data.get("step", [])
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        check.add("step", "expected [[step]] tables, one per exercise")
    elif not raw_steps:
        check.add("step", "no steps, expected at least one [[step]] table")
    elif len(raw_steps) > MAX_STEPS:
        check.add("step", f"{len(raw_steps)} steps, expected at most {MAX_STEPS}")
    else:
        for number, raw in enumerate(raw_steps, start=1):
            check.step_number, check.step_name = number, None
            steps.append(_read_step(check, raw))
    if check.problems:
        raise RoutineError(check.problems)
    return Routine(
        routine_id,
        name,
        tuple(steps),
        summary,
        caution,
        prepare,
        rest,
        source=source,
        builtin=builtin,
    )


def parse_routine(text: str, *, routine_id: str, source: str, builtin: bool = False) -> Routine:
    """Read routine-file text; any failure is a RoutineError naming the file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError([Problem(source, f"is not valid TOML ({error})")]) from None
    except RecursionError:
        raise RoutineError([Problem(source, "is nested too deeply to be a routine")]) from None
    return routine_from_data(data, routine_id=routine_id, source=source, builtin=builtin)


def routine_from_bytes(
    raw: bytes, *, routine_id: str, source: str, builtin: bool = False
) -> Routine:
    """A routine file's bytes as a Routine: binary or non-UTF-8 content is a RoutineError."""
    if b"\x00" in raw:
        raise RoutineError([Problem(source, "is a binary file, expected TOML text")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}), expected TOML text"
        raise RoutineError([Problem(source, message)]) from None
    return parse_routine(
        text.removeprefix("\ufeff"), routine_id=routine_id, source=source, builtin=builtin
    )


def check_routine_name(name: str, *, source: str) -> None:
    """RoutineError if `name` is not a valid routine name (as the file format checks it)."""
    routine_from_data({"name": name, "step": [{"name": "x"}]}, routine_id="x", source=source)
