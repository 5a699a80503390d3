"""The command line of the day's plan: `today`, `remind` and `routines card` (argparse)."""

from __future__ import annotations

import argparse
from typing import Any

TIME_HELP = "a time of day HH:MM (default: settings.toml's, else {default})"


def add_day_commands(commands: Any) -> None:
    """`lowback today` and `lowback remind ...` into the subcommands `commands`."""
    today = commands.add_parser(
        "today",
        help="the day's plan: a walk and strength in the morning, floor time in the evening",
        description="The day's plan from your history: the morning (a walk, then strength with "
        "today's targets), the evening (floor routines and the floor minutes so far), what is "
        "done and what is next; rest days and flare-ups honoured.",
    )
    today.add_argument("--json", action="store_true", help="print JSON instead of text")
    today.add_argument(
        "--ics", action="store_true", help="an iCalendar file: daily events with alarms"
    )
    today.add_argument("-o", "--output", metavar="FILE", help="the --ics file")
    today.add_argument("--force", action="store_true", help="replace FILE if it exists")

    remind = commands.add_parser(
        "remind",
        help="reminders through your own scheduler (systemd user timer or crontab)",
        description="Reminders without a daemon of lowback's: a systemd user timer (or a "
        "crontab line) runs `lowback remind now`, which sends one desktop notification when "
        "that part of the day is still to do.",
    )
    actions = remind.add_subparsers(dest="remind_command", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        help="write and enable the timer (or a crontab line)",
        description="Write a systemd user timer and service in $XDG_CONFIG_HOME/systemd/user "
        "and enable them when a user systemd answers; else add a crontab line.",
    )
    install.add_argument("--morning", metavar="HH:MM", help=TIME_HELP.format(default="07:30"))
    install.add_argument("--evening", metavar="HH:MM", help=TIME_HELP.format(default="20:00"))
    actions.add_parser(
        "status", help="what is installed and when it fires next", description="Show reminders."
    )
    actions.add_parser(
        "remove",
        help="remove exactly what install wrote",
        description="Disable and delete the files (or the crontab line) install wrote.",
    )
    actions.add_parser(
        "now",
        help="notify now if this part of the day is still to do",
        description="What the timer runs: one notification naming the routine and why, or "
        "nothing when that part of the day is done, a rest day or a flare-up, or at night.",
    )


def add_card_command(routine_commands: Any) -> argparse.Action:
    """`lowback routines card ID` into the `routines` actions; returns the ID argument (the
    command line gives it its completer)."""
    card = routine_commands.add_parser(
        "card",
        help="a printable A4 card of a routine",
        description="One A4 page: the steps with holds, reps and sides, each step's "
        "instructions, the caution, what to leave out, and the source articles.",
    )
    routine_id: argparse.Action = card.add_argument("routine_id", metavar="ID")
    card.add_argument("--format", choices=("html", "md"), default="html")
    card.add_argument("-o", "--output", metavar="FILE", help="file (default: stdout)")
    card.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return routine_id


def dispatch(args: argparse.Namespace) -> int | None:
    """Run a day command; None when `args` is not one."""
    if args.command == "today":
        from lowback_tui.cli.today import show_today

        return show_today(as_json=args.json, ics=args.ics, output=args.output, force=args.force)
    if args.command == "remind":
        from lowback_tui.cli import remind

        return remind.run(
            args.remind_command,
            morning=getattr(args, "morning", None),
            evening=getattr(args, "evening", None),
        )
    if args.command == "routines" and args.routines_command == "card":
        from lowback_tui.cli.card import make_card

        return make_card(args.routine_id, args.format, args.output, force=args.force)
    return None
