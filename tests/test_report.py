"""`lowback report`: the page a physiotherapist gets, printed by a real headless Chromium."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from programs import require
from progress_data import plank, pushups, sample, session, store, stretch
from pypdf import PdfReader

from lowback_tui.core.records import COMPLETED, SKIPPED

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


def print_to_pdf(html: Path, tmp_path: Path) -> PdfReader:
    """Print `html` as Chromium does (what a physio's browser would print)."""
    chromium = require("chromium")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(pdf)


def page_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def crowded(today: dt.date) -> list:
    """Everything at once: 40 days of sessions, many hurt stops, long notes, several steps."""
    sessions = []
    for n in range(40):
        day = today - dt.timedelta(days=n)
        holds = (
            stretch(0),
            plank(30 + n, index=1),
            pushups(10 + n % 7, index=2),
            dataclass_step(plank(20 + n, index=3), "Side plank (left)"),
            dataclass_step(pushups(5 + n % 4, target=12, index=4), "Squats"),
            dataclass_step(pushups(8, target=10, index=5), "Sit-ups"),
        )
        sessions.append(
            session(
                n,
                day,
                holds=holds,
                pain=(4 + n % 3, 2 + n % 2),
                hurt=("Push-ups", 6) if n % 4 == 0 else None,
                note=("A long note about how it went, " * 8 + f"day {n}") if n % 3 == 0 else "",
                routine=(f"routine-{n % 9}", f"A routine with quite a long name number {n % 9}"),
            )
        )
    return sessions


def dataclass_step(hold, name: str):
    import dataclasses

    return dataclasses.replace(hold, step_name=name)


def test_report_prints_on_one_a4_page_with_every_section(home, cli, tmp_path, today):
    store(home, sample(today), rest_days=(today - dt.timedelta(days=3),))
    out = tmp_path / "report.html"
    code, stdout, err = cli("report", "-o", str(out))
    assert (code, stdout) == (0, "") and str(out) in err
    html = out.read_text(encoding="utf-8")
    # Self-contained: nothing to fetch, no script.
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * html.count(
        "<svg"
    )
    assert html.count("<svg") == 3  # pain, plank, push-ups
    assert "@page { size: A4" in html
    reader = print_to_pdf(out, tmp_path)
    assert len(reader.pages) == 1
    text = page_text(reader)
    first = today - dt.timedelta(days=27)
    assert f"{first.day} {first:%b %Y} – {today.day} {today:%b %Y} (28 days)" in text
    assert "7 days (goal 12) exercised (3 a week)" in text
    assert "9 sessions" not in text and "8 sessions (7 completed, 1 hurt)" in text
    assert "“This hurts” stops (1)" in text and "Push-ups 6/10" in text
    assert "Café, calm" in text and "=1+1 felt ok" in text
    assert "Plank test first 35.5s → last 52.2s, best 52.2s" in text
    assert "Push-ups first 12 → last 21, best 21" in text and "target 20" in text
    assert "Mean pain 3.7 before → 2.5 after (-1.2) over 6 sessions" in text
    assert "1 rest days (flare-ups) marked" in text and "1 day current streak" in text


def test_a_crowded_period_still_fits_one_page(home, cli, tmp_path, today):
    store(home, crowded(today))
    out = tmp_path / "report.html"
    assert cli("report", "--since", "6w", "-o", str(out))[0] == 0
    reader = print_to_pdf(out, tmp_path)
    text = page_text(reader)
    assert len(reader.pages) == 1, text
    assert "+6 more stops" in text  # 10 hurt stops, 4 shown
    assert "+10 more notes" in text and "+2 more steps" in text and "+5 more routines" in text


def test_report_totals_equal_the_csv_export(home, cli, today):
    sessions = sample(today) + crowded(today - dt.timedelta(days=60))
    # A hold done again after going back counts once, as in the app's summary.
    redo = session(
        99,
        today,
        holds=(stretch(0, outcome=SKIPPED), stretch(0), stretch(1)),
        status=COMPLETED,
        active=123.45,
    )
    store(home, [*sessions, redo])
    for since in ("4w", "12w", (today - dt.timedelta(days=70)).isoformat()):
        _, md, _ = cli("report", "--since", since, "--format", "md")
        _, exported, _ = cli("export", "--format", "csv", "--since", since)
        rows = list(csv.DictReader(io.StringIO(exported)))
        by_session: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            by_session.setdefault(row["session_id"], []).append(row)
        holds_done = 0
        for session_rows in by_session.values():
            last = {r["hold_index"]: r for r in session_rows if r["hold_index"]}
            holds_done += sum(1 for r in last.values() if r["done"] == "yes")  # the one rule
        minutes = round(sum(float(r[0]["active_seconds"]) for r in by_session.values()) / 60)
        days = {
            r[0]["started_at"][:10] for r in by_session.values() if r[0]["status"] == "completed"
        }
        hurt = sum(1 for r in by_session.values() if r[0]["status"] == "hurt")
        notes = sum(1 for r in by_session.values() if r[0]["note"])
        hours, rest = divmod(minutes, 60)
        assert f"| **{len(by_session)}** | sessions" in md
        assert f"active time · {holds_done} holds done |" in md
        assert f"| **{hours} h {rest} min** |" in md or f"| **{rest} min** |" in md
        unit = "day" if len(days) == 1 else "days"
        assert f"| **{len(days)} {unit} (goal " in md
        assert f"| **{hurt}** | “this hurts” stops |" in md
        assert f"## Notes ({notes})" in md


def test_markdown_report(home, cli, today):
    store(home, sample(today))
    code, out, _ = cli("report", "--format", "md", "--since", "2y")
    assert code == 0
    assert out.startswith("# Lower-back exercise report\n")
    assert "| **9** | sessions (8 completed, 1 hurt) |" in out
    assert "- **Plank test**: first 20s → last 52.2s" in out
    assert "| Café, calm |" in out or "Café, calm" in out
    before = out.split("    before ")[1].split("\n")[0]
    assert before == "▅▅▄▃▂"  # a character for each week with check-ins


def test_report_refuses_to_overwrite_without_force(home, cli, tmp_path, today):
    store(home, sample(today))
    out = tmp_path / "report.html"
    out.write_text("keep me")
    code, _stdout, err = cli("report", "-o", str(out))
    assert code != 0 and "exists already; use --force" in err
    assert out.read_text() == "keep me"
    assert cli("report", "-o", str(out), "--force")[0] == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_report_of_an_empty_period(home, cli, tmp_path, today):
    store(home, sample(today)[:1])  # 400 days ago
    code, out, _ = cli("report", "--format", "md")
    assert code == 0
    assert "| **0** | sessions |" in out
    assert "No session in this period has both a pain check-in before and after." in out
    assert "None in this period." in out and "No notes in this period." in out
    html_path = tmp_path / "empty.html"
    assert cli("report", "-o", str(html_path))[0] == 0
    assert "<svg" not in html_path.read_text()  # no empty axes, sentences instead


@pytest.mark.parametrize(
    ("since", "said"),
    [("2999-01-01", "is in the future"), ("last week", "expected a length back from today")],
)
def test_report_bad_since(home, cli, today, since, said):
    code, out, err = cli("report", "--since", since)
    assert code != 0 and out == "" and said in err and "Traceback" not in err


def test_text_from_the_history_is_text_in_both_formats(home, cli, tmp_path, today):
    odd = session(
        1,
        today,
        routine=("odd", "<script>alert(1)</script> | pipes"),
        note="line one\nline two | <b>bold</b>",
        hurt=("Step <i>", 4),
        pain=(3, 2),
    )
    store(home, [odd])
    out = tmp_path / "report.html"
    assert cli("report", "-o", str(out))[0] == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; | pipes" in html
    assert "<b>bold</b>" not in html and "Step &lt;i&gt;" in html
    _, md, _ = cli("report", "--format", "md")
    assert "| line one line two \\| &lt;b&gt;bold&lt;/b&gt; |" in md  # one row, literal text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| pipes" in md
