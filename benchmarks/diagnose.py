"""Why lowback starts slower and is bigger than the bare app: what each import adds.

A fresh interpreter first imports what the bare app imports, then, in the order a `lowback`
start reaches them, each group below; the time and resident memory each group adds are
measured (median of several fresh interpreters). The groups add up to the whole difference
in imports; what is left of the startup gap is lowback's own work before the first frame.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from devkit.terminal import REPO, base_env

BARE = ["textual.app", "textual.widgets._static"]
GROUPS: list[tuple[str, list[str]]] = [
    ("importlib.metadata (lowback_tui/__init__.py: __version__)", ["importlib.metadata"]),
    ("pendulum (commands.py -> core.describe, core.clock, core.streaks)", ["pendulum"]),
    (
        "lowback_tui.cli.main + commands (argparse, the catalog, routine parsing)",
        ["argparse", "lowback_tui.cli.main", "lowback_tui.cli.commands"],
    ),
    ("tinydb + the store (ui/app.py -> runner, store)", ["tinydb", "lowback_tui.store"]),
    (
        "the timer and summary screens (ui/app.py, imported before they are needed)",
        [
            "lowback_tui.ui.screens.timer",
            "lowback_tui.ui.screens.summary",
            "lowback_tui.services.runner",
        ],
    ),
    (
        "the editor: tomlkit, TextArea, Select, Input (ui/screens/picker.py imports it)",
        [
            "tomlkit",
            "lowback_tui.core.routine_toml",
            "lowback_tui.ui.screens.editor",
            "lowback_tui.ui.screens.editor_dialogs",
        ],
    ),
    ("the rest of ui/app.py (picker, OptionList, Footer, dialogs)", ["lowback_tui.ui.app"]),
]

PROBE = r"""
import importlib, json, sys, time, gc
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
bare, groups = json.loads(sys.argv[1])
for name in bare:
    importlib.import_module(name)
gc.collect()
out = []
for label, modules in groups:
    before_t, before_m = time.perf_counter(), rss()
    for name in modules:
        importlib.import_module(name)
    out.append((label, time.perf_counter() - before_t, rss() - before_m))
print(json.dumps(out))
"""


def import_costs(runs: int = 5) -> list[tuple[str, float, float]]:
    """(group, median seconds, median KiB) of what each group adds over the bare app."""
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in GROUPS}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, json.dumps([BARE, GROUPS])],
            capture_output=True,
            text=True,
            check=True,
            cwd=str(REPO),
            env=base_env(),
        )
        for label, seconds, kib in json.loads(result.stdout):
            samples[label].append((seconds, kib))
    return [
        (label, statistics.median(s for s, _ in values), statistics.median(k for _, k in values))
        for label, values in samples.items()
    ]


if __name__ == "__main__":
    for label, seconds, kib in import_costs():
        print(f"{seconds * 1000:6.1f} ms {kib / 1024:6.1f} MiB  {label}")


HISTORY_PROBE = r"""
import gc, json, sys
from pathlib import Path
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
from lowback_tui.store.loading import decode_history
from lowback_tui.store.storage import AtomicJSONStorage
gc.collect()
steps, last = [], rss()
storage = AtomicJSONStorage(Path(sys.argv[1]))
data = storage.load()
gc.collect(); steps.append(rss() - last); last = rss()
loaded = decode_history(data)
gc.collect(); steps.append(rss() - last); last = rss()
storage.render()
gc.collect(); steps.append(rss() - last)
print(json.dumps(steps))
"""


def history_memory(history: Path) -> dict[str, float]:
    """KiB each in-memory copy of a loaded history takes, as the app's store builds them."""
    result = subprocess.run(
        [sys.executable, "-c", HISTORY_PROBE, str(history)],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(REPO),
        env=base_env(),
    )
    parsed, decoded, fragments = json.loads(result.stdout)
    return {
        "TinyDB's parsed documents (storage.load)": parsed,
        "the repository's dataclasses (decode_history)": decoded,
        "the writer's cached JSON fragments (storage.render)": fragments,
    }
