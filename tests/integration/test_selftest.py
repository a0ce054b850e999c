"""`strongroom --self-test`: every step reported, the right exit status, nothing left behind."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import selftest
from vaultengine.format import recovery_key

ROOT = Path(__file__).resolve().parents[2]
VAULT_STEPS = ["create vault", "unlock", "write and read", "encrypted on disk", "lock", "reopen"]
OTHER_STEPS = ["version", "resources", "qt", "icon", "keychain"]


def run_selftest() -> tuple[int, str, dict[str, str]]:
    out = io.StringIO()
    code = selftest.run(out)
    text = out.getvalue()
    statuses = dict(re.findall(r"^([a-z ]+): (ok|FAILED|skipped)\b", text, flags=re.M))
    return code, text, statuses


def temp_base(text: str) -> Path:
    match = re.search(r"^create vault: ok \((.+)/vault,", text, flags=re.M)
    assert match, text
    return Path(match.group(1))


def test_selftest_passes_and_reports_every_step(qapp: object) -> None:
    code, text, statuses = run_selftest()
    assert code == 0, text
    for step in VAULT_STEPS + OTHER_STEPS:
        assert statuses.get(step) == "ok", f"{step}: {statuses.get(step)}\n{text}"
    from vaultengine.fuse import fuse_unavailable_reason

    if fuse_unavailable_reason() is None:
        assert statuses["mount"] == "ok" and statuses["unmount"] == "ok", text
        assert "through the mount" in text
    else:
        assert statuses["mount"] == "skipped" and "FUSE not available" in text
    assert re.search(r"^self-test passed: \d+ ok, 0 failed", text, flags=re.M), text
    assert not temp_base(text).exists(), "the temporary vault was left behind"


def test_without_fuse_the_mount_is_skipped_and_the_fs_api_is_used(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake only for the "is FUSE usable?" probe: it simulates a machine without FUSE.
    import vaultengine.fuse

    monkeypatch.setattr(vaultengine.fuse, "fuse_unavailable_reason", lambda: "no /dev/fuse here")
    code, text, statuses = run_selftest()
    assert code == 0, text
    assert "mount: skipped (FUSE not available: no /dev/fuse here)" in text
    assert "unmount" not in statuses
    assert statuses["write and read"] == "ok" and "through the filesystem API" in text
    assert statuses["reopen"] == "ok"


def test_a_failed_step_fails_the_run_and_skips_what_depends_on_it(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bundle that lost its word list: the real lookup, pointed at a file that is not there.
    monkeypatch.setattr(recovery_key, "wordlist_path", lambda: tmp_path / "4096words_en.txt")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    recovery_key.wordlist.cache_clear()
    recovery_key._word_indices.cache_clear()
    try:
        code, text, statuses = run_selftest()
    finally:
        monkeypatch.undo()
        recovery_key.wordlist.cache_clear()
        recovery_key._word_indices.cache_clear()
    assert code == 1, text
    assert statuses["resources"] == "FAILED" and "4096words_en.txt" in text
    assert statuses["create vault"] == "skipped" and "needs resources" in text
    assert statuses["qt"] == "ok"  # the steps that do not depend on it still run
    assert re.search(r"^self-test FAILED: \d+ ok, 1 failed", text, flags=re.M), text
    assert list(scratch.iterdir()) == [], "the temporary folder was left behind"


def test_bundle_entry_point_runs_the_selftest_as_a_command() -> None:
    # The frozen bundle's entry (installers/pyinstaller/launcher.py) run from source.
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(ROOT / "installers" / "pyinstaller" / "launcher.py"), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("strongroom ")
    assert re.search(r"^self-test passed", result.stdout, flags=re.M)
