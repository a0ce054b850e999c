"""A wheel built from the repository holds everything the app needs at run time: installed
into a fresh virtualenv (dependencies from requirements/app.lock), away from the source tree,
`strongroom create`, `recovery-key show` and `--self-test` work, and the CLI speaks German."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "wheel test password 42"

pytestmark = pytest.mark.slow


def _run(*argv: str | Path, stdin: str = "", cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(a) for a in argv], input=stdin, capture_output=True, text=True, cwd=cwd, env=env
    )
    assert result.returncode == 0, (argv, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout


def test_the_wheel_runs_away_from_the_source_tree(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, ROOT,
         cwd=tmp_path, env=env)  # fmt: skip
    (wheel,) = wheels.glob("strongroom-*.whl")

    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run(*pip, "--require-hashes", "--no-deps", "-r", ROOT / "requirements" / "app.lock",
         cwd=tmp_path, env=env)  # fmt: skip
    _run(*pip, "--no-deps", wheel, cwd=tmp_path, env=env)

    strongroom = target / "bin" / "strongroom"
    run_env = dict(env, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    vault = tmp_path / "vault"
    _run(strongroom, "create", vault, "--password-stdin", stdin=f"{PASSWORD}\n{PASSWORD}\n",
         cwd=tmp_path, env=run_env)  # fmt: skip
    words = _run(strongroom, "recovery-key", "show", vault, "--password-stdin",
                 stdin=f"{PASSWORD}\n", cwd=tmp_path, env=run_env).split()  # fmt: skip
    assert len(words) == 44
    # The command line's catalogues came along too: German from the installed .mo files.
    german = subprocess.run(
        [strongroom, "info", tmp_path / "missing"], capture_output=True, text=True, cwd=tmp_path,
        env=dict(run_env, LANGUAGE="de"),
    )  # fmt: skip
    assert german.returncode == 4, german.stderr
    assert "kein solcher Tresorordner" in german.stderr, german.stderr
    report = _run(strongroom, "--self-test", cwd=tmp_path, env=run_env)
    # The word list came from the installed data files, not from this checkout.
    assert str(target / "share" / "strongroom" / "resources") in report, report
    assert str(ROOT) not in report, report
