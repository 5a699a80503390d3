"""settings.toml's [keymap] remaps keys at start; a theme chosen in the palette is kept."""

from __future__ import annotations

from pathlib import Path

from helpers import make_app, wait_for, wait_for_screen

from lowback_tui.services.settings import load_settings
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.settings import SettingsScreen


async def test_a_keymap_in_settings_rebinds_the_key_and_the_footer_says_so(tmp_path: Path):
    (tmp_path / "settings.toml").write_text('[keymap]\n"picker.settings" = "o"\n')
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert "o Settings" in footer and "s Settings" not in footer
        await pilot.press("o")
        await wait_for_screen(pilot, SettingsScreen)


async def test_a_theme_chosen_is_saved_and_used_at_the_next_start(tmp_path: Path):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        app.theme = "nord"  # what choosing it in the command palette does
        await wait_for(pilot, lambda: load_settings(tmp_path / "settings.toml")[0].theme == "nord")
    app.lock.release()
    again, _ = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        assert again.theme == "nord"


def toasts(app) -> str:
    """The text of the notifications on screen, as read (the lines of each joined)."""
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    parts = [line.split("▌", 1)[1].rstrip(" │─╯") for line in lines if "▌" in line]
    return " ".join(" ".join(parts).split())


async def test_an_unknown_id_or_keys_that_are_no_text_are_said_and_the_rest_applies(
    tmp_path: Path,
):
    (tmp_path / "settings.toml").write_text(
        '[keymap]\n"picker.setings" = "x"\n"picker.history" = 3\n"picker.settings" = "o"\n'
    )
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, lambda: "did you mean" in toasts(app), "the unknown id's message")
        shown = toasts(app)
        assert (
            '[keymap]: "picker.setings" is not the id of any key binding, so it is ignored; '
            'did you mean "picker.settings"? (? on each screen shows its keys)'
        ) in shown, shown
        assert (
            '[keymap]: picker.history = 3 is not a text of keys; expected for example "o" or '
            '"p,space"; that entry is ignored'
        ) in shown, shown
        assert len(app._notifications) == 2  # one message each, nothing about the good entry
        footer = app.screen._compositor.render_strips()[-1].text
        assert "o Settings" in footer and "h History" in footer  # the rest applies
        await pilot.press("o")
        await wait_for_screen(pilot, SettingsScreen)


def test_an_unknown_id_says_which_ids_there_are(tmp_path: Path):
    from lowback_tui.ui.keymap import known_binding_ids, unknown_id_problems

    known = known_binding_ids()
    assert {"picker.settings", "timer.pause", "heatmap.left", "app.quit"} <= known
    [same_screen, no_screen] = unknown_id_problems(
        {"timer.zzzzzzzz": "z", "nowhere": "z", "timer.pause": "p"}, tmp_path / "settings.toml"
    )
    timer_ids = sorted(i for i in known if i.startswith("timer."))
    assert '"timer.zzzzzzzz" is not the id of any key binding' in same_screen
    assert f"expected one of {', '.join(timer_ids)}" in same_screen
    assert "expected SCREEN.ACTION, SCREEN one of app, confirm, editor" in no_screen


def test_a_bad_keymap_is_reported_and_ignored(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text("keymap = 3\n")
    settings, problems = load_settings(path)
    assert settings.keymap == {} and "keymap" in problems[0]


async def test_the_command_palette_starts_a_routine_by_name(tmp_path: Path):
    from textual.command import CommandPalette

    from lowback_tui.ui.screens.timer import TimerScreen

    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"start static back")
        await pilot.pause(0.3)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Start Static back" in shown and "1 step · static-back" in shown, shown
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        assert app.screen.engine.routine.id == "static-back"


async def test_the_help_screen_names_the_keys_as_bound(tmp_path: Path):
    from lowback_tui.ui.screens.dialogs import HelpScreen

    (tmp_path / "settings.toml").write_text('[keymap]\n"picker.settings" = "o"\n')
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        [settings] = [line for line in lines if "█" in line and "Settings" in line]
        assert " o " in settings and " s " not in settings, settings


async def test_the_command_palette_plays_the_test_cue_even_when_muted(tmp_path: Path):
    from textual.command import CommandPalette

    from devkit.fake_cues import FakeSpeaker

    (tmp_path / "settings.toml").write_text("mute = true\n")
    speaker = FakeSpeaker()
    app, _ = make_app(tmp_path, speaker=speaker)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"test cues")

        def shown() -> str:
            return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

        await wait_for(pilot, lambda: "Play a sample cue now" in shown(), "the Test cues command")
        assert speaker.heard == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: speaker.transcript, "the test cue")
        await wait_for_screen(pilot, PickerScreen)
        said = [note.message for note in app._notifications]
        assert said == ["Playing a test cue (a test speaker)"]
    # The same sample as the settings screen's t, said once.
    assert speaker.transcript == ["Knee to chest, left side. 3, 2, 1. you may release"]
