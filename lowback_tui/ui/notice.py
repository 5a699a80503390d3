"""How long a notification stays on screen, in seconds, by what it says.

The person reads it from the floor a metre or two away, perhaps after opening their eyes: the
more a message changes what happens to their sessions, the longer it stays.
"""

from __future__ import annotations

ECHO = 2
"""The echo of a key just pressed ("Cues muted")."""
BRIEF = 3
"""A confirmation or a passing word: saved, deleted, a test cue, the history still loading."""
HINT = 4
"""What to do before the key just pressed can work ("Type how many you did first")."""
PROBLEM = 10
"""A problem to read and perhaps fix: a setting or a cue that could not be used."""
CAUTION = 15
"""A warning about how sessions are placed (the time zone in use)."""
SERIOUS = 30
"""What changes what is saved: read-only, the history not available or repaired, a routine
file with errors."""
