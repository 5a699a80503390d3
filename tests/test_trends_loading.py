"""The trends screen over the per-year history: what it reads, what it shows while it reads,
and the personal best of all time (kept in the index with the day it was set)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXED_TODAY, wait_for
from progress_data import plank, pushups, sample, session, store
from test_trends_screen import Host, ListSource, chart_text, counted, texts
from textual.widgets import TabbedContent

from lowback_tui.core.period import TrendRange
from lowback_tui.core.records import SessionRecord
from lowback_tui.core.trends import SessionBasics
from lowback_tui.store import reading as reading_module
from lowback_tui.store import writing as writing_module
from lowback_tui.store import year_decode
from lowback_tui.store.index import IndexFiles
from lowback_tui.store.index_io import write_json
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.trends import TrendsScreen
from lowback_tui.ui.widgets.trend_charts import TrendChart

TODAY = FIXED_TODAY
ago = lambda days: TODAY - dt.timedelta(days=days)  # noqa: E731


def opened(home: Path) -> HistoryRepository:
    repository = HistoryRepository(home, sync=True, tz="UTC")
    repository.open()
    return repository


def years_back(count: int) -> list[SessionRecord]:
    """The sample, and a session with a plank on 1 March of each of `count` earlier years."""
    older = [
        session(100 + n, dt.date(TODAY.year - n, 3, 1), holds=(plank(30.0 + n),), pain=(5, 4))
        for n in range(1, count + 1)
    ]
    return [*sample(TODAY), *older]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Which year files (in full) and which years' index rows the repository reads."""
    seen: dict[str, list[int]] = {"year files": [], "index rows": []}
    read_year = reading_module.read_year
    read_rows = IndexFiles.read_rows

    def counting_read_year(path: Path):  # type: ignore[no-untyped-def]
        seen["year files"].append(int(path.stem))
        return read_year(path)

    def counting_read_rows(self: IndexFiles, year: int):  # type: ignore[no-untyped-def]
        seen["index rows"].append(year)
        return read_rows(self, year)

    year_records = year_decode.year_records

    def counting_year_records(path: Path, known: object):  # type: ignore[no-untyped-def]
        seen["year files"].append(int(path.stem))  # the fast decoder's way in
        return year_records(path, known)  # type: ignore[arg-type]

    # The repository reads year files in store/reading.py (through year_decode) and its
    # writer in store/writing.py.
    monkeypatch.setattr(reading_module, "read_year", counting_read_year)
    monkeypatch.setattr(writing_module, "read_year", counting_read_year)
    monkeypatch.setattr(year_decode, "year_records", counting_year_records)
    monkeypatch.setattr(IndexFiles, "read_rows", counting_read_rows)
    return seen


async def test_the_default_range_reads_only_its_own_year(tmp_path, loads):
    store(tmp_path, years_back(4))  # 2022 to 2026
    repository = opened(tmp_path)
    loads["year files"].clear()
    loads["index rows"].clear()
    screen = TrendsScreen(repository, tz="UTC", today=TODAY)  # 12 weeks: 10 March on
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        assert "Range: 12 weeks · 8 sessions" in texts(screen)
        await pilot.press("2")
        await wait_for(pilot, lambda: bool(screen.query("#trends-holds TrendChart")))
        # Pain, minutes and what helps come from the index rows; the holds from the year file.
        assert set(loads["year files"]) == {2026} and set(loads["index rows"]) == {2026}
        # The personal best is the index's: 2022's 34 s is below this range's 52.2 s.
        assert "Personal best: 52.2s on 30 May 2026." in texts(screen)
        loads["year files"].clear()
        await pilot.press("r", "r")  # a year (2 June 2025 on), then all
        await counted(pilot, screen)
        assert "Range: all · 13 sessions" in texts(screen)
        assert sorted(set(loads["year files"])) == [2022, 2023, 2024, 2025, 2026]
    repository.close()


async def test_the_figures_from_the_index_equal_those_from_the_sessions(tmp_path):
    """The index path (rows, then year files) shows what the list of sessions shows."""
    history = [
        *years_back(2),
        session(51, ago(-3), holds=(plank(80.0),), pain=(1, 1)),  # a clock ahead: left out
    ]
    store(tmp_path, history)
    repository = opened(tmp_path)
    for trend_range in TrendRange:
        shown = []
        for source in (repository, ListSource(history)):
            screen = TrendsScreen(source, tz="UTC", today=TODAY, trend_range=trend_range)
            async with Host(screen).run_test(size=(100, 32)) as pilot:
                await counted(pilot, screen)
                shown.append((screen.trends, screen.insights, screen.bests))
        assert shown[0] == shown[1], trend_range
    repository.close()


class SlowSource(ListSource):
    """A store whose reads wait until the test lets them go on (a long history, frozen)."""

    def __init__(self, sessions: list[SessionRecord]) -> None:
        super().__init__(sessions)
        self.rows_may_go, self.holds_may_go = threading.Event(), threading.Event()

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionBasics]:
        assert self.rows_may_go.wait(10)
        for record in self.sessions():
            if since is None or dt.datetime.fromisoformat(record.started_at) >= since:
                yield record

    def iter_sessions(self, since: dt.date | None = None) -> Iterator[SessionRecord]:
        assert self.holds_may_go.wait(10)
        for record in self.sessions():
            if since is None or record.started_at[:10] >= since.isoformat():
                yield record


async def test_the_screen_says_it_is_loading_and_stays_responsive():
    source = SlowSource(sample(TODAY))
    screen = TrendsScreen(source, tz="UTC", today=TODAY, trend_range=TrendRange.ALL)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: screen.is_mounted)
        await pilot.pause()
        said = texts(screen)
        assert "Range: all · loading every session (a long history takes a while)…" in said
        assert not screen.query_one("#trends-pain", TrendChart).display
        await pilot.press("2")  # keys work while it reads
        assert screen.query_one(TabbedContent).active == "holds"
        source.rows_may_go.set()
        await counted(pilot, screen, steps=False)
        assert "Range: all · 9 sessions" in texts(screen)
        assert "Reading the holds of every session in this range…" in texts(screen)
        await pilot.press("1")
        assert screen.query_one("#trends-pain", TrendChart).display  # drawn from the rows
        await pilot.press("2")
        source.holds_may_go.set()
        await counted(pilot, screen)
        await wait_for(pilot, lambda: bool(screen.query("#trends-holds TrendChart")))
        assert "Reading the holds" not in texts(screen)


def with_old_best(days_ago: int = 60, seconds: float = 75.0) -> list[SessionRecord]:
    """The sample and an older plank of `seconds`: outside 4 weeks, inside 12."""
    return [*sample(TODAY), session(10, ago(days_ago), holds=(plank(seconds),), pain=(4, 3))]


@pytest.mark.parametrize("kind", ["index", "list"])
async def test_the_personal_best_of_all_time_shows_outside_the_range(tmp_path, kind):
    history = with_old_best()  # 75 s on 2 April 2026; 52.2 s on 30 May is the best in 4 weeks
    source: object = ListSource(history)
    if kind == "index":
        store(tmp_path, history)
        source = opened(tmp_path)
    screen = TrendsScreen(source, tz="UTC", today=TODAY, trend_range=TrendRange.WEEKS_4)  # type: ignore[arg-type]
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        await pilot.press("2")
        await wait_for(pilot, lambda: bool(screen.query("#trends-holds TrendChart")))
        [chart] = screen.query("#trends-holds TrendChart").results(TrendChart)
        drawn = chart_text(chart)
        assert "Plank test: seconds held · orange line: personal best 1m15s" in drawn
        said = texts(screen)
        assert "Personal best: 1m15s on 2 April 2026, before this range." in said
        assert "Best in 4 weeks: 52.2s on 30 May 2026." in said
    if isinstance(source, HistoryRepository):
        source.close()


async def test_one_result_in_range_names_the_personal_best(tmp_path):
    history = [
        session(1, ago(2), holds=(plank(41.0), pushups(15)), pain=(5, 3)),
        session(2, ago(300), holds=(plank(44.5),)),
    ]
    store(tmp_path, history)
    repository = opened(tmp_path)
    screen = TrendsScreen(repository, tz="UTC", today=TODAY, trend_range=TrendRange.WEEKS_4)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Plank test: 41s" in texts(screen))
        assert (
            "Plank test: 41s on 30 May 2026, the only result in this range so far. "
            "Personal best: 44.5s on 5 August 2025." in texts(screen)
        )
    repository.close()
    lone = [session(1, ago(2), holds=(plank(41.0),))]
    screen = TrendsScreen(ListSource(lone), tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Plank test: 41s" in texts(screen))
        assert "the only result in this range so far. It is your personal best." in texts(screen)


def test_the_index_keeps_the_day_each_best_was_first_reached(tmp_path):
    history = [
        session(1, ago(30), holds=(plank(50.0), pushups(15))),
        session(2, ago(20), holds=(plank(50.0), pushups(18))),  # ties 50 s: not a new best
        session(3, dt.date(2025, 12, 30), holds=(plank(61.5),)),
    ]
    store(tmp_path, history)
    index = json.loads((tmp_path / "history" / "index.json").read_text())
    best = index["bests"]["core-strength"]["Plank test"]
    days = index["best_days"]["core-strength"]["Plank test"]
    assert (best[0], days[0]) == (61.5, "2025-12-30T08:00:00+00:00")
    assert index["best_days"]["core-strength"]["Push-ups"] == [None, history[1].started_at]
    repository = opened(tmp_path)
    repository.delete_session("s0003")  # the best falls to 50 s, first held on 2 May
    repository.flush()
    days = repository.all_best_days()["core-strength"]["Plank test"]
    assert (repository.all_bests()["core-strength"]["Plank test"][0], days[0]) == (
        50.0,
        history[0].started_at,
    )
    repository.close()
    # An index written before the days were kept still opens; its bests have no day.
    path = tmp_path / "history" / "index.json"
    old = json.loads(path.read_text())
    del old["best_days"], old["check"]
    write_json(path, old)  # as that lowback wrote it: its content and its check agree
    repository = opened(tmp_path)
    assert repository.warning is None and repository.all_best_days() == {}
    assert repository.all_bests()["core-strength"]["Plank test"][0] == 50.0
    repository.close()


def test_a_malformed_best_day_rebuilds_the_index(tmp_path):
    store(tmp_path, with_old_best())
    path = tmp_path / "history" / "index.json"
    broken = json.loads(path.read_text())
    del broken["check"]
    broken["best_days"] = {"core-strength": {"Plank test": "yesterday"}}
    write_json(path, broken)  # its check agrees: the content itself is caught
    repository = opened(tmp_path)
    assert repository.warning is not None and "rebuilt" in repository.warning
    days = repository.all_best_days()["core-strength"]["Plank test"]
    assert days[0] == session(10, ago(60)).started_at
    repository.close()


class FirstReadWaits(ListSource):
    """An index whose first read stops after one row until the test lets it go on."""

    def __init__(self, sessions: list[SessionRecord]) -> None:
        super().__init__(sessions)
        self.go = threading.Event()
        self.pulled: list[int] = []
        """Rows taken from each read, in the order the reads began."""

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionBasics]:
        call = len(self.pulled)
        self.pulled.append(0)
        for number, record in enumerate(self.sessions()):
            if call == 0 and number == 1:
                assert self.go.wait(10)
            if since is None or dt.datetime.fromisoformat(record.started_at) >= since:
                self.pulled[call] += 1
                yield record


async def test_another_range_stops_the_reading_of_the_last():
    source = FirstReadWaits(sample(TODAY))
    screen = TrendsScreen(source, tz="UTC", today=TODAY, trend_range=TrendRange.ALL)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: source.pulled == [1])
        await pilot.press("r")  # all → 4 weeks, while "all" is still being read
        await wait_for(pilot, lambda: len(source.pulled) == 2)
        source.go.set()
        await counted(pilot, screen)
        assert "Range: 4 weeks · 8 sessions" in texts(screen)
        assert source.pulled[0] == 2  # it stopped at the next row, not after all 9
