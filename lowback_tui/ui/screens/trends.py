"""The trends screen: pain, open holds, reps and minutes over time, and what helps."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.describe import pain_text
from lowback_tui.core.durations import format_seconds
from lowback_tui.core.insights import MIN_PAIN_PAIRS, RoutineInsight, what_helps
from lowback_tui.core.period import TrendRange
from lowback_tui.core.trends import (
    PersonalBest,
    SessionBasics,
    StepCounter,
    StepPoint,
    StepSeries,
    Trends,
    compute_overview,
)
from lowback_tui.services.history_source import (
    SessionSource,
    basics_since,
    iter_sessions_since,
    personal_bests,
)
from lowback_tui.ui.screens.dialogs import HelpScreen
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen
from lowback_tui.ui.widgets.trend_charts import (
    TrendChart,
    day_text,
    draw_minutes,
    draw_pain,
    draw_step,
    personal_best_text,
)

MIN_WIDTH, MIN_HEIGHT = 60, 16
TABS = ("pain", "holds", "reps", "minutes", "helps")
STEP_TABS = ("holds", "reps")
"""Tabs drawn from every session's holds: read after the others, from the year files."""
PROGRESS_EVERY = 2_000
"""Sessions read between two progress messages while the holds are read."""


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
        self.bests: dict[str, PersonalBest] = {}
        """Each step's longest hold of all time, whatever the range (from the index)."""
        self.steps_read = 0
        """Sessions whose holds were read so far, while the open holds and reps are counted."""
        self.drawn: set[str] = set()
        """Tabs drawn from the current series (the others are drawn when opened)."""

    def compose(self) -> ComposeResult:
        yield Static(id="trends-range", markup=False)
        with TabbedContent(id="trends-tabs", initial="pain"):
            with TabPane("1 Pain", id="pain"):
                yield Static(classes="trends-sentence", id="trends-pain-sentence", markup=False)
                # Hidden until drawn: an empty plot costs as much to render as a full one.
                yield hidden(TrendChart(id="trends-pain"))
                yield Static(classes="trends-note", id="trends-pain-note", markup=False)
            with TabPane("2 Open holds", id="holds"):
                yield VerticalScroll(id="trends-holds")
            with TabPane("3 Reps", id="reps"):
                yield VerticalScroll(id="trends-reps")
            with TabPane("4 Minutes", id="minutes"):
                yield Static(classes="trends-sentence", id="trends-minutes-sentence", markup=False)
                yield hidden(TrendChart(id="trends-minutes"))
            with TabPane("5 What helps", id="helps"), VerticalScroll():
                yield Static(id="trends-helps-text", markup=False)
        yield TooSmall()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "lowback — trends"
        self.show_range(loading=True)
        self.count()

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    @work(thread=True, exclusive=True, group="trends")
    def count(self) -> None:
        """Pain, minutes and what helps for the range, in a thread (from the index's rows
        where the store keeps them); the UI thread draws them, then the holds are read."""
        worker = get_current_worker()
        trend_range = self.trend_range
        first_day = trend_range.first_day(self.today)
        sessions: list[SessionBasics] = []
        for session in basics_since(self.source, first_day, self.tz):
            if worker.is_cancelled:
                return  # another range was asked for: stop reading ("all" reads every year)
            sessions.append(session)
        trends = compute_overview(sessions, tz=self.tz, today=self.today, first_day=first_day)
        insights = what_helps(sessions)
        if not worker.is_cancelled:
            self.post_message(self.Counted(trend_range, trends, insights))

    @work(thread=True, exclusive=True, group="trends-steps")
    def count_steps(self, trend_range: TrendRange) -> None:
        """Open holds and reps per step from the range's sessions in full (one year file in
        memory at a time), and every step's personal best, in a thread."""
        worker = get_current_worker()
        first_day = trend_range.first_day(self.today)
        counter = StepCounter(self.tz, self.today, first_day)
        for number, record in enumerate(
            iter_sessions_since(self.source, first_day, self.tz), start=1
        ):
            if worker.is_cancelled:
                return  # the range changed (or the screen closed): stop reading at once
            counter.add(record)
            if number % PROGRESS_EVERY == 0:
                self.post_message(self.StepsProgress(trend_range, number))
        bests = personal_bests(self.source, self.tz)
        open_holds, reps = counter.series()
        if not worker.is_cancelled:
            self.post_message(self.StepsCounted(trend_range, open_holds, reps, bests))

    class Counted(Message):
        """The count's thread is done (workers post; they never call the UI)."""

        def __init__(
            self, trend_range: TrendRange, trends: Trends, insights: list[RoutineInsight]
        ) -> None:
            super().__init__()
            self.trend_range, self.trends, self.insights = trend_range, trends, insights

    class StepsProgress(Message):
        """So many sessions' holds were read (a long range takes a while)."""

        def __init__(self, trend_range: TrendRange, read: int) -> None:
            super().__init__()
            self.trend_range, self.read = trend_range, read

    class StepsCounted(Message):
        """The open holds, reps and personal bests are counted."""

        def __init__(
            self,
            trend_range: TrendRange,
            open_holds: tuple[StepSeries, ...],
            reps: tuple[StepSeries, ...],
            bests: dict[str, PersonalBest],
        ) -> None:
            super().__init__()
            self.trend_range, self.open_holds, self.reps = trend_range, open_holds, reps
            self.bests = bests

    def on_trends_screen_counted(self, message: Counted) -> None:
        self.deliver(message.trend_range, message.trends, message.insights)

    def on_trends_screen_steps_progress(self, message: StepsProgress) -> None:
        if message.trend_range is self.trend_range:
            self.steps_read = message.read
            for widget in self.query(".trends-loading").results(Static):
                widget.update(self.steps_loading_text())

    async def on_trends_screen_steps_counted(self, message: StepsCounted) -> None:
        trends = self.trends
        if message.trend_range is not self.trend_range or trends is None:
            return
        self.trends = replace(
            trends, open_holds=message.open_holds, reps=message.reps, steps_counted=True
        )
        self.bests = message.bests
        self.drawn.difference_update(STEP_TABS)
        active = self.query_one(TabbedContent).active
        if active in STEP_TABS:
            await self.draw_tab(active)

    def deliver(
        self, trend_range: TrendRange, trends: Trends, insights: list[RoutineInsight]
    ) -> None:
        """On the UI thread: draw the new series (mounting step charts takes a moment)."""
        self.run_worker(
            self.show(trend_range, trends, insights), group="trends-show", exclusive=True
        )

    def show_range(self, *, loading: bool = False) -> None:
        parts = [f"Range: {self.trend_range.value}"]
        if loading and self.trend_range is TrendRange.ALL:
            parts.append("loading every session (a long history takes a while)…")
        elif loading:
            parts.append("loading…")
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
        self.steps_read = 0
        self.drawn.clear()
        self.show_range()
        await self.draw_tab(self.query_one(TabbedContent).active)
        if not trends.steps_counted:
            # Once what is on show is drawn: reading every session's holds takes longer.
            self.call_after_refresh(self.count_steps, trend_range)

    def steps_loading_text(self) -> str:
        total = self.trends.sessions if self.trends is not None else 0
        read = f": {self.steps_read:,} of {total:,} sessions so far" if self.steps_read else ""
        return f"Reading the holds of every session in this range{read}…"

    async def draw_tab(self, tab: str) -> None:
        """Draw one tab's charts, once per count: only what is seen costs time."""
        trends = self.trends
        if trends is None or tab in self.drawn:
            return
        self.drawn.add(tab)
        if tab == "pain":
            self.show_pain(trends)
        elif tab in STEP_TABS and not trends.steps_counted and trends.sessions:
            self.drawn.discard(tab)  # drawn again when the holds are in
            box = self.query_one(f"#trends-{tab}", VerticalScroll)
            await box.remove_children()
            loading = Static(self.steps_loading_text(), markup=False)
            await box.mount(loading.add_class("trends-sentence", "trends-loading"))
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
                best_said = ""
                if seconds:
                    best_said = " " + best_sentence(self.personal_best(series), point)
                widgets.append(
                    Static(
                        safe(
                            f"{series.step}: {value}{target} on {day_text(point.day)}, the only "
                            f"result in this range so far.{best_said}"
                        ),
                        classes="trends-sentence",
                        markup=False,
                    )
                )
                continue
            chart = TrendChart(classes="trends-step")
            personal = self.personal_best(series) if seconds else None
            note = draw_step(
                chart, series, seconds=seconds, range_name=self.trend_range, personal=personal
            )
            widgets.append(chart)
            if note:
                widgets.append(Static(safe(note), classes="trends-note", markup=False))
        await box.mount_all(widgets)

    def personal_best(self, series: StepSeries) -> PersonalBest:
        """The step's longest hold of all time; the range's best if the index knows less (a
        store without one, or a session that has just ended)."""
        known = self.bests.get(series.step)
        best = series.best
        in_range = PersonalBest(series.step, best.value, best.day)
        if known is None or in_range.is_better_than(known):
            return in_range
        return known

    def action_next_range(self) -> None:
        self.trend_range = self.trend_range.next()
        self.workers.cancel_group(self, "trends-steps")
        self.show_range(loading=True)
        self.count()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_help(self) -> None:
        notes = (
            "Pain is the 0–10 check-in before (orange) and after (blue) each session, with "
            "weekly means as lines. Open holds (the plank test) show the time held and your "
            "personal best of all time as a line; reps steps show reps done against the "
            "target. What helps: per routine, the mean of pain after − before over sessions "
            f"with both; it needs {MIN_PAIN_PAIRS} such sessions before it says anything."
        )
        self.app.push_screen(HelpScreen("Trends keys", list(self.BINDINGS), notes))

    def action_close(self) -> None:
        self.dismiss(None)


def hidden(widget: TrendChart) -> TrendChart:
    widget.display = False
    return widget


def best_sentence(best: PersonalBest, only: StepPoint) -> str:
    """What the sentence for a step's single result says of the personal best."""
    if best.value == only.value and best.day in (None, only.day):
        return "It is your personal best."
    return f"Personal best: {personal_best_text(best)}."


def helps_text(insights: list[RoutineInsight]) -> Text:
    """What helps, per routine: sessions, pain change and on how much it rests, hurt stops."""
    if not insights:
        return Text("No finished sessions in this range: nothing to tell yet.")
    text = Text(no_wrap=False, end="")
    for number, insight in enumerate(insights):
        if number:
            text.append("\n\n")
        sessions = f"{insight.sessions} session" + ("" if insight.sessions == 1 else "s")
        text.append(safe(insight.routine_name), "bold")  # names and steps come from files
        text.append(f"  {sessions}\n", "dim")
        change = safe(insight.change_text())
        style = "" if insight.enough else "italic"
        if insight.average_change is not None and insight.average_change < 0:
            style = "green"
        text.append(f"  {change}\n", style)
        text.append(f"  {safe(insight.hurt_text())}", "yellow" if insight.hurt_steps else "dim")
    text.append(
        f"\n\nPain change = pain after − pain before. An average needs at least "
        f"{MIN_PAIN_PAIRS} sessions with both check-ins.",
        "dim",
    )
    return text
