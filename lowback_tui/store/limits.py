"""The years lowback shows: a leaf module, so the prompt line's index reading stays light."""

from __future__ import annotations

#: A session's start, a rest day and a year file are within these years (with any UTC offset
#: and in any zone, a moment then is on a day Python can represent).
YEARS = range(1900, 9999)
