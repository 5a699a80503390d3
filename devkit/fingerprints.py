"""Fingerprints of the source articles' wording, so the "own words" test runs on any clone.

`python -m devkit.fingerprints FOLDER` reads the articles' text files in FOLDER and writes
tests/data/article_ngrams.txt: one short hash per run of eight words. The text itself never
enters the repository, and a hash cannot be read back into it; the test hashes the routines'
runs of eight words the same way and fails on any match.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 8
"""How many words in a row count as copied."""

OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "article_ngrams.txt"


def words(text: str) -> list[str]:
    """Lower-case words, with typographic apostrophes made plain."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def fingerprint(run: Iterable[str]) -> str:
    """A 12-hex-digit hash of one run of words."""
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def runs(sequence: list[str], length: int = RUN) -> Iterator[tuple[str, ...]]:
    """Every run of `length` words in a row."""
    for start in range(len(sequence) - length + 1):
        yield tuple(sequence[start : start + length])


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m devkit.fingerprints FOLDER-OF-ARTICLES", file=sys.stderr)
        return 2
    hashes = {
        fingerprint(run)
        for path in sorted(Path(argv[0]).glob("*.txt"))
        for run in runs(words(path.read_text(encoding="utf-8")))
    }
    OUTPUT.write_text("".join(f"{value}\n" for value in sorted(hashes)), encoding="ascii")
    print(f"{len(hashes)} fingerprints written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
