"""Real vaults from other implementations: unlock their masterkeys (spec §15.10, §15.11) and
decrypt every name and file with the crypto layer alone, against the fixture manifests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.helpers.vaults import FIXTURES
from vaultengine.crypto.content import content_cryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.masterkey import unlock_masterkey
from vaultengine.crypto.names import NameCryptor

# folder: (password, cipher combo, encKey, macKey, root content dir) from spec §15.10 / §15.11
GCM_KEYS = (
    "1836dc02616887ffe0a572b000426918c139756731419920c039cbbfe02fdde9",
    "0872b5284fc8656194ac6de685684564cb91473dfdc17e08d83712b7e0f43da0",
)
GCM_ROOT = "IM/WKTPKIODILK3E2NMJRS7A3TOUXSZ2E"
VAULTS = {
    "cryptomator-desktop-fresh": ("123456789", "SIV_GCM", *GCM_KEYS, GCM_ROOT),
    "oxcrypt-sample": ("123456789", "SIV_GCM", *GCM_KEYS, GCM_ROOT),
    "siv-ctrmac-migrated": (
        "12345678",
        "SIV_CTRMAC",
        "eb4ce286ac468ed0306887a92d686d9e8d565e0438137cf1d7f27e94ea2e36d9",
        "91edd1d5f62196b95c630d9a0d4e0c643c5140df1a755027a66c37e37ede6ee9",
        "HI/RW3L6XRAPFC2UCK5QY37Q2U552IRPE",
    ),
}  # fmt: skip


def vault_dir(name: str) -> Path:
    path = FIXTURES / name
    assert path.is_dir(), f"fixture vault {name} missing from {FIXTURES}"
    return path


@pytest.fixture(scope="module")
def unlocked() -> dict[str, MasterKeys]:
    # Real scrypt cost (N=32768): unlock each distinct masterkey once per module.
    cache: dict[bytes, MasterKeys] = {}
    result: dict[str, MasterKeys] = {}
    for name, (password, *_rest) in VAULTS.items():
        path = FIXTURES / name / "masterkey.cryptomator"
        if path.is_file():
            data = path.read_bytes()
            if data not in cache:
                cache[data] = unlock_masterkey(data, password)
            result[name] = cache[data]
    return result


@pytest.mark.parametrize("name", sorted(VAULTS))
def test_masterkey_unlocks_to_published_keys(unlocked: dict[str, MasterKeys], name: str) -> None:
    vault_dir(name)
    _password, _combo, enc_hex, mac_hex, _root = VAULTS[name]
    assert unlocked[name] == MasterKeys(bytes.fromhex(enc_hex), bytes.fromhex(mac_hex))


def _walk(
    root: Path, keys: MasterKeys, combo: str, dir_id: str, prefix: str, out: dict[str, object]
) -> None:
    names = NameCryptor(keys)
    cryptor = content_cryptor(combo, keys)
    hashed = names.hash_dir_id(dir_id)
    content_dir = root / "d" / hashed[:2] / hashed[2:]
    dirid_backup = content_dir / "dirid.c9r"
    if dirid_backup.exists():  # the directory's own ID (spec §11.2)
        data = dirid_backup.read_bytes()
        assert cryptor.decrypt_file(data, ciphertext_path=str(dirid_backup)) == dir_id.encode()
    for entry in sorted(content_dir.iterdir()):
        if entry.name == "dirid.c9r" or not entry.name.endswith(".c9r"):
            continue
        cleartext_name = names.decrypt_name(entry.name[: -len(".c9r")], dir_id)
        path = f"{prefix}/{cleartext_name}"
        if entry.is_dir():
            child_id = (entry / "dir.c9r").read_text("utf-8")
            out[path] = {"type": "dir"}
            _walk(root, keys, combo, child_id, path, out)
        else:
            data = entry.read_bytes()
            cleartext = cryptor.decrypt_file(data, ciphertext_path=str(entry))
            assert cryptor.cleartext_size(len(data)) == len(cleartext)
            out[path] = {
                "type": "file",
                "size": len(cleartext),
                "sha256": hashlib.sha256(cleartext).hexdigest(),
            }


@pytest.mark.parametrize("name", sorted(VAULTS))
def test_whole_vault_decrypts_to_manifest(unlocked: dict[str, MasterKeys], name: str) -> None:
    root = vault_dir(name)
    _password, combo, _enc, _mac, root_dir = VAULTS[name]
    keys = unlocked[name]
    hashed_root = NameCryptor(keys).hash_dir_id("")
    assert f"{hashed_root[:2]}/{hashed_root[2:]}" == root_dir
    found: dict[str, object] = {}
    _walk(root, keys, combo, "", "", found)
    manifest = json.loads((FIXTURES / f"{name}.manifest.json").read_text())
    assert found == manifest


def test_known_files_of_the_spec(unlocked: dict[str, MasterKeys]) -> None:
    root = vault_dir("oxcrypt-sample")
    keys = unlocked["oxcrypt-sample"]
    names = NameCryptor(keys)
    cryptor = content_cryptor("SIV_GCM", keys)
    assert names.hash_dir_id("3602897a-d013-4bac-bdc1-b2ac79c71800") == (
        "5NM2YPYL2MTQXGLZTVRZKA7NPJQ75DJF"
    )
    a_txt = root / "d/5N/M2YPYL2MTQXGLZTVRZKA7NPJQ75DJF/8PLbolOnMm44iJs9NrdM2P6SXgat.c9r"
    assert (
        names.decrypt_name("8PLbolOnMm44iJs9NrdM2P6SXgat", "3602897a-d013-4bac-bdc1-b2ac79c71800")
        == "a.txt"
    )
    assert cryptor.decrypt_file(a_txt.read_bytes()) == b"abcdef\n"
    aes_wrap = root / "d/IM/WKTPKIODILK3E2NMJRS7A3TOUXSZ2E/oJbNNogAcwvqdh1kfq0r7U7TRKCY3EbUhSU=.c9r"
    assert aes_wrap.stat().st_size == 70811
    assert cryptor.cleartext_size(70811) == 70659
    root_dirid = root / "d/IM/WKTPKIODILK3E2NMJRS7A3TOUXSZ2E/dirid.c9r"
    assert root_dirid.stat().st_size == 68
    ctr_root = vault_dir("siv-ctrmac-migrated")
    ctr_keys = unlocked["siv-ctrmac-migrated"]
    ctr_names = NameCryptor(ctr_keys)
    assert ctr_names.hash_dir_id("902e928c-6af0-4dc2-ad8b-4de259549ffd") == (
        "XSYLMHJ6LMARCCMAGDCQSUBQPRTTWYF6"
    )
    lorem = "lZ7TQcpzWzXnHu9yEn0JOdiHxpvJHDR9iWNBOAqp9w=="
    assert ctr_names.decrypt_name(lorem, "") == "lorem-ipsum.txt"
    data = (ctr_root / "d/HI/RW3L6XRAPFC2UCK5QY37Q2U552IRPE" / f"{lorem}.c9r").read_bytes()
    assert len(data) == 77489
    assert len(content_cryptor("SIV_CTRMAC", ctr_keys).decrypt_file(data)) == 77257
