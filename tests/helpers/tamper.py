"""The tamper matrix shared by the CLI and mount tests: a test vault, an independent ciphertext
locator (spec layout, public crypto API only), each tamper and what the vault must do after it."""

from __future__ import annotations

import atexit
import base64
import hashlib
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import MasterKeys, NameCryptor, content_cryptor
from vaultengine.vault import create_vault, open_keys, unlock_vault

PASSWORD = "tamper test pw"
CHUNK = 32768
SHORTENING_THRESHOLD = 220
LONG_A = "A" * 160 + ".txt"  # its ciphertext name is over 220 chars: stored as a .c9s folder
LONG_B = "B" * 160 + ".txt"


def _random(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


# Every file of the test vault and its true cleartext.
TRUTH: dict[str, bytes] = {
    "/target.bin": _random(3 * CHUNK + 1000, 1),  # 4 chunks: the victim of content tampers
    "/other.bin": _random(2 * CHUNK + 500, 2),  # 3 chunks: the donor of foreign chunks
    "/small.txt": b"small file\n",
    "/empty.txt": b"",
    "/docs/note.txt": b"a note in docs\n",
    "/docs/report.bin": _random(CHUNK + 7, 3),
    "/pics/note.txt": b"a note in pics, not the one in docs\n",
    "/pics/deep/x.bin": _random(100, 4),
    "/" + LONG_A: b"long name A\n",
    "/" + LONG_B: b"long name B\n",
}
FOLDERS = ("/docs", "/pics", "/pics/deep")
SYMLINKS = {"/link": "target.bin"}


class Ciphertext:
    """Where each cleartext path lives on disk, worked out from the spec (not from fs/ code)."""

    def __init__(self, root: Path, keys: MasterKeys, combo: str) -> None:
        self.root = root
        self.names = NameCryptor(keys)
        self.cryptor = content_cryptor(combo, keys)

    def content_dir(self, dir_id: str) -> Path:
        hashed = self.names.hash_dir_id(dir_id)
        return self.root / "d" / hashed[:2] / hashed[2:]

    def dir_id(self, folder: str) -> str:
        dir_id = ""
        for part in [p for p in folder.split("/") if p]:
            dir_id = (self.node(dir_id, part) / "dir.c9r").read_text("ascii")
        return dir_id

    def node(self, parent_id: str, name: str) -> Path:
        encrypted = self.names.encrypt_name(name, parent_id) + ".c9r"
        if len(encrypted) > SHORTENING_THRESHOLD:
            digest = hashlib.sha1(encrypted.encode("ascii")).digest()
            encrypted = base64.urlsafe_b64encode(digest).decode("ascii") + ".c9s"
        return self.content_dir(parent_id) / encrypted

    def node_of(self, path: str) -> Path:
        folder, _, name = path.rpartition("/")
        return self.node(self.dir_id(folder), name)

    def file_of(self, path: str) -> Path:
        node = self.node_of(path)
        return node / "contents.c9r" if node.is_dir() else node

    # geometry of the content cipher
    @property
    def header_nonce(self) -> int:
        return self.cryptor.header_nonce_size

    @property
    def header(self) -> int:
        return self.cryptor.header_size

    @property
    def nonce(self) -> int:
        return self.cryptor.chunk_nonce_size

    @property
    def ct_chunk(self) -> int:
        return self.cryptor.ciphertext_chunk_size

    def chunk_offset(self, number: int) -> int:
        return self.header + number * self.ct_chunk


@dataclass
class TamperVault:
    root: Path
    ct: Ciphertext


def build_vault(folder: Path, combo: str = "SIV_GCM") -> TamperVault:
    """A fresh vault (cheap scrypt) holding TRUTH, FOLDERS and SYMLINKS."""
    create_vault(folder, PASSWORD, scrypt_cost=TEST_SCRYPT_COST, cipher_combo=combo)
    with unlock_vault(folder, PASSWORD) as vault:
        for path in FOLDERS:
            vault.fs.mkdir(path)
        for path, data in TRUTH.items():
            vault.fs.write_file(path, data)
        for path, target in SYMLINKS.items():
            vault.fs.symlink(path, target)
    keys, _config = open_keys(folder, PASSWORD)
    return TamperVault(folder, Ciphertext(folder, keys, combo))


_TEMPLATES: dict[str, Path] = {}


def fresh_vault(tmp_path: Path, combo: str = "SIV_GCM") -> TamperVault:
    """A copy of one vault built per combo per session (building costs more than copying)."""
    if combo not in _TEMPLATES or not _TEMPLATES[combo].is_dir():
        folder = Path(tempfile.mkdtemp(prefix="strongroom-tamper-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        build_vault(folder / "vault", combo)
        _TEMPLATES[combo] = folder / "vault"
    target = tmp_path / "vault"
    shutil.copytree(_TEMPLATES[combo], target)
    keys, _config = open_keys(target, PASSWORD)
    return TamperVault(target, Ciphertext(target, keys, combo))


# --- the tampers ---------------------------------------------------------------------------


@dataclass
class Expect:
    """What the vault must show after a tamper; every path not named here must read as TRUTH."""

    damaged: dict[str, frozenset[int]] = field(default_factory=dict)  # file -> chunks that fail
    gone: set[str] = field(default_factory=set)  # not listed, ENOENT when opened by name
    broken: set[str] = field(default_factory=set)  # folders: not listed, EIO on access
    shows: dict[str, str] = field(default_factory=dict)  # path -> the TRUTH path it now shows
    new_folders: set[str] = field(default_factory=set)
    # not listed, yet its exact name still reaches it and it reads as TRUTH: a long-name node
    # whose name.c9s is wrong (lookups hash the encrypted name and never need name.c9s)
    unlisted: set[str] = field(default_factory=set)

    def hidden(self, path: str) -> bool:
        return (
            path in self.gone
            or path in self.unlisted
            or any(path == f or path.startswith(f + "/") for f in self.broken)
        )


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _flip_at(where: Callable[[Ciphertext, Path], int], victim: str = "/target.bin"):
    def apply(v: TamperVault) -> None:
        path = v.ct.file_of(victim)
        flip(path, where(v.ct, path))

    return apply


def _swap_within(v: TamperVault) -> None:
    path = v.ct.file_of("/target.bin")
    data = bytearray(path.read_bytes())
    one = slice(v.ct.chunk_offset(1), v.ct.chunk_offset(2))
    two = slice(v.ct.chunk_offset(2), v.ct.chunk_offset(3))
    data[one], data[two] = data[two], data[one]
    path.write_bytes(bytes(data))


def _swap_between(number: int):
    def apply(v: TamperVault) -> None:
        target, donor = v.ct.file_of("/target.bin"), v.ct.file_of("/other.bin")
        data, foreign = bytearray(target.read_bytes()), donor.read_bytes()
        span = slice(v.ct.chunk_offset(number), v.ct.chunk_offset(number + 1))
        data[span] = foreign[span]
        target.write_bytes(bytes(data))

    return apply


def _header_from_other_file(v: TamperVault) -> None:
    target, donor = v.ct.file_of("/target.bin"), v.ct.file_of("/other.bin")
    data = bytearray(target.read_bytes())
    data[: v.ct.header] = donor.read_bytes()[: v.ct.header]
    target.write_bytes(bytes(data))


def _cut(keep: Callable[[Ciphertext], int]):
    def apply(v: TamperVault) -> None:
        path = v.ct.file_of("/target.bin")
        os.truncate(path, keep(v.ct))

    return apply


def _name_from_other_folder(v: TamperVault) -> None:
    node = v.ct.node_of("/target.bin")
    os.rename(node, v.ct.content_dir(v.ct.dir_id("/docs")) / node.name)


def _swap_dir_files(v: TamperVault) -> None:
    docs, pics = v.ct.node_of("/docs") / "dir.c9r", v.ct.node_of("/pics") / "dir.c9r"
    docs_id, pics_id = docs.read_bytes(), pics.read_bytes()
    docs.write_bytes(pics_id)
    pics.write_bytes(docs_id)


def _dir_file_missing(v: TamperVault) -> None:
    (v.ct.node_of("/pics") / "dir.c9r").unlink()


def _dir_file(content: bytes):
    def apply(v: TamperVault) -> None:
        (v.ct.node_of("/pics") / "dir.c9r").write_bytes(content)

    return apply


def _name_file_of_another(v: TamperVault) -> None:
    a, b = v.ct.node_of("/" + LONG_A), v.ct.node_of("/" + LONG_B)
    (a / "name.c9s").write_bytes((b / "name.c9s").read_bytes())


def _name_file_garbage(v: TamperVault) -> None:
    (v.ct.node_of("/" + LONG_A) / "name.c9s").write_bytes(b"not-base64!!" * 30 + b".c9r")


_last = 3  # the last chunk of /target.bin


@dataclass(frozen=True)
class Tamper:
    name: str
    apply: Callable[[TamperVault], None]
    expect: Expect


def _damaged(*chunks: int) -> Expect:
    return Expect(damaged={"/target.bin": frozenset(chunks)})


_ALL = tuple(range(4))  # every chunk of /target.bin


TAMPERS: list[Tamper] = [
    Tamper("header-nonce", _flip_at(lambda c, p: 0), _damaged(*_ALL)),
    Tamper("header-payload", _flip_at(lambda c, p: c.header_nonce + 3), _damaged(*_ALL)),
    Tamper("header-tag", _flip_at(lambda c, p: c.header - 1), _damaged(*_ALL)),
    Tamper("header-of-another-file", _header_from_other_file, _damaged(*_ALL)),
    Tamper("chunk0-ciphertext", _flip_at(lambda c, p: c.chunk_offset(0) + c.nonce), _damaged(0)),
    Tamper("chunk1-nonce", _flip_at(lambda c, p: c.chunk_offset(1) + 2), _damaged(1)),
    Tamper("chunk1-ciphertext", _flip_at(lambda c, p: c.chunk_offset(1) + 1000), _damaged(1)),
    Tamper("chunk1-tag", _flip_at(lambda c, p: c.chunk_offset(2) - 1), _damaged(1)),
    Tamper("last-chunk-tag", _flip_at(lambda c, p: p.stat().st_size - 1), _damaged(_last)),
    Tamper("chunks-swapped-within-file", _swap_within, _damaged(1, 2)),
    Tamper("chunk1-from-another-file", _swap_between(1), _damaged(1)),
    Tamper("chunk0-from-another-file", _swap_between(0), _damaged(0)),
    # a tail cut inside a chunk: what is left of that chunk is longer or shorter than its overhead
    Tamper("tail-cut-mid-last-chunk", _cut(lambda c: c.chunk_offset(_last) + 600), _damaged(_last)),
    Tamper("tail-cut-mid-chunk1", _cut(lambda c: c.chunk_offset(1) + CHUNK // 2), _damaged(1)),
    Tamper("tail-torn-10-bytes", _cut(lambda c: c.chunk_offset(_last) + 10), _damaged(_last)),
    Tamper("name-from-another-folder", _name_from_other_folder, Expect(gone={"/target.bin"})),
    # dir.c9r is not authenticated: swapped, two folders swap their contents (documented)
    Tamper(
        "dir-files-swapped",
        _swap_dir_files,
        Expect(
            shows={
                "/docs/note.txt": "/pics/note.txt",
                "/docs/deep/x.bin": "/pics/deep/x.bin",
                "/pics/note.txt": "/docs/note.txt",
                "/pics/report.bin": "/docs/report.bin",
            },
            gone={"/docs/report.bin", "/pics/deep", "/pics/deep/x.bin"},
            new_folders={"/docs/deep"},
        ),
    ),
    Tamper("dir-file-missing", _dir_file_missing, Expect(broken={"/pics"})),
    Tamper("dir-file-garbage", _dir_file(os.urandom(36)), Expect(broken={"/pics"})),
    Tamper("dir-file-empty", _dir_file(b""), Expect(broken={"/pics"})),
    Tamper(
        "dir-file-unknown-id",
        _dir_file(b"5d1c8f6e-1f6b-4a53-9c47-7b7bd2b0e2a1"),
        Expect(broken={"/pics"}),
    ),
    Tamper("name-c9s-of-another-node", _name_file_of_another, Expect(unlisted={"/" + LONG_A})),
    Tamper("name-c9s-garbage", _name_file_garbage, Expect(unlisted={"/" + LONG_A})),
]
TAMPER_IDS = [t.name for t in TAMPERS]


def expected_listing(expect: Expect) -> set[str]:
    """Every path `ls -R` / os.walk must show after the tamper (folders and the symlink too)."""
    shown = set(FOLDERS) | set(SYMLINKS) | set(TRUTH) | set(expect.shows) | expect.new_folders
    return {p for p in shown if not expect.hidden(p)}


def readable_files(expect: Expect) -> dict[str, bytes]:
    """Every file that must read back in full after the tamper, with what it must read as."""
    found = {}
    for path in expected_listing(expect):
        if path in expect.shows:
            found[path] = TRUTH[expect.shows[path]]
        elif path in TRUTH and path not in expect.damaged:
            found[path] = TRUTH[path]
    return found


def check_damaged_output(out: bytes, path: str, bad_chunks: frozenset[int]) -> None:
    """What came out of a damaged file: at most the authentic chunks before the first bad one."""
    truth = TRUTH[path]
    first_bad_chunk = min(bad_chunks)
    assert len(out) <= first_bad_chunk * CHUNK, (len(out), first_bad_chunk)
    assert out == truth[: len(out)], "bytes that are not the true cleartext came out"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256: read-only commands must not change any."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
