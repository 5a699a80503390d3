"""Built-in routines stay faithful to the source articles.

The built-in routines in ``routines/`` must keep the holds, counts, rules and cautions given
by the five articles the README lists (docs/design.md, "Where the routines come from"). The
facts live as data in ``tests/data/articles.toml`` (never the articles' text), and the
articles' wording only as hashed runs of eight words (``tests/data/article_ngrams.txt``,
made by ``python -m devkit.fingerprints``), so every test runs on a fresh clone. The tests
read the TOML files directly with ``tomllib``, so they do not depend on the routine loader.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from devkit.fingerprints import fingerprint, runs, words

ROUTINES_DIR = Path(__file__).resolve().parent.parent / "routines"
DATA_DIR = Path(__file__).resolve().parent / "data"

with (DATA_DIR / "articles.toml").open("rb") as _facts_file:
    FACTS: dict[str, Any] = tomllib.load(_facts_file)
"""What the articles prescribe, as data: one table per rule, each naming its article."""

ARTICLE_NGRAMS = frozenset((DATA_DIR / "article_ngrams.txt").read_text().split())
"""Hashes of every run of eight words in the articles (devkit/fingerprints.py)."""

#: The articles by the titles a reader knows them by (README "Where the routines come from").
ARTICLE_TITLES = tuple(FACTS["articles"].values())

EXPECTED_IDS = {
    "floor-five",
    "static-back",
    "supine-groin",
    "trigger-point-release",
    "pelvis-loosening",
    "core-strength",
}

TOP_KEYS = {"name", "summary", "caution", "prepare", "rest", "step"}
STEP_KEYS = {
    "name",
    "kind",
    "hold",
    "reps",
    "target",
    "sides",
    "instructions",
    "gate",
    "start",
    "increase",
    "advance_after",
}
KINDS = {"stretch", "pressure", "relax", "hold", "reps", "rest"}
SIDES = {"none", "both", "left", "right"}

_PART = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def _seconds(text: str, unit_if_bare: str = "s") -> int:
    """Seconds in one duration token such as ``8``, ``90s``, ``1m30s`` or ``20m``."""
    if text.isdigit():
        text += unit_if_bare
    match = _PART.match(text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"not a duration: {text!r}")
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def parse_hold(value: object) -> tuple[int, int, bool]:
    """(minimum seconds, maximum seconds, open) for a hold value from a file."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a duration")
    if isinstance(value, int):
        return value, value, False
    if not isinstance(value, str):
        raise ValueError(f"not a duration: {value!r}")
    text = value.strip().replace(" ", "")
    if text.endswith("+"):
        seconds = _seconds(text[:-1])
        return seconds, seconds, True
    if "-" in text:
        low, high = text.split("-", 1)
        unit = re.sub(r"^\d+", "", high)[-1:] or "s"
        return _seconds(low, unit), _seconds(high), False
    seconds = _seconds(text)
    return seconds, seconds, False


def load(routine_id: str) -> dict:
    path = ROUTINES_DIR / f"{routine_id}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)


def steps(routine_id: str) -> list[dict]:
    return load(routine_id)["step"]


def step_named(routine_id: str, fragment: str) -> dict:
    found = [s for s in steps(routine_id) if fragment in s["name"].lower()]
    assert len(found) == 1, f"{routine_id}: expected one step named like {fragment!r}, got {found}"
    return found[0]


ALL_FILES = sorted(ROUTINES_DIR.glob("*.toml"))


# --------------------------------------------------------------------------- general


def test_parse_hold_helper():
    assert parse_hold("8-10s") == (8, 10, False)
    assert parse_hold("20-30s") == (20, 30, False)
    assert parse_hold("1m30s") == (90, 90, False)
    assert parse_hold("20m") == (1200, 1200, False)
    assert parse_hold("30s+") == (30, 30, True)
    assert parse_hold(45) == (45, 45, False)
    assert parse_hold("12") == (12, 12, False)
    for bad in ("", "ten", "8-", "s", True, 1.5):
        with pytest.raises(ValueError):
            parse_hold(bad)


def test_all_expected_builtins_exist():
    present = {p.stem for p in ALL_FILES}
    assert present >= EXPECTED_IDS, f"missing: {sorted(EXPECTED_IDS - present)}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_file_shape(path: Path):
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem), "id must be kebab-case"
    with path.open("rb") as fh:
        data = tomllib.load(fh)

    assert set(data) <= TOP_KEYS, f"unknown top-level keys: {set(data) - TOP_KEYS}"
    for key in ("name", "summary", "caution"):
        assert isinstance(data.get(key), str) and data[key].strip(), f"{key} is required"
    for key in ("prepare", "rest"):
        if key in data:
            low, high, is_open = parse_hold(data[key])
            assert 0 <= low <= high and not is_open

    assert isinstance(data.get("step"), list) and data["step"], "at least one [[step]]"
    for number, step in enumerate(data["step"], start=1):
        where = f"{path.name} step {number} ({step.get('name')!r})"
        assert isinstance(step, dict), where
        assert set(step) <= STEP_KEYS, f"{where}: unknown keys {set(step) - STEP_KEYS}"
        assert isinstance(step.get("name"), str) and step["name"].strip(), where
        assert isinstance(step.get("instructions"), str) and step["instructions"].strip(), (
            f"{where}: instructions are required for built-in steps"
        )
        kind = step.get("kind", "stretch")
        assert kind in KINDS, where
        assert step.get("sides", "none") in SIDES, where
        reps = step.get("reps", 1)
        assert isinstance(reps, int) and not isinstance(reps, bool) and reps >= 1, where
        if kind == "reps":
            assert "hold" not in step, f"{where}: a reps step has a target, not a hold"
            target = step.get("target", 10)
            rungs = target if isinstance(target, list) else [target]
            for rung in rungs:
                assert isinstance(rung, int) and not isinstance(rung, bool) and rung >= 1
            assert rungs == sorted(set(rungs)), f"{where}: a ladder goes up"
        else:
            assert "target" not in step, f"{where}: target is only for kind = 'reps'"
            if "hold" in step:
                low, high, _ = parse_hold(step["hold"])
                assert 0 < low <= high, where


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_caution_names_a_doctor_and_stopping_on_pain(path: Path):
    with path.open("rb") as fh:
        caution = tomllib.load(fh)["caution"].lower()
    assert re.search(r"\b(doctor|physician)\b", caution), caution
    assert re.search(r"\bstop\b", caution), caution
    assert re.search(r"\b(hurts?|pain)\b", caution), caution


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_text_is_not_markup(path: Path):
    """Text is shown literally, but built-ins should not even look like markup."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    texts = [data["name"], data["summary"], data["caution"]]
    texts += [s["name"] for s in data["step"]] + [s["instructions"] for s in data["step"]]
    for text in texts:
        assert "[" not in text and "]" not in text, text
        assert text == text.strip(), f"stray leading/trailing whitespace in {text!r}"


def copied_runs(data: dict[str, Any], hashes: frozenset[str]) -> list[str]:
    """Runs of eight words of a routine's texts whose hash is in `hashes`.

    The exercises' own names (a list such as "pelvic tilt, knee to chest, ...") and the
    articles' titles are shared vocabulary, so they break a run instead of counting as copied.
    """
    texts = [data["summary"], data["caution"]] + [s["instructions"] for s in data["step"]]
    names = {" ".join(words(s["name"])) for s in data["step"]}
    names |= {" ".join(words(title)) for title in ARTICLE_TITLES}
    copied = []
    for text in texts:
        joined = " ".join(words(text))
        for name in sorted(names, key=len, reverse=True):
            joined = re.sub(rf"\b{re.escape(name)}\b", "|", joined)
        copied += [" ".join(run) for run in runs(joined.split()) if fingerprint(run) in hashes]
    return copied


def test_the_fingerprints_are_the_articles_and_catch_a_copy():
    """The hashes are there (one per run of the articles' ~3,400), and a run among them is
    found: here a routine's own sentence, planted as if an article had said it."""
    assert len(ARTICLE_NGRAMS) > 3000
    assert all(re.fullmatch(r"[0-9a-f]{12}", value) for value in ARTICLE_NGRAMS)
    data = load("static-back")
    planted = next(runs(words(data["step"][0]["instructions"])))
    assert copied_runs(data, ARTICLE_NGRAMS | {fingerprint(planted)}) == [" ".join(planted)]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_written_in_own_words(path: Path):
    """No run of 8 words is lifted from an article."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    assert not copied_runs(data, ARTICLE_NGRAMS), "copied from an article"


# --------------------------------------------------------------------------- article 003

FLOOR = FACTS["floor_five"]


def _has_all(text: str, needles: list[str]) -> None:
    lowered = text.lower()
    missing = [needle for needle in needles if needle not in lowered]
    assert not missing, f"missing {missing} in {text!r}"


def test_floor_five_is_the_five_stretches_in_order():
    assert [s["name"].lower() for s in steps(FLOOR["routine"])] == FLOOR["steps"]


def test_floor_five_holds_reps_and_sides():
    for step in steps(FLOOR["routine"]):
        assert step.get("kind", "stretch") == "stretch", step["name"]
        assert step["hold"] == FLOOR["hold"], step["name"]
        assert step["reps"] == FLOOR["reps"], step["name"]
    both = {s["name"].lower() for s in steps(FLOOR["routine"]) if s.get("sides") == "both"}
    assert both == set(FLOOR["both_sides"])


def test_floor_five_caution():
    _has_all(load(FLOOR["routine"])["caution"], FLOOR["caution_words"])


def test_floor_five_hamstring_mentions_towel():
    _has_all(step_named(FLOOR["routine"], "hamstring")["instructions"], FLOOR["hamstring_words"])


# --------------------------------------------------------------------------- article 004


@pytest.mark.parametrize("rule", ["static_back", "supine_groin"])
def test_relax_holds_are_twenty_minutes(rule: str):
    facts = FACTS[rule]
    (step,) = steps(facts["routine"])
    assert step["kind"] == facts["kind"]
    seconds = facts["hold_seconds"]
    assert parse_hold(step["hold"]) == (seconds, seconds, False)
    assert step.get("sides", "none") == facts.get("sides", "none")
    _has_all(step["instructions"], facts["instruction_words"])
    assert any(word in step["instructions"].lower() for word in facts["instruction_any"])


CORE = FACTS["core_strength"]
PLANK = FACTS["plank_test"]


def test_core_strength_targets():
    plank = step_named(PLANK["routine"], PLANK["step"].lower())
    assert plank["kind"] == "hold"
    assert plank["hold"] == PLANK["hold"]
    assert parse_hold(plank["hold"]) == (PLANK["open_seconds"], PLANK["open_seconds"], True)

    for fragment in CORE["reps_steps"]:
        step = step_named(CORE["routine"], fragment)
        assert step["kind"] == "reps", fragment
        # A ladder, climbed step by step.
        assert step["target"] == CORE["ladder"], fragment
        assert step.get("advance_after", 3) == CORE["advance_after"], fragment
        assert "hold" not in step

    assert "bent" in step_named(CORE["routine"], CORE["bent_knee_step"])["name"].lower()

    superman = step_named(CORE["routine"], CORE["superman_step"])
    assert superman["kind"] == "hold"
    # Built *up to* a couple of minutes: a build-up that ends there.
    assert superman["hold"] == CORE["superman_hold"]
    start, _, _ = parse_hold(superman["start"])
    increase, _, _ = parse_hold(superman["increase"])
    end, _, _ = parse_hold(CORE["superman_hold"])
    assert 0 < start < end and increase > 0

    wall = step_named(CORE["routine"], CORE["wall_step"])
    assert wall["kind"] == "hold"
    assert parse_hold(wall["hold"])[2], "wall squat is an open hold"
    _has_all(wall["instructions"], CORE["wall_words"])


def test_core_strength_starts_with_the_plank_and_rests_between_efforts():
    kinds = [s.get("kind", "stretch") for s in steps(CORE["routine"])]
    assert steps(CORE["routine"])[0]["name"] == PLANK["step"]
    assert "rest" in kinds
    for before, after in itertools.pairwise(kinds):
        assert not (before == "rest" and after == "rest")
    assert kinds[-1] != "rest"


def test_core_strength_caution():
    _has_all(load(CORE["routine"])["caution"], CORE["caution_words"])


def test_the_plank_is_a_gate_and_the_only_one():
    """Article 001: if you cannot hold the plank, or it hurts, don't go on to strength work."""
    gates = [s["name"] for s in steps(PLANK["routine"]) if s.get("gate")]
    assert gates == [PLANK["step"]]
    assert steps(PLANK["routine"])[0].get("gate") is True
    for path in ALL_FILES:
        if path.stem != PLANK["routine"]:
            assert not any(s.get("gate") for s in steps(path.stem)), path.stem


# --------------------------------------------------------------------------- articles 000/001

TRIGGER = FACTS["trigger_points"]


def test_trigger_points_pressure_then_stretch_same_muscle():
    routine = steps(TRIGGER["routine"])
    pressure_steps = [i for i, s in enumerate(routine) if s["kind"] == "pressure"]
    assert pressure_steps
    low, high = TRIGGER["pressure_seconds"]
    muscles = []
    for i in pressure_steps:
        pressure, stretch = routine[i], routine[i + 1]
        assert parse_hold(pressure["hold"]) == (low, high, False), pressure["name"]
        assert stretch.get("kind", "stretch") == "stretch", stretch["name"]
        assert stretch["hold"] == TRIGGER["stretch_hold"], stretch["name"]
        muscle = pressure["name"].lower().replace("pressure", "").strip()
        assert muscle and muscle in stretch["name"].lower()
        assert pressure["sides"] == "both" and stretch["sides"] == "both"
        muscles.append(muscle)
    assert muscles[: len(TRIGGER["first_muscles"])] == TRIGGER["first_muscles"]


def test_trigger_points_caution():
    caution = load(TRIGGER["routine"])["caution"]
    _has_all(caution, TRIGGER["caution_words"] + TRIGGER["calf_caution_words"])


def test_pressure_is_safe_near_the_groin_and_says_when_not_to_press():
    _has_all(
        step_named(TRIGGER["routine"], TRIGGER["hip_step"])["instructions"], TRIGGER["hip_words"]
    )
    _has_all(
        step_named(TRIGGER["routine"], TRIGGER["calf_step"])["instructions"], TRIGGER["calf_words"]
    )


# --------------------------------------------------------------------------- articles 002/004/000

PELVIS = FACTS["pelvis_loosening"]


def test_pelvis_loosening_stretches_then_balance():
    twist, *stretches, balance = steps(PELVIS["routine"])
    assert twist["name"] == PELVIS["first_step"] and twist.get("sides", "none") == "none"
    names = " ".join(s["name"].lower() for s in stretches)
    for muscle in PELVIS["muscles"]:
        assert muscle in names, muscle
    for step in stretches:
        assert step.get("kind", "stretch") == "stretch", step["name"]
        assert step["hold"] == PELVIS["stretch_hold"], step["name"]
        assert step["sides"] == "both", step["name"]
    assert balance["kind"] == "relax"
    assert "balance" in balance["name"].lower()
    low, high, is_open = parse_hold(balance["hold"])
    shortest, longest = PELVIS["balance_seconds"]
    assert not is_open and shortest <= low == high <= longest


def test_pelvis_loosening_caution():
    caution = load(PELVIS["routine"])["caution"]
    _has_all(caution, PELVIS["caution_words"])
    assert re.search(r"straight[- ]leg", caution.lower())


# --------------------------------------------------------------------------- every article

AVOID = FACTS["avoid"]


def _prescribes_strength_or_flexibility(routine_id: str) -> bool:
    return any(s.get("kind", "stretch") in ("stretch", "hold", "reps") for s in steps(routine_id))


ACTIVE_FILES = [path for path in ALL_FILES if _prescribes_strength_or_flexibility(path.stem)]


@pytest.mark.parametrize("path", ACTIVE_FILES, ids=lambda p: p.stem)
def test_avoid_list_wherever_strength_or_flexibility_is_prescribed(path: Path):
    """Article 002: hip twists, the hurdler's stretch, straight-leg sit-ups, bouncing."""
    caution = load(path.stem)["caution"]
    _has_all(caution, AVOID["words"])
    assert re.search(r"straight[- ]leg", caution.lower())


def test_relaxing_routines_are_the_only_ones_without_the_avoid_list():
    relaxing = {path.stem for path in ALL_FILES} - {path.stem for path in ACTIVE_FILES}
    assert relaxing == {FACTS["static_back"]["routine"], FACTS["supine_groin"]["routine"]}


@pytest.mark.parametrize("routine_id", AVOID["warm_up_routines"])
def test_warm_up_where_the_articles_ask(routine_id: str):
    """Article 002: warm up before the exercises; 004: strength after a walk."""
    assert "warm" in load(routine_id)["caution"].lower()


def test_hip_twist_reconciled_in_both_places():
    """002 warns against hip twists; 003 prescribes a slow, supported torso rotation."""
    rotation = step_named(FLOOR["routine"], "rotation")["instructions"].lower()
    assert "hip twist" in rotation and "slow" in rotation
    for routine_id in (FLOOR["routine"], PELVIS["routine"]):
        caution = load(routine_id)["caution"].lower()
        assert "hip twist" in caution and "slow" in caution, routine_id
        assert "not" in caution, routine_id


def test_basic_twist_is_in_a_routine_other_than_floor_five():
    """Article 002's basic twist: knees to the chest, breathe in, breathe out lowering."""
    found = [
        (path.stem, s)
        for path in ALL_FILES
        for s in steps(path.stem)
        if PELVIS["first_step"].lower() in s["name"].lower()
    ]
    assert len(found) == 1
    routine_id, step = found[0]
    assert routine_id != FLOOR["routine"]
    _has_all(step["instructions"], FACTS["basic_twist"]["words"])


def test_floor_five_stays_exactly_the_five():
    assert len(steps(FLOOR["routine"])) == len(FLOOR["steps"])


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_sources_are_named_as_articles_never_seeds(path: Path):
    text = path.read_text(encoding="utf-8")
    assert "seed" not in text.lower()
    named = [title for title in ARTICLE_TITLES if title.lower() in " ".join(text.lower().split())]
    assert named, "the routine names the article it comes from"
    assert any(title.lower() in load(path.stem)["summary"].lower() for title in named), (
        "the summary (shown in the preview) names the article"
    )


README = ROUTINES_DIR.parent / "README.md"


def test_readme_speaks_to_users_and_describes_every_article():
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"\bseeds?\b", text.lower())
    for title in ARTICLE_TITLES:
        assert f"**{title}**" in text, title
    left_out = text[text.index("Left out on purpose") :][:800].lower()
    for thing in FACTS["readme"]["left_out"]:
        assert thing in left_out, thing
    assert FACTS["readme"]["day_shape"] in text


def test_routines_cli_lists_when_each_kind_fits_the_day(cli, home):
    code, out, _err = cli("routines")
    assert code == 0
    assert (
        "Strength in the morning after a walk; flexibility and relaxing in the evening, "
        "a couple of hours on the floor." in out
    )
