"""The macOS and Windows workflow (.github/workflows/desktop.yml), checked where it cannot run.

Only GitHub's macOS and Windows runners can run it, so here it is checked statically: actionlint
(pinned in requirements/dev.lock) on every workflow, with shellcheck on the `run:` scripts when
it is installed, and every file of this repository the workflow names must exist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
DESKTOP = WORKFLOWS / "desktop.yml"


def actionlint() -> str:
    """The actionlint of the test environment (installed next to this Python), else PATH's."""
    scripts = Path(sys.executable).parent
    for name in ("actionlint", "actionlint.exe"):
        if (scripts / name).exists():
            return str(scripts / name)
    found = shutil.which("actionlint")
    if found is None:
        pytest.skip("actionlint is not installed (it comes with requirements/dev.lock)")
    return found


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint(), "-oneline", "-no-color", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_every_workflow_passes_actionlint() -> None:
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert DESKTOP in workflows
    result = lint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_mistakes_in_a_workflow(tmp_path: Path) -> None:
    """The check is live: a workflow with an unknown matrix key, a typo in an `if:` and a
    shell mistake fails it, each named."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ${{ matrix.os }}\n"
        "    strategy:\n"
        "      matrix:\n"
        "        system: [macos-14]\n"
        "    steps:\n"
        "      - if: runner.oss == 'macOS'\n"
        "        run: echo $UNQUOTED_${{ github.ref }}\n"
    )
    result = subprocess.run(
        [actionlint(), "-oneline", "-no-color", str(broken)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'property "os" is not defined' in result.stdout
    assert 'property "oss" is not defined' in result.stdout


def test_the_desktop_workflow_builds_tests_and_keeps_artefacts_on_macos_and_windows() -> None:
    workflow = yaml.safe_load(DESKTOP.read_text())
    jobs = workflow["jobs"]
    matrix = jobs["build"]["strategy"]["matrix"]["include"]
    systems = {entry["os"].split("-")[0] for entry in matrix}
    assert systems == {"macos", "windows"}
    text = DESKTOP.read_text()
    assert 'python-version: "3.11"' in text
    assert "--require-hashes --no-deps -r requirements/dev.lock" in text
    assert '-m "not fuse and not webdav"' in text
    assert "--self-test" in text and "make-dmg.sh" in text and "strongroom.iss" in text
    uploads = [s for s in jobs["build"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert {s["if"] for s in uploads} == {"runner.os == 'macOS'", "runner.os == 'Windows'"}
    libraries = {entry["library"] for entry in jobs["mounts"]["strategy"]["matrix"]["include"]}
    assert libraries == {"fuse-t", "winfsp"}


def test_every_repository_file_the_workflow_names_exists() -> None:
    """actionlint cannot know our tree: a renamed script or test file would only fail there."""
    text = DESKTOP.read_text()
    pattern = r"(?:installers|requirements|tests|scripts)/[\w./-]+\.(?:py|sh|spec|iss|lock)"
    named = set(re.findall(pattern, text))
    # Windows spellings (pwsh steps): installers\windows\strongroom.iss
    named |= {p.replace("\\", "/") for p in re.findall(r"installers\\[\w\\.-]+", text)}
    assert "installers/pyinstaller/strongroom.spec" in named
    assert "tests/fuse/test_fuse_posix.py" in named
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, missing
