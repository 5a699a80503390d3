"""The editor's working copy of a routine: the text of every field, checked as a routine file."""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from lowback_tui.core.durations import format_duration
from lowback_tui.core.routine import (
    DEFAULT_HOLDS,
    DEFAULT_PREPARE,
    DEFAULT_REST,
    DEFAULT_TARGET,
    MAX_NAME,
    Problem,
    Routine,
    RoutineError,
    Step,
    routine_from_data,
)
from lowback_tui.core.step_kind import StepKind

_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,12}")


def _target(text: str) -> int | str | list[int | str]:
    """A reps target as typed: a count, or a ladder "20, 30, 40" (checked like the file's)."""
    if "," in text:
        return [_number_or_text(part) for part in text.split(",") if part.strip()]
    return _number_or_text(text)


def _coaching(step: Step) -> dict[str, Any]:
    """A step's gate and build-up keys, kept as they are through an edit (no form fields)."""
    keys: dict[str, Any] = {}
    if step.gate:
        keys["gate"] = True
    if step.start is not None and step.increase is not None:
        keys["start"] = format_duration(step.start)
        keys["increase"] = format_duration(step.increase)
    if step.progresses:
        keys["advance_after"] = step.advance_after
    return keys


def _number_or_text(text: str) -> int | str:
    """What a count field means: a whole number, or the text itself (so the check can name it)."""
    stripped = text.strip()
    return int(stripped) if _WHOLE_NUMBER.fullmatch(stripped) else text


#: " (copy)" or " (copy 3)" at the end of a name: a copy of a copy is numbered, not nested.
_COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")


@dataclass
class StepDraft:
    """One step as the form holds it: text as typed, not yet known to be valid."""

    name: str = ""
    kind: str = StepKind.STRETCH
    hold: str = DEFAULT_HOLDS[StepKind.STRETCH]
    """Empty means the kind's default hold."""
    reps: str = "1"
    target: str = ""
    """Kind "reps" only; empty means the default target."""
    sides: str = "none"
    instructions: str = ""
    origin: int | None = None
    coaching: dict[str, Any] = field(default_factory=dict)
    """The step's gate, build-up and advance_after keys, carried through unchanged."""
    """The index of this step in the file the editor opened (None: new), to keep its comments."""

    @classmethod
    def from_step(cls, step: Step, origin: int | None = None) -> StepDraft:
        return cls(
            name=step.name,
            kind=step.kind,
            hold="" if step.hold is None else format_duration(step.hold),
            reps=str(step.reps),
            target=", ".join(map(str, step.ladder))
            if step.ladder
            else ("" if step.target is None else str(step.target)),
            sides=step.sides,
            instructions=step.instructions,
            origin=origin,
            coaching=_coaching(step),
        )

    def set_kind(self, kind: str) -> None:
        """Change the kind; a hold left at the old kind's default follows to the new default."""
        if kind == self.kind:
            return
        if kind != StepKind.REPS and self.hold.strip() in ("", DEFAULT_HOLDS.get(self.kind, "")):
            self.hold = DEFAULT_HOLDS[kind]
        if kind == StepKind.REPS and not self.target.strip():
            self.target = str(DEFAULT_TARGET)
        if kind == StepKind.REST:
            self.sides = "none"
        self.kind = kind

    def data(self) -> dict[str, Any]:
        """The step as a routine file's [[step]] table would hold it."""
        data: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == StepKind.REPS:
            if self.target.strip():
                data["target"] = _target(self.target)
        elif self.hold.strip():
            data["hold"] = self.hold
        if self.reps.strip():
            data["reps"] = _number_or_text(self.reps)
        data["sides"] = self.sides
        if self.instructions:
            data["instructions"] = self.instructions
        data.update(self.coaching)
        return data

    def amount(self) -> str:
        """A short line for the step list: "8-10s × 5 · both sides"."""
        if self.kind == StepKind.REPS:
            parts = [f"{self.target.strip() or DEFAULT_TARGET} reps"]
        else:
            parts = [self.hold.strip() or DEFAULT_HOLDS[self.kind]]
        if self.reps.strip() not in ("", "1"):
            parts.append(f"× {self.reps.strip()}")
        if self.sides == "both":
            parts.append("· both sides")
        elif self.sides in ("left", "right"):
            parts.append(f"· {self.sides} side")
        return " ".join(parts)


@dataclass
class RoutineDraft:
    """A routine as the form holds it, with its steps in order."""

    name: str = ""
    summary: str = ""
    caution: str = ""
    prepare: str = DEFAULT_PREPARE
    rest: str = DEFAULT_REST
    steps: list[StepDraft] = field(default_factory=list)

    @classmethod
    def from_routine(cls, routine: Routine, *, keep_origins: bool = True) -> RoutineDraft:
        """The form for an existing routine; `keep_origins` when it will be saved to its file."""
        return cls(
            name=routine.name,
            summary=routine.summary,
            caution=routine.caution,
            prepare=format_duration(routine.prepare),
            rest=format_duration(routine.rest),
            steps=[
                StepDraft.from_step(step, index if keep_origins else None)
                for index, step in enumerate(routine.steps)
            ],
        )

    @classmethod
    def copy_of(cls, routine: Routine, taken_names: Collection[str] = ()) -> RoutineDraft:
        """A duplicate to be saved as a new routine: the same steps, and a name no routine has
        (`taken_names`, case-folded): "Floor five (copy)", then "Floor five (copy 2)"..."""
        draft = cls.from_routine(routine, keep_origins=False)
        base = _COPY_SUFFIX.sub("", routine.name)
        number = 1
        while True:
            suffix = " (copy)" if number == 1 else f" (copy {number})"
            draft.name = base[: MAX_NAME - len(suffix)] + suffix
            if draft.name.casefold() not in taken_names:
                return draft
            number += 1

    def clone(self) -> RoutineDraft:
        return copy.deepcopy(self)

    def data(self) -> dict[str, Any]:
        """The routine as a parsed routine file would hold it."""
        data: dict[str, Any] = {"name": self.name, "summary": self.summary, "caution": self.caution}
        if self.prepare.strip():
            data["prepare"] = self.prepare
        if self.rest.strip():
            data["rest"] = self.rest
        data["step"] = [step.data() for step in self.steps]
        return data

    def check(self, *, routine_id: str, source: str) -> tuple[Routine | None, tuple[Problem, ...]]:
        """The routine, or the problems `lowback routines check` would report for this file."""
        try:
            return routine_from_data(self.data(), routine_id=routine_id, source=source), ()
        except RoutineError as error:
            return None, error.problems

    def origins(self) -> list[int | None]:
        return [step.origin for step in self.steps]
