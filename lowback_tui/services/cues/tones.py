"""Short tones made with the standard library's `wave` module the first time sound is used."""

from __future__ import annotations

import math
import os
import struct
import wave
from pathlib import Path

from lowback_tui.base.safe_files import make_private_folder, open_private
from lowback_tui.core.announcement import Tone

RATE = 22_050
#: (frequency in Hz, seconds) for each tone; 0 Hz is a short silence between beeps.
NOTES: dict[Tone, tuple[tuple[float, float], ...]] = {
    Tone.START: ((660.0, 0.12), (0.0, 0.03), (880.0, 0.2)),
    Tone.SOFT: ((740.0, 0.25),),
    Tone.STRONG: ((880.0, 0.15), (0.0, 0.05), (880.0, 0.15), (0.0, 0.05), (587.0, 0.35)),
    Tone.TICK: ((1_000.0, 0.06),),
}
#: Each note fades in and out over this long, so it does not click.
FADE_SECONDS = 0.01
VOLUME = 0.5


def samples(kind: Tone) -> bytes:
    """The tone as 16-bit mono samples."""
    frames = bytearray()
    for frequency, seconds in NOTES[kind]:
        count = int(RATE * seconds)
        fade = max(1, int(RATE * FADE_SECONDS))
        for index in range(count):
            envelope = min(1.0, index / fade, (count - index) / fade)
            value = math.sin(2 * math.pi * frequency * index / RATE) if frequency else 0.0
            frames += struct.pack("<h", int(32_767 * VOLUME * envelope * value))
    return bytes(frames)


def tone_file(folder: Path, kind: Tone) -> Path:
    """The WAV file of a tone in `folder` (made on first use; private to the user)."""
    path = folder / f"lowback-{kind.value}.wav"
    if path.is_file() and not path.is_symlink():  # a link is replaced, never played
        return path
    make_private_folder(folder)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    descriptor = open_private(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    with os.fdopen(descriptor, "wb") as raw, wave.open(raw, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples(kind))
    os.replace(partial, path)
    return path
