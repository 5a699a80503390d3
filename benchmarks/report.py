"""The results table, printed and written as Markdown with the machine it was measured on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

PASS, MISS, INFO = "PASS", "MISS", "info"


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    measure: str
    lowback: str
    anchor: str
    value: str
    """The ratio to the anchor, or the value compared with the goal."""
    goal: str
    result: str
    """PASS or MISS."""
    load: str = ""
    """The machine's 1-minute load average while the row was measured."""


def verdict(passed: bool) -> str:
    return PASS if passed else MISS


def revision(repo: Path) -> str:
    """The commit measured, and whether lowback's sources differed from it."""
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--", "lowback_tui", "routines"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + (" with uncommitted changes to lowback_tui/" if dirty else "")


def machine(source: str) -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        ("Date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", f"{model}, {os.cpu_count()} logical cores (nproc {len(os.sched_getaffinity(0))})"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", sys.version.split()[0]),
        ("Textual", version("textual")),
        ("lowback", f"{version('lowback-tui')}, commit {source}"),
    ]


HEADERS = ("measure", "lowback", "bare / anchor", "ratio or value", "goal", "result", "load")


def table_text(rows: list[Row]) -> str:
    """A plain-text table for the terminal."""
    cells = [HEADERS] + [
        (r.measure, r.lowback, r.anchor, r.value, r.goal, r.result, r.load) for r in rows
    ]
    widths = [max(len(row[column]) for row in cells) for column in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def table_markdown(rows: list[Row]) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for r in rows:
        result = f"**{r.result}**" if r.result == MISS else r.result
        measure = "↳ " + r.measure.lstrip() if r.measure.startswith(" ") else r.measure
        lines.append(
            "| "
            + " | ".join(
                escape(c) for c in (measure, r.lowback, r.anchor, r.value, r.goal, result, r.load)
            )
            + " |"
        )
    return "\n".join(lines)


def write_markdown(
    path: Path,
    rows: list[Row],
    *,
    command: str,
    method: str,
    findings: list[str],
    extra: list[str],
    source: str,
) -> None:
    """docs/benchmarks.md: the table, the machine, how each number is measured, the findings."""
    parts = [
        "# Benchmarks",
        "",
        f"Measured by `{command}` (all rows in one run, side by side with the anchor). "
        "Regenerate this page with the same command.",
        "",
        table_markdown(rows),
        "",
        "## Machine",
        "",
    ]
    parts += [f"- **{key}:** {value}" for key, value in machine(source)]
    parts += ["", "## How each number is measured", "", method.strip(), ""]
    if findings:
        parts += ["## Goals missed: why, and what to change", ""]
        parts += [*findings, ""]
    if extra:
        parts += ["## Details", "", *extra]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts).rstrip() + "\n", encoding="utf-8")
