"""Tampered vault files through the CLI and the mount: a config signed with another key, `alg:
none`, a `kid` pointing outside the vault, scrypt parameters planted to exhaust memory. Each is
refused fast with exit status 4, writes nothing, mounts nothing, and the vault is fine again
once the file is restored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from tests.helpers.mounts import require_fuse
from tests.helpers.tamper import PASSWORD, TRUTH, TamperVault, fresh_vault, tree_digest
from vaultengine.crypto import MasterKeys
from vaultengine.errors import (
    ConfigSignatureError,
    DamagedVaultFileError,
    HostileParametersError,
)
from vaultengine.format.config import VaultConfig, sign_config
from vaultengine.fuse import find_mount, mount
from vaultengine.vault import open_keys, unlock_vault

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "vault.cryptomator"
MASTERKEY = "masterkey.cryptomator"
FAST = 5.0


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def token(header: dict, payload: dict, signature: bytes = b"") -> str:
    parts = [json.dumps(header).encode(), json.dumps(payload).encode(), signature]
    return ".".join(b64url(p) for p in parts)


def original_config(v: TamperVault) -> VaultConfig:
    return open_keys(v.root, PASSWORD)[1]


def _signed_by_another_key(v: TamperVault) -> None:
    forged = sign_config(original_config(v), MasterKeys.generate().raw_key)
    (v.root / CONFIG).write_text(forged)


def _alg_none(v: TamperVault) -> None:
    header = {"kid": f"masterkeyfile:{MASTERKEY}", "alg": "none", "typ": "JWT"}
    payload = {
        "jti": original_config(v).jti,
        "format": 8,
        "cipherCombo": "SIV_GCM",
        "shorteningThreshold": 220,
    }
    (v.root / CONFIG).write_text(token(header, payload))


def _kid(kid: str) -> Callable[[TamperVault], None]:
    """A config signed with the vault's own key whose kid names a file outside the vault; a
    working copy of the masterkey waits there, so following the kid would unlock."""

    def apply(v: TamperVault) -> None:
        keys, config = open_keys(v.root, PASSWORD)
        outside = v.root.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / MASTERKEY).write_bytes((v.root / MASTERKEY).read_bytes())
        signed = sign_config(config, keys.raw_key)
        header_b64, payload_b64, _sig = signed.split(".")
        header = json.loads(base64.urlsafe_b64decode(header_b64 + "=="))
        header["kid"] = kid.format(outside=outside)
        signing_input = f"{b64url(json.dumps(header).encode())}.{payload_b64}"
        sig = hmac.new(keys.raw_key, signing_input.encode(), hashlib.sha256).digest()
        (v.root / CONFIG).write_text(f"{signing_input}.{b64url(sig)}")

    return apply


def _scrypt(cost: int, block_size: int) -> Callable[[TamperVault], None]:
    def apply(v: TamperVault) -> None:
        doc = json.loads((v.root / MASTERKEY).read_bytes())
        doc["scryptCostParam"], doc["scryptBlockSize"] = cost, block_size
        (v.root / MASTERKEY).write_text(json.dumps(doc))

    return apply


CASES = [
    pytest.param(
        _signed_by_another_key, ConfigSignatureError, "signature", id="signed-by-other-key"
    ),
    pytest.param(_alg_none, ConfigSignatureError, "none", id="alg-none"),
    pytest.param(
        _kid("masterkeyfile:../outside/" + MASTERKEY),
        DamagedVaultFileError,
        "not a plain file name",
        id="kid-dotdot",
    ),
    pytest.param(
        _kid("masterkeyfile:{outside}/" + MASTERKEY),
        DamagedVaultFileError,
        "not a plain file name",
        id="kid-absolute",
    ),
    pytest.param(
        _kid("masterkeyfile:file://{outside}/" + MASTERKEY),
        DamagedVaultFileError,
        "not a plain file name",
        id="kid-url",
    ),
    pytest.param(
        _kid("masterkeyfile:..\\outside\\" + MASTERKEY),
        DamagedVaultFileError,
        "not a plain file name",
        id="kid-backslash",
    ),
    pytest.param(_scrypt(1 << 30, 8), HostileParametersError, "scrypt", id="scrypt-N-2^30"),
    pytest.param(_scrypt(1 << 20, 32), HostileParametersError, "scrypt", id="scrypt-4GiB"),
    pytest.param(_scrypt(16, 1 << 20), HostileParametersError, "scrypt", id="scrypt-r-2^20"),
    pytest.param(_scrypt(1 << 62, 1), HostileParametersError, "scrypt", id="scrypt-N-2^62"),
    pytest.param(_scrypt(1, 8), HostileParametersError, "scrypt", id="scrypt-N-below-minimum"),
    pytest.param(_scrypt(3000, 8), HostileParametersError, "scrypt", id="scrypt-N-not-power-of-2"),
]


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys, *argv: object) -> tuple[int, str]:
    # two lines: passwd reads the old and the new password
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\nnew password\n"))
    start = time.monotonic()
    code = main([str(a) for a in argv] + ["--password-stdin"])
    assert time.monotonic() - start < FAST
    return code, capsys.readouterr().err


def restore_and_read_everything(v: TamperVault, saved: dict[str, bytes]) -> None:
    for name, data in saved.items():
        (v.root / name).write_bytes(data)
    with unlock_vault(v.root, PASSWORD) as vault:
        for path, data in TRUTH.items():
            assert vault.fs.read_file(path) == data


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("tamper", "error", "words"), CASES)
def test_refused_by_the_cli_writing_nothing(
    tmp_path: Path, monkeypatch, capsys, tamper, error, words
) -> None:
    v = fresh_vault(tmp_path)
    saved = {n: (v.root / n).read_bytes() for n in (CONFIG, MASTERKEY)}
    tamper(v)
    before = tree_digest(v.root)
    for argv in (
        ("ls", v.root, "/"),
        ("cat", v.root, "/small.txt"),
        ("export", v.root, "/", tmp_path / "out"),
        ("passwd", v.root),  # would write: must be refused before anything is written
    ):
        code, err = run_cli(monkeypatch, capsys, *argv)
        assert code == 4, (argv, err)
        assert err.startswith("strongroom: ") and len(err.splitlines()) == 1
        assert words in err.lower()
    assert not (tmp_path / "out").exists()
    assert tree_digest(v.root) == before
    with pytest.raises(error):
        unlock_vault(v.root, PASSWORD)
    restore_and_read_everything(v, saved)


@pytest.mark.fuse
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("tamper", "error", "words"), CASES)
def test_refused_by_the_mount_leaving_nothing(
    tmp_path: Path, monkeypatch, capsys, tamper, error, words
) -> None:
    require_fuse()
    v = fresh_vault(tmp_path)
    saved = {n: (v.root / n).read_bytes() for n in (CONFIG, MASTERKEY)}
    tamper(v)
    before = tree_digest(v.root)
    mnt = tmp_path / "mnt"
    start = time.monotonic()
    with pytest.raises(error):
        handle = mount(v.root, mnt, password=PASSWORD)
        handle.unmount(force=True)  # only reached if the mount wrongly succeeded
    assert time.monotonic() - start < FAST
    code, err = run_cli(monkeypatch, capsys, "mount", v.root, mnt)  # the background child path
    assert code == 4, err
    assert words in err.lower()
    assert find_mount(str(mnt)) is None and not mnt.exists()
    assert tree_digest(v.root) == before
    restore_and_read_everything(v, saved)


@pytest.mark.parametrize("cost_block", [(1 << 30, 8), (1 << 20, 32), (1 << 14, 1 << 16)])
def test_planted_scrypt_parameters_are_refused_without_deriving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, cost_block
) -> None:
    """Fake: the key derivation is replaced by a tripwire, because what must be shown is that
    no derivation is even attempted (a real attempt might also fail, but only after allocating)."""
    import vaultengine.crypto.masterkey as masterkey

    class Tripwire:
        def __init__(self, **kwargs: object) -> None:
            raise AssertionError(f"scrypt derivation attempted with {kwargs}")

    v = fresh_vault(tmp_path)
    _scrypt(*cost_block)(v)
    monkeypatch.setattr(masterkey, "Scrypt", Tripwire)
    code, err = run_cli(monkeypatch, capsys, "cat", v.root, "/small.txt")
    assert code == 4 and "scrypt" in err, err


# Runs the CLI and reports its exit status and peak memory. A small launcher process of its own,
# because a child forked straight from the (large) test process would count the test's memory
# in its ru_maxrss.
LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
child.stdin.write(sys.argv[1].encode() + b"\\n")
child.stdin.close()
err = child.stderr.read().decode()
_pid, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": child.returncode, "maxrss_kib": usage.ru_maxrss, "stderr": err}))
"""


def test_planted_scrypt_parameters_cost_neither_time_nor_memory(tmp_path: Path) -> None:
    """A real `strongroom` process on a vault with N=2^30 (128 GiB of scrypt memory): refused
    fast and with the memory of a plain start (ru_maxrss of that very process, from wait4)."""
    v = fresh_vault(tmp_path)
    _scrypt(1 << 30, 8)(v)
    command = [sys.executable, "-m", "app.cli", "ls", str(v.root), "/", "--password-stdin"]
    start = time.monotonic()
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, PASSWORD, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    elapsed = time.monotonic() - start
    assert launched.returncode == 0, launched.stderr
    result = json.loads(launched.stdout)
    assert result["code"] == 4, result["stderr"]
    assert "scrypt" in result["stderr"]
    assert elapsed < FAST
    print("peak memory of the refused process:", result["maxrss_kib"], "KiB")
    assert result["maxrss_kib"] < 200 * 1024  # an interpreter start, not gigabytes
