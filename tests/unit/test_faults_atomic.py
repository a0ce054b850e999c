"""Vault files and settings are only ever replaced atomically, and a failure at any step of a
password change or reset loses nothing: the old masterkey keeps unlocking until the new one is
in place, no temp file is left behind, and a retry works."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import Settings, SettingsStore, VaultEntry
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.errors import WrongPasswordError
from vaultengine.vault import (
    change_password,
    create_vault,
    reset_password,
    unlock_vault,
)

OLD, NEW = "old password", "new password"
MASTERKEY, CONFIG = "masterkey.cryptomator", "vault.cryptomator"
GUARDED = {MASTERKEY, CONFIG, MASTERKEY + ".bkup", CONFIG + ".bkup", "settings.json"}


# --- every write of a guarded file goes temp file -> os.replace ------------------------------

_events: list[tuple[str, str, str]] | None = None


def _audit(event: str, args: tuple) -> None:
    if _events is None:
        return
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        if writing and isinstance(path, (str, bytes, os.PathLike)):
            _events.append(("write-open", os.fsdecode(path), ""))
    elif event in ("os.replace", "os.rename"):
        _events.append((event, os.fsdecode(args[0]), os.fsdecode(args[1])))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only inside `recording`


@pytest.fixture
def recording() -> Iterator[list[tuple[str, str, str]]]:
    global _events
    _events = []
    try:
        yield _events
    finally:
        _events = None


def check_atomic(events: list[tuple[str, str, str]]) -> set[str]:
    """No guarded file was ever opened for writing in place; return the guarded files replaced."""
    replaced = set()
    for kind, path, target in events:
        if kind == "write-open":
            assert Path(path).name not in GUARDED, f"{path} written in place"
        elif Path(target).name in GUARDED:
            assert Path(path).parent == Path(target).parent  # a rename within one folder
            assert Path(path).name.startswith(".") and path.endswith(".tmp")
            replaced.add(Path(target).name)
    return replaced


def test_vault_files_are_only_replaced_atomically(tmp_path: Path, recording) -> None:
    vault = tmp_path / "v"
    words = create_vault(vault, OLD, scrypt_cost=TEST_SCRYPT_COST)
    assert check_atomic(recording) == {MASTERKEY, CONFIG}
    recording.clear()
    change_password(vault, OLD, NEW)
    assert check_atomic(recording) == {MASTERKEY, MASTERKEY + ".bkup"}
    recording.clear()
    (vault / CONFIG).write_text("damaged")  # the test's own damage, before recording again
    recording.clear()
    reset_password(vault, words, OLD)  # rewrites the masterkey and rebuilds vault.cryptomator
    assert check_atomic(recording) == {MASTERKEY, MASTERKEY + ".bkup", CONFIG, CONFIG + ".bkup"}


def test_settings_are_only_replaced_atomically(tmp_path: Path, recording) -> None:
    store = SettingsStore(tmp_path / "cfg")
    settings = Settings()
    settings.vaults.append(VaultEntry.new("V", str(tmp_path / "v")))
    store.save(settings)
    store.save(settings)
    assert check_atomic(recording) == {"settings.json"}


# --- fault injection ---------------------------------------------------------------------------


def fail_when(
    monkeypatch: pytest.MonkeyPatch, name: str, call: str = "replace", nth: int = 1
) -> list[int]:
    """Fake: make the nth os.replace (or fsync) towards a file called `name` fail with EIO, as a
    full or failing disk would; a unit test cannot pull the plug on a real disk at that instant."""
    seen = [0]
    if call == "replace":
        real_replace = os.replace

        def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
            if Path(os.fsdecode(dst)).name == name:
                seen[0] += 1
                if seen[0] == nth:
                    raise OSError(errno.EIO, "injected failure", os.fsdecode(dst))
            return real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
    else:
        real_fsync, real_fdopen = os.fsync, os.fdopen
        targets: dict[int, str] = {}

        def fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
            targets[fd] = os.readlink(f"/proc/self/fd/{fd}")
            return real_fdopen(fd, *args, **kwargs)

        def fsync(fd):  # type: ignore[no-untyped-def]
            if Path(targets.get(fd, "")).name.startswith(f".{name}."):
                seen[0] += 1
                if seen[0] == nth:
                    raise OSError(errno.EIO, "injected fsync failure")
            return real_fsync(fd)

        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(os, "fsync", fsync)
    return seen


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "v"
    words = create_vault(path, OLD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(path, OLD) as v:
        v.fs.mkdir("/docs")
        v.fs.write_file("/docs/a.txt", b"precious")
        v.fs.write_file("/b.bin", os.urandom(100_000))
    return path, words


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


FAULTS = [
    pytest.param(MASTERKEY + ".bkup", "replace", id="replace-of-the-backup"),
    pytest.param(MASTERKEY, "replace", id="replace-of-the-new-masterkey"),
    pytest.param(MASTERKEY + ".bkup", "fsync", id="fsync-of-the-backup"),
    pytest.param(MASTERKEY, "fsync", id="fsync-of-the-new-masterkey"),
]


@pytest.mark.parametrize(("name", "call"), FAULTS)
def test_password_change_interrupted_loses_nothing(
    vault: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, name: str, call: str
) -> None:
    root, _words = vault
    before = snapshot(root)
    seen = fail_when(monkeypatch, name, call)
    with pytest.raises(OSError, match="injected"):
        change_password(root, OLD, NEW)
    assert seen[0] == 1
    monkeypatch.undo()

    after = snapshot(root)
    assert after[MASTERKEY] == before[MASTERKEY]  # the old masterkey is still in place
    assert {k: v for k, v in after.items() if k != MASTERKEY + ".bkup"} == before
    if MASTERKEY + ".bkup" in after:
        assert after[MASTERKEY + ".bkup"] == before[MASTERKEY]  # the backup is the old file
    assert no_temp_files(root)
    with pytest.raises(WrongPasswordError):
        unlock_vault(root, NEW)
    with unlock_vault(root, OLD) as v:
        assert v.fs.read_file("/docs/a.txt") == b"precious"

    change_password(root, OLD, NEW)  # a retry works and keeps the old file as the backup
    assert (root / (MASTERKEY + ".bkup")).read_bytes() == before[MASTERKEY]
    with unlock_vault(root, NEW) as v:
        assert v.fs.read_file("/docs/a.txt") == b"precious"


def test_backup_of_a_password_change_still_opens_with_the_old_password(
    vault: tuple[Path, str],
) -> None:
    root, _words = vault
    change_password(root, OLD, NEW)
    # Whoever restores the backup (a crash right after the swap, a user undoing it) gets a
    # masterkey that opens with the old password and the same keys.
    os.replace(root / (MASTERKEY + ".bkup"), root / MASTERKEY)
    with unlock_vault(root, OLD) as v:
        assert v.fs.read_file("/docs/a.txt") == b"precious"


@pytest.mark.parametrize(
    ("name", "nth"),
    [
        pytest.param(MASTERKEY, 1, id="masterkey"),
        pytest.param(CONFIG + ".bkup", 1, id="config-backup"),
        pytest.param(CONFIG, 1, id="config"),
    ],
)
def test_reset_that_rebuilds_the_config_interrupted_loses_nothing(
    vault: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, name: str, nth: int
) -> None:
    root, words = vault
    (root / CONFIG).write_text("damaged by a sync client")
    data_before = {k: v for k, v in snapshot(root).items() if k.startswith("d/")}
    fail_when(monkeypatch, name, "replace", nth)
    with pytest.raises(OSError, match="injected"):
        reset_password(root, words, NEW)
    monkeypatch.undo()
    assert (root / CONFIG).read_text() == "damaged by a sync client"  # never half-written
    assert {k: v for k, v in snapshot(root).items() if k.startswith("d/")} == data_before
    assert no_temp_files(root)
    reset_password(root, words, NEW)  # the recovery key still repairs everything
    with unlock_vault(root, NEW) as v:
        assert v.fs.read_file("/docs/a.txt") == b"precious"


@pytest.mark.parametrize("call", ["replace", "fsync"])
def test_settings_save_interrupted_keeps_the_old_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    store = SettingsStore(tmp_path)
    settings = Settings()
    settings.vaults.append(VaultEntry.new("First", str(tmp_path / "first")))
    store.save(settings)
    settings.vaults.append(VaultEntry.new("Second", str(tmp_path / "second")))
    fail_when(monkeypatch, "settings.json", call)
    with pytest.raises(OSError, match="injected"):
        store.save(settings)
    monkeypatch.undo()
    assert [v.name for v in SettingsStore(tmp_path).load().vaults] == ["First"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]
