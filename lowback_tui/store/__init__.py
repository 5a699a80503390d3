"""The history store: TinyDB behind a repository, written atomically, with a session journal."""

from .errors import HistoryError
from .lock import HomeLock, HomeLockedError
from .repository import HistoryRepository
from .storage import AtomicJSONStorage

__all__ = [
    "AtomicJSONStorage",
    "HistoryError",
    "HistoryRepository",
    "HomeLock",
    "HomeLockedError",
]
