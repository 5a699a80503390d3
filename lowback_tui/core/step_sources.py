"""Which source article each built-in step comes from, for the step's card (`i` in the timer).

By routine id and step name; a copy of a built-in routine (another id) finds its steps by name.
The titles are the articles' own (README "Where the routines come from").
"""

from __future__ import annotations

WHICH_WORK = "Which lower back pain exercises work"
EXERCISE_FOR = "Exercise for Lower Back Pain"
PAIN_EXERCISES = "Lower Back Pain Exercises"
RELIEF_TECHNIQUES = "Back Exercise Lower Pain Relief Techniques"
MOST_EFFECTIVE = "The most effective lower back exercises for relieving back pain"

SOURCES: dict[tuple[str, str], str] = {
    **{
        ("floor-five", name): RELIEF_TECHNIQUES
        for name in ("Pelvic tilt", "Knee to chest", "Lower torso rotation", "Hamstring stretch")
    },
    ("floor-five", "Bridge"): RELIEF_TECHNIQUES,
    ("pelvis-loosening", "Basic twist"): PAIN_EXERCISES,
    **{
        ("pelvis-loosening", name): MOST_EFFECTIVE
        for name in ("Calf stretch", "Hamstring stretch", "Glute stretch")
    },
    ("pelvis-loosening", "Hip flexor stretch"): f"{PAIN_EXERCISES}; {MOST_EFFECTIVE}",
    ("pelvis-loosening", "Piriformis stretch"): PAIN_EXERCISES,
    ("pelvis-loosening", "Pelvic balance"): WHICH_WORK,
    **{
        ("trigger-point-release", f"{muscle} pressure"): WHICH_WORK
        for muscle in ("Hip flexor", "Hamstring", "Glute", "Calf")
    },
    **{
        ("trigger-point-release", f"{muscle} stretch"): f"{WHICH_WORK}; {RELIEF_TECHNIQUES}"
        for muscle in ("Hip flexor", "Hamstring", "Glute", "Calf")
    },
    ("static-back", "Static back"): MOST_EFFECTIVE,
    ("supine-groin", "Supine groin stretch"): MOST_EFFECTIVE,
    ("core-strength", "Plank"): EXERCISE_FOR,
    **{
        ("core-strength", name): MOST_EFFECTIVE
        for name in ("Push-ups", "Bent-knee sit-ups", "Squats", "Superman back arch")
    },
    ("core-strength", "Wall squat"): PAIN_EXERCISES,
}


def source_of(routine_id: str, step_name: str) -> str | None:
    """The article(s) a step comes from, by title; None for a step of your own."""
    found = SOURCES.get((routine_id, step_name))
    if found is not None:
        return found
    return next((title for (_, name), title in SOURCES.items() if name == step_name), None)
