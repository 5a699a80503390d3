"""Built-in routines stay faithful to the source articles.

The built-in routines in ``routines/`` must keep the holds, counts, rules and
cautions given by the five articles the README lists (see DESIGN.md). These
tests read the TOML files directly with ``tomllib`` so they do not depend on the
routine loader; every test of numbers and rules runs everywhere. Only the "own
words" test needs the articles' text, and skips where it is not available.
"""

from __future__ import annotations

import itertools
import os
import re
import tomllib
from pathlib import Path

import pytest

ROUTINES_DIR = Path(__file__).resolve().parent.parent / "routines"


def _articles_dir() -> Path:
    """The articles' text: $LOWBACK_ARTICLES, or a shared/seeds folder beside a parent."""
    configured = os.environ.get("LOWBACK_ARTICLES")
    if configured:
        return Path(configured)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return Path("/nonexistent")


ARTICLES_DIR = _articles_dir()
#: The articles by the titles a reader knows them by (README "Where the routines come from").
ARTICLE_TITLES = (
    "Which lower back pain exercises work",
    "Exercise for Lower Back Pain",
    "Lower Back Pain Exercises",
    "Back Exercise Lower Pain Relief Techniques",
    "The most effective lower back exercises for relieving back pain",
)

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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not ARTICLES_DIR.is_dir(), reason="the articles' text is not available here")
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_written_in_own_words(path: Path):
    """No run of 8 words is lifted from an article.

    The exercises' own names (a list such as "pelvic tilt, knee to chest, ...")
    and the articles' titles are shared vocabulary, so they break a run instead
    of counting as copied.
    """
    n = 8
    seed_grams: set[tuple[str, ...]] = set()
    for seed in ARTICLES_DIR.glob("*.txt"):
        words = _words(seed.read_text(encoding="utf-8"))
        seed_grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    texts = [data["summary"], data["caution"]] + [s["instructions"] for s in data["step"]]
    names = {" ".join(_words(s["name"])) for s in data["step"]}
    names |= {" ".join(_words(title)) for title in ARTICLE_TITLES}
    step_names = sorted(names, key=len, reverse=True)
    for text in texts:
        joined = " ".join(_words(text))
        for name in step_names:
            joined = re.sub(rf"\b{re.escape(name)}\b", "|", joined)
        words = joined.split()
        copied = [
            " ".join(words[i : i + n])
            for i in range(len(words) - n + 1)
            if tuple(words[i : i + n]) in seed_grams
        ]
        assert not copied, f"copied from an article: {copied}"


# --------------------------------------------------------------------------- article 003


def test_floor_five_is_the_five_stretches_in_order():
    names = [s["name"].lower() for s in steps("floor-five")]
    assert names == [
        "pelvic tilt",
        "knee to chest",
        "lower torso rotation",
        "hamstring stretch",
        "bridge",
    ]


def test_floor_five_holds_reps_and_sides():
    for step in steps("floor-five"):
        assert step.get("kind", "stretch") == "stretch", step["name"]
        assert step["hold"] == "8-10s", step["name"]
        assert step["reps"] == 5, step["name"]
    both = {s["name"].lower() for s in steps("floor-five") if s.get("sides") == "both"}
    assert both == {"knee to chest", "lower torso rotation", "hamstring stretch"}


def test_floor_five_caution():
    caution = load("floor-five")["caution"].lower()
    assert "doctor" in caution
    assert "slowly" in caution
    assert "bounc" in caution
    assert "discomfort" in caution


def test_floor_five_hamstring_mentions_towel():
    assert "towel" in step_named("floor-five", "hamstring")["instructions"].lower()


# --------------------------------------------------------------------------- article 004


def test_static_back_is_twenty_minutes_relaxing():
    (step,) = steps("static-back")
    assert step["kind"] == "relax"
    assert parse_hold(step["hold"]) == (1200, 1200, False)
    assert step.get("sides", "none") == "none"
    text = step["instructions"].lower()
    assert "90" in text
    assert "ottoman" in text or "chair" in text


def test_supine_groin_is_twenty_minutes_each_side():
    (step,) = steps("supine-groin")
    assert step["kind"] == "relax"
    assert parse_hold(step["hold"]) == (1200, 1200, False)
    assert step["sides"] == "both"
    text = step["instructions"].lower()
    assert "ottoman" in text
    assert "switch" in text or "swap" in text


def test_core_strength_targets():
    plank = step_named("core-strength", "plank")
    assert plank["kind"] == "hold"
    assert plank["hold"] == "30s+"
    assert parse_hold(plank["hold"]) == (30, 30, True)

    for fragment in ("push-up", "sit-up", "squats"):
        step = step_named("core-strength", fragment)
        assert step["kind"] == "reps", fragment
        # "20 of each is good, 30 is better, and 40 is better": a ladder, climbed step by step.
        assert step["target"] == [20, 30, 40], fragment
        assert step.get("advance_after", 3) == 3, fragment
        assert "hold" not in step

    assert "bent" in step_named("core-strength", "sit-up")["name"].lower()

    superman = step_named("core-strength", "superman")
    assert superman["kind"] == "hold"
    # Built *up to* a couple of minutes: a build-up that ends at two minutes.
    assert superman["hold"] == "2m"
    start, _, _ = parse_hold(superman["start"])
    increase, _, _ = parse_hold(superman["increase"])
    assert 0 < start < 120 and increase > 0

    wall = step_named("core-strength", "wall squat")
    assert wall["kind"] == "hold"
    assert parse_hold(wall["hold"])[2], "wall squat is an open hold"
    text = wall["instructions"].lower()
    assert "wall" in text and "foot" in text


def test_core_strength_starts_with_the_plank_and_rests_between_efforts():
    kinds = [s.get("kind", "stretch") for s in steps("core-strength")]
    assert steps("core-strength")[0]["name"].lower() == "plank"
    assert "rest" in kinds
    for before, after in itertools.pairwise(kinds):
        assert not (before == "rest" and after == "rest")
    assert kinds[-1] != "rest"


def test_core_strength_caution():
    caution = load("core-strength")["caution"].lower()
    assert "physician" in caution
    assert "plank" in caution
    assert "morning" in caution and "walk" in caution
    assert "stop" in caution and "hurts" in caution


def test_the_plank_is_a_gate_and_the_only_one():
    """Article 001: if you cannot hold the plank, or it hurts, don't go on to strength work."""
    gates = [s["name"] for s in steps("core-strength") if s.get("gate")]
    assert gates == ["Plank"]
    assert steps("core-strength")[0].get("gate") is True
    for path in ALL_FILES:
        if path.stem != "core-strength":
            assert not any(s.get("gate") for s in steps(path.stem)), path.stem


# --------------------------------------------------------------------------- articles 000/001


def test_trigger_points_pressure_then_stretch_same_muscle():
    routine = steps("trigger-point-release")
    pressure_steps = [i for i, s in enumerate(routine) if s["kind"] == "pressure"]
    assert pressure_steps
    muscles = []
    for i in pressure_steps:
        pressure, stretch = routine[i], routine[i + 1]
        assert parse_hold(pressure["hold"]) == (20, 30, False), pressure["name"]
        assert stretch.get("kind", "stretch") == "stretch", stretch["name"]
        assert stretch["hold"] == "8-10s", stretch["name"]
        muscle = pressure["name"].lower().replace("pressure", "").strip()
        assert muscle and muscle in stretch["name"].lower()
        assert pressure["sides"] == "both" and stretch["sides"] == "both"
        muscles.append(muscle)
    # article 000: hip flexors and hamstrings are the two most important muscles.
    assert muscles[:2] == ["hip flexor", "hamstring"]


def test_trigger_points_caution():
    caution = load("trigger-point-release")["caution"].lower()
    assert "gentl" in caution
    assert "bruise" in caution and "injur" in caution
    assert "sharp" in caution and "stop" in caution
    assert "physician" in caution


# --------------------------------------------------------------------------- articles 002/004/000


def test_pelvis_loosening_stretches_then_balance():
    twist, *stretches, balance = steps("pelvis-loosening")
    assert twist["name"] == "Basic twist" and twist.get("sides", "none") == "none"
    names = " ".join(s["name"].lower() for s in stretches)
    for muscle in ("calf", "hamstring", "glute", "hip flexor", "piriformis"):
        assert muscle in names, muscle
    for step in stretches:
        assert step.get("kind", "stretch") == "stretch", step["name"]
        assert step["hold"] == "8-10s", step["name"]
        assert step["sides"] == "both", step["name"]
    assert balance["kind"] == "relax"
    assert "balance" in balance["name"].lower()
    low, high, is_open = parse_hold(balance["hold"])
    # article 000: hold the joint in balance "for a few minutes".
    assert not is_open and 120 <= low == high <= 300


def test_pelvis_loosening_caution():
    caution = load("pelvis-loosening")["caution"].lower()
    assert "physician" in caution
    assert "bounc" in caution
    assert "hurdler" in caution
    assert "hip twist" in caution
    assert re.search(r"straight[- ]leg", caution) and "sit-up" in caution
    assert "quick" in caution
    assert "warm" in caution


# --------------------------------------------------------------------------- every article


def _all_text(routine_id: str) -> str:
    data = load(routine_id)
    parts = [data["summary"], data["caution"]] + [s["instructions"] for s in data["step"]]
    return " ".join(parts).lower()


def _prescribes_strength_or_flexibility(routine_id: str) -> bool:
    return any(s.get("kind", "stretch") in ("stretch", "hold", "reps") for s in steps(routine_id))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_avoid_list_wherever_strength_or_flexibility_is_prescribed(path: Path):
    """Article 002: hip twists, the hurdler's stretch, straight-leg sit-ups, bouncing."""
    if not _prescribes_strength_or_flexibility(path.stem):
        pytest.skip("relaxing only: nothing to avoid")
    caution = load(path.stem)["caution"].lower()
    assert "hip twist" in caution
    assert "hurdler" in caution
    assert re.search(r"straight[- ]leg", caution) and "sit-up" in caution
    assert "bounc" in caution


@pytest.mark.parametrize("routine_id", ["floor-five", "pelvis-loosening", "core-strength"])
def test_warm_up_where_the_articles_ask(routine_id: str):
    """Article 002: warm up before the exercises; 004: strength after a walk."""
    caution = load(routine_id)["caution"].lower()
    assert "warm" in caution


def test_hip_twist_reconciled_in_both_places():
    """002 warns against hip twists; 003 prescribes a slow, supported torso rotation."""
    rotation = step_named("floor-five", "rotation")["instructions"].lower()
    assert "hip twist" in rotation and "slow" in rotation
    for routine_id in ("floor-five", "pelvis-loosening"):
        caution = load(routine_id)["caution"].lower()
        assert "hip twist" in caution and "slow" in caution, routine_id
        assert "not" in caution, routine_id


def test_basic_twist_is_in_a_routine_other_than_floor_five():
    """Article 002's basic twist: knees to the chest, breathe in, breathe out lowering."""
    found = [
        (path.stem, s)
        for path in ALL_FILES
        for s in steps(path.stem)
        if "basic twist" in s["name"].lower()
    ]
    assert len(found) == 1
    routine_id, step = found[0]
    assert routine_id != "floor-five"
    text = step["instructions"].lower()
    assert "knees" in text and "chest" in text
    assert "breathe in" in text and "breathe out" in text
    assert "slow" in text


def test_floor_five_stays_exactly_the_five():
    assert len(steps("floor-five")) == 5


def test_pressure_is_safe_near_the_groin_and_says_when_not_to_press():
    hip = step_named("trigger-point-release", "hip flexor pressure")["instructions"].lower()
    assert "pulse" in hip and "away" in hip and "groin" in hip
    caution = load("trigger-point-release")["caution"].lower()
    assert "pregnan" in caution
    assert "hernia" in caution
    assert "calf" in caution and "swollen" in caution and "hot" in caution and "tender" in caution
    calf = step_named("trigger-point-release", "calf pressure")["instructions"].lower()
    assert "swollen" in calf and "doctor" in calf


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
    assert "shared/seeds" not in text and not re.search(r"\bseeds?\b", text.lower())
    for title in ARTICLE_TITLES:
        assert f"**{title}**" in text, title
    left_out = text[text.index("Left out on purpose") :][:800].lower()
    for thing in ("gym machines", "swiss", "acupressure points"):
        assert thing in left_out, thing
    assert "strength in the\nmorning after a walk; flexibility and relaxing in the evening" in text


def test_routines_cli_lists_when_each_kind_fits_the_day(cli, home):
    code, out, _err = cli("routines")
    assert code == 0
    assert (
        "Strength in the morning after a walk; flexibility and relaxing in the evening, "
        "a couple of hours on the floor." in out
    )
