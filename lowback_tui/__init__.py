"""lowback: a keyboard-driven terminal companion for lower-back exercise routines."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Read from the package metadata only when asked: importlib.metadata costs ~30 ms at start.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("lowback-tui")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+source"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
