"""Ties a running session engine to the history: every finished hold lands on disk at once."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from lowback_tui.core.clock import Clock, iso_from_wall
from lowback_tui.core.plan import expand, is_work
from lowback_tui.core.progression import StepProgress
from lowback_tui.core.records import IN_PROGRESS, INTERRUPTED, STOPPED, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.core.session import Event, HoldFinished, Phase, SessionEnded, SessionEngine
from lowback_tui.core.tally import counts_as_done
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.history_api import History

#: A hold under way is written to the journal after this many seconds of it, and again every
#: this many seconds.
CHECKPOINT_SECONDS = 15.0


def _quietly(write: Callable[[], None]) -> None:
    """A checkpoint that cannot be written is left out: a history that cannot be written says
    so when a hold ends, not every 15 s."""
    with contextlib.suppress(OSError, HistoryError, RuntimeError, KeyError):
        write()


def carried_seconds(resume: SessionRecord, planned: int) -> float:
    """Seconds of the hold a resume starts at that were held before the session was cut
    short (its last checkpoint), or 0 (also when the routine has changed since)."""
    same_plan = planned == resume.planned_holds
    if same_plan and resume.hold_in_progress == resume.resume_index:
        return resume.held_in_progress
    return 0.0


@dataclass
class SessionRunner:
    """One session: its engine, its record, and the repository every hold is written to."""

    engine: SessionEngine
    repository: History
    session_id: str
    active_before: float = 0.0
    """Active seconds from before a resume, added to the engine's own."""
    on_error: Callable[[Exception], None] | None = None
    """Told when the history cannot be written; the session goes on regardless."""
    progress: dict[int, StepProgress] = field(default_factory=dict)
    """Today's rung and best of each tracked step (by step number), for the timer."""
    _checkpointed: tuple[int, float] = (-1, 0.0)
    """The plan index and seconds held of the hold under way at its last checkpoint."""
    _writing: threading.Thread | None = None

    @classmethod
    def begin(
        cls,
        routine: Routine,
        clock: Clock,
        repository: History,
        *,
        pain_before: int | None = None,
        tz: str | None = None,
        resume: SessionRecord | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> SessionRunner:
        """Write the session's start (or reopen an interrupted one) and make its engine."""
        start_index = resume.resume_index if resume else 0
        engine = SessionEngine(
            routine,
            clock,
            start_index=start_index,
            tz=tz,
            done_before={h.index: counts_as_done(h) for h in resume.holds} if resume else None,
            carried=carried_seconds(resume, len(expand(routine))) if resume else 0.0,
        )
        if resume is not None:
            runner = cls(engine, repository, resume.id, resume.active_seconds, on_error)
            reopened = replace(resume, status=IN_PROGRESS, ended_at=None)
            runner._guard(lambda: repository.start_session(reopened))
            return runner
        record = SessionRecord(
            id=uuid.uuid4().hex,
            routine_id=routine.id,
            routine_name=routine.name,
            started_at=iso_from_wall(clock.wall(), tz),
            planned_holds=len(engine.plan),
            planned_rests=sum(1 for hold in engine.plan if not is_work(hold)),
            pain_before=pain_before,
        )
        runner = cls(engine, repository, record.id, 0.0, on_error)
        runner._guard(lambda: repository.start_session(record))
        return runner

    @classmethod
    def record_not_started(
        cls,
        routine: Routine,
        clock: Clock,
        repository: History,
        *,
        pain_before: int,
        reason: str,
        tz: str | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """A strength routine turned away by its pain-before answer ("not today"): the answer
        is recorded as a session stopped before its first hold, with why in its note, so the
        day stays a flare-up day after lowback closes (the flare-up rule reads the history)
        and the physiotherapist's report shows the pain that was reported."""
        runner = cls.begin(
            routine, clock, repository, pain_before=pain_before, tz=tz, on_error=on_error
        )
        ended_at = iso_from_wall(clock.wall(), tz)
        runner._guard(
            lambda: repository.finish_session(
                runner.session_id, status=STOPPED, ended_at=ended_at, active_seconds=0.0
            )
        )
        runner._guard(
            lambda: repository.set_note(runner.session_id, f"Not started: {reason} (not today).")
        )

    @property
    def active_seconds(self) -> float:
        return self.active_before + self.engine.active_seconds()

    def checkpoint(self) -> None:
        """Every CHECKPOINT_SECONDS of a hold, what is held so far goes to the journal, so
        that a kill loses at most that much and a resume goes on with the time that was left.
        Written on a thread of its own: the timer never waits for it (a late one is harmless,
        the repository skips a checkpoint of a hold already finished)."""
        engine, (index, last) = self.engine, self._checkpointed
        hold = engine.current
        if engine.phase is not Phase.HOLD or engine.paused or hold is None:
            return
        held = engine.elapsed()
        if hold.index == index and held - last < CHECKPOINT_SECONDS:
            return
        if hold.index != index and held < CHECKPOINT_SECONDS:
            return
        self._checkpointed = (hold.index, held)
        write = partial(
            self.repository.checkpoint, self.session_id, hold.index, held, self.active_seconds
        )
        self._writing = threading.Thread(
            target=_quietly, args=(write,), name="checkpoint", daemon=True
        )
        self._writing.start()

    def settle(self) -> None:
        """Wait for the last checkpoint to be written (for tests)."""
        if self._writing is not None:
            self._writing.join()

    def handle(self, events: list[Event]) -> list[Event]:
        """Persist what the events say happened; hand the events back for the screen."""
        for event in events:
            if isinstance(event, HoldFinished):
                self._guard(
                    partial(
                        self.repository.record_hold,
                        self.session_id,
                        event.record,
                        self.active_seconds,
                    )
                )
            elif isinstance(event, SessionEnded):
                self._guard(
                    partial(
                        self.repository.finish_session,
                        self.session_id,
                        status=event.status,
                        ended_at=iso_from_wall(self.engine.clock.wall(), self.engine.tz),
                        active_seconds=self.active_seconds,
                        hurt_step=self.engine.hurt_step,
                    )
                )
        return events

    def _guard(self, write: Callable[[], object]) -> None:
        # A full disk or a read-only file must not stop the person mid-stretch: say so, go on.
        try:
            write()
        except (OSError, HistoryError, RuntimeError) as error:  # RuntimeError: history not open
            if self.on_error is not None:
                self.on_error(error)


def resumable(repository: History | None) -> SessionRecord | None:
    """The newest session, if it was interrupted before its end: it may be resumed.

    Asked about at every start (the app's and plain mode's) until the user resumes it or does
    another session, so a kill or a closed terminal while the question is shown loses nothing.
    """
    newest = repository.newest() if repository is not None else None
    if repository is None or newest is None or newest.status != INTERRUPTED:
        return None
    record = repository.get(newest.id, newest.year)  # in full, from its year file
    if record is None or record.resume_index >= max(record.planned_holds, 1):
        return None
    return record
