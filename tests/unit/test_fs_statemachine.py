"""Random operation sequences on VaultFileSystem and on a plain folder must agree at every step."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import uuid

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import ChunkPool, VaultFileSystem

# Default: 10 sequences x 30 steps (~300 steps); raise it for a soak run.
EXAMPLES = int(os.environ.get("VAULT_FS_STATEFUL_EXAMPLES", "10"))
NAMES = ["a", "b", "Ünïcødé", "😀", "L" * 150, "M" * 250]
CHUNK = 32768

paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(lambda p: "/" + "/".join(p))
offsets = st.sampled_from([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 7]) | st.integers(
    0, 4 * CHUNK
)
payloads = st.sampled_from([0, 1, 100, CHUNK, CHUNK + 1]).flatmap(
    lambda n: st.binary(min_size=n, max_size=n)
) | st.binary(max_size=3 * CHUNK)


def outcome(call):
    try:
        return ("ok", call())
    except OSError as exc:
        return ("error", exc.errno)


class VaultVersusFolder(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.mkdtemp(prefix="vault-sm-")
        self.plain = os.path.join(self.tmp, "plain")
        os.mkdir(self.plain)
        keys = MasterKeys.generate()
        config = VaultConfig(jti=str(uuid.uuid4()))
        create_root_directory(os.path.join(self.tmp, "vault"), keys, config)
        self.pool = ChunkPool(2, 2)
        self.fs = VaultFileSystem(
            os.path.join(self.tmp, "vault"), keys, config, chunk_pool=self.pool
        )
        self.handles: list[tuple[int, int]] = []  # (plain fd, vault fh)

    def teardown(self) -> None:
        for fd, _ in self.handles:
            os.close(fd)
        self.fs.close()
        self.pool.shutdown()
        shutil.rmtree(self.tmp)

    def real(self, path: str) -> str:
        return self.plain + path

    def through_symlink(self, path: str) -> bool:
        parts = path.strip("/").split("/")
        return any(
            os.path.islink(self.real("/" + "/".join(parts[:i]))) for i in range(1, len(parts))
        )

    def same(self, plain_call, vault_call, path: str):
        if self.through_symlink(path):
            return ("skipped", None), ("skipped", None)  # the kernel would follow the link
        expected, got = outcome(plain_call), outcome(vault_call)
        assert expected[0] == got[0], (path, expected, got)
        if expected[0] == "error":
            assert expected[1] == got[1], (path, expected, got)
        return expected, got

    @rule(path=paths)
    def mkdir(self, path):
        self.same(lambda: os.mkdir(self.real(path)), lambda: self.fs.mkdir(path), path)

    @rule(path=paths)
    def rmdir(self, path):
        self.same(lambda: os.rmdir(self.real(path)), lambda: self.fs.rmdir(path), path)

    @rule(path=paths)
    def unlink(self, path):
        self.same(lambda: os.unlink(self.real(path)), lambda: self.fs.unlink(path), path)

    @rule(path=paths, data=payloads)
    def write_file(self, path, data):
        if os.path.islink(self.real(path)):
            return  # opening a link follows it: outside this model

        def plain():
            with open(self.real(path), "wb") as f:
                f.write(data)

        self.same(plain, lambda: self.fs.write_file(path, data), path)

    @rule(path=paths, length=offsets)
    def truncate(self, path, length):
        if os.path.islink(self.real(path)):
            return  # opening a link follows it: outside this model
        self.same(
            lambda: os.truncate(self.real(path), length),
            lambda: self.fs.truncate(path, length),
            path,
        )

    @rule(old=paths, new=paths, noreplace=st.booleans())
    def rename(self, old, new, noreplace):
        if self.through_symlink(new):
            return

        def plain():
            os.lstat(self.real(old))  # renameat2(RENAME_NOREPLACE) checks the source first
            if noreplace and os.path.lexists(self.real(new)) and old != new:
                raise OSError(errno.EEXIST, "exists")
            os.rename(self.real(old), self.real(new))

        self.same(plain, lambda: self.fs.rename(old, new, noreplace=noreplace), old)

    @rule(path=paths, link_target=st.sampled_from(["t", "../x/y", "😀/" + "z" * 20]))
    def symlink(self, path, link_target):
        self.same(
            lambda: os.symlink(link_target, self.real(path)),
            lambda: self.fs.symlink(path, link_target),
            path,
        )

    @precondition(lambda self: len(self.handles) < 3)
    @rule(path=paths, append=st.booleans())
    def open_handle(self, path, append):
        if os.path.islink(self.real(path)):
            return  # opening a link follows it: outside this model
        flags = os.O_RDWR | (os.O_APPEND if append else 0)
        expected, got = self.same(
            lambda: os.open(self.real(path), flags), lambda: self.fs.open(path, flags), path
        )
        if expected[0] == "ok":
            self.handles.append((expected[1], got[1]))

    @precondition(lambda self: self.handles)
    @rule(index=st.integers(0, 2), data=payloads, offset=offsets)
    def write_handle(self, index, data, offset):
        fd, fh = self.handles[index % len(self.handles)]
        assert os.pwrite(fd, data, offset) == self.fs.write(fh, data, offset)

    @precondition(lambda self: self.handles)
    @rule(index=st.integers(0, 2), length=st.integers(0, 3 * CHUNK), offset=offsets)
    def read_handle(self, index, length, offset):
        fd, fh = self.handles[index % len(self.handles)]
        assert os.pread(fd, length, offset) == self.fs.read(fh, length, offset)

    @precondition(lambda self: self.handles)
    @rule(index=st.integers(0, 2), length=offsets)
    def truncate_handle(self, index, length):
        fd, fh = self.handles[index % len(self.handles)]
        os.ftruncate(fd, length)
        self.fs.ftruncate(fh, length)

    @precondition(lambda self: self.handles)
    @rule(index=st.integers(0, 2))
    def close_handle(self, index):
        fd, fh = self.handles.pop(index % len(self.handles))
        os.close(fd)
        self.fs.release(fh)

    @invariant()
    def trees_agree(self):
        assert self.vault_tree("/") == self.plain_tree("/")

    def plain_tree(self, path):
        tree = {}
        for entry in os.scandir(self.real(path)):
            child = path.rstrip("/") + "/" + entry.name
            if entry.is_symlink():
                tree[child] = ("link", os.readlink(entry.path))
            elif entry.is_dir():
                tree[child] = ("dir", None)
                tree.update(self.plain_tree(child))
            else:
                with open(entry.path, "rb") as f:
                    tree[child] = ("file", f.read())
        return tree

    def vault_tree(self, path):
        tree = {}
        for name, attr in self.fs.listdir(path):
            child = path.rstrip("/") + "/" + name
            if stat.S_ISLNK(attr.st_mode):
                tree[child] = ("link", self.fs.readlink(child))
            elif stat.S_ISDIR(attr.st_mode):
                tree[child] = ("dir", None)
                tree.update(self.vault_tree(child))
            else:
                data = self.fs.read_file(child)
                assert attr.st_size == len(data)
                tree[child] = ("file", data)
        return tree


VaultVersusFolder.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_vault_agrees_with_a_plain_folder = VaultVersusFolder.TestCase
