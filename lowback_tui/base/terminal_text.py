"""Make text from files safe to show in a terminal (CSV cells: core/export.neutralise)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Invisible format characters that text needs and that cannot fool the eye: joiners (emoji
#: sequences like 🧘‍♀️, Indic scripts), direction marks (they affect only neutral characters
#: next to them), and tag characters (the regional flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿).
ALLOWED_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c") | frozenset(
    chr(code) for code in range(0xE0020, 0xE0080)
)
#: Bidi embeddings, overrides and isolates: they reorder what follows them on screen, so a
#: name could show one thing and be another.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@lru_cache(maxsize=4096)
def _shown(char: str) -> str:
    """How a character is shown: itself, or its escape (\\x1b, \\u202e) if it is not safe."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Zl", "Zp") or (category == "Cf" and char not in ALLOWED_FORMAT):
        code = ord(char)
        return (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}"
            if code < 0x10000
            else (f"\\U{code:08x}")
        )
    return char


#: Characters that are certainly safe (printable ASCII): most text is only these.
_PLAIN = re.compile(r"[\x20-\x7e]*")


def safe(text: object, *, multiline: bool = False) -> str:
    """`text` with every control character, escape sequence, bidi override and invisible
    character shown visibly (ESC as \\x1b, U+202E as \\u202e), so that text from a file can
    neither move the cursor, change colours, ring the bell nor reorder what is shown.

    With `multiline`, line breaks (and tabs) are kept: for messages of several lines.
    Rich/Textual markup is a separate matter: escape it where the text is shown as markup.
    """
    string = "" if text is None else str(text)
    if _PLAIN.fullmatch(string):
        return string
    kept = "\n\t" if multiline else ""
    return "".join(c if c in kept else _shown(c) for c in string)


def safe_json_text(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with every character `safe` would
    escape written as a JSON escape (\\u202e): the same data, shown safely.

    Only characters outside printable ASCII are looked at, one by one: JSON escapes every
    control character but DEL itself, so ASCII text without DEL is safe as it is (checked
    in C, at memory speed, for a whole export)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _NOT_PLAIN.sub(_json_escape, text)


#: Anything but printable ASCII and the line breaks and tabs of indented JSON.
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\n\t]+")


def _json_escape(match: re.Match[str]) -> str:
    out = []
    for char in match.group():
        if _shown(char) == char:
            out.append(char)
        else:
            encoded = char.encode("utf-16-be", "surrogatepass")
            out.extend(
                f"\\u{int.from_bytes(encoded[i : i + 2], 'big'):04x}"
                for i in range(0, len(encoded), 2)
            )
    return "".join(out)


def is_safe(text: str) -> bool:
    """Whether `safe` would show `text` as it is."""
    return safe(text) == text


def cell_width(text: str) -> int:
    """How many terminal columns `text` takes: 2 for a CJK character or an emoji (rich)."""
    from rich.cells import cell_len

    return cell_len(text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns (on the left when `right`-aligned), so a
    wide character does not push the next column out of line as `f"{text:<{width}}"` would."""
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, ending in "…" when it was cut."""
    if cell_width(text) <= width:
        return text
    from rich.cells import set_cell_size

    return set_cell_size(text, width - 1).rstrip() + "…"
