"""kill -9 of the mount process in the middle of a large write: the dead mount is reported and
cleaned by the CLI, the vault mounts again, every other file is intact, and the interrupted file
is whole chunks of what was written with at most one damaged (EIO) chunk, its last; every byte
write() reported written is there, unless it lies in that last chunk. See docs/security.md."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.mounts import clean_mountpoint, cli, cli_mount, require_fuse
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.errors import AuthenticationFailedError
from vaultengine.fuse import find_mount, is_dead
from vaultengine.health import check_vault
from vaultengine.vault import create_vault, open_keys, unlock_vault

pytestmark = pytest.mark.fuse

PASSWORD = "crash test pw"
CHUNK = 32768
# The writer's write() size: not a multiple of the chunk size, so each write rewrites the last
# chunk of the one before it in place (read-modify-write), the riskiest moment for a kill.
BLOCK = 3 * CHUNK + 1000
TOTAL_BLOCKS = 5000  # far more than is ever written before the kill
KILL_AFTER = 100  # blocks acknowledged before the kill; then a random delay of up to 4 ms
OTHERS = {f"/keep/file{i}.bin": random.Random(i).randbytes(5000 * i + 1) for i in range(5)}

# Prints the running total of bytes that write() reported written (a write cut short by the
# dying mount may report part of its block).
WRITER = """
import os, random, sys
path, block, blocks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
done = 0
for i in range(blocks):
    data = random.Random(1000 + i).randbytes(block)
    written = os.write(fd, data)
    done += written
    print(done, flush=True)
    if written < len(data):
        sys.exit(3)
"""


def block_data(i: int) -> bytes:
    return random.Random(1000 + i).randbytes(BLOCK)


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def write_until_killed(mnt: Path, mount_pid: int, delay: float) -> int:
    """Start a writer process, kill -9 the mount once KILL_AFTER blocks were acknowledged;
    return how many bytes write() reported written in all."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(mnt / "big.bin"), str(BLOCK), str(TOTAL_BLOCKS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged = 0
    try:
        for line in writer.stdout:
            acknowledged = int(line)
            if acknowledged >= KILL_AFTER * BLOCK:
                time.sleep(delay)  # lands anywhere in the next write, or between writes
                kill_quietly(mount_pid)
                break
        for line in writer.stdout:  # whatever was acknowledged before the kill landed
            acknowledged = int(line)
        assert writer.wait(timeout=30) != 0  # the writer got an error, it did not finish
    finally:
        writer.kill()
        writer.wait()
    assert acknowledged < TOTAL_BLOCKS * BLOCK
    return acknowledged


# STRONGROOM_CRASH_ATTEMPTS: more attempts land the kill inside a chunk write more often.
@pytest.mark.timeout(180)
@pytest.mark.parametrize("attempt", range(int(os.environ.get("STRONGROOM_CRASH_ATTEMPTS", "5"))))
def test_kill_9_mid_write(tmp_path: Path, attempt: int) -> None:
    require_fuse()
    vault, mnt = tmp_path / "vault", tmp_path / "mnt"
    create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.mkdir("/keep")
        for path, data in OTHERS.items():
            v.fs.write_file(path, data)
    mount_pid = cli_mount(vault, mnt, PASSWORD)
    try:
        delay = random.Random(attempt).uniform(0, 0.004)
        acknowledged = write_until_killed(mnt, mount_pid, delay)
        deadline = time.monotonic() + 10
        while not is_dead(str(mnt)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert is_dead(str(mnt))
        with pytest.raises(OSError) as info:
            os.listdir(mnt)
        assert info.value.errno == errno.ENOTCONN

        # The CLI reports the dead mount and cleans it.
        listed = cli("mounts", "--json")
        assert listed.returncode == 0, listed.stderr
        rows = [r for r in json.loads(listed.stdout) if r["mountpoint"] == str(mnt)]
        assert rows and rows[0]["dead"] is True
        cleaned = cli("mounts", "--clean")
        assert cleaned.returncode == 0, cleaned.stderr
        assert f"cleaned dead mount {mnt}" in cleaned.stdout
        assert find_mount(str(mnt)) is None and not is_dead(str(mnt))

        # Mounts again; every other file is intact through the new mount.
        mount_pid = cli_mount(vault, mnt, PASSWORD)
        for path, data in OTHERS.items():
            assert (mnt / path.lstrip("/")).read_bytes() == data
        unmounted = cli("unmount", mnt)
        assert unmounted.returncode == 0, unmounted.stderr
    finally:
        kill_quietly(mount_pid)
        clean_mountpoint(mnt)

    check_interrupted_file(vault, acknowledged)
    keys, config = open_keys(vault, PASSWORD)
    report = check_vault(vault, keys, config, deep=True)
    damaged = [p for p in report.problems if p.severity == "error"]
    # The only possible damage anywhere: the interrupted file's torn last chunk.
    assert all(p.kind == "damaged_file" and p.cleartext_path == "/big.bin" for p in damaged)


def check_interrupted_file(vault: Path, acknowledged: int) -> None:
    """Offline, chunk by chunk: each chunk is the bytes written or EIO; only the last may fail;
    no acknowledged byte is missing outside that last chunk."""
    expected = b"".join(block_data(i) for i in range(acknowledged // BLOCK + 2))
    with unlock_vault(vault, PASSWORD, read_only=True) as v:
        fs = v.fs
        size = fs.stat("/big.bin").st_size
        assert size >= acknowledged  # every byte write() reported written survived the kill
        fh = fs.open("/big.bin", os.O_RDONLY)
        failed = []
        chunks = -(-size // CHUNK)
        try:
            for number in range(chunks):
                try:
                    data = fs.read(fh, CHUNK, number * CHUNK)
                except AuthenticationFailedError as exc:
                    assert exc.errno == errno.EIO
                    failed.append(number)
                    continue
                assert data == expected[number * CHUNK : number * CHUNK + len(data)], number
                assert len(data) == min(CHUNK, size - number * CHUNK)
        finally:
            fs.release(fh)
        assert failed in ([], [chunks - 1]), f"damaged chunks {failed} of {chunks}"
        print(f"acknowledged {acknowledged}, size {size}, damaged chunks {failed}")
