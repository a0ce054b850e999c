"""The three real fixture vaults decrypt exactly to their manifests; writing into copies works."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from tests.helpers.vaults import FIXTURES as FIXTURE_DIR
from vaultengine.vault import unlock_vault

FIXTURES = {
    "cryptomator-desktop-fresh": "123456789",
    "oxcrypt-sample": "123456789",
    "siv-ctrmac-migrated": "12345678",
}


def walk(fs, path="/"):
    tree = {}
    for name, attr in fs.listdir(path):
        child = path.rstrip("/") + "/" + name
        assert fs.stat(child) == attr  # listdir attributes agree with stat
        if stat.S_ISDIR(attr.st_mode):
            tree[child] = {"type": "dir"}
            tree.update(walk(fs, child))
        elif stat.S_ISLNK(attr.st_mode):
            tree[child] = {"type": "symlink", "target": fs.readlink(child)}
        else:
            data = fs.read_file(child)
            assert len(data) == attr.st_size
            tree[child] = {
                "type": "file",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    return tree


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_decrypts_to_manifest(fixture_vault, name):
    root = fixture_vault(name)
    expected = json.loads((FIXTURE_DIR / f"{name}.manifest.json").read_text())
    before = sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*"))
    with unlock_vault(root, FIXTURES[name], read_only=True) as vault:
        assert walk(vault.fs) == expected
    assert sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*")) == before


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_accepts_changes(fixture_vault, name):
    root = fixture_vault(name)
    with unlock_vault(root, FIXTURES[name]) as vault:
        fs = vault.fs
        data = os.urandom(70_000)
        fs.mkdir("/new dir")
        fs.write_file("/new dir/" + "long" * 40, data)
        files = [p for p, attr in fs.listdir("/") if stat.S_ISREG(attr.st_mode)]
        victim = "/" + files[0]
        original = fs.read_file(victim)
        fh = fs.open(victim, os.O_RDWR)
        fs.write(fh, b"patched", 3)
        fs.release(fh)
        model = bytearray(original)
        model.extend(bytes(max(0, 3 - len(model))))
        model[3:10] = b"patched"
        snapshot = walk(fs)
    with unlock_vault(root, FIXTURES[name], read_only=True) as vault:
        assert vault.fs.read_file("/new dir/" + "long" * 40) == data
        assert vault.fs.read_file(victim) == bytes(model)
        assert walk(vault.fs) == snapshot
