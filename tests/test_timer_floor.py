"""The timer read from the floor (issue 8, parts 2-3): big digits, phase colours, footer words."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import advance, make_app, screen_text, wait_for_screen
from test_app_session import custom, start
from textual.color import Color

from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.big_clock import BigClock

BLOCKS = set("█▀▄")


def rendered(app) -> list[str]:
    """The screen as the terminal shows it, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def digit_rows(app) -> list[str]:
    return [line for line in rendered(app) if BLOCKS & set(line)]


def footer(app) -> str:
    return rendered(app)[-1]


@pytest.mark.parametrize(("size", "at_least"), [((100, 30), 7), ((80, 24), 5)])
async def test_the_time_is_drawn_large_and_scales_with_the_terminal(tmp_path, size, at_least):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=size) as pilot:
        await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 5 + 1)  # "9" left of the first hold
        rows = digit_rows(app)
        assert len(rows) >= at_least
        assert any("██" in row for row in rows)  # strokes two cells wide, not a thin line
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert len(digit_rows(app)) > len(rows)  # a bigger terminal, bigger digits


async def test_instructions_give_way_to_the_digits_when_space_is_short(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "floor-five", pain=None)
        words = "Lie on your back"
        assert any(words in line for line in rendered(app))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        # The get-ready keeps the how-to (issue 19): the digits shrink while the person reads,
        # the whole caution stays above the instructions.
        assert any(words in line for line in rendered(app))
        assert any("anything hurts, stop" in line for line in rendered(app))
        await advance(pilot, clock, 5)  # past the first get-ready: the hold's digits come first
        assert not any(words in line for line in rendered(app))
        assert len(digit_rows(app)) >= 5


async def test_a_terminal_too_small_for_big_digits_still_shows_the_time(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(40, 10)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 5 + 1)
        text = "\n".join(rendered(app))
        assert "9  HOLD  Pelvic tilt" in text


async def test_a_short_terminal_keeps_the_digits_and_drops_the_gaps(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(60, 15)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 5 + 1)  # "9" left of the first hold
        text = "\n".join(rendered(app))
        assert "Make the terminal larger" not in text
        assert len(digit_rows(app)) >= 4  # half-height digits at least, not one line
        assert "HOLD" in text and "Pelvic tilt" in text and "Next: Pelvic tilt, rep 2" in text
        assert "spc Pause" in footer(app)
        await pilot.resize_terminal(44, 12)  # the smallest that keeps them
        await pilot.pause()
        assert len(digit_rows(app)) >= 4 and "Make the terminal larger" not in "\n".join(
            rendered(app)
        )


def contrast(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_each_phase_has_its_own_high_contrast_look_in_both_themes(tmp_path, theme):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    seen: dict[str, tuple[str, Color]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        timer = await start(pilot, "short", pain=None)

        async def look(name: str) -> None:
            await pilot.pause()
            assert timer.has_class(f"-{name}"), (name, timer.classes)
            band = timer.query_one("#phase-band")
            style = band.rich_style
            background = Color.from_rich_color(style.bgcolor)
            assert contrast(Color.from_rich_color(style.color), background) >= 4.5, name
            digits = timer.query_one(BigClock)
            screen_bg = Color.from_rich_color(timer.rich_style.bgcolor)
            ink = Color.from_rich_color(digits.rich_style.color)
            assert contrast(ink, screen_bg) >= 3.0, (name, ink, screen_bg)
            seen[name] = (str(band.render()), background)

        await look("get-ready")
        await advance(pilot, clock, 5)
        await look("hold")
        await advance(pilot, clock, 8)
        await look("may-release")
        await pilot.press("space")
        await look("paused")
        await pilot.press("space")
        await advance(pilot, clock, 2)
        await look("rest")
    assert len({background for _, background in seen.values()}) == 5  # five looks
    assert seen["paused"][0].startswith("PAUSED")


async def test_paused_is_unmistakable(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 5 + 3)
        before = digit_rows(app)
        await pilot.press("space")
        assert digit_rows(app) != before  # the digits change: a large PAUSED instead
        assert timer.query_one(BigClock).text == "PAUSED"
        assert "PAUSED (7) · Space resumes" in screen_text(app)
        assert "spc Resume" in footer(app)


async def test_the_footer_says_what_enter_does_now(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "short", pain=None)
        assert "⏎ Start now" in footer(app) and "spc Pause" in footer(app)
        await advance(pilot, clock, 5)
        assert "⏎ Release" in footer(app)
        await pilot.press("n", "n")  # on to the plank: an open hold
        await advance(pilot, clock, 5)
        assert "⏎ Done" in footer(app)
        await pilot.press("n")
        await advance(pilot, clock, 5)
        assert "⏎ Record" in footer(app)
        assert "? Help" in footer(app)  # every key still fits at 80 columns


async def test_next_names_the_hold_that_comes_next(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        assert "Get ready: Knee to chest — left" in screen_text(app)
        assert "Next: Knee to chest — right" in screen_text(app)
        await advance(pilot, clock, 5 + 10)  # the rest before the right side: title and line agree
        text = screen_text(app)
        assert "Rest — next: right side" in text and "Next: Knee to chest — right" in text
        await advance(pilot, clock, 3)  # the right side's hold
        assert "Next: Plank" in screen_text(app)


async def test_the_rest_before_rep_2_names_rep_2(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 5 + 10 + 1)  # rep 1 held to its end, into the rest
        text = screen_text(app)
        assert "REST" in text and "Next: Pelvic tilt, rep 2 of 5" in text
        assert "rep 3 of 5" not in text


async def test_escape_asks_to_stop_like_q(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "floor-five", pain=None)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Stop this session?" in screen_text(app)
        await pilot.press("n")
        await wait_for_screen(pilot, TimerScreen)
        assert not timer.engine.ended


async def test_ctrl_q_during_a_session_asks_first(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Quit lowback now?" in screen_text(app)
        await pilot.press("enter")  # the safe answer: keep going
        await wait_for_screen(pilot, TimerScreen)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running
