"""The trends screen: pain, open holds, reps and minutes over time, and what helps."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from lowback_tui.core.describe import pain_text
from lowback_tui.core.durations import format_seconds
from lowback_tui.core.insights import MIN_PAIN_PAIRS, RoutineInsight, what_helps
from lowback_tui.core.period import TrendRange
from lowback_tui.core.trends import StepSeries, Trends, compute_trends
from lowback_tui.progress_source import SessionSource, sessions_since
from lowback_tui.ui.screens.dialogs import HelpScreen
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen
from lowback_tui.ui.widgets.trend_charts import (
    TrendChart,
    day_text,
    draw_minutes,
    draw_pain,
    draw_step,
)

MIN_WIDTH, MIN_HEIGHT = 60, 16
TABS = ("pain", "holds", "reps", "minutes", "helps")


class TrendsScreen(Screen[None]):
    """Charts of the chosen range; r cycles 4 weeks / 12 weeks / a year / all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "next_range", "Range", id="trends.range"),
        *[
            Binding(str(number), f"tab('{tab}')", show=False, id=f"trends.tab.{tab}")
            for number, tab in enumerate(TABS, start=1)
        ],
        Binding("question_mark", "help", "Help", id="trends.help"),
        Binding("escape,q", "close", "Back", id="trends.close"),
    ]

    DEFAULT_CSS = """
    TrendsScreen #trends-range { margin: 0 2; height: 1; color: $text-muted; }
    TrendsScreen TabbedContent { height: 1fr; }
    TrendsScreen TabPane { padding: 0 1; }
    TrendsScreen .trends-sentence { margin: 1 1 0 1; }
    TrendsScreen .trends-note { color: $text-muted; height: auto; margin: 0 1; }
    TrendsScreen #trends-holds TrendChart, TrendsScreen #trends-reps TrendChart {
        height: 1fr; min-height: 14;
    }
    TrendsScreen #trends-helps-text { margin: 1; }
    """

    def __init__(
        self,
        source: SessionSource,
        *,
        tz: str,
        today: dt.date,
        trend_range: TrendRange = TrendRange.WEEKS_12,
    ) -> None:
        super().__init__()
        self.source, self.tz, self.today = source, tz, today
        self.trend_range = trend_range
        self.trends: Trends | None = None
        """The series on show; None until the first count arrives."""
        self.insights: list[RoutineInsight] = []
        self.drawn: set[str] = set()
        """Tabs drawn from the current series (the others are drawn when opened)."""

    def compose(self) -> ComposeResult:
        yield Static(id="trends-range", markup=False)
        with TabbedContent(id="trends-tabs", initial="pain"):
            with TabPane("1 Pain", id="pain"):
                yield Static(classes="trends-sentence", id="trends-pain-sentence", markup=False)
                yield TrendChart(id="trends-pain")
                yield Static(classes="trends-note", id="trends-pain-note", markup=False)
            with TabPane("2 Open holds", id="holds"):
                yield VerticalScroll(id="trends-holds")
            with TabPane("3 Reps", id="reps"):
                yield VerticalScroll(id="trends-reps")
            with TabPane("4 Minutes", id="minutes"):
                yield Static(classes="trends-sentence", id="trends-minutes-sentence", markup=False)
                yield TrendChart(id="trends-minutes")
            with TabPane("5 What helps", id="helps"), VerticalScroll():
                yield Static(id="trends-helps-text", markup=False)
        yield TooSmall()
        yield Footer()

    def on_mount(self) -> None:
        self.title = "lowback — trends"
        self.show_range(counting=True)
        self.count()

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    @work(thread=True, exclusive=True, group="trends")
    def count(self) -> None:
        """Series and insights for the range, in a thread; the UI thread draws them."""
        trend_range = self.trend_range
        first_day = trend_range.first_day(self.today)
        sessions = sessions_since(self.source, first_day, self.tz)
        trends = compute_trends(sessions, tz=self.tz, today=self.today, first_day=first_day)
        insights = what_helps(sessions)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(trend_range, trends, insights))

    class Counted(Message):
        """The count's thread is done (workers post; they never call the UI)."""

        def __init__(
            self, trend_range: TrendRange, trends: Trends, insights: list[RoutineInsight]
        ) -> None:
            super().__init__()
            self.trend_range, self.trends, self.insights = trend_range, trends, insights

    def on_trends_screen_counted(self, message: Counted) -> None:
        self.deliver(message.trend_range, message.trends, message.insights)

    def deliver(
        self, trend_range: TrendRange, trends: Trends, insights: list[RoutineInsight]
    ) -> None:
        """On the UI thread: draw the new series (mounting step charts takes a moment)."""
        self.run_worker(
            self.show(trend_range, trends, insights), group="trends-show", exclusive=True
        )

    def show_range(self, *, counting: bool = False) -> None:
        parts = [f"Range: {self.trend_range.value}"]
        if counting:
            parts.append("counting…")
        elif self.trends is not None:
            count = self.trends.sessions
            parts.append(f"{count:,} session" + ("" if count == 1 else "s"))
        parts.append("r changes the range · 1–5 or ←/→ on the tabs")
        self.query_one("#trends-range", Static).update(" · ".join(parts))

    async def show(
        self, trend_range: TrendRange, trends: Trends, insights: list[RoutineInsight]
    ) -> None:
        if trend_range is not self.trend_range:
            return  # the user moved on to another range; its own count is under way
        self.trends, self.insights = trends, insights
        self.drawn.clear()
        self.show_range()
        await self.draw_tab(self.query_one(TabbedContent).active)

    async def draw_tab(self, tab: str) -> None:
        """Draw one tab's charts, once per count: only what is seen costs time."""
        trends = self.trends
        if trends is None or tab in self.drawn:
            return
        self.drawn.add(tab)
        if tab == "pain":
            self.show_pain(trends)
        elif tab == "holds":
            await self.show_steps("#trends-holds", trends.open_holds, seconds=True)
        elif tab == "reps":
            await self.show_steps("#trends-reps", trends.reps, seconds=False)
        elif tab == "minutes":
            self.show_minutes(trends)
        else:
            self.query_one("#trends-helps-text", Static).update(helps_text(self.insights))

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            await self.draw_tab(event.pane.id)

    def _nothing(self, trends: Trends) -> str | None:
        """The sentence for a range without any session, or None."""
        if trends.sessions:
            return None
        if self.trend_range is TrendRange.ALL:
            return "No sessions yet: pick a routine on the first screen, and come back after it."
        return f"No sessions in the last {self.trend_range.value}. Press r for a longer range."

    def show_pain(self, trends: Trends) -> None:
        chart = self.query_one("#trends-pain", TrendChart)
        sentence = self._nothing(trends)
        note = ""
        if sentence is None and not trends.pain:
            sentence = (
                "No pain check-ins in this range: lowback asks before and after each session "
                "(unless it is turned off in settings)."
            )
        elif sentence is None and len(trends.pain) == 1:
            [point] = trends.pain
            sentence = (
                f"One pain check-in so far: {pain_text(point.before, point.after)} on "
                f"{day_text(point.day)}. The chart starts with the second."
            )
        elif sentence is None:
            note = draw_pain(
                chart, trends.pain, trends.pain_before_weekly, trends.pain_after_weekly
            )
        chart.display = sentence is None
        self._sentence("#trends-pain-sentence", sentence)
        self.query_one("#trends-pain-note", Static).update(note)

    def show_minutes(self, trends: Trends) -> None:
        chart = self.query_one("#trends-minutes", TrendChart)
        sentence = self._nothing(trends)
        if sentence is None:
            draw_minutes(chart, trends.minutes_weekly)
        chart.display = sentence is None
        self._sentence("#trends-minutes-sentence", sentence)

    def _sentence(self, selector: str, sentence: str | None) -> None:
        widget = self.query_one(selector, Static)
        widget.display = sentence is not None
        widget.update(sentence or "")

    async def show_steps(
        self, selector: str, all_series: tuple[StepSeries, ...], *, seconds: bool
    ) -> None:
        """One chart per step (a sentence for a step with a single result)."""
        box = self.query_one(selector, VerticalScroll)
        await box.remove_children()
        assert self.trends is not None
        nothing = self._nothing(self.trends)
        if nothing is None and not all_series:
            nothing = (
                "No open-hold results in this range: an open hold (like the plank test, "
                "“30s+”) records how long you held it."
                if seconds
                else "No reps steps in this range: a reps step (like push-ups) records how "
                "many you did against its target."
            )
        if nothing is not None:
            await box.mount(Static(nothing, classes="trends-sentence", markup=False))
            return
        widgets: list[Static | TrendChart] = []
        for series in all_series:
            if len(series.points) == 1:
                [point] = series.points
                value = format_seconds(point.value) if seconds else f"{point.value:g} reps"
                target = ""
                if not seconds and point.target:
                    target = f" (target {point.target:g})"
                widgets.append(
                    Static(
                        f"{series.step}: {value}{target} on {day_text(point.day)}, the only "
                        "result in this range so far.",
                        classes="trends-sentence",
                        markup=False,
                    )
                )
                continue
            chart = TrendChart(classes="trends-step")
            note = draw_step(chart, series, seconds=seconds, range_name=self.trend_range)
            widgets.append(chart)
            if note:
                widgets.append(Static(note, classes="trends-note", markup=False))
        await box.mount_all(widgets)

    def action_next_range(self) -> None:
        self.trend_range = self.trend_range.next()
        self.show_range(counting=True)
        self.count()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_help(self) -> None:
        notes = (
            "Pain is the 0–10 check-in before (orange) and after (blue) each session, with "
            "weekly means as lines. Open holds (the plank test) show the time held and the "
            "best as a line; reps steps show reps done against the target. What helps: per "
            "routine, the mean of pain after − before over sessions with both; it needs "
            f"{MIN_PAIN_PAIRS} such sessions before it says anything."
        )
        self.app.push_screen(HelpScreen("Trends keys", list(self.BINDINGS), notes))

    def action_close(self) -> None:
        self.dismiss(None)


def helps_text(insights: list[RoutineInsight]) -> Text:
    """What helps, per routine: sessions, pain change and on how much it rests, hurt stops."""
    if not insights:
        return Text("No finished sessions in this range: nothing to tell yet.")
    text = Text(no_wrap=False, end="")
    for number, insight in enumerate(insights):
        if number:
            text.append("\n\n")
        sessions = f"{insight.sessions} session" + ("" if insight.sessions == 1 else "s")
        text.append(insight.routine_name, "bold")
        text.append(f"  {sessions}\n", "dim")
        change = insight.change_text()
        style = "" if insight.enough else "italic"
        if insight.average_change is not None and insight.average_change < 0:
            style = "green"
        text.append(f"  {change}\n", style)
        text.append(f"  {insight.hurt_text()}", "yellow" if insight.hurt_steps else "dim")
    text.append(
        f"\n\nPain change = pain after − pain before. An average needs at least "
        f"{MIN_PAIN_PAIRS} sessions with both check-ins.",
        "dim",
    )
    return text
