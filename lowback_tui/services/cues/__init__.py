"""Cues that reach someone on the floor: the bell, short tones, or a voice, beside the timer."""
