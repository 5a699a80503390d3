"""JSON as lowback reads it: duplicate keys, non-finite numbers, lone surrogates and deep
nesting are errors in the file, never a silent merge or a traceback."""

from __future__ import annotations

import json
import math
from typing import Any


class JSONContentError(ValueError):
    """The text is JSON, but not JSON lowback accepts; the message says why and where."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refusing a key given twice (json keeps the last one: a silent merge)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JSONContentError(f"the key {key!r} appears twice in one object")
            seen.add(key)
    for key, value in pairs:
        # Only non-ASCII text can hold a lone surrogate ("\ud800"), which no file or
        # terminal can encode: refused here, where it enters, not when it is printed.
        if not key.isascii():
            _encodable(key)
        if type(value) is str and not value.isascii():
            _encodable(value)
    return obj


def _encodable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "backslashreplace").decode("ascii", "replace")[:60]
        raise JSONContentError(f"the text {shown!r} holds a lone surrogate") from None


def _constant(name: str) -> Any:
    raise JSONContentError(f"it holds {name}, which is not a number lowback can use")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as inf
        raise JSONContentError(f"the number {text[:40]} is too large")
    return value


def loads(raw: bytes | str) -> Any:
    """Parse JSON; JSONContentError (a ValueError) for what lowback refuses, ValueError for
    text that is not JSON at all (json's own JSONDecodeError and UnicodeDecodeError)."""
    try:
        return json.loads(
            raw, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float
        )
    except RecursionError:  # the C decoder recurses once per level of nesting
        raise JSONContentError("it is nested too deeply") from None
