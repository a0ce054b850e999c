"""Known-answer tests: every vector of spec §15.1 and §15.3-§15.8 against vaultengine.crypto."""

from __future__ import annotations

import base64
import json

import pytest

from vaultengine.crypto.content import CtrMacContentCryptor, FileHeader, GcmContentCryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.masterkey import create_masterkey, unlock_masterkey
from vaultengine.crypto.names import NameCryptor
from vaultengine.errors import DamagedVaultFileError

ZERO_KEYS = MasterKeys(b"\x00" * 32, b"\x00" * 32)
SWIFT_KEYS = MasterKeys(b"\x55" * 32, b"\x77" * 32)
b64 = base64.b64decode

# §15.1
WRAPPED_ZERO_KEY = "mM+qoQ+o0qvPTiDAZYt+flaC3WbpNAx1sTXaUzxwpy0M9Ctj6Tih/Q=="
VERSION_MACS = {
    3: "iUmRRHITuyJsJbVNqGNw+82YQ4A3Rma7j/y1v0DCVLA=",
    7: "cn2sAK6l9p1/w9deJVUuW3h7br056mpv5srvALiYw+g=",
    999: "trDKXqDhu94/VPuoWaQGBm8hwSPYc0D9t6DRRxKZ65k=",
}


def masterkey_15_1(version: int, version_mac: str) -> bytes:
    return json.dumps(
        {
            "version": version,
            "scryptSalt": "AAAAAAAAAAA=",
            "scryptCostParam": 2,
            "scryptBlockSize": 8,
            "primaryMasterKey": WRAPPED_ZERO_KEY,
            "hmacMasterKey": WRAPPED_ZERO_KEY,
            "versionMac": version_mac,
        }
    ).encode()


@pytest.mark.parametrize("version", sorted(VERSION_MACS))
def test_15_1_masterkey_unlocks_to_zero_keys(version: int) -> None:
    keys = unlock_masterkey(masterkey_15_1(version, VERSION_MACS[version]), "asd")
    assert keys == ZERO_KEYS


def test_15_1_version_mac_of_another_version_is_refused() -> None:
    with pytest.raises(DamagedVaultFileError, match="versionMac"):
        unlock_masterkey(masterkey_15_1(999, VERSION_MACS[3]), "asd")


@pytest.mark.parametrize("version", sorted(VERSION_MACS))
def test_15_1_create_writes_the_published_version_mac(version: int) -> None:
    doc = json.loads(create_masterkey(ZERO_KEYS, "asd", scrypt_cost=2, version=version))
    assert doc["versionMac"] == VERSION_MACS[version]
    assert doc["version"] == version


# §15.3
def test_15_3_directory_hashes() -> None:
    names = NameCryptor(SWIFT_KEYS)
    assert names.hash_dir_id("") == "VLWEHT553J5DR7OZLRJAYDIWFCXZABOD"
    assert names.hash_dir_id("918acfbd-a467-3f77-93f1-f4a44f9cfe9c") == (
        "7C3USOO3VU7IVQRKFMRFV3QE4VEZJECV"
    )
    assert NameCryptor(ZERO_KEYS).hash_dir_id("") == "KG6TFDGKXGZEGWRZOGTDFDF4YEGAZO6Q"


def test_15_3_names() -> None:
    names = NameCryptor(SWIFT_KEYS)
    assert names.encrypt_name("hello.txt", "foo") == "GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w=="
    assert names.decrypt_name("GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w==", "foo") == "hello.txt"
    assert len(names.encrypt_name("a" * 146, "") + ".c9r") == 220
    long_name = (
        "lot-_aWazKZgWRWu9vh9CA0uebjeZXIsZSEeteUKWWpTKi1vy80vHBLOIulqAXsKcLL3sstJq0hskbNOYZoMIhzY5"
        "iZDyQaCcN708gSeexNsCuatYqAK_wRfhNYQAzvSD_b7Apk9YUxaqFWoWE6nNAvn859BCNC3_8bBcyJ0ibV1QDZjRM"
        "q3_XvxjS050qh0ZF24KbpWyjwTx06BXXq_3vgDkg=="
    )
    assert names.encrypt_name("a" * 147, "") == long_name
    assert len(long_name + ".c9r") == 224


# §15.4
GCM_ZERO_HEADER = (
    "AAAAAAAAAAAAAAAAMVi/wrKflJEHTsXTuvOdGHJgA8o3pip00aL1jnUGNY7dSrEoTUrhey+maVG6P0F2RBmZR74SjU0="
)
GCM_SWIFT_HEADER = bytes.fromhex(
    "F0F0F0F0F0F0F0F0F0F0F0F0"
    "1C8719F03122868FDB9D9703A08608D5885896C2E6604BB9EA6431D4A05D476FE41F3231F2C0611F"
    "6D42988243F21F43F644FD6DF7A93F0B"
)


def test_15_4_gcm_header_zero_key() -> None:
    cryptor = GcmContentCryptor(ZERO_KEYS)
    header = FileHeader(b"\x00" * 12, b"\x00" * 32)
    assert cryptor.encrypt_header(header) == b64(GCM_ZERO_HEADER)
    assert cryptor.decrypt_header(b64(GCM_ZERO_HEADER)) == header


def test_15_4_gcm_header_swift() -> None:
    cryptor = GcmContentCryptor(SWIFT_KEYS)
    header = FileHeader(b"\xf0" * 12, b"\xf0" * 32)
    assert cryptor.encrypt_header(header) == GCM_SWIFT_HEADER
    decrypted = cryptor.decrypt_header(GCM_SWIFT_HEADER)
    assert (decrypted.nonce, decrypted.content_key, decrypted.reserved) == (
        b"\xf0" * 12,
        b"\xf0" * 32,
        b"\xff" * 8,
    )


# §15.5
def test_15_5_gcm_chunks_cryptolib() -> None:
    cryptor = GcmContentCryptor(ZERO_KEYS)
    header = FileHeader(b"\x00" * 12, b"\x00" * 32)
    expected = b64("MzMzMzMzMzMzMzMzbYvL7CusRmzk70Kn1QxFA5WQg/hgKeba4bln")
    assert cryptor.encrypt_chunk(b"hello world", 0, header, nonce=b"\x33" * 12) == expected
    assert cryptor.decrypt_chunk(expected, 0, header) == b"hello world"
    other = b64("VVVVVVVVVVVVVVVVnHVdh+EbedvPeiCwCdaTYpzn1CXQjhSh7PHv")
    assert cryptor.decrypt_chunk(other, 0, header) == b"hello world"


def test_15_5_gcm_chunk_swift() -> None:
    cryptor = GcmContentCryptor(SWIFT_KEYS)
    header = FileHeader(b"\x55" * 12, b"\x77" * 32)
    expected = bytes.fromhex(
        "55555555555555555555555552C5EE8D7FB44EF28AEC553CC70265E5352CB5A09A43AE0F5CA15D"
    )
    assert cryptor.encrypt_chunk(b"hello world", 0, header, nonce=b"\x55" * 12) == expected
    assert cryptor.decrypt_chunk(expected, 0, header) == b"hello world"


# §15.6
GCM_FILE = (
    "VVVVVVVVVVVVVVVVC+/OFHHE8UvKYTOPlrMO5rCRLAI7/zk8Hjoisja03+yi9ugeeMz1evZhxDExrawl93vf9DKQPx5"
    "VVVVVVVVVVVVVVVVSxe6Nf7RO8orsVTzHAmXlNSy1oJpDrg9coV0="
)


def test_15_6_whole_gcm_file() -> None:
    cryptor = GcmContentCryptor(ZERO_KEYS)
    vector = b64(GCM_FILE)
    assert len(vector) == 107
    header = FileHeader(b"\x55" * 12, b"\x77" * 32)
    built = cryptor.encrypt_header(header) + cryptor.encrypt_chunk(
        b"hello world", 0, header, nonce=b"\x55" * 12
    )
    assert built == vector
    assert cryptor.decrypt_file(vector) == b"hello world"
    assert cryptor.cleartext_size(len(vector)) == 11


# §15.7
CTR_ZERO_HEADER = (
    "AAAAAAAAAAAAAAAAAAAAACNqP4ddv3Z2rUiiFJKEIIdTD4r7x0U2ualjtPHEy3OLzqdAPU1ga24VjC86+zlHN49BfMdzv"
    "HF3f9EE0LSnRLSsu6ps3IRcJg=="
)
CTR_ZERO_CHUNK = "AAAAAAAAAAAAAAAAAAAAALTwrBTNYP7m3yTGKlhka9WPvX1Lpn5EYfVxlyX1ISgRXtdRnivM7r6F3Og="
CTR_SWIFT_HEADER = bytes.fromhex(
    "F0" * 16
    + "0D91F29CC635D75E1E42231EC79057E38D98F358072C9F03BCEA5A983B6862893EBC5E5E2739CB8E"
    + "D42761068E7F3A4EC79F4D3E2057DCE465A5FF93C27BD2B83FE3D08CB392ED96"
)


def test_15_7_ctrmac_header_and_chunk() -> None:
    cryptor = CtrMacContentCryptor(ZERO_KEYS)
    header = FileHeader(b"\x00" * 16, b"\x00" * 32)
    assert cryptor.encrypt_header(header) == b64(CTR_ZERO_HEADER)
    assert len(b64(CTR_ZERO_HEADER)) == 88
    assert cryptor.decrypt_header(b64(CTR_ZERO_HEADER)) == header
    chunk = cryptor.encrypt_chunk(b"hello world", 0, header, nonce=b"\x00" * 16)
    assert chunk == b64(CTR_ZERO_CHUNK)
    assert cryptor.decrypt_chunk(chunk, 0, header) == b"hello world"
    whole = b64(CTR_ZERO_HEADER) + b64(CTR_ZERO_CHUNK)
    assert len(whole) == 147
    assert cryptor.decrypt_file(whole) == b"hello world"


def test_15_7_ctrmac_header_swift() -> None:
    cryptor = CtrMacContentCryptor(SWIFT_KEYS)
    header = FileHeader(b"\xf0" * 16, b"\xf0" * 32)
    assert cryptor.encrypt_header(header) == CTR_SWIFT_HEADER
    assert cryptor.decrypt_header(CTR_SWIFT_HEADER) == header


# §15.8 (payload sizes without the 68-byte header)
SIZE_TABLE = [(0, 0), (1, 29), (32767, 32795), (32768, 32796), (32769, 32825), (65536, 65592),
              (65537, 65621)]  # fmt: skip


@pytest.mark.parametrize(("cleartext", "payload"), SIZE_TABLE)
def test_15_8_size_table_both_directions(cleartext: int, payload: int) -> None:
    cryptor = GcmContentCryptor(ZERO_KEYS)
    assert cryptor.ciphertext_size(cleartext) == 68 + payload
    assert cryptor.cleartext_size(68 + payload) == cleartext


@pytest.mark.parametrize("payload", [1, 28, 32797, 32824])
def test_15_8_invalid_payload_sizes_round_down(payload: int) -> None:
    # Upstream rejects these; we report the size of the complete chunks before the bad tail
    # (28 is an empty final chunk: size 0). Reads of the tail fail authentication instead.
    cryptor = GcmContentCryptor(ZERO_KEYS)
    assert cryptor.cleartext_size(68 + payload) == 32768 * (payload // 32796)
