"""The trends screen on its own (a host app with a list of sessions) and from the history."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from helpers import FIXED_TODAY, make_app, wait_for, wait_for_screen
from progress_data import plank, pushups, sample, session, store
from rich.text import Text
from textual.app import App
from textual.widgets import Static, TabbedContent

from lowback_tui.core.records import SessionRecord
from lowback_tui.store.index import BestDays, Bests, add_bests
from lowback_tui.ui.screens.history import HistoryScreen
from lowback_tui.ui.screens.trends import TrendsScreen
from lowback_tui.ui.widgets.trend_charts import TrendChart

TODAY = FIXED_TODAY


class ListSource:
    """The repository's read side over a list: newest first, sorted on every call like it."""

    def __init__(self, sessions: list[SessionRecord]) -> None:
        self.all = sessions
        self.calls = 0

    def sessions(self) -> list[SessionRecord]:
        self.calls += 1
        return sorted(self.all, key=lambda s: s.started_at, reverse=True)  # as HistoryRepository

    def rest_days(self) -> set[dt.date]:
        return set()


class Host(App[None]):
    """Pushes the screen under test (at once, or when the test says) and keeps its result."""

    def __init__(self, screen: TrendsScreen, *, push: bool = True) -> None:
        super().__init__()
        self.trends_screen = screen
        self.push = push
        self.dismissed: list[None] = []

    def on_mount(self) -> None:
        if self.push:
            self.open()

    def open(self) -> None:
        self.push_screen(self.trends_screen, self.dismissed.append)


def texts(screen: TrendsScreen) -> str:
    """What the visible sentences and labels say."""
    parts = []
    for widget in screen.query(Static):
        if widget.display and not isinstance(widget, TrendChart):
            content = widget.render()
            parts.append(str(getattr(content, "_renderable", content)))
    return "\n".join(parts)


def chart_text(chart: TrendChart) -> str:
    rendered = chart.render()
    assert isinstance(rendered, Text)
    return rendered.plain


async def counted(pilot, screen: TrendsScreen, *, steps: bool = True) -> None:
    """Until the range's figures are drawn (`steps`: the open holds and reps too)."""

    def done() -> bool:
        trends = screen.trends
        if trends is None or (steps and not trends.steps_counted):
            return False
        said = texts(screen)
        return "loading" not in said and not (steps and "Reading the holds" in said)

    await wait_for(pilot, done)
    await pilot.pause()


async def test_charts_of_twelve_weeks_and_the_range_key():
    screen = TrendsScreen(ListSource(sample(TODAY)), tz="UTC", today=TODAY)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        assert "Range: 12 weeks · 8 sessions" in texts(screen)
        pain = screen.query_one("#trends-pain", TrendChart)
        assert pain.display
        drawn = chart_text(pain)
        assert "Pain 0–10" in drawn and "before, weekly mean" in drawn and "10.0" in drawn
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "holds"
        await wait_for(pilot, lambda: bool(screen.query("#trends-holds TrendChart")))
        [plank_chart] = screen.query("#trends-holds TrendChart")
        assert "Plank test: seconds held · orange line: personal best 52.2s" in chart_text(
            plank_chart  # type: ignore[arg-type]
        )
        assert "Personal best: 52.2s on 30 May 2026." in texts(screen)
        await pilot.press("3")
        [reps_chart] = screen.query("#trends-reps TrendChart")
        assert "Push-ups: reps (target gray) · best in 12 weeks 21 reps" in chart_text(reps_chart)  # type: ignore[arg-type]
        await pilot.press("5")
        helps = texts(screen)
        assert "pain 1.5 down on average (-1.5, on 4 sessions)" in helps
        assert "too little data to tell: 2 of the 3 sessions" in helps
        assert "“this hurts” at: Push-ups" in helps
        for expected in ("a year · 8 sessions", "all · 9 sessions", "4 weeks · 8 sessions"):
            await pilot.press("r")
            await counted(pilot, screen)
            assert expected in texts(screen)
        await pilot.press("escape")
        assert app.dismissed == [None]


async def test_no_data_is_a_sentence_not_an_empty_axis():
    screen = TrendsScreen(ListSource([]), tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        said = texts(screen)
        assert "No sessions in the last 12 weeks. Press r for a longer range." in said
        assert not screen.query_one("#trends-pain", TrendChart).display
        await pilot.press("2", "3", "4")
        assert texts(screen).count("No sessions in the last 12 weeks.") == 4
        assert not screen.query_one("#trends-minutes", TrendChart).display
        assert not screen.query("TrendChart.trends-step")
        await pilot.press("r", "r")  # a year, then all
        await counted(pilot, screen)
        assert "No sessions yet: pick a routine" in texts(screen)
        await pilot.press("5")
        assert "No finished sessions in this range: nothing to tell yet." in texts(screen)


async def test_one_session_says_its_values():
    only = session(1, TODAY, holds=(plank(41.0), pushups(15)), pain=(5, 3))
    screen = TrendsScreen(ListSource([only]), tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        said = texts(screen)
        assert "One pain check-in so far: 5 → 3 on 1 June 2026." in said
        await pilot.press("2", "3", "4")
        said = texts(screen)
        assert "Plank test: 41s on 1 June 2026, the only result in this range so far." in said
        assert "Push-ups: 15 reps (target 20) on 1 June 2026" in said
        assert not screen.query_one("#trends-pain", TrendChart).display
        assert screen.query_one("#trends-minutes", TrendChart).display  # one bar is a chart


async def test_sessions_without_holds_or_pain():
    bare = [session(n, TODAY - dt.timedelta(days=n), pain=(None, None)) for n in range(3)]
    screen = TrendsScreen(ListSource(bare), tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        await pilot.press("2", "3")
        said = texts(screen)
        assert "No pain check-ins in this range" in said
        assert "No open-hold results in this range" in said
        assert "No reps steps in this range" in said


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_charts_follow_the_theme(theme):
    screen = TrendsScreen(ListSource(sample(TODAY)), tz="UTC", today=TODAY)
    app = Host(screen)
    async with app.run_test(size=(100, 32)) as pilot:
        app.theme = theme
        await counted(pilot, screen)
        rendered = screen.query_one("#trends-pain", TrendChart).render()
        assert isinstance(rendered, Text)
        backgrounds = {
            span.style.bgcolor.get_truecolor()  # type: ignore[union-attr]
            for span in rendered.spans
            if not isinstance(span.style, str) and span.style.bgcolor is not None
        }
        surface = app.theme_variables["surface"]
        from textual.color import Color

        assert Color.parse(surface).rgb in {tuple(color) for color in backgrounds}


async def test_shows_the_range_of_100000_sessions():
    """The figures at scale. How fast is measured by `python -m benchmarks` (trends_open), not
    asserted here; tests/test_trends_loading.py checks only the range's years are read."""
    base = session(0, TODAY, holds=(plank(40.0), pushups(18)), pain=(4, 2))
    start = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
    two_hours = dt.timedelta(hours=2)
    many = [
        SessionRecord(
            **{**fields, "id": f"s{n}", "started_at": (start - n * two_hours).isoformat()}
        )
        for n in range(100_000)
    ]  # newest first, as the repository keeps them
    source = ListSource(many)
    screen = TrendsScreen(source, tz="UTC", today=TODAY)
    app = Host(screen, push=False)
    async with app.run_test(size=(100, 32)) as pilot:
        app.open()
        await counted(pilot, screen, steps=False)  # the first tab's charts
        assert "12 weeks · 1,001 sessions" in texts(screen)


async def test_t_on_history_opens_trends(tmp_path):
    store(tmp_path, sample(TODAY))
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await pilot.press("t")
        await wait_for_screen(pilot, TrendsScreen)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await counted(pilot, screen)
        assert "8 sessions" in texts(screen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HistoryScreen)


async def test_the_command_palette_opens_trends(tmp_path):
    store(tmp_path, sample(TODAY))
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("ctrl+p")
        await pilot.press(*"Trends")
        from textual.command import CommandList

        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0)
        assert "Trends" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, TrendsScreen)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await counted(pilot, screen)
        assert "8 sessions" in texts(screen)


class YearSource(ListSource):
    """A store that reads from a date on and keeps personal bests (as the per-year history
    does): only the range is read."""

    def __init__(self, sessions: list[SessionRecord]) -> None:
        super().__init__(sessions)
        self.asked: list[dt.date | None] = []
        self.bests: Bests = {}
        self.best_days: BestDays = {}
        for record in sessions:
            add_bests(self.bests, record, self.best_days)

    def all_bests(self) -> Bests:
        return self.bests

    def all_best_days(self) -> BestDays:
        return self.best_days

    def iter_sessions(self, since: dt.date | None = None):
        self.asked.append(since)
        for record in sorted(self.all, key=lambda s: s.started_at, reverse=True):
            if since is None or record.started_at[:10] >= since.isoformat():
                yield record


async def test_a_store_that_reads_from_a_date_is_asked_for_the_range_only():
    source = YearSource(sample(TODAY))
    screen = TrendsScreen(source, tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        assert "12 weeks · 8 sessions" in texts(screen)
        # A day early; once for pain and minutes, once for the holds.
        assert source.asked == [TODAY - dt.timedelta(days=12 * 7)] * 2
        assert source.calls == 0  # never everything
