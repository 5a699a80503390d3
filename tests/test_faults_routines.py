"""Fault injection: hostile and odd routine files, in `lowback routines check` and the picker.

Each file gives a clear error naming the file (and the step and field where there is one), or
is shown literally; nothing crashes, nothing hangs, no control character reaches the terminal.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_app, preview_text, wait_for
from textual.widgets import OptionList

from lowback_tui.cli.main import main
from lowback_tui.ui.screens.picker import PickerScreen


def routine(
    name: str = "Evening", *, step: str = "Stretch", kind: str = "stretch", hold: str = "8s"
) -> str:
    return f'name = "{name}"\n[[step]]\nname = "{step}"\nkind = "{kind}"\nhold = "{hold}"\n'


RTL_NAME = "تمرين الظهر"
WIDE_STEP = "腰のストレッチ 🧘"
MARKUP_NAME = "[bold red]Loud[/] [link=https://x.invalid]click[/link]"

#: file name -> (content, words the error must contain). Every one must be refused.
BAD: dict[str, tuple[bytes, list[str]]] = {
    "empty.toml": (b"", ["name: is missing", "no steps"]),
    "huge.toml": (b"# " + b"x" * (10 * 1024 * 1024) + b"\n", ["larger than 1 MiB"]),
    "binary.toml": (bytes(range(256)) * 8, ["binary file"]),
    "latin1.toml": ('name = "Rücken"\n'.encode("latin-1"), ["not UTF-8"]),
    "nested-arrays.toml": (
        b'name = "x"\nsummary = ' + b"[" * 50_000 + b"]" * 50_000,
        ["nested too deeply"],
    ),
    "nested-tables.toml": (
        b'name = "x"\na = ' + b"{b = " * 5_000 + b"1" + b"}" * 5_000,
        ["nested too deeply"],
    ),
    "unknown-kind.toml": (
        routine(kind="strech").encode(),
        ['step 1 "Stretch": kind', "'strech' is not one of", 'did you mean "stretch"'],
    ),
    "zero.toml": (routine(hold="0s").encode(), ['step 1 "Stretch": hold', "is zero"]),
    "negative.toml": (routine(hold="-5s").encode(), ['step 1 "Stretch": hold', "negative"]),
    "absurd.toml": (routine(hold="99999h").encode(), ['step 1 "Stretch": hold', "longer than 4h"]),
    "control.toml": (
        routine(name="Evil\\u001b[31mred\\u0007").encode(),
        ["name: contains control characters", "\\x1b[31mred\\x07"],
    ),
    "bidi-override.toml": (
        routine(name="abc\\u202Edcb").encode(),
        ["name: contains control characters", "\\u202e"],
    ),
    "[bold]markup.toml": (b"name = ", ["not valid TOML"]),
}
#: file name -> (content, the names the user must see, as written).
GOOD = {
    "markup.toml": (routine(name=MARKUP_NAME), [MARKUP_NAME]),
    "rtl-wide.toml": (routine(name=RTL_NAME, step=WIDE_STEP), [RTL_NAME, WIDE_STEP]),
}


def write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (content, _) in BAD.items():
        (folder / name).write_bytes(content)
    for name, (text, _) in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    status = main(["routines", "check", *map(str, paths)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", list(BAD))
def test_routines_check_explains_each_bad_file(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    write_all(tmp_path)
    status, out, err = check(capsys, tmp_path / name)
    assert status == 1 and out == ""
    assert err.startswith(str(tmp_path / name) + ": ")
    for words in BAD[name][1]:
        assert words in err, (words, err)
    assert all(ch.isprintable() or ch == "\n" for ch in err)  # nothing raw reaches the tty
    assert len(err) < 1000  # a 10 MB file gives a short message


@pytest.mark.parametrize("name", list(GOOD))
def test_routines_check_accepts_odd_but_valid_names(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    write_all(tmp_path)
    status, out, err = check(capsys, tmp_path / name)
    assert (status, err) == (0, "")
    assert out == f"{tmp_path / name}: ok, 1 step, ~1 min\n"


def test_routines_check_process_over_every_file_at_once(tmp_path: Path):
    write_all(tmp_path)
    paths = sorted(str(path) for path in tmp_path.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "lowback_tui", "routines", "check", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.count(": ok,") == len(GOOD)
    for name in BAD:
        assert str(tmp_path / name) in result.stderr


@pytest.mark.parametrize("name", ["Morning 🧘\u200d♀️", "בוקר \u200f(1)"])
def test_routines_check_accepts_joiners_and_direction_marks(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "joined.toml"
    path.write_text(routine(name=name), encoding="utf-8")
    assert check(capsys, path)[0] == 0


def option_texts(picker: PickerScreen) -> list[str]:
    options = picker.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def rendered(app) -> str:
    """The screen as the terminal shows it, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_picker_lists_bad_files_with_their_errors_and_names_literally(tmp_path: Path):
    write_all(tmp_path / "routines")
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        entries = {entry.id: entry for entry in picker.entries}
        assert {name.removesuffix(".toml") for name in [*BAD, *GOOD]} <= set(entries)
        texts = option_texts(picker)
        for name in BAD:
            assert sum(t.startswith(f"{name[:-5]}  file has errors") for t in texts) == 1
        assert any(MARKUP_NAME in text for text in texts)
        assert any(RTL_NAME in text for text in texts)
        # The screen itself: the literal names, the markup not interpreted.
        screen = rendered(app)
        assert "[bold red]Loud[/]" in screen and "[bold]markup  file has errors" in screen
        # A bad file: its errors in the preview, and Enter refuses to start it.
        options = picker.query_one(OptionList)
        options.highlighted = [e.id for e in picker.entries].index("unknown-kind")
        await pilot.pause()
        preview = preview_text(picker)
        assert "This file has errors and cannot be run" in preview
        assert "step 1 \"Stretch\": kind: 'strech' is not one of" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker
        assert any("has errors" in n.message for n in app._notifications)
        # A good one with right-to-left and wide characters: in the list and the preview.
        options.highlighted = [e.id for e in picker.entries].index("rtl-wide")
        await pilot.pause()
        assert WIDE_STEP in preview_text(picker)
        screen = rendered(app)
        assert RTL_NAME in screen and WIDE_STEP in screen
