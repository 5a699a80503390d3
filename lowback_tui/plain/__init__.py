"""Plain mode (`lowback run --plain ROUTINE`, `display = "plain"`): the session as lines of text
and the bell, for screen readers and braille displays; the same engine, runner and history."""
