"""The live hold timer: big digits, the step, its side and rep, a bar, what comes next."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Static

from lowback_tui.core.durations import clock_text, format_duration
from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.session import (
    MAX_COUNT,
    Cue,
    Event,
    GateQuestion,
    Phase,
    PhaseStarted,
    SessionEngine,
    WallJump,
)
from lowback_tui.runner import SessionRunner
from lowback_tui.ui.coaching import coaching_line, gate_dialog
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen
from lowback_tui.ui.services import CuePlayer
from lowback_tui.ui.widgets.hold_bar import HoldBar
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen

#: Below this the digits and the bar no longer fit.
MIN_WIDTH, MIN_HEIGHT = 44, 16
#: The soonest the screen wakes again, in real seconds: enough for a smooth bar on short holds.
MIN_WAKE = 0.02


@dataclass(frozen=True)
class TimerResult:
    """What the timer screen hands back when the session is over."""

    session_id: str
    status: str


@dataclass(frozen=True)
class View:
    """Everything the screen shows, as plain values; the screen repaints what changed."""

    heading: str
    title: str
    detail: str
    digits: str
    progress: float
    mark: float | None
    cue_line: str
    instructions: str
    next_line: str
    phase: str
    may_release: bool = False
    """The hold reached its minimum (a range) or its target (an open hold): the cue line is
    coloured from this, never from its wording."""


def side_text(side: str | None) -> str:
    return f"{side} side" if side else ""


def hold_label(hold: PlannedHold) -> str:
    """ "Knee to chest — left, rep 2 of 5"."""
    reps = f", rep {hold.rep} of {hold.step.reps}" if hold.step.reps > 1 else ""
    return hold.title + reps


def describe(engine: SessionEngine) -> View:
    """The view of an engine at this moment (pure: reads only)."""
    hold = engine.current
    total = len(engine.plan)
    if hold is None or engine.ended:
        return View("", "Session over", "", "0", 1.0, None, "", "", "", "ended")
    step = hold.step
    heading = (
        f"{engine.routine.name} · step {hold.step_number} of {len(engine.routine.steps)}"
        f" · hold {hold.index + 1} of {total}"
    )
    reps = f"rep {hold.rep} of {step.reps}" if step.reps > 1 else ""
    detail = " · ".join(part for part in (side_text(hold.side), reps) if part)
    upcoming = engine.upcoming
    next_line = f"Next: {hold_label(upcoming)}" if upcoming else "Next: the end of the routine"
    elapsed = engine.elapsed()
    remaining = engine.remaining()
    paused = " — paused (Space to go on)" if engine.paused else ""
    if engine.phase in (Phase.GET_READY, Phase.REST):
        length = remaining + elapsed if remaining is not None else 1.0
        if engine.phase is Phase.GET_READY:
            title, cue = f"Get ready: {hold.title}", "Get into position · Enter to start now"
        else:
            changed = engine.index > 0 and engine.plan[engine.index - 1].side != hold.side
            title = f"Rest — next: {side_text(hold.side)}" if changed and hold.side else "Rest"
            cue = f"Switch to the {side_text(hold.side)}" if changed and hold.side else "Relax"
            cue += " · Enter to start now"
        return View(
            heading,
            title,
            detail,
            clock_text(remaining or 0),
            elapsed / length,
            None,
            cue + paused,
            step.instructions,
            f"Up next: {hold_label(hold)}",
            engine.phase.value,
        )
    if engine.phase is Phase.COUNT:
        if engine.count_set:
            cue = f"Target {step.target} · ↑/↓ or type to change · Enter records {engine.count}"
        else:
            cue = f"Target {step.target} · type how many you did (or ↑/↓), then Enter"
        return View(
            heading,
            hold.title,
            detail,
            str(engine.count),
            min(1.0, engine.count / max(1, step.target or 1)),
            None,
            cue + paused,
            step.instructions,
            next_line,
            engine.phase.value,
        )
    duration = step.hold
    assert duration is not None
    planned = format_duration(duration)
    if duration.open:
        digits = clock_text(math.floor(elapsed + 1e-9))
        progress = min(1.0, elapsed / (duration.minimum * 1.5))
        mark: float | None = 1 / 1.5
        if elapsed < duration.minimum:
            cue = f"Target {planned} · hold as long as you can · Enter when you stop"
        else:
            cue = "Target reached — keep going if you can · Enter when you stop"
    else:
        digits = clock_text(remaining or 0)
        progress = elapsed / duration.maximum
        mark = duration.minimum / duration.maximum if duration.is_range else None
        if duration.is_range and elapsed < duration.minimum:
            cue = f"Hold {planned}"
        elif duration.is_range:
            cue = "You may release now (Enter) · or hold on to the end"
        else:
            cue = f"Hold {planned} · Enter releases early"
    may_release = (
        engine.phase is Phase.HOLD
        and (duration.open or duration.is_range)
        and elapsed >= duration.minimum
    )
    if step.kind == "rest":
        cue = "A timed rest · Enter to go on"
        may_release = False
    return View(
        heading,
        hold.title,
        detail,
        digits,
        progress,
        mark,
        cue + paused,
        step.instructions,
        next_line,
        engine.phase.value,
        may_release,
    )


def next_wake(engine: SessionEngine, bar_cells: int) -> float | None:
    """Clock seconds until something on screen changes or a deadline falls; None: nothing will."""
    if engine.ended or engine.paused or engine.pending_jump is not None:
        return None
    candidates: list[float] = []
    deadline = engine.next_deadline()
    now = engine.clock.monotonic()
    if deadline is not None:
        candidates.append(deadline - now)
    remaining = engine.remaining()
    elapsed = engine.elapsed()
    if remaining is not None:
        fraction = remaining - math.floor(remaining)
        candidates.append(fraction if fraction > 1e-6 else 1.0)
        length = remaining + elapsed
        if length > 0 and bar_cells > 0:
            cell = length / bar_cells
            candidates.append(cell - (elapsed % cell))
    elif engine.phase is Phase.HOLD:
        candidates.append(1.0 - (elapsed - math.floor(elapsed)))
    return max(0.0, min(candidates)) if candidates else None


class TimerScreen(Screen[TimerResult]):
    """Walks the user through a session; the engine decides, this screen shows and asks."""

    # Footer words are short so that every key fits at 80 columns; "It hurts" and "Stop"
    # come before the less urgent keys, so a narrower terminal cuts those first.
    BINDINGS = [
        Binding("space", "pause", "Pause", id="timer.pause", key_display="spc"),
        Binding("enter", "release", "Done", id="timer.release"),
        Binding("n", "skip", "Skip", id="timer.skip"),
        Binding("h", "hurt", "It hurts", id="timer.hurt"),
        Binding("q", "stop", "Stop", id="timer.stop"),
        Binding("b", "back", "Back", id="timer.back"),
        Binding("r", "restart", "Redo", id="timer.restart"),
        Binding("m", "mute", "Mute", id="timer.mute"),
        Binding("question_mark", "help", "Help", id="timer.help"),
        Binding("up,plus", "count(1)", "Count +1", id="timer.count_up", show=False),
        Binding("down,minus", "count(-1)", "Count −1", id="timer.count_down", show=False),
        *[Binding(str(digit), f"digit({digit})", show=False) for digit in range(10)],
        Binding("backspace", "backspace", show=False),
    ]
    #: What the help screen says for each key, where the footer's one word is not enough.
    KEY_HELP: ClassVar[dict[str, str]] = {
        "timer.pause": "Pause/resume: the clock stops exactly, paused time never counts",
        "timer.release": "Release/confirm: end a hold, record a reps count, start now",
        "timer.skip": "Next (skip): record this hold as skipped and go on",
        "timer.back": "Back: go to the hold before this one",
        "timer.restart": "Restart hold: this hold again from zero",
        "timer.count_up": "Count +1 (reps sets; or type the number)",
        "timer.count_down": "Count −1 (reps sets; or type the number)",
        "timer.mute": "Mute cues: turn the bell off or on (saved)",
        "timer.hurt": "This hurts — stop: end now, record the step and a 0–10 level",
        "timer.stop": "Stop the session (asks first; finished holds are kept)",
        "timer.help": "Help: this screen",
    }

    def __init__(self, runner: SessionRunner, cues: CuePlayer) -> None:
        super().__init__()
        self.runner = runner
        self.cues = cues
        self.engine = runner.engine
        self._wake: Timer | None = None
        self._shown: dict[str, object] = {}
        self._asking = False
        self._handing_back = False
        self._typed_count = False
        """Digits typed in this reps set so far append to each other."""
        self._first_index = runner.engine.index
        """Where this session (or resume) starts: its first get-ready shows the caution."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="timer-top"):
            yield Static(id="heading", markup=False)
            yield Static(id="badges", markup=False)
        with Vertical(id="timer"):
            yield Static(id="title", markup=False)
            yield Static(id="detail", markup=False)
            yield Digits(id="digits")
            with Center():
                yield HoldBar(id="bar")
            yield Static(id="cue-line", markup=False)
            with Center():
                yield Static(id="coaching", markup=False)
            with Center():
                yield Static(id="instructions", markup=False)
            with Center():
                yield Static(id="next", markup=False)
        yield TooSmall()
        yield Footer(show_command_palette=False)  # room for every timer key at 80 columns

    def on_mount(self) -> None:
        self._show_badges()
        self._react(self.runner.handle(self.engine.start()))

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    # -- the loop: handle events, repaint what changed, sleep until the next change --------

    def sync(self) -> None:
        """Catch up with the clock; called by the wake timer (and by tests after moving it)."""
        self._react(self.runner.handle(self.engine.tick()))

    def _react(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Cue):
                self.cues.play(event.strength)
            elif isinstance(event, PhaseStarted):
                self._typed_count = False
            elif isinstance(event, WallJump):
                self._ask_about_jump(event.seconds)
            elif isinstance(event, GateQuestion):
                self._ask_gate(event)
        if self.engine.ended:
            self._cancel_wake()
            self._close()
            return
        self._repaint()
        self._schedule()

    def _close(self) -> None:
        """Hand the result back, first closing any dialog (help, palette) left on top."""
        if self._handing_back:
            return
        self._handing_back = True
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # takes it off the stack at once; unmounting follows
        self.dismiss(TimerResult(self.runner.session_id, self.engine.status or ""))

    def _repaint(self) -> None:
        view = describe(self.engine)
        self._set("heading", view.heading)
        self._set("title", Text(view.title, style="bold"))
        self._set("detail", view.detail)
        self._set("cue-line", Text(view.cue_line, style="bold green" if view.may_release else ""))
        self._set("instructions", view.instructions)
        coaching = coaching_line(self.engine, self.runner.progress, self._first_index)
        self._set("coaching", coaching)
        self.query_one("#coaching").display = bool(coaching.plain)
        # Room for the whole caution: the step's instructions shrink, "up next" waits.
        self.set_class(coaching.plain.startswith("Caution:"), "-caution")
        self._set("next", Text(view.next_line, style="dim"))
        if self._shown.get("digits") != view.digits:
            self._shown["digits"] = view.digits
            self.query_one(Digits).update(view.digits)
        bar = self.query_one(HoldBar)
        if bar.mark != view.mark:
            bar.mark = view.mark
        if bar.cells() != bar.cells(view.progress):  # repaint only when a cell fills
            bar.progress = view.progress
        self.set_class(self.engine.paused, "-paused")
        for phase in Phase:
            name = f"-{phase.value.replace(' ', '-')}"
            self.set_class(phase.value == view.phase, name)

    def _set(self, widget_id: str, content: str | Text) -> None:
        key = content.plain + str(content.style) if isinstance(content, Text) else content
        if self._shown.get(widget_id) != key:
            self._shown[widget_id] = key
            self.query_one(f"#{widget_id}", Static).update(content)

    def _schedule(self) -> None:
        self._cancel_wake()
        wake = next_wake(self.engine, self.query_one(HoldBar).size.width or 60)
        if wake is not None:
            real_delay = max(MIN_WAKE, wake / self.engine.clock.scale)
            self._wake = self.set_timer(real_delay, self.sync, name="timer-wake")

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None

    # -- keys ------------------------------------------------------------------------------

    def action_pause(self) -> None:
        self._react(self.runner.handle(self.engine.toggle_pause()))

    def action_release(self) -> None:
        if (
            self.engine.phase is Phase.COUNT
            and not self.engine.count_set
            and not self.engine.paused
        ):
            self.notify("Type how many you did first (0 if none), then Enter.", timeout=4)
            return
        self._react(self.runner.handle(self.engine.release()))

    def action_skip(self) -> None:
        self._react(self.runner.handle(self.engine.skip()))

    def action_back(self) -> None:
        self._react(self.runner.handle(self.engine.back()))

    def action_restart(self) -> None:
        self._react(self.runner.handle(self.engine.restart()))

    def action_count(self, delta: int) -> None:
        self.engine.adjust_count(delta)
        self._typed_count = False
        self._repaint()

    def action_digit(self, digit: int) -> None:
        """Type the count of a reps set: the first digit replaces it, the next ones append."""
        if self.engine.phase is not Phase.COUNT:
            return
        typed = self.engine.count * 10 + digit if self._typed_count else digit
        if typed > MAX_COUNT:
            self.notify(f"At most {MAX_COUNT} repetitions: the count stays {self.engine.count}.")
            return
        self.engine.set_count(typed)
        self._typed_count = True
        self._repaint()

    def action_backspace(self) -> None:
        """Take back the last digit typed of a reps count."""
        if self.engine.phase is Phase.COUNT:
            self.engine.set_count(self.engine.count // 10)
            self._typed_count = True
            self._repaint()

    def action_mute(self) -> None:
        muted = self.cues.toggle_mute()
        self.notify("Cues muted" if muted else "Cues on", timeout=2)
        self._show_badges()

    def _show_badges(self) -> None:
        """Say when time runs faster than real (LOWBACK_TIME_SCALE) and when cues are muted."""
        scale = self.engine.clock.scale
        badges = [f"time ×{scale:g}"] if scale != 1 else []
        if self.cues.muted:
            badges.append("muted")
        self._set("badges", Text(" · ".join(badges), style="reverse") if badges else "")

    def action_hurt(self) -> None:
        self._react(self.runner.handle(self.engine.hurt()))

    def _paused_while(
        self,
        dialog: ModalScreen[bool] | ModalScreen[None],
        then: Callable[[bool | None], None] | None = None,
    ) -> None:
        """Show a dialog with the clock stopped; afterwards go on as before (unless `then`
        ended the session)."""
        if self._asking or self.engine.ended:
            return
        was_paused = self.engine.paused
        if not was_paused:
            self.action_pause()
        self._asking = True

        def answered(answer: bool | None) -> None:
            self._asking = False
            if then is not None:
                then(answer)
            if not was_paused and self.engine.paused and not self.engine.ended:
                self.action_pause()

        self.app.push_screen(dialog, answered)

    def action_stop(self) -> None:
        def answered(stop: bool | None) -> None:
            if stop:
                self._react(self.runner.handle(self.engine.stop()))

        held = "; the hold under way counts as released early" if self.engine.elapsed() else ""
        self._paused_while(
            ConfirmDialog(
                "Stop this session?",
                f"The holds you finished are kept{held}.",
                yes="stop",
                no="keep going",
                destructive=True,
            ),
            answered,
        )

    def action_help(self) -> None:
        notes = (
            "Enter ends a hold early (after the soft cue it counts as done), starts the next "
            "hold at once during a countdown, and records the count of a reps set. "
            "The session is paused while this help is open."
        )
        self._paused_while(HelpScreen("Timer keys", list(self.BINDINGS), notes, self.KEY_HELP))

    def _ask_gate(self, question: GateQuestion) -> None:
        def answered(go_on: bool | None) -> None:
            self._react(self.runner.handle(self.engine.answer_gate(bool(go_on))))

        self.app.push_screen(gate_dialog(question), answered)

    def _ask_about_jump(self, seconds: float) -> None:
        # `seconds` are clock seconds: under LOWBACK_TIME_SCALE the user slept fewer real ones.
        minutes = max(1, round(seconds / self.engine.clock.scale / 60))
        question = f"Your computer seems to have slept for about {minutes} min during this hold."

        def answered(counted: bool | None) -> None:
            self._react(self.runner.handle(self.engine.answer_jump(bool(counted))))

        self.app.push_screen(
            ConfirmDialog(
                question,
                "Did you keep holding all that time?",
                yes="yes, count it",
                no="no, leave it out",
            ),
            answered,
        )
