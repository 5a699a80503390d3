"""Cues that are heard (issue 8, part 1): the bell, tones, a voice, beside the timer."""

from __future__ import annotations

import shutil
import stat
import sys
import time
import wave
from pathlib import Path

import pytest
from helpers import advance, history_on_disk, make_app, screen_text, wait_for, wait_for_screen
from programs import require
from test_app_session import custom, start

from devkit.fake_cues import FakeSpeaker
from lowback_tui.core.announce import Announcement, Tone
from lowback_tui.services.cues.service import Cues, choose
from lowback_tui.services.cues.speakers import BellSpeaker, SoundSpeaker, VoiceSpeaker
from lowback_tui.services.cues.tones import NOTES, RATE, tone_file
from lowback_tui.services.settings import CueMode, Settings
from lowback_tui.ui.screens.settings import SettingsScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen


async def run_short(pilot, clock) -> None:
    """The SHORT routine: knee to chest both sides, a 42 s plank, 18 push-ups."""
    await start(pilot, "short", pain=None)
    await advance(pilot, clock, 2)
    await advance(pilot, clock, 3)
    await advance(pilot, clock, 8)
    await advance(pilot, clock, 2)  # end of the left side, rest, switch sides
    await advance(pilot, clock, 3)
    await advance(pilot, clock, 8)
    await advance(pilot, clock, 2)  # the right side runs to its end
    await advance(pilot, clock, 2)
    await advance(pilot, clock, 3)
    await advance(pilot, clock, 30)
    await advance(pilot, clock, 12)
    await pilot.press("enter")  # the plank, after 42 s
    await advance(pilot, clock, 2)
    await advance(pilot, clock, 3)
    await pilot.press("1", "8", "enter")
    await wait_for_screen(pilot, SummaryScreen)


async def test_a_whole_routine_through_the_app_gives_an_exact_transcript(tmp_path: Path):
    custom(tmp_path)
    speaker = FakeSpeaker()
    app, clock = make_app(tmp_path, pain_checkin=False, speaker=speaker)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_short(pilot, clock)
    assert speaker.transcript == [
        "Knee to chest, left side",
        "3, 2, 1",
        "hold",
        "you may release",
        "release. Right side",
        "3, 2, 1",
        "hold",
        "you may release",
        "release. Plank, at least 30 seconds",
        "3, 2, 1",
        "hold",
        "target reached",
        "Plank, 42 seconds. Push-ups, 20 reps",
        "3, 2, 1",
        "20 reps",
        "Push-ups, 18 done. routine complete, well done. 4 of 4 holds, 1 minute",
    ]


async def test_mute_silences_the_voice(tmp_path: Path):
    custom(tmp_path)
    speaker = FakeSpeaker()
    app, clock = make_app(tmp_path, pain_checkin=False, speaker=speaker)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        said = len(speaker.heard)
        await pilot.press("m")
        await advance(pilot, clock, 5 + 10)
        assert len(speaker.heard) == said
        assert "muted" in screen_text(app)


async def test_a_speaker_that_blocks_for_3_s_moves_no_recorded_time(tmp_path: Path):
    custom(tmp_path)
    speaker = FakeSpeaker(inline=False, block=3.0)
    app, clock = make_app(tmp_path, pain_checkin=False, speaker=speaker)
    began = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        await run_short(pilot, clock)
        took = time.monotonic() - began
    # Fifteen cues, each blocking its call for 3 s: on the timer's loop that would be 45 s at
    # least; beside it, the session takes what it takes without a speaker (a few seconds).
    assert took < 30.0, f"the session waited for the speaker ({took:.1f} s)"
    assert speaker.threads == {"cues"}
    [session] = history_on_disk(tmp_path)
    held = [hold["held_seconds"] for hold in session["holds"][:3]]
    assert held == [10, 10, 42]  # to the millisecond: the fake clock says exactly these
    assert session["active_seconds"] == 5 + 10 + 3 + 10 + 5 + 42 + 5


def test_voice_passes_text_as_one_last_argument_never_through_a_shell(tmp_path: Path):
    out = tmp_path / "said.txt"
    argv = [sys.executable, "-c", f"import sys; open({str(out)!r}, 'w').write(sys.argv[-1])"]
    process = VoiceSpeaker(argv).say("Knee; rm -rf ~ $(reboot) `x` | cat")
    assert process is not None and process.wait(10) == 0
    assert out.read_text() == "Knee; rm -rf ~ $(reboot) `x` | cat"


def test_espeak_ng_really_speaks_the_step_and_side(tmp_path: Path):
    espeak = require("espeak-ng")
    wav = tmp_path / "knee.wav"
    process = VoiceSpeaker([espeak, "-w", str(wav)]).say("Knee to chest, left side")
    assert process is not None and process.wait(30) == 0
    with wave.open(str(wav)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 1.0 < seconds < 3.0  # about 1.8 s of speech


def test_tones_are_short_private_wav_files_made_on_first_use(tmp_path: Path):
    folder = tmp_path / "sounds"
    for kind in Tone:
        path = tone_file(folder, kind)
        with wave.open(str(path)) as sound:
            assert sound.getframerate() == RATE and sound.getnchannels() == 1
            seconds = sound.getnframes() / RATE
        assert seconds == pytest.approx(sum(length for _, length in NOTES[kind]), abs=0.01)
        assert seconds < 1.0 and path.stat().st_size < 50_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_sound_player_gets_the_tone_file(tmp_path: Path):
    out = tmp_path / "played.txt"
    player = [sys.executable, "-c", f"import sys; open({str(out)!r}, 'w').write(sys.argv[-1])"]
    process = SoundSpeaker(player, tmp_path / "sounds").tone(Tone.STRONG)
    assert process is not None and process.wait(10) == 0
    assert out.read_text() == str(tmp_path / "sounds" / "lowback-strong.wav")


def test_missing_programs_fall_back_to_the_bell_with_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    rings: list[int] = []
    voice = Settings(cues=CueMode.VOICE, voice_command="no-such-speaker --fast")
    choice = choose(voice, tmp_path, rings.append)
    assert isinstance(choice.speaker, BellSpeaker)
    assert choice.found == "not found: using the bell"
    assert choice.problem == (
        'cues = "voice": no-such-speaker was not found on PATH; using the bell instead'
    )
    monkeypatch.setenv("PATH", str(tmp_path))  # no player anywhere
    choice = choose(Settings(cues=CueMode.SOUND), tmp_path, rings.append)
    assert isinstance(choice.speaker, BellSpeaker) and "no sound player found" in (
        choice.problem or ""
    )
    choice.speaker.tone(Tone.STRONG)
    assert rings == [2]  # the bell rings twice for the end of a hold


def test_a_program_that_fails_hands_over_to_the_bell_once(tmp_path: Path):
    failing = shutil.which("false")
    assert failing
    problems: list[str] = []
    rings: list[int] = []
    cues = Cues(tmp_path, rings.append, problems.append)
    cues.configure(Settings(cues=CueMode.VOICE, voice_command=failing))
    assert cues.found == f"voice: {failing}"
    cues.play(Announcement(Tone.START, "hold"))
    deadline = time.monotonic() + 10
    while not problems and time.monotonic() < deadline:
        time.sleep(0.01)  # the cue thread notices the exit status; nothing else waits
    assert problems == ["false failed (exit status 1); using the bell instead"]
    cues.play(Announcement(Tone.SOFT, "you may release"))
    assert rings == [1] and cues.found == "failed: using the bell"
    cues.close()


async def test_unknown_cues_setting_is_said_once_in_the_app_and_the_bell_is_used(tmp_path):
    (tmp_path / "settings.toml").write_text('cues = "trumpet"\n')
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app._notifications, "a message")
        messages = [note.message for note in app._notifications]
        assert len([m for m in messages if "trumpet" in m]) == 1
        assert 'expected one of "bell", "sound", "voice"; using the bell' in messages[0]
        assert app.cues.found == "the terminal bell"


def test_the_prompt_line_says_only_what_changes_its_own_figures(home: Path, cli):
    """A prompt redraws after every command: a missing voice program is the app's to say, but
    a weekly goal it cannot use changes the line, so that is said (and the default used)."""
    home.mkdir()
    (home / "settings.toml").write_text('cues = "voice"\nvoice_command = "no-such-speaker"\n')
    code, out, err = cli("streak")
    assert (code, err) == (0, "") and "week 0/3" in out
    (home / "settings.toml").write_text("weekly_goal = 9\n")
    code, out, err = cli("streak")
    assert code == 0 and "week 0/3" in out
    assert "weekly_goal: got 9, expected a whole number from 1 to 7; using the default" in err
    (home / "settings.toml").write_text("weekly_goal = 5\n")
    assert cli("streak")[1].strip().endswith("week 0/5 · today pending")


async def test_settings_choose_cues_say_what_was_found_and_test_them(tmp_path: Path):
    speaker = FakeSpeaker()
    app, _ = make_app(tmp_path, speaker=speaker)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("s")
        await wait_for_screen(pilot, SettingsScreen)
        assert "cues: BELL / sound / voice" in screen_text(app)
        await pilot.press("c", "c")
        assert "cues: bell / sound / VOICE" in screen_text(app)
        await pilot.press("t")
        assert speaker.transcript == ["Knee to chest, left side. 3, 2, 1. you may release"]
        await pilot.press("escape")
    assert 'cues = "voice"' in (tmp_path / "settings.toml").read_text()


async def test_settings_say_espeak_ng_was_found(tmp_path: Path):
    espeak = require("espeak-ng")
    (tmp_path / "settings.toml").write_text('cues = "voice"\n')
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("s")
        await wait_for_screen(pilot, SettingsScreen)
        assert f"voice: {espeak}" in screen_text(app)
        await pilot.press("c", "c")  # on to "sound": a player, or the bell with a reason
        assert "sound: /" in screen_text(app) or "not found: using the bell" in screen_text(app)
    app.cues.close()


async def test_a_cue_flashes_the_screen_briefly(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await advance(pilot, clock, 5)  # the hold starts: a cue
        assert timer.has_class("-flash")
        await advance(pilot, clock, 0.4)
        assert not timer.has_class("-flash")
    assert isinstance(timer, TimerScreen)
