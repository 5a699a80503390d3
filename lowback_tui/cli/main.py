"""The lowback command line: opens the app, or lists, checks, imports and exports routines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from lowback_tui.base.terminal_text import safe
from lowback_tui.cli import clock as cli_clock
from lowback_tui.cli.errors import CliError
from lowback_tui.core.zone import adopt, resolve_zone

if TYPE_CHECKING:
    import argparse

    from lowback_tui.cli.clock import WallClock


def _plain_streak(words: Sequence[str]) -> tuple[bool, bool, str | None] | None:
    """`lowback streak` with its options spelt out in full, read by hand; None for anything
    else (help, a mistake, an abbreviation), which argparse then reads and answers.

    A shell prompt runs this after every command: argparse and its imports would cost it
    about as much as all of its own work.
    """
    if list(words[:1]) != ["streak"] or "_ARGCOMPLETE" in os.environ:
        return None
    ascii_only = as_json = False
    template: str | None = None
    rest = list(words[1:])
    while rest:
        word = rest.pop(0)
        if word == "--ascii":
            ascii_only = True
        elif word == "--json":
            as_json = True
        elif word == "--format" and rest and not rest[0].startswith("-"):
            template = rest.pop(0)
        elif word.startswith("--format="):
            template = word.removeprefix("--format=")
        else:
            return None
    return ascii_only, as_json, template


def main(argv: Sequence[str] | None = None, *, clock: WallClock | None = None) -> int:
    """Run the command line; returns the exit status (errors never show a traceback).

    `clock` is where every command reads "now" (tests pin the day with a fake one; without
    it, the machine's clock), as the app takes its clock through `build_app`.
    """
    with cli_clock.using(clock):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    streak = _plain_streak(words)
    if streak is not None:
        from lowback_tui.cli import prompt

        ascii_only, as_json, template = streak
        return _guarded(
            "streak",
            lambda: prompt.show_streak(ascii_only=ascii_only, as_json=as_json, template=template),
        )
    from lowback_tui.cli.args import parse

    args = parse(words, complete=argv is None)
    return _guarded(args.command, lambda: _dispatch(args))


def _guarded(command: str | None, run: Callable[[], int]) -> int:
    """Run a parsed command: in the time zone it places sessions in, with errors as sentences."""
    # The app says it in a notification; these commands place sessions on days.
    if command in ("history", "streak", "export", "report", "insights", "today", "remind"):
        zone = resolve_zone()
        adopt(zone)
        if zone.message:
            print(f"lowback: {safe(zone.message)}", file=sys.stderr)
    try:
        code = run()
        sys.stdout.flush()  # a failed write shows here, not as Python's message at exit
        return code
    except CliError as error:
        print(f"lowback: {safe(str(error), multiline=True)}", file=sys.stderr)  # quotes files
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `lowback history | head` closed the pipe: not an error
        _to_devnull(sys.stdout, sys.stderr)
        return 0
    except OSError as error:  # the output could not be written: a full disk, a dead terminal
        _to_devnull(sys.stdout)
        print(f"lowback: {output_error(error)}", file=sys.stderr)
        return 1


def output_error(error: OSError) -> str:
    """An error of the system left unhandled, in one sentence: nearly always the output (a
    full disk, a closed terminal), which has no file name; a file names itself."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename:
        return f"{error.filename}: {reason}."
    return f"cannot write the output: {reason}; it is incomplete."


def _to_devnull(*streams: object) -> None:
    """Point the streams' descriptors at /dev/null, so that what is still in their buffers
    goes nowhere at exit instead of failing again (as Python's documentation advises for a
    closed pipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in streams:
        try:
            os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        except (OSError, ValueError, AttributeError):
            continue  # not a real file (a test's capture): nothing is flushed at exit
    os.close(devnull)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "streak":  # without `commands`: a prompt runs it after every command
        from lowback_tui.cli import prompt

        return prompt.show_streak(ascii_only=args.ascii, as_json=args.json, template=args.format)
    if args.command == "history":
        from lowback_tui.cli import history as history_cli

        if args.history_command == "import":
            return history_cli.import_history(args.path)
        return history_cli.show_history(as_json=args.json, show_all=args.all, since=args.since)
    from lowback_tui.cli.day_args import dispatch

    answer = dispatch(args)  # today, remind, routines card
    if answer is not None:
        return answer
    from lowback_tui.cli import commands

    if args.command in (None, "run"):
        return commands.open_app(
            getattr(args, "routine", None), plain=getattr(args, "plain", False)
        )
    if args.command == "routines":
        action = args.routines_command
        if action == "check":
            return commands.check_routines(args.paths)
        if action == "import":
            return commands.import_routine(args.path, force=args.force)
        if action == "export":
            return commands.export_routine(args.routine_id, args.output, force=args.force)
        return commands.list_routines()
    if args.command == "completion":
        return commands.print_completion(args.shell)
    if args.command in ("export", "insights", "report"):
        return _progress(args)
    raise AssertionError(f"unhandled command {args.command!r}")


def _progress(args: argparse.Namespace) -> int:
    from lowback_tui.cli import progress as progress_commands

    if args.command == "insights":
        return progress_commands.show_insights(as_json=args.json, since_text=args.since)
    if args.command == "report":
        from lowback_tui.cli.commands import _home
        from lowback_tui.services.settings import load_settings

        settings, _ = load_settings(_home() / "settings.toml")
        return progress_commands.make_report(
            since_text=args.since,
            fmt=args.format,
            output=args.output,
            force=args.force,
            weekly_goal=settings.weekly_goal,
        )
    return progress_commands.export_history(
        args.format, args.output, since_text=args.since, excel=args.excel, force=args.force
    )


if __name__ == "__main__":
    sys.exit(main())
