"""Parsing the lowback command line (argparse; argcomplete only when a shell asks)."""

from __future__ import annotations

import argparse
import difflib
import os
import re
from collections.abc import Sequence
from typing import NoReturn

SINCE_HELP = "from 4w, 30d, 6m, 1y back, or a date such as 2026-03-01"


class _Version(argparse.Action):
    """--version, reading the package metadata only when it is asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import lowback_tui

        print(f"lowback {lowback_tui.__version__}")
        parser.exit()


#: Shells `lowback completion` writes code for (argcomplete's; shtab has no fish).
SHELLS = ("bash", "zsh", "fish")


class _NamingParser(argparse.ArgumentParser):
    """An argument parser that names a mistyped option ("unknown option --sinse; did you mean
    --since?") before any other complaint it has, in every subcommand.

    Plain argparse reads an unknown option as nothing, lets its value fill a positional, and
    then says "the following arguments are required" or "invalid choice: '4w'", which points
    everywhere but at the typo.
    """

    _words: list[str]

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        import sys

        self._words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        found = unknown_option(self, getattr(self, "_words", []))
        if found is not None:
            owner, word = found
            hint = _close_option(owner, word)
            message = f"unknown option {word}" + (f"; did you mean {hint}?" if hint else "")
            if owner is not self:  # the subcommand's usage, where the option belongs
                owner.error(message)
        else:
            message += _close_choice(self, message)
        super().error(message)


def unknown_option(
    parser: argparse.ArgumentParser, words: Sequence[str]
) -> tuple[argparse.ArgumentParser, str] | None:
    """The first word of `words` that looks like an option no parser on its way knows, with
    the (sub)parser it was given to; None when every option is known.

    Follows the words into the subcommand they name, as argparse does, and steps over the
    value of an option that takes one, so `-o --x` is a file named "--x".
    """
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word == "--":
            return None
        if _is_option(parser, word):
            action = _known_action(parser, word)
            if action is None:
                return parser, word.split("=", 1)[0]
            if rest and _takes_next_word(action, word):
                rest.pop(0)
            continue
        sub = _subcommand(parser, word)
        if sub is not None:
            return unknown_option(sub, rest)
    return None


def _is_option(parser: argparse.ArgumentParser, word: str) -> bool:
    if len(word) < 2 or word[0] not in parser.prefix_chars:
        return False
    return not word[1:].replace(".", "", 1).isdigit()  # -4 is a negative number


def _known_action(parser: argparse.ArgumentParser, word: str) -> argparse.Action | None:
    """The action `word` names: exactly, as --opt=value, as -oVALUE or as an abbreviation
    argparse accepts (an ambiguous one counts as known: argparse names the candidates)."""
    table = parser._option_string_actions
    name = word.split("=", 1)[0] if word.startswith("--") else word
    if name in table:
        return table[name]
    if not word.startswith("--") and word[:2] in table:
        return table[word[:2]]
    if word.startswith("--"):
        matches = [option for option in table if option.startswith(name)]
        if matches:
            return table[matches[0]]
    return None


def _takes_next_word(action: argparse.Action, word: str) -> bool:
    """Whether the option `word` reads the next word as its value (not --opt=value, -oFILE)."""
    if action.nargs not in (None, 1) or "=" in word:
        return False
    return word in action.option_strings or word.startswith("--")


def _subcommand(parser: argparse.ArgumentParser, word: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and word in action.choices:
            chosen: argparse.ArgumentParser = action.choices[word]
            return chosen
    return None


def _close_choice(parser: argparse.ArgumentParser, message: str) -> str:
    """What follows argparse's "invalid choice: 'histroy' (...)": "; did you mean history?"
    when one of the parser's choices (subcommands, --format values) is close, else ""."""
    invalid = re.search(r"invalid choice: '([^']*)'", message)
    if invalid is None:
        return ""
    choices = [str(c) for action in parser._actions for c in action.choices or ()]
    matches = difflib.get_close_matches(invalid.group(1), choices, n=1, cutoff=0.6)
    return f"; did you mean {matches[0]}?" if matches else ""


def _close_option(parser: argparse.ArgumentParser, word: str) -> str | None:
    """The option of `parser` closest to the mistyped `word`, if one is close (difflib)."""
    options = [option for option in parser._option_string_actions if option.startswith("--")]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return matches[0] if matches else None


class _Parser(_NamingParser):
    """An argument parser whose --help names the data folder in use (looked up only then)."""

    def format_help(self) -> str:
        from lowback_tui.base.paths import home_dir

        home = home_dir()
        source = "$LOWBACK_HOME" if os.environ.get("LOWBACK_HOME", "").strip() else "default"
        return f"{super().format_help()}\ndata folder in use: {home} ({source})\n"


STREAK_DESCRIPTION = "One short line for a shell prompt or status bar (reads only the index)."


def streak_options(streak: argparse.ArgumentParser) -> argparse.ArgumentParser:
    streak.add_argument("--ascii", action="store_true", help="no emoji or symbols")
    streak.add_argument("--json", action="store_true", help="the figures as one JSON object")
    streak.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="your own line, e.g. '{current}d {week}/{goal}'; fields: current, best, week, "
        "goal, today (done, pending or rest), check (✓ when done today), fire (🔥 while on a "
        "streak)",
    )
    return streak


def streak_parser() -> argparse.ArgumentParser:
    """`lowback streak` alone: a prompt runs it after every command, and building the whole
    command line (every subcommand's parser) would cost it more than its own work."""
    parser = _NamingParser(prog="lowback streak", description=STREAK_DESCRIPTION)
    parser.set_defaults(command="streak")
    return streak_options(parser)


def full_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lowback",
        description="Lower-back exercise routines with exact hold timers, history and streaks.",
        epilog="Data lives in $LOWBACK_HOME (default: your user data folder). "
        "LOWBACK_TIME_SCALE=N runs every clock N times faster.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="start a routine at once", description="Start a routine.")
    completes_routine_ids(
        run.add_argument(
            "routine", help="routine id or name (any case), as `lowback routines` lists it"
        )
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="lines of text and the bell instead of the full screen (screen readers, braille "
        'displays); display = "plain" in settings.toml makes it the default',
    )

    routines = commands.add_parser(
        "routines",
        help="list, check, import or export routines",
        description="List the routines (built-in and custom, with file errors), or work on files.",
    )
    routine_commands = routines.add_subparsers(dest="routines_command", metavar="ACTION")
    check = routine_commands.add_parser(
        "check",
        help="validate routine files",
        description="Validate routine files (with no PATH: your own routines); exit 1 on errors.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH")
    import_ = routine_commands.add_parser(
        "import",
        help="copy a routine file into your routines",
        description="Validate a routine file and copy it into $LOWBACK_HOME/routines/.",
    )
    import_.add_argument("path", metavar="PATH")
    import_.add_argument("--force", action="store_true", help="replace a routine with that id")
    export_routine = routine_commands.add_parser(
        "export", help="write a routine's TOML", description="Write a routine's TOML file."
    )
    completes_routine_ids(export_routine.add_argument("routine_id", metavar="ID"))
    export_routine.add_argument("-o", "--output", metavar="FILE", help="file (default: stdout)")
    export_routine.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    from lowback_tui.cli.day_args import add_card_command, add_day_commands

    completes_routine_ids(add_card_command(routine_commands))

    history = commands.add_parser(
        "history",
        help="list past sessions, or import another device's",
        description="List past sessions, newest first (the latest 20 unless --all or --since).",
    )
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history.add_argument("--all", action="store_true", help="every session, not the latest 20")
    history.add_argument(
        "--since", metavar="WHEN", help="sessions since a date (2026-03-01) or 10d, 4w, 3m, 1y"
    )
    history_commands = history.add_subparsers(dest="history_command", metavar="ACTION")
    history_import = history_commands.add_parser(
        "import",
        help="merge another device's history",
        description="Merge a history.json, a history/ folder or a `lowback export --format "
        "json` file into yours, by session id (importing twice adds nothing).",
    )
    history_import.add_argument("path", metavar="PATH")

    streak_options(
        commands.add_parser(
            "streak",
            help="one line: current and best streak",
            description=STREAK_DESCRIPTION,
        )
    )

    export = commands.add_parser(
        "export",
        help="export the history",
        description="Export sessions and holds: CSV (one row per hold) or JSON (with rest days).",
    )
    export.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="csv (the default) or json"
    )
    export.add_argument("--since", metavar="WHEN", help=SINCE_HELP)
    export.add_argument(
        "--excel",
        action="store_true",
        help="CSV for spreadsheet programs: UTF-8 with a BOM, local date and time columns",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    insights = commands.add_parser(
        "insights",
        help="what helps: pain change and hurt stops per routine",
        description="Per routine: sessions, the average pain change (after - before) and on "
        "how many sessions it rests, and the steps where 'this hurts' stopped a session.",
    )
    insights.add_argument("--json", action="store_true", help="print JSON instead of text")
    insights.add_argument("--since", metavar="WHEN", help=SINCE_HELP + " (default: all)")

    report = commands.add_parser(
        "report",
        help="a one-page report for a physiotherapist",
        description="A one-page report: days exercised, streaks, pain, plank and reps "
        "progress, hurt stops and notes. The HTML prints on one A4 page.",
    )
    report.add_argument("--since", metavar="WHEN", help=SINCE_HELP + " (default: 4w)")
    report.add_argument("--format", choices=("html", "md"), default="html")
    report.add_argument("-o", "--output", metavar="FILE", help="file (default: stdout)")
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")

    add_day_commands(commands)

    completion = commands.add_parser(
        "completion",
        help="print shell completion code",
        description="Print the completion code for a shell. Install it with, for example: "
        "lowback completion bash > ~/.local/share/bash-completion/completions/lowback ; "
        "lowback completion zsh > ~/.zfunc/_lowback ; "
        "lowback completion fish > ~/.config/fish/completions/lowback.fish",
    )
    completion.add_argument("shell", choices=SHELLS)
    return parser


def routine_ids(prefix: str, **_: object) -> list[str]:
    """The ids of the routines that can run, built-in and your own, that start with `prefix`:
    what the shell offers after `run`, `routines export` and `routines card` (argcomplete)."""
    from lowback_tui.base.paths import home_dir
    from lowback_tui.store.library import RoutineLibrary

    try:
        entries = RoutineLibrary.for_home(home_dir()).entries()
    except OSError:  # an unreadable folder: offer nothing rather than a traceback in the shell
        return []
    return sorted({entry.id for entry in entries if entry.ok and entry.id.startswith(prefix)})


def completes_routine_ids(argument: argparse.Action) -> None:
    """Let the shell complete `argument` with routine ids instead of file names."""
    argument.completer = routine_ids  # type: ignore[attr-defined]  # argcomplete reads it


def complete_if_asked(parser: argparse.ArgumentParser) -> None:
    """Answer a shell's completion request (it sets _ARGCOMPLETE) and exit; else do nothing.

    argcomplete is imported only then, so ordinary commands (and `lowback streak` in a
    prompt) pay nothing for completion.
    """
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser)


def parse(words: Sequence[str], *, complete: bool) -> argparse.Namespace:
    """The parsed command line (argparse exits with its message on a mistake). `complete`: a
    real command line, where a shell may be asking for completions."""
    if list(words[:1]) == ["streak"] and "_ARGCOMPLETE" not in os.environ:
        return streak_parser().parse_args(list(words[1:]))
    parser = full_parser()
    if complete:
        complete_if_asked(parser)
    return parser.parse_args(list(words))
