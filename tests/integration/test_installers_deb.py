"""The Linux package end to end: build the bundle and .deb, install, run, remove (slow, root)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def skip_reason() -> str | None:
    if not sys.platform.startswith("linux"):
        return "a .deb is built and installed on Linux only"
    if os.geteuid() != 0:
        return "installing a .deb needs root"
    for tool in ("apt-get", "dpkg-deb"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (not a Debian-style system)"
    if importlib.util.find_spec("PyInstaller") is None:
        return "PyInstaller is not installed in this Python (pip install pyinstaller)"
    return None


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_deb_builds_installs_runs_and_removes_cleanly(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHON=sys.executable)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(ROOT / "installers" / "linux" / "test-deb"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=840,
    )
    log = result.stdout + result.stderr
    print(log)  # the figures, for whoever reads the test output
    assert result.returncode == 0, log
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"strongroom --version: strongroom {version}" in log
    assert re.search(r"self-test passed: \d+ ok, 0 failed", log), log
    assert "nothing left behind" in log
    for figure in ("bundle size", "installed size", "--version start-up", "time to first window"):
        assert f"figure: {figure}:" in log, f"no {figure} figure"
    assert not Path("/opt/strongroom").exists()
    assert not os.path.lexists("/usr/bin/strongroom")
