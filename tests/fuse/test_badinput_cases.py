"""Bad-input cases (docs/bad-input.md) at the CLI and mount level where the unit tests stop:
damaged masterkey vs wrong password (#1, #2), Hub/unsupported/legacy vaults never migrated
(#3, #4), hostile or non-UTF-8 decrypted names never listed or exported (#14, #15), symlink
loops (#16), FUSE missing (#22). tests/README.md maps every case to its tests."""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

from app.cli.main import main
from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.tamper import tree_digest
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import MasterKeys, NameCryptor
from vaultengine.format.recovery_key import decode_recovery_key
from vaultengine.fuse import mount
from vaultengine.vault import create_vault, unlock_vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bad input pw"
CONFIG, MASTERKEY = "vault.cryptomator", "masterkey.cryptomator"


class Vault:
    def __init__(self, root: Path, words: str) -> None:
        self.root, self.words = root, words
        self.keys = MasterKeys.from_raw(decode_recovery_key(words))
        self.names = NameCryptor(self.keys)
        hashed = self.names.hash_dir_id("")
        self.content = root / "d" / hashed[:2] / hashed[2:]


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    words = create_vault(root, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(root, PASSWORD) as v:
        v.fs.write_file("/fine.txt", b"fine")
        v.fs.mkdir("/sub")
        v.fs.write_file("/sub/also-fine.txt", b"also fine")
    return Vault(root, words)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsysbinary):
    def run(*argv: object, stdin: str = PASSWORD + "\n") -> tuple[int, bytes, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([str(a) for a in argv])
        out, err = capsysbinary.readouterr()
        return code, out, err.decode("utf-8", "replace")

    return run


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def signed_token(raw_key: bytes, header: dict, payload: dict) -> str:
    """A vault.cryptomator with any claims, validly signed with the vault's own key."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    signature = hmac.new(raw_key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def claims(**changes: object) -> tuple[dict, dict]:
    header = {"kid": f"masterkeyfile:{MASTERKEY}", "alg": "HS256", "typ": "JWT"}
    payload = {"jti": "c0ffee", "format": 8, "cipherCombo": "SIV_GCM", "shorteningThreshold": 220}
    for key, value in changes.items():
        (header if key == "kid" else payload)[key] = value
    return header, payload


# --- #1 / #2: a damaged masterkey is never reported as a wrong password, and vice versa ------


def _edit_masterkey(change: Callable[[dict], object]) -> Callable[[Vault], None]:
    def apply(v: Vault) -> None:
        doc = json.loads((v.root / MASTERKEY).read_bytes())
        change(doc)
        (v.root / MASTERKEY).write_text(json.dumps(doc))

    return apply


def _truncate_wrapped(doc: dict) -> None:
    doc["primaryMasterKey"] = base64.b64encode(
        base64.b64decode(doc["primaryMasterKey"])[:39]
    ).decode()


DAMAGED_MASTERKEYS = [
    pytest.param(lambda v: (v.root / MASTERKEY).write_text("{not json"), id="not-json"),
    pytest.param(lambda v: (v.root / MASTERKEY).write_text("[1, 2]"), id="not-an-object"),
    pytest.param(_edit_masterkey(lambda d: d.pop("hmacMasterKey")), id="missing-key"),
    pytest.param(_edit_masterkey(lambda d: d.update(scryptCostParam="16")), id="wrong-type"),
    pytest.param(_edit_masterkey(lambda d: d.update(scryptSalt="***")), id="bad-base64"),
    pytest.param(_edit_masterkey(_truncate_wrapped), id="wrapped-key-39-bytes"),
    pytest.param(_edit_masterkey(lambda d: d.update(version=998)), id="version-mac-mismatch"),
    pytest.param(lambda v: (v.root / MASTERKEY).unlink(), id="missing-file"),
]


@pytest.mark.parametrize("damage", DAMAGED_MASTERKEYS)
def test_damaged_masterkey_is_told_apart_from_a_wrong_password(vault: Vault, cli, damage) -> None:
    code, _out, err = cli("ls", vault.root, "/", "--password-stdin", stdin="wrong\n")
    assert (code, err.strip()) == (3, "strongroom: The password is wrong.")
    damage(vault)
    before = tree_digest(vault.root)
    # With the right password a damaged file is "damaged" (exit 4), never "wrong password".
    for argv in (("ls", vault.root, "/"), ("cat", vault.root, "/fine.txt"), ("passwd", vault.root)):
        code, out, err = cli(*argv, "--password-stdin", stdin=f"{PASSWORD}\nnew password\n")
        assert code == 4, (argv, err)
        assert out == b"" and "wrong" not in err.lower()
        assert "damaged" in err or "missing" in err, err
    assert tree_digest(vault.root) == before


# --- #3 / #4: Hub, unsupported and legacy vaults: refused, nothing written, never migrated ---


def _config(**changes: object) -> Callable[[Vault], None]:
    def apply(v: Vault) -> None:
        (v.root / CONFIG).write_text(signed_token(v.keys.raw_key, *claims(**changes)))

    return apply


def _legacy(version: int) -> Callable[[Vault], None]:
    def apply(v: Vault) -> None:
        (v.root / CONFIG).unlink()
        _edit_masterkey(lambda d: d.update(version=version))(v)

    return apply


UNSUPPORTED = [
    pytest.param(_config(kid="hub+https://hub.example/vaults/1"), "hub", id="hub-vault"),
    pytest.param(_config(format=7), "migrat", id="format-7"),
    pytest.param(_config(format=9), "newer", id="format-9"),
    pytest.param(_config(cipherCombo="SIV_CTR"), "siv_ctr", id="unknown-cipher-combo"),
    pytest.param(_config(shorteningThreshold=20), "threshold", id="threshold-too-low"),
    pytest.param(_config(shorteningThreshold=300), "threshold", id="threshold-too-high"),
    pytest.param(_legacy(7), "migrat", id="legacy-version-7"),
    pytest.param(_legacy(6), "migrat", id="legacy-version-6"),
]


@pytest.mark.parametrize(("change", "words"), UNSUPPORTED)
def test_unsupported_vaults_are_refused_and_never_migrated(
    vault: Vault, cli, change, words: str
) -> None:
    change(vault)
    before = tree_digest(vault.root)
    attempts = [
        (("info", vault.root), ""),
        (("ls", vault.root, "/", "--password-stdin"), f"{PASSWORD}\n"),
        (("passwd", vault.root, "--password-stdin"), f"{PASSWORD}\nnew password\n"),
        # even the recovery key must not turn it into something else
        (("recovery-key", "reset", vault.root, "--password-stdin"), f"{vault.words}\nnew pw\n"),
    ]
    for argv, stdin in attempts:
        code, _out, err = cli(*argv, stdin=stdin)
        assert code == 4, (argv, err)
        assert words in err.lower(), (argv, err)
        assert len(err.splitlines()) == 1
    assert tree_digest(vault.root) == before


# --- #14 / #15: names that decrypt to something unusable ------------------------------------


def _plant_named(v: Vault, cleartext: bytes) -> Path:
    """A node whose name authenticates but decrypts to `cleartext` (any bytes), holding a copy
    of /fine.txt's ciphertext: what a malicious or broken vault could contain."""
    raw = AESSIV(v.keys.siv_key).encrypt(cleartext, [b""])
    node = v.content / (base64.urlsafe_b64encode(raw).decode() + ".c9r")
    source = v.content / (v.names.encrypt_name("fine.txt", "") + ".c9r")
    node.write_bytes(source.read_bytes())
    return node


HOSTILE = [b"..", b".", b"../../escape", b"a/b", b"/etc/passwd", b"nul\x00byte", b"caf\xe9"]


def test_hostile_names_are_never_listed_nor_exported(vault: Vault, cli, tmp_path: Path) -> None:
    for name in HOSTILE:
        _plant_named(vault, name)
    with unlock_vault(vault.root, PASSWORD) as v:
        assert sorted(n for n, _ in v.fs.listdir("/")) == ["fine.txt", "sub"]
    code, out, err = cli("ls", vault.root, "/", "-R", "--password-stdin")
    assert code == 0, err
    assert out.decode().splitlines() == ["/fine.txt", "/sub", "/sub/also-fine.txt"]
    (tmp_path / "out").mkdir()
    dest = tmp_path / "out" / "export"
    code, _out, err = cli("export", vault.root, "/", dest, "--password-stdin")
    assert code == 0, err
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*"))
    assert written == ["export", "export/fine.txt", "export/sub", "export/sub/also-fine.txt"]
    assert not (tmp_path / "escape").exists()


@pytest.mark.fuse
def test_hostile_names_are_never_listed_through_the_mount(vault: Vault, tmp_path: Path) -> None:
    require_fuse()
    for name in HOSTILE:
        _plant_named(vault, name)
    handle = mount(vault.root, tmp_path / "mnt", password=PASSWORD)
    try:
        mnt = tmp_path / "mnt"
        assert sorted(os.listdir(mnt)) == ["fine.txt", "sub"]
        assert (mnt / "fine.txt").read_bytes() == b"fine"
        with pytest.raises(FileNotFoundError):
            os.stat(mnt / "café")  # the Latin-1 spelling of the planted name does not exist
    finally:
        end_mount(handle)


# --- #16: symlink loops end in ELOOP from the kernel; targets come back verbatim -------------


@pytest.mark.fuse
def test_symlink_loop_through_the_mount(vault: Vault, tmp_path: Path) -> None:
    require_fuse()
    with unlock_vault(vault.root, PASSWORD) as v:
        v.fs.symlink("/a", "b")
        v.fs.symlink("/b", "a")
        v.fs.symlink("/self", "self")
        v.fs.symlink("/abs", "/etc/passwd")
    handle = mount(vault.root, tmp_path / "mnt", password=PASSWORD)
    try:
        mnt = tmp_path / "mnt"
        for name in ("a", "self"):
            with pytest.raises(OSError) as info:
                (mnt / name).read_bytes()
            assert info.value.errno == errno.ELOOP
        assert os.readlink(mnt / "abs") == "/etc/passwd"  # verbatim, resolved by the reader
        assert sorted(os.listdir(mnt)) == ["a", "abs", "b", "fine.txt", "self", "sub"]
    finally:
        end_mount(handle)


# --- #22: FUSE missing --------------------------------------------------------------------


def test_mount_without_libfuse_says_what_to_install(vault: Vault, tmp_path: Path) -> None:
    env = dict(os.environ, FUSE_LIBRARY_PATH="/nonexistent/libfuse3.so.3", PYTHONPATH=str(ROOT))
    mnt = tmp_path / "mnt"

    def strongroom(*argv: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, argv), "--password-stdin"],
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )

    result = strongroom("mount", vault.root, mnt)
    assert result.returncode == 1
    assert result.stderr.startswith("strongroom: ") and "apt-get install fuse3" in result.stderr
    assert "Traceback" not in result.stderr
    assert not mnt.exists()
    listed = strongroom("ls", vault.root, "/")  # everything else keeps working
    assert listed.returncode == 0 and listed.stdout.split() == ["fine.txt", "sub"]
