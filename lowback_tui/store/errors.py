"""Errors of the history store, worded for the person who reads them in the app."""

from __future__ import annotations


class HistoryError(Exception):
    """History cannot be read or written: the message says what, which file and what was done."""


class CorruptFileError(HistoryError):
    """A file's content is not what this version of lowback can read (bad JSON, shape, schema)."""


class OutdatedIndexError(CorruptFileError):
    """The index was written by an earlier lowback: derived data, rebuilt quietly."""
