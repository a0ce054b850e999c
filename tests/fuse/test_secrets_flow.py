"""No password or key in logs, argv, environment, temp files or tracebacks: a representative CLI
flow with --debug (DEBUG logging captured to files), mounts in child processes, and a search of
everything they left for the password and every encoding of the raw keys. Mounts are private to
the mounting user (no allow_other)."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import clean_mountpoint, require_fuse
from vaultengine.crypto import MasterKeys
from vaultengine.format.recovery_key import decode_recovery_key
from vaultengine.fuse import find_mount, spawn_mount, unmount_mountpoint

ROOT = Path(__file__).resolve().parents[2]
TEMP_FOLDERS = [Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm")]


def forms_of_key(raw: bytes) -> dict[str, bytes]:
    """The raw key and its halves as bytes, hex and base64 (every variant a log might use)."""
    keys = MasterKeys.from_raw(raw)
    found: dict[str, bytes] = {}
    for name, key in (("raw", raw), ("enc", keys.enc_key), ("mac", keys.mac_key)):
        found[f"{name}-bytes"] = key
        found[f"{name}-hex"] = key.hex().encode()
        found[f"{name}-HEX"] = key.hex().upper().encode()
        for variant, encoded in (
            ("b64", base64.b64encode(key)),
            ("b64url", base64.urlsafe_b64encode(key)),
        ):
            found[f"{name}-{variant}"] = encoded
            found[f"{name}-{variant}-unpadded"] = encoded.rstrip(b"=")
        found[f"{name}-repr"] = repr(key).encode()
    return found


def forms_of_password(password: str) -> dict[str, bytes]:
    return {
        "utf-8": password.encode(),
        "utf-16-le": password.encode("utf-16-le"),
        "repr": repr(password).encode(),
    }


class Secrets:
    """Everything that must never leak, and the search for it."""

    def __init__(self) -> None:
        self.needles: dict[str, bytes] = {}

    def add(self, label: str, forms: dict[str, bytes]) -> None:
        for form, needle in forms.items():
            self.needles[f"{label}/{form}"] = needle

    def found_in(self, data: bytes) -> list[str]:
        return [label for label, needle in self.needles.items() if needle in data]

    def assert_absent(self, data: bytes, where: str) -> None:
        leaks = self.found_in(data)
        assert not leaks, f"{where} contains {leaks}"


def test_the_search_finds_every_form() -> None:
    """The leak search itself: each form of a key or password is found inside other text."""
    s = Secrets()
    raw = os.urandom(64)
    s.add("key", forms_of_key(raw))
    s.add("password", forms_of_password("Pw-example"))
    for label, needle in s.needles.items():
        assert s.found_in(b"DEBUG log line: " + needle + b" and more") != [], label
    assert s.found_in(b"nothing secret here: " + os.urandom(64).hex().encode()) == []


def cli(*argv: object, stdin: str = "", log: Path) -> subprocess.CompletedProcess[str]:
    """Run `strongroom ... --debug` as a process; its stderr (DEBUG log, tracebacks) goes to log."""
    with open(log, "ab") as err:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, argv), "--debug"],
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            cwd=ROOT,
            timeout=120,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )


def files_changed_since(start: float, folders: list[Path]) -> Iterator[Path]:
    for folder in folders:
        for dirpath, _dirs, files in os.walk(folder, onerror=lambda e: None):
            for name in files:
                path = Path(dirpath) / name
                try:
                    st = path.lstat()
                except OSError:
                    continue
                fresh = st.st_mtime >= start and st.st_size <= 64 << 20
                if fresh and path.is_file() and not path.is_symlink():
                    yield path


def proc_secrets_check(pid: int, s: Secrets, what: str) -> None:
    for part in ("cmdline", "environ"):
        data = Path(f"/proc/{pid}/{part}").read_bytes()
        assert data, f"cannot read /proc/{pid}/{part}"
        s.assert_absent(data, f"{what} /proc/{pid}/{part}")


def mount_options(mnt: Path) -> tuple[list[str], list[str]]:
    """(mount options, super options) of mnt in /proc/self/mountinfo."""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        if fields[4] == str(mnt):
            after = fields[fields.index("-") + 1 :]
            return fields[5].split(","), after[2].split(",")
    raise AssertionError(f"{mnt} is not in /proc/self/mountinfo")


def assert_private(mnt: Path) -> None:
    options, super_options = mount_options(mnt)
    assert "allow_other" not in options + super_options
    assert "allow_root" not in options + super_options
    assert f"user_id={os.getuid()}" in super_options
    # Another user cannot even stat the folder (the kernel refuses before the filesystem).
    other = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "stat", str(mnt)],
        capture_output=True,
        text=True,
    )
    assert other.returncode != 0 and "Permission denied" in other.stderr


@pytest.mark.fuse
@pytest.mark.timeout(300)
def test_no_secret_leaks_anywhere(tmp_path: Path) -> None:
    require_fuse()
    if os.geteuid() != 0:
        pytest.skip("the other-user check needs root to switch users")
    start = time.time() - 1
    s = Secrets()
    password = "Pw-" + secrets.token_hex(12)
    new_password = "Nw-" + secrets.token_hex(12)
    wrong_password = "Wr-" + secrets.token_hex(12)
    for label, pw in (("password", password), ("new", new_password), ("wrong", wrong_password)):
        s.add(label, forms_of_password(pw))
    vault, logs = tmp_path / "vault", tmp_path / "logs"
    logs.mkdir()
    log = logs / "cli.log"

    created = cli(
        "create",
        vault,
        "--scrypt-cost",
        "16",
        "--show-recovery-key",
        "--password-stdin",
        stdin=password + "\n",
        log=log,
    )
    assert created.returncode == 0
    words = created.stdout.strip()
    raw = decode_recovery_key(words)
    s.add("key", forms_of_key(raw))
    s.add(
        "recovery-key",
        {"words": words.encode(), "first-words": " ".join(words.split()[:6]).encode()},
    )

    (tmp_path / "in.txt").write_bytes(b"cleartext content\n")
    steps = [
        (("import", vault, tmp_path / "in.txt", "/in.txt", "--password-stdin"), password, 0),
        (("ls", vault, "/", "-l", "--password-stdin"), password, 0),
        (("cat", vault, "/in.txt", "--password-stdin"), password, 0),
        (("cat", vault, "/in.txt", "--password-stdin"), wrong_password, 3),  # traceback
        (("cat", vault, "/missing", "--password-stdin"), password, 1),  # traceback
        (("passwd", vault, "--password-stdin"), f"{password}\n{new_password}", 0),
        (("recovery-key", "show", vault, "--password-stdin"), new_password, 0),
        (("check", vault, "--deep", "--password-stdin"), new_password, 0),
    ]
    for argv, stdin, code in steps:
        result = cli(*argv, stdin=stdin + "\n", log=log)
        assert result.returncode == code, (argv, log.read_text()[-2000:])
        if argv[0] == "recovery-key":
            assert result.stdout.strip() == words  # shown on stdout, where it was asked for
        else:
            s.assert_absent(result.stdout.encode(), f"stdout of {argv[0]}")
    text = log.read_text()
    # The log really is verbose (INFO lines show the DEBUG level set by --debug) with tracebacks.
    assert "INFO vaultengine" in text and "Traceback" in text

    mnt = tmp_path / "mnt"
    # A mount served by `strongroom mount --foreground --debug` in a child process.
    with open(logs / "foreground.log", "wb") as err:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "mount",
                vault,
                mnt,
                "--foreground",
                "--debug",
                "--password-stdin",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(f"{new_password}\n".encode())
        child.stdin.close()
        assert child.stdout.readline().startswith(b"Mounted ")
        assert (mnt / "in.txt").read_bytes() == b"cleartext content\n"
        (mnt / "written.txt").write_bytes(b"through the mount")
        assert_private(mnt)
        proc_secrets_check(child.pid, s, "foreground mount")
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        clean_mountpoint(mnt)

    # A background mount (the child process `strongroom mount` starts), with its log kept.
    pid = spawn_mount(vault, mnt, password=new_password, log_path=logs / "background.log")
    try:
        assert (mnt / "written.txt").read_bytes() == b"through the mount"
        assert_private(mnt)
        proc_secrets_check(pid, s, "background mount")
        unmount_mountpoint(str(mnt))
        assert os.waitpid(pid, 0)[1] == 0  # our child: it ends cleanly once unmounted
    finally:
        if find_mount(str(mnt)) is not None:
            clean_mountpoint(mnt)

    # Search every log, every file the flow left in the test folder (the vault included) and
    # every file changed in the temp folders since the flow started.
    checked = 0
    for path in [*tmp_path.rglob("*"), *files_changed_since(start, TEMP_FOLDERS)]:
        if path.is_file() and not path.is_symlink() and path != tmp_path / "in.txt":
            try:
                data = path.read_bytes()
            except OSError:
                continue  # vanished (another process's temp file) or unreadable
            s.assert_absent(data, str(path))
            checked += 1
    assert checked >= 10
    assert {p.name for p in logs.iterdir()} == {"cli.log", "foreground.log", "background.log"}
