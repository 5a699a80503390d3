"""`python -m lowback_tui`: the command line (lowback_tui/cli/main.py)."""

from __future__ import annotations

import sys

from lowback_tui.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
