"""`lowback routines card`: one printable A4 page per routine, printed by a real headless
Chromium (as the report is)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_report import page_text, print_to_pdf

from lowback_tui.base.paths import builtin_routines_dir

BUILTIN = sorted(path.stem for path in builtin_routines_dir().glob("*.toml"))

HOSTILE = '''\
name = "Sneaky <b>bold</b> & co"
summary = "A test. Based on the article <script>alert(1)</script>."
caution = "Never <img src=x onerror=alert(1)> bounce."

[[step]]
name = "Tilt <i>this</i> | *that*"
kind = "stretch"
hold = "8-10s"
reps = 3
sides = "both"
instructions = """Line one <br> two
# not a heading
- not a list"""
'''


def test_floor_five_card_holds_every_step_with_its_hold(home: Path, cli):
    code, out, err = cli("routines", "card", "floor-five", "--format", "html")
    assert code == 0, err
    for step in ("Pelvic tilt", "Knee to chest", "Lower torso rotation", "Hamstring stretch"):
        assert f"{step}</h3>" in out
    assert "8-10s × 5, each side" in out and "8-10s × 5</div>" not in out
    assert "@page { size: A4" in out and "<script" not in out and "src=" not in out
    assert "Caution.</b> If your back problems are more than mild" in out
    assert "the hurdler&#x27;s stretch" in out  # the avoid-list
    assert "<b>Source:</b> Back Exercise Lower Pain Relief Techniques" in out


@pytest.mark.parametrize("routine_id", BUILTIN)
def test_every_builtin_card_prints_on_one_a4_page(home: Path, cli, tmp_path: Path, routine_id):
    card = tmp_path / f"{routine_id}.html"
    code, stdout, err = cli("routines", "card", routine_id, "-o", str(card))
    assert (code, stdout) == (0, "") and str(card) in err
    assert stat.S_IMODE(os.stat(card).st_mode) == 0o600
    reader = print_to_pdf(card, tmp_path)
    assert len(reader.pages) == 1
    text = page_text(reader)
    assert "Leave out" in text and "not medical advice" in text
    assert "Source:" in text


def test_core_strength_card_says_ladders_build_ups_and_the_test(home: Path, cli):
    _, out, _ = cli("routines", "card", "core-strength", "--format", "md")
    assert "climbs 20 → 30 → 40" in out
    assert "builds up from 30s by 15s to 2m" in out
    assert "a test: stop the strength work if it falls short or hurts" in out


def test_text_from_a_routine_file_is_escaped(home: Path, cli, tmp_path: Path):
    routines = home / "routines"
    routines.mkdir(parents=True)
    (routines / "sneaky.toml").write_text(HOSTILE)
    _, html, err = cli("routines", "card", "sneaky")
    assert "<script" not in html and "<img" not in html and "<i>this" not in html, err
    assert "Sneaky &lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    _, md, _ = cli("routines", "card", "sneaky", "--format", "md")
    assert "<script" not in md and "<br>" not in md
    assert "Tilt &lt;i&gt;this&lt;/i&gt; \\| \\*that\\*" in md
    assert "\\# not a heading" in md and "\\- not a list" in md


def test_a_card_never_replaces_a_file_without_force(home: Path, cli, tmp_path: Path):
    target = tmp_path / "card.md"
    target.write_text("mine")
    code, _, err = cli("routines", "card", "static-back", "--format", "md", "-o", str(target))
    assert code == 1 and "exists already; use --force" in err and target.read_text() == "mine"


def test_an_unknown_routine_is_named_with_close_matches(home: Path, cli):
    code, _, err = cli("routines", "card", "floor-fiv")
    assert code == 1 and "no routine 'floor-fiv'; did you mean floor-five" in err
