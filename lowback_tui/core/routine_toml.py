"""A Routine as TOML text (keeping a hand-edited file's comments where possible); pure."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Item, Key, Table, Whitespace

from lowback_tui.core.coaching_keys import DEFAULT_ADVANCE_AFTER
from lowback_tui.core.durations import Duration, DurationError, format_duration, parse_duration
from lowback_tui.core.routine import (
    DEFAULT_HOLDS,
    DEFAULT_PREPARE,
    DEFAULT_REST,
    DEFAULT_TARGET,
    Routine,
    RoutineError,
    Step,
    parse_routine,
    routine_from_data,
)
from lowback_tui.core.step_kind import StepKind

#: The comment a routine file written from scratch starts with: enough to edit it by hand.
FILE_HEADER = (
    "A lowback routine. Check it with `lowback routines check FILE`.",
    "kind: stretch | pressure | relax | hold | reps | rest   sides: none | both | left | right",
    'hold: "8s", "8-10s", "1m30s", "20m" or "30s+" (open target); kind "reps" uses target = N',
    'progression: target = [20, 30, 40] (a ladder), or start = "30s" + increase = "15s" up to',
    "the hold; advance_after = 3 good sessions per rung; gate = true makes a step a test",
)
#: File ids Windows cannot use, whatever the extension.
_RESERVED_STEMS = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}
MAX_ID = 48

# -- routine ids ---------------------------------------------------------------------------


def slug(name: str) -> str:
    """A kebab-case file id for a routine name: "Floor five (mine)" -> "floor-five-mine"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^\w]+|_", "-", plain).strip("-")
    words = words[:MAX_ID].rstrip("-")
    if not words:
        return "routine"
    return f"{words}-routine" if words in _RESERVED_STEMS else words


def routine_id_for(name: str, taken: Iterable[str] = (), *, keep: str | None = None) -> str:
    """A file id for `name` that none of the ids `taken` is (in any case); `keep`, the
    routine's own id, may be reused."""
    taken = {id_.lower() for id_ in taken}
    if keep is not None:
        taken.discard(keep.lower())
    base = slug(name)
    candidate, number = base, 2
    while candidate.lower() in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# -- values --------------------------------------------------------------------------------


def duration_text(duration: Duration) -> str:
    """The file text of a duration; exact even where format_duration rounds to tenths."""
    text = format_duration(duration)
    try:
        if parse_duration(text, allow_zero=True) == duration:
            return text
    except DurationError:
        pass
    low, high = _seconds_text(duration.minimum), _seconds_text(duration.maximum)
    if duration.open:
        return f"{low}s+"
    return f"{low}-{high}s" if duration.is_range else f"{low}s"


def _seconds_text(seconds: float) -> str:
    """Seconds as plain decimal digits (no exponent) that read back as the same float."""
    text = format(Decimal(repr(seconds)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text_item(value: str) -> Item:
    """A TOML string: multi-line for text with line breaks, when that reads back exactly."""
    if "\n" in value:
        item = tomlkit.string(value, multiline=True)
        try:
            if tomllib.loads("x = " + item.as_string())["x"] == value:
                return item
        except tomllib.TOMLDecodeError:
            pass
    return tomlkit.string(value)


def _routine_values(routine: Routine) -> list[tuple[str, Any, Any]]:
    """(key, value for the file, default a missing key means) for the top-level keys."""
    return [
        ("name", routine.name, None),
        ("summary", routine.summary, ""),
        ("caution", routine.caution, ""),
        ("prepare", duration_text(routine.prepare), DEFAULT_PREPARE),
        ("rest", duration_text(routine.rest), DEFAULT_REST),
    ]


def _step_values(step: Step) -> list[tuple[str, Any, Any]]:
    """(key, value, default) for a step table; a None value means the key must not be there."""
    is_reps = step.kind == StepKind.REPS
    hold = None if step.hold is None else duration_text(step.hold)
    return [
        ("name", step.name, None),
        ("kind", step.kind, StepKind.STRETCH),
        ("hold", None if is_reps else hold, DEFAULT_HOLDS.get(step.kind)),
        ("target", (list(step.ladder) or step.target) if is_reps else None, DEFAULT_TARGET),
        ("start", None if step.start is None else duration_text(step.start), None),
        ("increase", None if step.increase is None else duration_text(step.increase), None),
        ("advance_after", step.advance_after if step.progresses else None, DEFAULT_ADVANCE_AFTER),
        ("gate", True if step.gate else None, False),
        ("reps", step.reps, 1),
        ("sides", step.sides, "none"),
        ("instructions", step.instructions, ""),
    ]


def _item(value: Any) -> Item:
    return _text_item(value) if isinstance(value, str) else tomlkit.item(value)


def _same(key: str, old: Any, new: Any) -> bool:
    """Whether a value already in the file means `new` (so its spelling and comment can stay)."""
    if key in ("hold", "prepare", "rest", "start", "increase"):
        try:
            return parse_duration(old, allow_zero=True) == parse_duration(new, allow_zero=True)
        except DurationError:
            return False
    return type(old) is type(new) and old == new


# -- writing from scratch --------------------------------------------------------------------


def _fresh(routine: Routine, header: Sequence[str]) -> str:
    document = tomlkit.document()
    for line in header:
        document.add(tomlkit.comment(line))
    if header:
        document.add(tomlkit.nl())
    for key, value, default in _routine_values(routine):
        if value != default or key in ("prepare", "rest"):
            document.add(key, _item(value))
    steps = tomlkit.aot()
    for step in routine.steps:
        steps.append(_fresh_step(step))
    document.add(tomlkit.nl())
    document.add("step", steps)
    return tomlkit.dumps(document)


def _fresh_step(step: Step) -> Table:
    table = tomlkit.table()
    for key, value, default in _step_values(step):
        if value is None or (key == "instructions" and value == default):
            continue
        table.add(key, _item(value))
    return table


# -- updating a file in place ---------------------------------------------------------------


def _split_tail(container: Container) -> list[tuple[Key | None, Item]]:
    """Remove and return the comments and blank lines after the container's last key.

    tomlkit files the comment above a `[[step]]` header under the table before it; moving that
    tail with the step that follows keeps a comment next to the step it is about.
    """
    body = container.body
    cut = len(body)
    while (
        cut > 0 and body[cut - 1][0] is None and isinstance(body[cut - 1][1], (Comment, Whitespace))
    ):
        cut -= 1
    tail = body[cut:]
    del body[cut:]
    return tail


def _update_table(target: Container | Table, values: list[tuple[str, Any, Any]]) -> None:
    for key, value, default in values:
        present = key in target
        if value is None:
            if present:
                del target[key]
        elif present:
            old = target[key]
            if not _same(key, old.unwrap() if isinstance(old, Item) else old, value):
                target[key] = _item(value)
        elif value != default:
            target[key] = _item(value)


def _match_origins(old_tables: list[Table], steps: Sequence[Step]) -> list[int | None]:
    """Which old table each new step continues: the same step first, else the same name."""
    old_steps: list[Step | None] = []
    for table in old_tables:
        try:
            probe = routine_from_data(
                {"name": "x", "step": [table.unwrap()]}, routine_id="x", source="x"
            )
            old_steps.append(probe.steps[0])
        except (RoutineError, AttributeError):
            old_steps.append(None)
    used: set[int] = set()
    origins: list[int | None] = [None] * len(steps)

    def same_step(old: Step, new: Step) -> bool:
        return old == new

    def same_name(old: Step, new: Step) -> bool:
        return old.name == new.name

    for same in (same_step, same_name):
        for number, step in enumerate(steps):
            if origins[number] is not None:
                continue
            for index, old in enumerate(old_steps):
                if index not in used and old is not None and same(old, step):
                    origins[number] = index
                    used.add(index)
                    break
    return origins


def _in_place(routine: Routine, existing: str, origins: Sequence[int | None] | None) -> str:
    document = tomlkit.parse(existing)
    keys = [key.key for key, _ in document.body if key is not None]
    if keys.count("step") != 1 or keys[-1] != "step" or not isinstance(document["step"], AoT):
        raise ValueError("not a plain routine file")
    old_tables = list(document["step"].body)
    head = [(key, item) for key, item in document.body if key is None or key.key != "step"]
    rebuilt = tomlkit.document()
    rebuilt.parsing(True)  # as parsed: tomlkit adds no blank lines of its own
    for key, item in head:
        rebuilt.append(key, item)
    lead_first = _split_tail(rebuilt)
    _update_table(rebuilt, _routine_values(routine))
    leads = [lead_first] + [_split_tail(table.value) for table in old_tables]
    end = leads.pop()
    if origins is None:
        origins = _match_origins(old_tables, routine.steps)
    used: set[int] = set()
    steps = AoT([], name="step", parsed=True)
    previous: Container = rebuilt
    for step, origin in zip(routine.steps, origins, strict=True):
        if origin is not None and 0 <= origin < len(old_tables) and origin not in used:
            used.add(origin)
            table, lead = old_tables[origin], leads[origin]
        else:
            table, lead = tomlkit.table(), [(None, tomlkit.ws("\n"))]
        for key, item in lead:
            previous.append(key, item)
        _update_table(table, _step_values(step))
        steps.append(table)
        previous = table.value
    for key, item in end:
        previous.append(key, item)
    rebuilt.append("step", steps)
    return tomlkit.dumps(rebuilt)


# -- the public API ---------------------------------------------------------------------------


def routine_to_toml(
    routine: Routine,
    existing: str | None = None,
    origins: Sequence[int | None] | None = None,
    header: Sequence[str] = FILE_HEADER,
) -> str:
    """The routine as TOML text that reads back as the same routine.

    With `existing` (the file's current text) the file is updated in place: unchanged values keep
    their spelling and every comment stays, moving with its step. `origins[i]` is the index in
    that file of the step that new step i was made from (None: a new step); without it, steps are
    matched by content, then by name. A file that cannot be updated so is written afresh.
    """
    if existing is not None:
        try:
            text = _in_place(routine, existing, origins)
            if _reads_back(text, routine):
                return text
        except (ValueError, KeyError, TypeError, tomlkit.exceptions.TOMLKitError):
            pass
    text = _fresh(routine, header)
    if not _reads_back(text, routine):  # a bug here must never reach the user's file
        raise ValueError(f"cannot write routine {routine.name!r} as TOML exactly")
    return text


def _reads_back(text: str, routine: Routine) -> bool:
    try:
        return parse_routine(text, routine_id=routine.id, source=routine.id) == routine
    except RoutineError:
        return False


def comments(text: str) -> list[str]:
    """Every comment in TOML text, as written (with its #)."""
    return list(_comment_lines(text))


def _comment_lines(text: str) -> Iterable[str]:
    """Comments found by scanning TOML text, skipping `#` inside strings."""
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "#":
            end = text.find("\n", index)
            end = size if end == -1 else end
            yield text[index:end].rstrip("\r")
            index = end
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            while index < size and not text.startswith(quote, index):
                if char == '"' and text[index] == "\\":
                    index += 1
                elif len(quote) == 1 and text[index] == "\n":
                    break
                index += 1
            index += len(quote)
            while len(quote) == 3 and index < size and text[index] == char:
                index += 1  # up to two quotes may close a multi-line string: """a"""""
        else:
            index += 1


def lost_comments(before: str, after: str) -> list[str]:
    """The comments of `before` that `after` no longer has."""
    missing = Counter(comments(before)) - Counter(comments(after))
    return [comment for comment in comments(before) if missing.pop(comment, 0)]
