"""Shared test set-up: import path, fixture-vault locations, and the no-mount-left-behind guard."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"

# Cheap scrypt for tests that create vaults; real vaults in fixtures keep their real cost.
TEST_SCRYPT_COST = 16


def _fuse_mounts() -> set[str]:
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return set()
    return {line.split()[1] for line in lines if line.split()[2].startswith("fuse")}


@pytest.fixture(scope="session", autouse=True)
def _no_mount_left_behind():
    before = _fuse_mounts()
    yield
    left = _fuse_mounts() - before
    if left:
        pytest.fail(f"tests left FUSE mounts behind: {sorted(left)}", pytrace=False)


@pytest.fixture
def fixture_vault(tmp_path: Path):
    """Copy a vault from ../shared/fixtures into tmp_path; skip where ../shared is absent."""

    def copy(name: str) -> Path:
        source = SHARED_FIXTURES / name
        if not source.is_dir():
            pytest.skip(f"fixture vault {name} not found: ../shared/fixtures is absent")
        target = tmp_path / name
        shutil.copytree(source, target)
        return target

    return copy
