"""The live hold timer: big digits in the phase's colours, the step, a bar, what comes next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Static

from lowback_tui.core.announce import cues_for
from lowback_tui.core.announcement import STOP_QUESTION, Announcement, Priority
from lowback_tui.core.records import INTERRUPTED
from lowback_tui.core.session import MAX_COUNT, Event, GateQuestion, Phase, PhaseStarted, WallJump
from lowback_tui.services.runner import SessionRunner
from lowback_tui.ui import notice
from lowback_tui.ui.coaching import asks_before, before_gate_dialog, coaching_line, gate_dialog
from lowback_tui.ui.screens.dialogs import HelpScreen
from lowback_tui.ui.screens.timer_fit import (
    FULL_HEIGHT,
    MIN_HEIGHT,
    MIN_WIDTH,
    instructions_fit,
    too_small,
)
from lowback_tui.ui.screens.timer_questions import jump_dialog, quit_dialog, stop_dialog
from lowback_tui.ui.screens.timer_view import BAND, EnterMeans, Look, describe, next_wake
from lowback_tui.ui.services import CuePlayer
from lowback_tui.ui.terminal_title import TerminalTitle, title_text
from lowback_tui.ui.widgets.big_clock import BigClock
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.hold_bar import HoldBar
from lowback_tui.ui.widgets.too_small import TooSmall

#: The soonest the screen wakes again, in real seconds: enough for a smooth bar on short holds.
MIN_WAKE = 0.02
#: How long a cue's flash lasts, in real seconds.
FLASH_SECONDS = 0.3


@dataclass(frozen=True)
class TimerResult:
    """What the timer screen hands back when the session is over."""

    session_id: str
    status: str


class TimerScreen(Screen[TimerResult]):
    """Walks the user through a session; the engine decides, this screen shows and asks."""

    # Footer words are short so that every key fits at 80 columns; "It hurts" and "Stop"
    # come before the less urgent keys, so a narrower terminal cuts those first. Space and
    # Enter have one binding per meaning: check_action shows the one that holds now.
    BINDINGS = [
        Binding("space", "pause", "Pause", id="timer.pause", key_display="spc"),
        Binding("space", "resume", "Resume", id="timer.resume", key_display="spc"),
        Binding("enter", "start_now", "Start now", id="timer.start_now"),
        Binding("enter", "release", "Release", id="timer.release"),
        Binding("enter", "done", "Done", id="timer.done"),
        Binding("enter", "record", "Record", id="timer.record"),
        Binding("n", "skip", "Skip", id="timer.skip"),
        Binding("h", "hurt", "It hurts", id="timer.hurt"),
        Binding("q,escape", "stop", "Stop", id="timer.stop"),
        Binding("i", "card", "Info", id="timer.card"),
        Binding("b", "back", "Back", id="timer.back"),
        # Redo is in the help, not the footer: the step's card (i) needs the room at 80 columns.
        Binding("r", "restart", "Redo", id="timer.restart", show=False),
        Binding("m", "mute", "Mute", id="timer.mute"),
        Binding("question_mark", "help", "Help", id="timer.help"),
        Binding("up,plus", "count(1)", "Count +1", id="timer.count_up", show=False),
        Binding("down,minus", "count(-1)", "Count −1", id="timer.count_down", show=False),
        Binding("ctrl+q", "quit_app", "Quit lowback", id="timer.quit", show=False),
        *[Binding(str(digit), f"digit({digit})", show=False) for digit in range(10)],
        Binding("backspace", "backspace", show=False),
    ]
    #: What the help screen says for each key, beginning with the footer's word for it.
    KEY_HELP: ClassVar[dict[str, str]] = {
        "timer.pause": "Pause: the clock stops exactly",
        "timer.resume": "Resume",
        "timer.start_now": "Start now (countdown)",
        "timer.release": "Release (hold)",
        "timer.done": "Done (open hold, timed rest)",
        "timer.record": "Record (reps set)",
        "timer.skip": "Skip: record this hold as skipped and go on",
        "timer.back": "Back: go to the hold before this one",
        "timer.restart": "Redo: this hold again from zero",
        "timer.count_up": "Count +1 (reps set; or type it, Backspace)",
        "timer.count_down": "Count −1",
        "timer.mute": "Mute: the cues (bell, sound or voice) off or on (saved)",
        "timer.hurt": "It hurts: stop now, record the step and a 0–10 level",
        "timer.stop": "Stop the session (asks first; finished holds are kept)",
        "timer.card": "Info: the step's card, read aloud with voice cues",
        "timer.quit": "Quit lowback (asks first; the session can be resumed)",
        "timer.help": "Help: this screen",
    }
    #: The Enter bindings' actions, by what Enter means now.
    ENTER_ACTIONS: ClassVar[dict[str, EnterMeans]] = {m.value: m for m in EnterMeans}

    def __init__(
        self, runner: SessionRunner, cues: CuePlayer, title: TerminalTitle | None = None
    ) -> None:
        super().__init__()
        self.runner = runner
        self.engine = runner.engine
        self._first_index = runner.engine.index
        """Where this session (or resume) starts: its first get-ready shows the caution."""
        self.cues = cues
        self._wake: Timer | None = None
        self._shown: dict[str, object] = {}
        self._asking = False
        self._handing_back = False
        self._typed_count = False
        """Digits typed in this reps set so far append to each other."""
        self._flash_until: float | None = None
        """Clock time the flash of the last cue ends (clock time, so a test's frozen clock
        shows the same screen every time)."""
        self._bindings_key: object = None
        self._title = title or TerminalTitle(lambda sequence: None)
        """The terminal's title: the phase and the time left, restored when the screen goes."""
        self._title_wake: Timer | None = None
        self._too_small = False
        self._compact = False
        self._no_instructions = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="timer-top"):
            yield Static(id="heading", markup=False)
            yield Static(id="badges", markup=False)
        with Vertical(id="timer"):
            yield Static(id="phase-band", markup=False)
            yield Static(id="title", markup=False)
            yield Static(id="detail", markup=False)
            yield BigClock(id="digits")
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
        # Compact and without the palette: room for every timer key at 80 columns.
        yield KeysFooter(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        if not self.children:
            return  # the app is closing (a signal) before the screen could mount
        # Everything the first frame shows, its classes too, is set before the screen is first
        # styled and laid out (at the terminal's size): a class changed later restyles every
        # widget and lays the screen out again, which delayed the first "Get ready" by 40 ms.
        self._fit(self.app.size)
        self._show_badges()
        self._react(self.runner.handle(self.engine.start()))

    def on_unmount(self) -> None:
        self._title.restore()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size)
        self._repaint()

    @property
    def _size_now(self) -> Size:
        """The screen's size, or the terminal's before the screen's first layout."""
        return self.size if self.size.area else self.app.size

    def _fit(self, size: Size) -> None:
        self._too_small = too_small(size)
        self._compact = size.height < FULL_HEIGHT
        self._fit_instructions(size)

    def _fit_instructions(self, size: Size) -> None:
        """Instructions give way to the digits when the screen is short."""
        self._no_instructions = not instructions_fit(
            describe(self.engine).instructions,
            size,
            getting_ready=self.engine.phase is Phase.GET_READY,
        )

    def _set_classes(self, wanted: dict[str, bool]) -> None:
        """Set the screen's classes with one restyle: each change alone restyles every widget.

        Before the screen is mounted nothing is restyled here: showing it styles it anyway."""
        changed = False
        for name, on in wanted.items():
            if self.has_class(name) != on:
                self.set_class(on, name, update=False)
                changed = True
        if changed and self.is_mounted:
            self.update_node_styles()

    # -- the loop: handle events, repaint what changed, sleep until the next change --------

    def sync(self) -> None:
        """Catch up with the clock; called by the wake timer (and by tests after moving it)."""
        self._react(self.runner.handle(self.engine.tick()))
        self.runner.checkpoint()

    def interrupted(self) -> None:
        """SIGTERM or SIGHUP: the hold under way is recorded as `q` records it, the session
        is left "interrupted" (the next start offers to resume it); the app is closing."""
        if self._handing_back or self.engine.ended:
            return
        self._handing_back = True  # nothing more is drawn, asked or handed back
        self._cancel_wake()
        self.runner.handle(self.engine.stop(INTERRUPTED))

    def _react(self, events: list[Event]) -> None:
        if self.cues.play(cues_for(events, self.engine, self.runner.active_seconds)):
            clock = self.engine.clock
            self._flash_until = clock.monotonic() + FLASH_SECONDS * clock.scale
        for event in events:
            if isinstance(event, PhaseStarted):
                self._typed_count = False
                self._fit_instructions(self._size_now)
                if asks_before(self.engine, event.phase):
                    self._ask_before_gate()
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
        self._title.restore()
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # takes it off the stack at once; unmounting follows
        self.dismiss(TimerResult(self.runner.session_id, self.engine.status or ""))

    def _repaint(self) -> None:
        # Once the result is handed back the widgets are going away: a key still in flight
        # (a burst from a paste or a slow link) must not paint into them.
        if self._handing_back or not self.children:
            return
        view = describe(self.engine)
        self._set("heading", view.heading)
        band = BAND[view.look]
        if view.look is Look.PAUSED:  # the digits give way to the word: say the time here
            band = f"PAUSED ({view.digits}) · Space resumes"
        self._set("phase-band", band)
        self._set("title", Text(view.title, style="bold"))
        self._set("detail", view.detail)
        self._set("cue-line", Text(view.cue_line, style="bold"))
        self._set("instructions", view.instructions)
        coaching = coaching_line(self.engine, self.runner.progress, self._first_index)
        self._set("coaching", coaching)
        self.query_one("#coaching").display = bool(coaching.plain) and not self._compact
        self._set("next", Text(view.next_line))
        digits = "PAUSED" if view.look is Look.PAUSED else view.digits
        clock = self.query_one(BigClock)
        if clock.text != digits:
            clock.text = digits
        bar = self.query_one(HoldBar)
        if bar.mark != view.mark:
            bar.mark = view.mark
        if bar.cells() != bar.cells(view.progress):  # repaint only when a cell fills
            bar.progress = view.progress
        if self._too_small:  # the time still shows, on one line
            width, height = self._size_now
            self._set_too_small(
                f"{view.digits}  {BAND[view.look]}  {view.title}\n\n"
                f"Make the terminal larger for big digits:\nthis screen needs "
                f"{MIN_WIDTH}×{MIN_HEIGHT}, it is {width}×{height}."
            )
        flashing = self._flash_until is not None
        if flashing and self.engine.clock.monotonic() >= (self._flash_until or 0.0):
            self._flash_until, flashing = None, False
        self._set_classes(
            {
                "-too-small": self._too_small,
                "-compact": self._compact,
                "-no-instructions": self._no_instructions,
                # Room for the whole caution: the step's instructions shrink, "up next" waits.
                "-caution": coaching.plain.startswith("Caution:") and not self._compact,
                "-flash": flashing,
                **{f"-{look.value}": look is view.look for look in Look},
            }
        )
        hold = self.engine.current
        wait = self._title.show(title_text(view, hold.title if hold else ""))
        if wait is not None and self._title_wake is None:
            self._title_wake = self.set_timer(wait, self._flush_title, name="title-wake")
        bindings_key = (view.enter, self.engine.paused, self.engine.phase)
        if bindings_key != self._bindings_key:
            self._bindings_key = bindings_key
            self.refresh_bindings()

    def _flush_title(self) -> None:
        self._title_wake = None
        if not self._handing_back:
            self._title.flush()

    def _set_too_small(self, text: str) -> None:
        if self._shown.get("too-small") != text:
            self._shown["too-small"] = text
            self.query_one(TooSmall).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space and Enter show (and do) what they mean now."""
        if action in self.ENTER_ACTIONS:
            return describe(self.engine).enter is self.ENTER_ACTIONS[action]
        if action == "pause":
            return not self.engine.paused
        if action == "resume":
            return self.engine.paused
        return True

    def _set(self, widget_id: str, content: str | Text) -> None:
        key = content.plain + str(content.style) if isinstance(content, Text) else content
        if self._shown.get(widget_id) != key:
            self._shown[widget_id] = key
            self.query_one(f"#{widget_id}", Static).update(content)

    def _schedule(self) -> None:
        self._cancel_wake()
        if self._handing_back:
            return
        wake = next_wake(self.engine, self.query_one(HoldBar).size.width or 60)
        if self._flash_until is not None:  # wake to end the flash
            flash_left = max(0.0, self._flash_until - self.engine.clock.monotonic())
            wake = flash_left if wake is None else min(wake, flash_left)
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

    def action_resume(self) -> None:
        if self.engine.paused:
            self.action_pause()

    def action_release(self) -> None:
        if self.engine.phase is Phase.COUNT and not self.engine.count_set:
            self.notify("Type how many you did first (0 if none), then Enter.", timeout=notice.HINT)
            return
        self._react(self.runner.handle(self.engine.release()))

    def action_start_now(self) -> None:
        self.action_release()

    def action_done(self) -> None:
        self.action_release()

    def action_record(self) -> None:
        self.action_release()

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
        self.notify("Cues muted" if muted else "Cues on", timeout=notice.ECHO)
        self._show_badges()

    def _show_badges(self) -> None:
        """Say when time runs faster than real (LOWBACK_TIME_SCALE) and when cues are muted."""
        scale = self.engine.clock.scale
        badges = [f"time ×{scale:g}"] if scale != 1 else []
        if self.cues.muted:
            badges.append("muted")
        self._set("badges", Text(" · ".join(badges), style="reverse") if badges else "")

    def action_card(self) -> None:
        """i: the step's card, with the clock stopped; in voice mode its instructions spoken."""
        hold = self.engine.current
        if hold is None or self._asking or self.engine.ended:
            return
        from lowback_tui.ui.screens.step_card import StepCard, spoken

        self._paused_while(StepCard(self.engine.routine, hold.step))
        self.cues.play(spoken(hold.step))  # after "paused": the card is what is heard last

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

        self._paused_while(stop_dialog(bool(self.engine.elapsed())), answered)
        self.cues.play(Announcement(None, STOP_QUESTION, Priority.MESSAGE))  # eyes closed

    def action_quit_app(self) -> None:
        def answered(leave: bool | None) -> None:
            if leave:
                self.app.exit()

        dialog = quit_dialog()
        if self._asking:  # asked from over another dialog (help): the clock is stopped already
            self.app.push_screen(dialog, answered)
        else:
            self._paused_while(dialog, answered)

    def action_help(self) -> None:
        notes = "The session is paused while this help is open."
        self._paused_while(HelpScreen("Timer keys", list(self.BINDINGS), notes, self.KEY_HELP))

    def _ask_before_gate(self) -> None:
        def answered(go_on: bool | None) -> None:
            if not go_on:  # the test is not taken: the gate's safe answer, without a hold
                self.engine.skip()
                self._react(self.runner.handle(self.engine.answer_gate(False)))

        hold = self.engine.current
        if hold is not None:
            self._paused_while(before_gate_dialog(hold.step.name), answered)

    def _ask_gate(self, question: GateQuestion) -> None:
        def answered(go_on: bool | None) -> None:
            self._react(self.runner.handle(self.engine.answer_gate(bool(go_on))))

        self.app.push_screen(gate_dialog(question), answered)

    def _ask_about_jump(self, seconds: float) -> None:
        def answered(counted: bool | None) -> None:
            self._react(self.runner.handle(self.engine.answer_jump(bool(counted))))

        self.app.push_screen(jump_dialog(seconds, self.engine.clock.scale), answered)
