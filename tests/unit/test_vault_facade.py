"""The engine facade: create, info, unlock/lock, password change, recovery key and reset."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import MasterKeys, NameCryptor, unlock_masterkey
from vaultengine.errors import (
    ConfigSignatureError,
    DamagedVaultFileError,
    InvalidRecoveryKeyError,
    NotAVaultError,
    UnsupportedVaultError,
    VaultFolderError,
    VaultLockedError,
    WrongPasswordError,
)
from vaultengine.format.config import VaultConfig, read_config_unverified, sign_config
from vaultengine.format.recovery_key import decode_recovery_key, encode_recovery_key
from vaultengine.vault import (
    VaultInfo,
    change_password,
    create_vault,
    reset_password,
    show_recovery_key,
    unlock_vault,
    vault_info,
)

PASSWORD = "correct horse"


def make_vault(path: Path, **kwargs) -> str:
    return create_vault(path, PASSWORD, scrypt_cost=TEST_SCRYPT_COST, **kwargs)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below `folder` with its bytes (None for folders)."""
    result: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for d in dirnames:
            result[os.path.relpath(os.path.join(dirpath, d), folder)] = None
        for f in filenames:
            p = os.path.join(dirpath, f)
            result[os.path.relpath(p, folder)] = Path(p).read_bytes()
    return result


def masterkey_json(vault: Path) -> dict:
    return json.loads((vault / "masterkey.cryptomator").read_bytes())


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "vault"
    return path, make_vault(path)


# --- create and info ----------------------------------------------------------------------


def test_create_writes_a_complete_format8_vault(vault) -> None:
    path, words = vault
    raw = decode_recovery_key(words)
    keys = MasterKeys.from_raw(raw)
    assert unlock_masterkey((path / "masterkey.cryptomator").read_bytes(), PASSWORD) == keys
    header, payload = read_config_unverified((path / "vault.cryptomator").read_text())
    assert header == {"kid": "masterkeyfile:masterkey.cryptomator", "alg": "HS256", "typ": "JWT"}
    assert payload["format"] == 8 and payload["cipherCombo"] == "SIV_GCM"
    assert not (path / "vault.cryptomator").read_bytes().endswith(b"\n")
    root_hash = NameCryptor(keys).hash_dir_id("")
    assert (path / "d" / root_hash[:2] / root_hash[2:] / "dirid.c9r").is_file()
    assert masterkey_json(path)["scryptCostParam"] == TEST_SCRYPT_COST
    assert masterkey_json(path)["version"] == 999
    assert not [p for p in os.listdir(path) if p.endswith(".tmp")]


def test_info_reads_without_password(vault) -> None:
    path, _ = vault
    info = vault_info(path)
    jti = read_config_unverified((path / "vault.cryptomator").read_text())[1]["jti"]
    assert info == VaultInfo(str(path), 8, "SIV_GCM", 220, jti, "masterkey.cryptomator")
    assert len(info.vault_id) == 36


def test_create_options_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b"
    make_vault(path, shortening_threshold=100, cipher_combo="SIV_CTRMAC")
    info = vault_info(path)
    assert (info.shortening_threshold, info.cipher_combo) == (100, "SIV_CTRMAC")


def test_create_in_empty_folder(tmp_path: Path) -> None:
    make_vault(tmp_path)
    assert vault_info(tmp_path).format == 8


def test_two_vaults_differ(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path / "a"), make_vault(tmp_path / "b")
    assert a != b
    assert vault_info(tmp_path / "a").vault_id != vault_info(tmp_path / "b").vault_id


def test_non_empty_target_refused_without_writing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    with pytest.raises(VaultFolderError, match="not empty") as not_empty:
        make_vault(tmp_path)
    assert not_empty.value.title == "Folder cannot hold a new vault"  # what the GUI shows
    assert snapshot(tmp_path) == before
    file_target = tmp_path / "notes.txt"
    with pytest.raises(VaultFolderError, match="not a folder"):
        make_vault(file_target)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "kwargs",
    [{"shortening_threshold": 35}, {"shortening_threshold": 221}, {"cipher_combo": "AES"}],
)
def test_bad_options_refused_before_writing(tmp_path: Path, kwargs) -> None:
    with pytest.raises(ValueError):
        make_vault(tmp_path / "v", **kwargs)
    assert not (tmp_path / "v").exists()


def test_info_errors(tmp_path: Path) -> None:
    with pytest.raises(NotAVaultError):
        vault_info(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotAVaultError):
        vault_info(tmp_path / "file")
    with pytest.raises(NotAVaultError):
        vault_info(tmp_path)
    legacy = tmp_path / "legacy"
    (legacy / "d").mkdir(parents=True)
    (legacy / "masterkey.cryptomator").write_text('{"version": 7}')
    with pytest.raises(UnsupportedVaultError, match=r"legacy vault.*Cryptomator to migrate"):
        vault_info(legacy)


def test_info_needs_d_folder(vault) -> None:
    path, _ = vault
    for child in sorted((path / "d").rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()
    (path / "d").rmdir()
    with pytest.raises(NotAVaultError, match="'d'"):
        vault_info(path)


def test_info_on_damaged_or_unsupported_config(vault) -> None:
    path, _ = vault
    config_file = path / "vault.cryptomator"
    good = config_file.read_text()
    config_file.write_text(good + ".junk")
    with pytest.raises(DamagedVaultFileError):
        vault_info(path)
    payload = {"jti": "j", "format": 7, "cipherCombo": "SIV_GCM", "shorteningThreshold": 220}
    header_b64 = good.split(".")[0]
    payload_b64 = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    config_file.write_text(f"{header_b64}.{payload_b64}.AAAA")
    with pytest.raises(UnsupportedVaultError, match="migrate"):
        vault_info(path)


# --- unlock and lock ----------------------------------------------------------------------


def test_unlock_write_read_lock(vault) -> None:
    path, _ = vault
    with unlock_vault(path, PASSWORD) as unlocked:
        assert unlocked.config.jti == vault_info(path).vault_id
        unlocked.fs.write_file("/hello.txt", b"hello vault")
        assert unlocked.fs.read_file("/hello.txt") == b"hello vault"
    assert unlocked.locked
    with pytest.raises(VaultLockedError) as locked:
        _ = unlocked.fs
    assert locked.value.title == "Vault is locked"
    unlocked.lock()  # idempotent
    with unlock_vault(path, PASSWORD, read_only=True) as again:
        assert [name for name, _ in again.fs.listdir("/")] == ["hello.txt"]
        assert again.fs.read_file("/hello.txt") == b"hello vault"


def test_wrong_password(vault) -> None:
    path, _ = vault
    before = snapshot(path)
    with pytest.raises(WrongPasswordError):
        unlock_vault(path, "wrong")
    with pytest.raises(WrongPasswordError):
        show_recovery_key(path, "wrong")
    assert snapshot(path) == before


def test_unlock_refuses_kid_traversal(vault, tmp_path: Path) -> None:
    path, words = vault
    (tmp_path / "x").write_bytes((path / "masterkey.cryptomator").read_bytes())
    token = sign_config(VaultConfig(jti="j"), decode_recovery_key(words))
    header = {"kid": "masterkeyfile:../x", "alg": "HS256", "typ": "JWT"}
    header_b64 = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    (path / "vault.cryptomator").write_text(header_b64 + token[token.index(".") :])
    with pytest.raises(DamagedVaultFileError, match="plain file name"):
        unlock_vault(path, PASSWORD)


def test_unlock_refuses_config_signed_by_another_vault(tmp_path: Path) -> None:
    make_vault(tmp_path / "a")
    make_vault(tmp_path / "b")
    os.replace(tmp_path / "b" / "vault.cryptomator", tmp_path / "a" / "vault.cryptomator")
    with pytest.raises(ConfigSignatureError):
        unlock_vault(tmp_path / "a", PASSWORD)


def test_missing_masterkey_is_damaged(vault) -> None:
    path, _ = vault
    (path / "masterkey.cryptomator").unlink()
    with pytest.raises(DamagedVaultFileError, match="missing"):
        unlock_vault(path, PASSWORD)


# --- password change and recovery -----------------------------------------------------------


def test_change_password(vault) -> None:
    path, words = vault
    old_file = (path / "masterkey.cryptomator").read_bytes()
    with unlock_vault(path, PASSWORD) as v:
        v.fs.write_file("/keep.txt", b"data")
    change_password(path, PASSWORD, "new secret")
    with pytest.raises(WrongPasswordError):
        unlock_vault(path, PASSWORD)
    with unlock_vault(path, "new secret") as v:
        assert v.fs.read_file("/keep.txt") == b"data"
    assert (path / "masterkey.cryptomator.bkup").read_bytes() == old_file
    new, old = masterkey_json(path), json.loads(old_file)
    assert new["scryptSalt"] != old["scryptSalt"]
    assert new["scryptCostParam"] == old["scryptCostParam"] == TEST_SCRYPT_COST
    assert new["scryptBlockSize"] == old["scryptBlockSize"]
    assert new["version"] == old["version"]
    assert show_recovery_key(path, "new secret") == words


def test_change_password_with_wrong_old_password_writes_nothing(vault) -> None:
    path, _ = vault
    before = snapshot(path)
    with pytest.raises(WrongPasswordError):
        change_password(path, "wrong", "new")
    assert snapshot(path) == before


def test_show_recovery_key_matches_creation(vault) -> None:
    path, words = vault
    assert show_recovery_key(path, PASSWORD) == words


def test_reset_password_with_recovery_key(vault) -> None:
    path, words = vault
    with unlock_vault(path, PASSWORD) as v:
        v.fs.write_file("/keep.txt", b"data")
    config_before = (path / "vault.cryptomator").read_bytes()
    old_masterkey = (path / "masterkey.cryptomator").read_bytes()
    reset_password(path, "  " + words.upper() + "\n", "reset pw")
    with pytest.raises(WrongPasswordError):
        unlock_vault(path, PASSWORD)
    with unlock_vault(path, "reset pw") as v:
        assert v.fs.read_file("/keep.txt") == b"data"
    assert (path / "vault.cryptomator").read_bytes() == config_before
    assert not (path / "vault.cryptomator.bkup").exists()
    assert (path / "masterkey.cryptomator.bkup").read_bytes() == old_masterkey
    # The old masterkey file is unauthenticated during a reset: its cheap test cost is not kept.
    new = masterkey_json(path)
    assert (new["scryptCostParam"], new["scryptBlockSize"], new["version"]) == (32768, 8, 999)


def test_reset_with_another_vaults_key_writes_nothing(vault, tmp_path: Path) -> None:
    path, _ = vault
    other_words = make_vault(tmp_path / "other")
    before = snapshot(path)
    with pytest.raises(InvalidRecoveryKeyError, match="does not belong"):
        reset_password(path, other_words, "x")
    with pytest.raises(InvalidRecoveryKeyError, match="not in the recovery key word list"):
        reset_password(path, "hello qqqq", "x")
    (path / "vault.cryptomator").unlink()
    del before["vault.cryptomator"]
    with pytest.raises(InvalidRecoveryKeyError):
        reset_password(path, other_words, "x")
    assert snapshot(path) == before


def test_reset_rebuilds_damaged_config_keeping_its_id(vault) -> None:
    path, words = vault
    info = vault_info(path)
    damaged = (path / "vault.cryptomator").read_text()[:-6] + "AAAAAA"
    (path / "vault.cryptomator").write_text(damaged)
    with pytest.raises(DamagedVaultFileError):
        unlock_vault(path, PASSWORD)
    reset_password(path, words, "pw2")
    assert vault_info(path) == info
    assert (path / "vault.cryptomator.bkup").read_text() == damaged
    with unlock_vault(path, "pw2") as v:
        assert v.config.jti == info.vault_id


@pytest.mark.parametrize("combo", ["SIV_GCM", "SIV_CTRMAC"])
def test_reset_recreates_missing_config(tmp_path: Path, combo: str) -> None:
    path = tmp_path / "v"
    words = make_vault(path, cipher_combo=combo, shortening_threshold=150)
    with unlock_vault(path, PASSWORD) as v:
        v.fs.write_file("/keep.txt", b"data")
    old_id = vault_info(path).vault_id
    (path / "vault.cryptomator").unlink()
    with pytest.raises(DamagedVaultFileError, match="recovery key"):
        vault_info(path)
    reset_password(path, words, "pw3")
    info = vault_info(path)
    assert info.cipher_combo == combo  # detected from the root dirid.c9r
    assert info.vault_id != old_id and len(info.vault_id) == 36
    with unlock_vault(path, "pw3") as v:
        assert v.fs.read_file("/keep.txt") == b"data"


def test_reset_refuses_legacy_vault(vault) -> None:
    path, words = vault
    (path / "vault.cryptomator").unlink()
    doc = masterkey_json(path)
    doc["version"] = 7
    (path / "masterkey.cryptomator").write_text(json.dumps(doc))
    before = snapshot(path)
    with pytest.raises(UnsupportedVaultError, match="migrate"):
        reset_password(path, words, "x")
    assert snapshot(path) == before


def test_reset_recreates_missing_masterkey(vault) -> None:
    path, words = vault
    (path / "masterkey.cryptomator").unlink()
    reset_password(path, words, "pw4")
    assert show_recovery_key(path, "pw4") == words
    assert not (path / "masterkey.cryptomator.bkup").exists()


def test_recovery_key_encodes_raw_key(vault) -> None:
    path, words = vault
    raw = decode_recovery_key(words)
    assert encode_recovery_key(raw) == words
    assert unlock_masterkey((path / "masterkey.cryptomator").read_bytes(), PASSWORD).raw_key == raw


# --- real vaults --------------------------------------------------------------------------

FRESH_WORDS_KEY = bytes.fromhex(
    "1836dc02616887ffe0a572b000426918c139756731419920c039cbbfe02fdde9"
    "0872b5284fc8656194ac6de685684564cb91473dfdc17e08d83712b7e0f43da0"
)


@pytest.mark.parametrize(
    ("name", "combo"),
    [
        ("cryptomator-desktop-fresh", "SIV_GCM"),
        ("oxcrypt-sample", "SIV_GCM"),
        ("siv-ctrmac-migrated", "SIV_CTRMAC"),
    ],
)
def test_info_of_real_vaults(fixture_vault, name: str, combo: str) -> None:
    info = vault_info(fixture_vault(name))
    assert (info.format, info.cipher_combo, info.shortening_threshold) == (8, combo, 220)


def test_real_vault_unlock_recovery_and_password_change(fixture_vault) -> None:
    path = fixture_vault("cryptomator-desktop-fresh")
    with unlock_vault(path, "123456789", read_only=True) as v:
        assert [name for name, _ in v.fs.listdir("/")] == ["WELCOME.rtf"]
    assert show_recovery_key(path, "123456789") == encode_recovery_key(FRESH_WORDS_KEY)
    change_password(path, "123456789", "another one")
    assert masterkey_json(path)["scryptCostParam"] == 32768
    with unlock_vault(path, "another one", read_only=True) as v:
        assert len(v.fs.read_file("/WELCOME.rtf")) == 471
