"""Ties a running session engine to the history: every finished hold lands on disk at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from lowback_tui.core.clock import Clock, iso_from_wall
from lowback_tui.core.progression import StepProgress
from lowback_tui.core.records import IN_PROGRESS, INTERRUPTED, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.core.session import Event, HoldFinished, SessionEnded, SessionEngine
from lowback_tui.core.tally import counts_as_done, is_work
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.unavailable import History


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

    @property
    def active_seconds(self) -> float:
        return self.active_before + self.engine.active_seconds()

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
