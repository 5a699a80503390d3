"""Snapshots of the main screens at 100×30 on a fixed clock (the same scenes as screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit.screenshots import SCENES, SIZE, scene_app

#: The history and editor screens have snapshot tests of their own.
OWN_TESTS = {"history", "editor"}


@pytest.mark.parametrize(
    "scene", [s for s in SCENES if s.name not in OWN_TESTS], ids=lambda scene: scene.name
)
def test_screen_snapshot(scene, snap_compare, tmp_path: Path):
    app, clock = scene_app(tmp_path, seed=scene.seed)

    async def run_before(pilot) -> None:
        await scene.steps(pilot, clock)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
