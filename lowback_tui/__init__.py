"""lowback: a keyboard-driven terminal companion for lower-back exercise routines."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lowback-tui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
