"""One session in plain mode: the engine driven by keys and its deadlines, told as lines."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from lowback_tui.core.announce import announce
from lowback_tui.core.questions import gate_words, jump_words
from lowback_tui.core.session import (
    MAX_COUNT,
    Event,
    GateQuestion,
    Phase,
    PhaseStarted,
    WallJump,
)
from lowback_tui.plain.lines import REPORT_EVERY, event_lines, report_mark, time_line
from lowback_tui.services.runner import SessionRunner
from lowback_tui.ui.services import CuePlayer

#: The longest the loop sleeps without looking at the clock (real seconds).
MAX_SLEEP = 5.0
#: The bell cues ring this far apart (real seconds), as in the app.
BELL_GAP = 0.25

KEYS_HELP = (
    "Keys: Space pauses or goes on; Enter starts now, releases, or records; n skips; b goes "
    "back; r redoes the hold; t says the time; m mutes the cues; h: this hurts, stop; q stops "
    "(asks first); ? these keys."
)


class Keys(Protocol):
    def read(self, timeout: float | None) -> str | None:
        """The next key within `timeout` real seconds, or None."""
        ...


class Lines:
    """Where plain mode writes: whole lines and the bell, nothing else."""

    def __init__(self, write: Callable[[str], object], flush: Callable[[], object]) -> None:
        self._write = write
        self._flush = flush
        self._bells: list[float] = []

    def say(self, line: str) -> None:
        self._write(line + "\n")
        self._flush()

    def ring(self, times: int) -> None:
        """The bell now, and again BELL_GAP apart (rung by `due_bells`)."""
        now = time.monotonic()
        self._bells += [now + BELL_GAP * later for later in range(times)]
        self.due_bells()

    def due_bells(self) -> float | None:
        """Ring the bells that are due; real seconds to the next one, if any."""
        now = time.monotonic()
        due = [at for at in self._bells if at <= now]
        if due:
            self._bells = [at for at in self._bells if at > now]
            self._write("\a" * len(due))
            self._flush()
        return min(self._bells) - now if self._bells else None


def ask_yes_no(keys: Keys, lines: Lines, question: str, yes: str, no: str) -> bool:
    """A question answered by y (yes) or n, Enter or Escape (no, the safe answer)."""
    lines.say(f"{question} y: {yes}; n or Enter: {no}.")
    while True:
        key = keys.read(None)
        if key in ("y", "Y"):
            return True
        if key in ("n", "N", "enter", "escape", "q"):
            return False


def ask_level(keys: Keys, lines: Lines, question: str) -> int | None:
    """0 to 10 typed and Enter; Escape skips. Enter alone never answers (as in the app)."""
    lines.say(f"{question} Type 0 to 10, then Enter; Escape skips.")
    typed = ""
    while True:
        key = keys.read(None)
        if key == "escape":
            lines.say("Skipped.")
            return None
        if key is not None and key.isdigit() and int(typed + key) <= 10:
            typed += key
            lines.say(typed)
        elif key == "backspace" and typed:
            typed = typed[:-1]
            lines.say(typed or "(nothing typed)")
        elif key == "enter":
            if typed:
                lines.say(f"{typed} of 10.")
                return int(typed)
            lines.say("Type a number from 0 to 10 first, or Escape to skip.")


class PlainSession:
    """Drives a runner's engine from keys and the clock; prints each phase, cue and result."""

    def __init__(self, runner: SessionRunner, cues: CuePlayer, keys: Keys, lines: Lines) -> None:
        self.runner = runner
        self.engine = runner.engine
        self.cues = cues
        self.keys = keys
        self.lines = lines
        self._reported: int | None = None
        self._typed = False

    def run(self) -> str:
        """The session from its first get-ready to its end; its status."""
        self._react(self.engine.start())
        while not self.engine.ended:
            key = self.keys.read(self._sleep())
            self.lines.due_bells()
            if key is not None:
                self._key(key)
            self._react(self.engine.tick())
        return self.engine.status or ""

    def _sleep(self) -> float:
        """Real seconds until the next deadline, report or bell."""
        engine, clock = self.engine, self.engine.clock
        waits = [MAX_SLEEP]
        deadline = engine.next_deadline()
        if deadline is not None:
            waits.append((deadline - clock.monotonic()) / clock.scale)
        if report_mark(engine) is not None and not engine.paused:
            elapsed = engine.elapsed()
            waits.append((REPORT_EVERY - elapsed % REPORT_EVERY) / clock.scale)
        bell = self.lines.due_bells()
        if bell is not None:
            waits.append(bell)
        return max(0.0, min(waits))

    def _react(self, events: list[Event]) -> None:
        events = self.runner.handle(events)
        if any(isinstance(event, PhaseStarted) for event in events):
            self._typed = False  # a new reps set's first digit replaces its count
        self.cues.play(announce(events, self.engine.plan, self.engine.current))
        for line in event_lines(self.engine, events):
            self.lines.say(line)
        for event in events:
            if isinstance(event, GateQuestion):
                self._ask_gate(event)
            elif isinstance(event, WallJump):
                self._ask_jump(event.seconds)
        mark = report_mark(self.engine)
        if mark != self._reported:
            if mark and self._reported is not None and not self.engine.paused:
                self.lines.say(time_line(self.engine))  # every 10 s of a long hold
            self._reported = mark

    def _key(self, key: str) -> None:
        engine = self.engine
        if engine.phase is Phase.COUNT and self._count_key(key):
            return
        if key == "space":
            self._react(engine.toggle_pause())
            self.lines.say(time_line(engine) if engine.paused else "Going on.")
        elif key == "enter":
            if engine.phase is Phase.COUNT and not engine.count_set:
                self.lines.say("Type how many you did first (0 if none), then Enter.")
                return
            self._react(engine.release())
        elif key == "n":
            self._react(engine.skip())
        elif key == "b":
            self._react(engine.back())
        elif key == "r":
            self._react(engine.restart())
        elif key == "h":
            self._react(engine.hurt())
        elif key in ("q", "escape"):
            self._ask_stop()
        elif key == "m":
            self.lines.say("Cues muted." if self.cues.toggle_mute() else "Cues on.")
        elif key == "t":
            self.lines.say(time_line(engine))
        elif key == "?":
            self.lines.say(KEYS_HELP)

    def _count_key(self, key: str) -> bool:
        """Digits, Backspace and the arrows set a reps set's count; True if `key` did."""
        engine = self.engine
        if key.isdigit():
            typed = engine.count * 10 + int(key) if self._typed else int(key)
            if typed > MAX_COUNT:
                self.lines.say(f"At most {MAX_COUNT}: the count stays {engine.count}.")
                return True
            engine.set_count(typed)
            self._typed = True
        elif key == "backspace":
            engine.set_count(engine.count // 10)
            self._typed = True
        elif key in ("up", "down", "+", "-"):
            engine.adjust_count(1 if key in ("up", "+") else -1)
            self._typed = False
        else:
            return False
        self.lines.say(f"Count {engine.count}.")
        return True

    def _paused_for(self, ask: Callable[[], bool]) -> bool:
        """Ask with the clock stopped; it goes on afterwards unless it was paused before."""
        was_paused = self.engine.paused
        if not was_paused:
            self._react(self.engine.toggle_pause())
        answer = ask()
        if not was_paused and self.engine.paused and not self.engine.ended:
            self._react(self.engine.toggle_pause())
        return answer

    def _ask_stop(self) -> None:
        held = "; the hold under way counts as released early" if self.engine.elapsed() else ""
        stop = self._paused_for(
            lambda: ask_yes_no(
                self.keys,
                self.lines,
                f"Stop this session? The holds you finished are kept{held}.",
                "stop",
                "keep going",
            )
        )
        if stop:
            self._react(self.engine.stop())
        else:
            self.lines.say("Going on.")

    def _ask_gate(self, question: GateQuestion) -> None:
        title, detail = gate_words(question)
        go_on = ask_yes_no(
            self.keys, self.lines, f"{title} {detail}", "go on with the rest", "stop here (safe)"
        )
        self._react(self.engine.answer_gate(go_on))

    def _ask_jump(self, seconds: float) -> None:
        question, detail = jump_words(seconds, self.engine.clock.scale)
        counted = ask_yes_no(
            self.keys, self.lines, f"{question} {detail}", "yes, count it", "no, leave it out"
        )
        self._react(self.engine.answer_jump(counted))
