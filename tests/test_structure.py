"""The structure the code keeps: screens get their services through their constructors, and
routine files have one owner."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from textual.app import App

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lowback_tui"


def app_attributes_used(path: Path) -> list[tuple[int, str]]:
    """(line, name) of every `self.app.NAME`, `app.NAME` and `getattr(self.app, "NAME")`."""

    def is_app(node: ast.expr) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "app") or (
            isinstance(node, ast.Name) and node.id == "app"
        )

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and is_app(node.value):
            found.append((node.lineno, node.attr))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr"}
            and len(node.args) >= 2
            and is_app(node.args[0])
            and isinstance(node.args[1], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[1].value)))
    return found


def test_screens_and_widgets_use_only_textual_s_own_app_attributes():
    files = sorted((PACKAGE / "ui" / "screens").glob("*.py"))
    files += sorted((PACKAGE / "ui" / "widgets").glob("*.py"))
    assert len(files) > 5
    hidden = [
        f"{path.relative_to(ROOT)}:{line}: app.{name}"
        for path in files
        for line, name in app_attributes_used(path)
        if not hasattr(App, name)
    ]
    assert hidden == [], "a screen reaches into the app; hand it a service instead:\n" + "\n".join(
        hidden
    )


def test_the_scan_sees_a_hidden_dependency(tmp_path: Path):
    sample = tmp_path / "screen.py"
    sample.write_text(
        "class S:\n    def f(self):\n        self.app.settings = 1\n"
        "        getattr(self.app, 'clock', None)\n"
    )
    used = sorted(app_attributes_used(sample))
    assert used == [(3, "settings"), (4, "clock")]
    assert not hasattr(App, "settings") and not hasattr(App, "clock")


def test_screens_and_workers_never_call_from_thread():
    # Thread workers post messages (harlequin's rule): a message is handled on the UI's own
    # task, so a worker never calls into widgets, and a closed screen simply drops it.
    calls = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        for line, name in app_attributes_used(path)
        if name == "call_from_thread"
    ]
    assert calls == []


def test_the_readme_s_test_command_is_the_one_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    [quick_start] = [line for line in readme.splitlines() if "pip install '.[test]'" in line]
    [runs] = [line for line in ci if line.startswith(".venv/bin/python -m pytest")]
    assert quick_start.endswith(runs.removeprefix(".venv/bin/")), (quick_start, runs)


def test_the_first_screen_imports_nothing_it_does_not_show() -> None:
    """The engine, the trends, the history's store, the settings screen and `secrets` come
    when they are needed: each was milliseconds of every start (issue 10: the first screen)."""
    probe = (
        "import sys; import lowback_tui.cli.main, lowback_tui.cli.commands, lowback_tui.ui.app; "
        "print(sorted(set(sys.modules) & {'lowback_tui.core.session', 'lowback_tui.core.trends', "
        "'lowback_tui.core.tally', 'lowback_tui.store.repository', 'lowback_tui.services.runner', "
        "'lowback_tui.ui.screens.settings', 'lowback_tui.ui.screens.timer', 'secrets', 'tinydb', "
        "'pendulum'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_import_circles() -> None:
    """No module imports, directly or through others, a module that imports it back: the
    layers read one way (README, Development). Imports for type checking only are left out
    (they never run); an import inside a function counts (it runs when called)."""
    import grimp

    graph = grimp.build_graph("lowback_tui", exclude_type_checking_imports=True)
    edges = {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m in graph.modules}
        for module in graph.modules
    }
    circles = strongly_connected(edges)
    assert circles == [], f"import circles: {circles}"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of two or more modules that reach each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)
