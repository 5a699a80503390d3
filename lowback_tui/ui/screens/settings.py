"""Settings: pain check-in, cues (bell, sound, voice) and a test, the weekly goal; saved."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from lowback_tui.services.settings import CueMode, Settings
from lowback_tui.ui import notice
from lowback_tui.ui.services import CuePlayer
from lowback_tui.ui.widgets.too_small import FitsOrSays, TooSmall


def settings_text(settings: Settings, found: str) -> Text:
    """The settings as the screen lists them, with what plays the cues (`found`)."""

    def on(flag: bool) -> str:
        return "on " if flag else "off"

    modes = " / ".join(mode.value.upper() if mode is settings.cues else mode for mode in CueMode)
    text = Text()
    text.append(f"  p  pain check-in before and after a session   {on(settings.pain_checkin)}\n")
    text.append(f"  c  cues: {modes:<37}{settings.cues.value}\n")
    text.append("     ")
    text.append(f"{found}\n", "bold" if found.startswith(("not found", "failed")) else "dim")
    text.append("  t  test the cues: play them now\n")
    text.append(f"  m  mute the cues                              {on(settings.mute)}\n")
    text.append(f" -/+ weekly goal (days with a session)           {settings.weekly_goal}\n")
    seen = settings.safety_acknowledged
    text.append(f"  !  safety notice (read {seen})\n" if seen else "  !  safety notice\n")
    return text


class SettingsScreen(FitsOrSays, ModalScreen[Settings]):
    """Change a setting with one key; Esc closes and returns the settings."""

    class Changed(Message):
        """The user changed a setting: use and save these (the app does both)."""

        def __init__(self, settings: Settings) -> None:
            super().__init__()
            self.settings = settings

    MIN_SIZE = (60, 14)
    BINDINGS = [
        Binding("p", "toggle_setting('pain_checkin')", "Pain check-in", id="settings.pain"),
        Binding("c", "next_cues", "Cues", id="settings.cues"),
        Binding("t", "test_cues", "Test cues", id="settings.test_cues"),
        Binding("m", "toggle_setting('mute')", "Mute", id="settings.mute"),
        Binding("minus,left", "goal(-1)", "Goal −1", id="settings.goal_down"),
        Binding("plus,right,equals_sign", "goal(1)", "Goal +1", id="settings.goal_up"),
        Binding("escape,enter,q,s", "close", "Close", id="settings.close"),
        Binding("exclamation_mark", "safety", "Safety notice", id="settings.safety"),
    ]

    def __init__(self, settings: Settings, cues: CuePlayer) -> None:
        super().__init__()
        self.settings = settings
        self.cues = cues

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Settings", style="bold"), classes="dialog-title")
            yield Static(settings_text(self.settings, self.cues.found), id="settings-text")
            yield Static(Text("Esc closes · changes are saved at once", style="dim"))
        yield TooSmall()

    def _show(self) -> None:
        problem = self.cues.configure(self.settings)  # at once, to say what was found
        if problem:
            self.notify(problem, title="Cues", severity="warning", timeout=notice.PROBLEM)
        self.query_one("#settings-text", Static).update(
            settings_text(self.settings, self.cues.found)
        )
        self.post_message(self.Changed(self.settings))

    def action_toggle_setting(self, name: str) -> None:
        if name == "mute":
            self.settings = replace(self.settings, mute=not self.settings.mute)
        elif name == "pain_checkin":
            self.settings = replace(self.settings, pain_checkin=not self.settings.pain_checkin)
        self._show()

    def action_next_cues(self) -> None:
        modes = list(CueMode)
        following = modes[(modes.index(self.settings.cues) + 1) % len(modes)]
        self.settings = replace(self.settings, cues=following)
        self._show()

    def action_test_cues(self) -> None:
        self.cues.test()
        self.notify(f"Playing a test cue ({self.cues.found})", timeout=notice.BRIEF)

    def action_goal(self, delta: int) -> None:
        goal = max(1, min(7, self.settings.weekly_goal + delta))
        self.settings = replace(self.settings, weekly_goal=goal)
        self._show()

    def action_safety(self) -> None:
        from lowback_tui.ui.screens.safety import SafetyNotice

        seen = self.settings.safety_acknowledged
        self.app.push_screen(
            SafetyNotice(first_time=False, acknowledged_on=str(seen) if seen else None)
        )

    def action_close(self) -> None:
        self.dismiss(self.settings)
