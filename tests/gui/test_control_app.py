"""`strongroom status/unlock/lock` drive the running app (issue 15 part 1): a real app process
(offscreen) and real CLI processes talking to it over its control socket; a stale socket, a
malformed request, concurrent requests, and another user (a forked child that setuid()s)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import control_protocol as proto
from app.settings import Settings, SettingsStore, VaultEntry
from tests.helpers.mounts import PASSWORD, clean_mountpoint, make_vault, require_fuse
from tests.helpers.traces import bookmark, file_uri, put_thumbnail, xbel

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


class Desk:
    """One user's session: config, runtime folder (short: it holds a Unix socket), XDG dirs."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.runtime = Path(tempfile.mkdtemp(prefix="sr", dir="/tmp"))
        self.runtime.chmod(0o700)
        self.env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            QT_QPA_PLATFORM="offscreen",
            XDG_RUNTIME_DIR=str(self.runtime),
            STRONGROOM_CONFIG_DIR=str(tmp_path / "config"),
            STRONGROOM_LOG_DIR=str(tmp_path / "log"),
            XDG_CACHE_HOME=str(tmp_path / "cache"),
            XDG_DATA_HOME=str(tmp_path / "data"),
            XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        )
        self.env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        self.app: subprocess.Popen[str] | None = None

    @property
    def socket(self) -> str:
        return proto.socket_path(self.tmp / "config", env=self.env)

    def cli(self, *args: object, stdin: str = "", timeout: float = 120):  # type: ignore[no-untyped-def]
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.tmp,
            timeout=timeout,
        )

    def save_vaults(self, *entries: VaultEntry) -> None:
        settings = Settings(vaults=list(entries))
        settings.preferences.default_mount_folder = str(self.tmp / "Vaults")
        SettingsStore(self.tmp / "config").save(settings)

    def start_app(self) -> None:
        self.app = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "gui"],
            env=self.env,
            cwd=self.tmp,
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / "app.stderr", "w"),  # noqa: SIM115 (closed with the process)
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.app.poll() is None, (self.tmp / "app.stderr").read_text()
            with contextlib.suppress(proto.AppNotRunning, OSError):
                if proto.call(self.socket, proto.request("status"), timeout=10)["ok"]:
                    return
            time.sleep(0.1)
        raise AssertionError("the app did not start listening")

    def stop_app(self) -> None:
        if self.app is None:
            return
        if self.app.poll() is None:
            self.app.send_signal(signal.SIGTERM)  # locks what is unlocked, then quits
            try:
                self.app.wait(60)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait(10)
        self.app = None

    def status(self) -> list[dict]:  # type: ignore[type-arg]
        """`strongroom status --json`, this test's vaults only (other tests' mounts of the
        same user are listed too)."""
        done = self.cli("status", "--json")
        assert done.returncode == 0, done.stderr
        return [v for v in json.loads(done.stdout) if v["path"].startswith(str(self.tmp))]

    def app_alive(self) -> bool:
        return self.app is not None and self.app.poll() is None


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = Desk(tmp_path)
    try:
        yield d
    finally:
        d.stop_app()
        shutil.rmtree(d.runtime, ignore_errors=True)


def raw_request(path: str, data: bytes, *, timeout: float = 10) -> dict:  # type: ignore[type-arg]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)  # a refusal may come (and the app close) before it reads this
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return json.loads(answer)


def test_status_through_the_app_and_without_it(desk: Desk) -> None:
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    row = next(v for v in desk.status() if v["path"] == str(vault))
    assert (row["name"], row["state"], row["mount_point"], row["volume"]) == (
        "Taxes",
        "locked",
        None,
        None,
    )
    desk.start_app()
    rows = desk.status()
    assert [(v["name"], v["path"], v["state"], v["activity"]) for v in rows] == [
        ("Taxes", str(vault), "locked", "locked")
    ]
    plain = desk.cli("status")
    assert plain.stdout.splitlines()[0] == f"Taxes\tlocked\t{vault}"


@pytest.mark.fuse
@pytest.mark.timeout(240)
def test_unlock_and_lock_through_the_app(desk: Desk) -> None:
    require_fuse()
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    desk.start_app()
    wrong = desk.cli("unlock", "Taxes", "--password-stdin", stdin="wrong\n")
    assert wrong.returncode == 3, wrong.stderr
    assert "wrong password" in wrong.stderr
    done = desk.cli("unlock", "taxes", "--password-stdin", stdin=PASSWORD + "\n")
    mount_point = desk.tmp / "Vaults" / "Taxes"
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Unlocked Taxes at {mount_point}.\n"
    assert os.path.ismount(mount_point)
    (mount_point / "notes.txt").write_text("cleartext")
    row = desk.status()[0]
    assert row["state"] == "unlocked" and row["mount_point"] == str(mount_point)
    assert row["volume"] == "fuse" and row["since"] and row["bytes_written"] >= 9
    again = desk.cli("unlock", "Taxes", "--password-stdin", stdin=PASSWORD + "\n")
    assert "already unlocked" in again.stdout

    # A program holds a file open: refused, naming it; the vault stays unlocked.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; f=open(sys.argv[1]); print('ok', flush=True); time.sleep(120)",
            str(mount_point / "notes.txt"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=desk.tmp,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ok\n"
        busy = desk.cli("lock", "Taxes")
        assert busy.returncode == 1
        assert f"(pid {holder.pid}): notes.txt" in busy.stderr
        assert os.path.basename(sys.executable) in busy.stderr
        assert busy.stderr.count("\n") == 1
        assert os.path.ismount(mount_point)
        assert desk.status()[0]["state"] == "unlocked"
    finally:
        holder.kill()
        holder.wait()

    put_thumbnail(desk.tmp / "cache", file_uri(str(mount_point / "notes.txt")))
    (desk.tmp / "data").mkdir()
    (desk.tmp / "data" / "recently-used.xbel").write_bytes(
        xbel(bookmark(file_uri(str(mount_point / "notes.txt"))))
    )
    locked = desk.cli("lock", str(vault))  # by folder this time
    assert locked.returncode == 0, locked.stderr
    assert locked.stdout == "Taxes locked. Removed 1 thumbnail and 1 recent-file entry.\n"
    assert not os.path.ismount(mount_point)
    assert desk.cli("lock", "--all").stdout == "No vault was unlocked.\n"
    missing = desk.cli("lock", "Taxes")
    assert missing.returncode == 1 and "not unlocked" in missing.stderr
    assert desk.app_alive()


@pytest.mark.fuse
@pytest.mark.timeout(240)
def test_unlock_adds_a_folder_and_lock_all_force(desk: Desk) -> None:
    require_fuse()
    vault = make_vault(desk.tmp / "New one")
    desk.save_vaults()
    desk.start_app()
    done = desk.cli("unlock", "New one", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 1 and "no vault 'New one'" in done.stderr
    # A relative path is the CLI's: it reaches the app as an absolute one.
    done = desk.cli("unlock", "./New one", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    rows = desk.status()
    assert [(r["name"], r["path"], r["state"]) for r in rows] == [
        ("New one", str(vault), "unlocked")
    ]
    mount_point = Path(rows[0]["mount_point"])
    with open(mount_point / "held.txt", "w"):
        # This test process holds it: invisible to the app's check of other programs, so the
        # lock itself finds the mount busy; --force locks all the same.
        forced = desk.cli("lock", "--all", "--force")
        assert forced.returncode == 0, forced.stderr
    assert not os.path.ismount(mount_point)
    assert desk.status()[0]["state"] == "locked"


def test_unlock_without_a_password_shows_the_apps_dialog(desk: Desk) -> None:
    if shutil.which("fusermount3") is None and shutil.which("fusermount") is None:
        pytest.skip("the app refuses to unlock without FUSE")
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    desk.start_app()
    asked = desk.cli("unlock", "Taxes")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout == "Strongroom asks for the password of Taxes in its window.\n"
    assert desk.status()[0]["state"] == "locked"


def test_malformed_requests_get_clear_errors_and_the_app_keeps_running(desk: Desk) -> None:
    desk.save_vaults()
    desk.start_app()
    path = desk.socket
    cases = {
        b"this is not json\n": ("bad_request", "not a JSON object"),
        b"[1, 2]\n": ("bad_request", "not a JSON object"),
        b'{"cmd": "status"}\n': ("bad_request", "no protocol version"),
        b'{"v": 99, "cmd": "status"}\n': ("unsupported_version", "version 99"),
        b'{"v": 1, "cmd": "format-disk"}\n': ("bad_request", "unknown command"),
        b'{"v": 1, "cmd": "lock"}\n': ("bad_request", "name one vault"),
        b'{"v": 1, "cmd": "lock", "vault": 7}\n': ("bad_request", "'vault' must be a str"),
        b'{"v": 1, "cmd": "unlock", "vault": "x", "evil": 1}\n': ("bad_request", "unknown field"),
        b"\xff\xfe\n": ("bad_request", "not a JSON object"),
        b"x" * (proto.MAX_LINE_BYTES + 10): ("bad_request", "too long"),
    }
    for data, (code, words) in cases.items():
        answer = raw_request(path, data)
        assert answer["v"] == proto.PROTOCOL_VERSION and answer["ok"] is False, data[:40]
        assert answer["error"]["code"] == code and words in answer["error"]["message"], answer
    # Connect and leave without a word, and half a line then gone.
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(path)
        sock.sendall(b'{"v": 1, "cmd": "sta')
    assert desk.app_alive()
    assert raw_request(path, proto.request("status")) == {
        "v": 1,
        "ok": True,
        "result": {"vaults": []},
    }


def test_concurrent_requests(desk: Desk) -> None:
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    desk.start_app()
    # A client that connects and dawdles must not hold up anybody else.
    dawdler = socket.socket(socket.AF_UNIX)
    dawdler.connect(desk.socket)
    dawdler.sendall(b'{"v": 1,')
    results: list[object] = []

    def raw() -> None:
        results.append(raw_request(desk.socket, proto.request("status"))["result"])

    threads = [threading.Thread(target=raw) for _ in range(20)]
    clis = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "status", "--json"],
            env=desk.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    outputs = [p.communicate(timeout=120)[0] for p in clis]
    assert all(p.returncode == 0 for p in clis)
    assert len(results) == 20
    assert all(r == results[0] for r in results)
    assert all(json.loads(o)[0]["name"] == "Taxes" for o in outputs)
    dawdler.close()
    assert desk.app_alive()


def test_a_stale_socket_means_no_app(desk: Desk) -> None:
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    # What a crashed app leaves: the socket file, nobody listening.
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(desk.socket)
    stale.close()
    assert os.path.exists(desk.socket)
    direct = desk.cli("status")
    assert direct.returncode == 0, direct.stderr
    assert "Strongroom is not running" in direct.stdout and "Taxes\tlocked" in direct.stdout
    desk.start_app()  # the new app replaces the stale socket
    assert "not running" not in desk.cli("status").stdout


def in_child_as(uid: int, fn) -> int:  # type: ignore[no-untyped-def]
    """Run fn() in a forked child that gave up root for `uid`; its exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        code = 99
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            code = fn()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


needs_root = pytest.mark.skipif(os.getuid() != 0, reason="needs root to become another user")


@needs_root
def test_another_user_is_refused(desk: Desk) -> None:
    desk.save_vaults()
    desk.start_app()
    path = desk.socket

    def connect_and_ask() -> int:
        try:
            answer = raw_request(path, proto.request("status"))
        except PermissionError:
            return 10  # the private folder stops them before the socket
        if answer.get("ok") is False and answer["error"]["code"] == proto.REFUSED:
            return 20  # the app saw another uid (SO_PEERCRED)
        return 30  # answered: the bug this test is for

    assert in_child_as(NOBODY, connect_and_ask) == 10
    # Folder and socket opened up (as a careless umask or a bind mount might): the app still
    # refuses by the peer's uid.
    for folder in (desk.runtime, Path(path).parent):
        os.chmod(folder, 0o755)
    os.chmod(path, 0o777)
    assert in_child_as(NOBODY, connect_and_ask) == 20
    assert desk.app_alive()
    assert raw_request(path, proto.request("status"))["ok"] is True


@needs_root
def test_the_cli_does_not_talk_to_another_users_socket(tmp_path: Path) -> None:
    """The client checks the server's uid too: a socket served by someone else gets nothing."""
    folder = Path(tempfile.mkdtemp(prefix="sr", dir="/tmp"))
    folder.chmod(0o777)
    path = str(folder / "app.sock")
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: a fake app run by nobody)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            server = socket.socket(socket.AF_UNIX)
            server.bind(path)
            os.chmod(path, 0o777)
            server.listen(1)
            os.write(ready_w, b"x")
            conn, _ = server.accept()
            conn.settimeout(5)
            got = conn.recv(100)
            os._exit(1 if got else 0)
        except BaseException:
            os._exit(2)
    try:
        assert os.read(ready_r, 1) == b"x"
        with pytest.raises(proto.ProtocolError) as caught:
            proto.call(path, proto.request("unlock", vault="x", password="secret"))
        assert caught.value.code == proto.REFUSED
    finally:
        _, status = os.waitpid(pid, 0)
        shutil.rmtree(folder, ignore_errors=True)
    assert os.waitstatus_to_exitcode(status) == 0  # not a byte (no password) was sent


@pytest.mark.fuse
@pytest.mark.timeout(240)
def test_without_the_app_unlock_and_lock_work_directly(desk: Desk) -> None:
    require_fuse()
    vault = make_vault(desk.tmp / "Taxes")
    desk.save_vaults(VaultEntry.new("Taxes", vault))
    mount_point = desk.tmp / "Vaults" / "Taxes"
    try:
        done = desk.cli("unlock", "Taxes", "--password-stdin", stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stderr
        assert f"Mounted {vault} on {mount_point}" in done.stdout
        assert "Lock with: strongroom lock Taxes" in done.stdout
        rows = desk.status()
        row = next(r for r in rows if r["path"] == str(vault))
        assert (row["state"], row["mount_point"], row["volume"]) == (
            "unlocked",
            str(mount_point),
            "fuse",
        )
        # The app, started now, does not know this mount: `lock` still finds it.
        desk.start_app()
        row = desk.status()[0]
        assert (row["state"], row["activity"], row["mount_point"]) == (
            "unlocked",
            "unlocked outside the app",
            str(mount_point),
        )
        locked = desk.cli("lock", "Taxes")
        assert locked.returncode == 0, locked.stderr
        assert locked.stdout.splitlines()[0] == f"Unmounted {mount_point}."
        assert not os.path.ismount(mount_point)
        desk.stop_app()
        again = desk.cli("lock", "Taxes")
        assert again.returncode == 1 and "not unlocked" in again.stderr
    finally:
        clean_mountpoint(mount_point)


@pytest.mark.timeout(240)
def test_mounts_and_unmount_see_the_apps_webdav_volumes(desk: Desk) -> None:
    """The app serves a WebDAV volume in its own process (no record, no mount table): `mounts`
    asks it, and `unmount URL` has it lock the vault."""
    vault = make_vault(desk.tmp / "Taxes")
    entry = VaultEntry.new("Taxes", vault)
    entry.options.volume = "webdav"
    entry.options.after_unlock = "nothing"
    desk.save_vaults(entry)
    desk.start_app()
    done = desk.cli("unlock", "Taxes", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    row = desk.status()[0]
    assert row["state"] == "unlocked" and row["volume"] == "webdav" and row["url"]
    listed = desk.cli("mounts", "--json")
    assert listed.returncode == 0, listed.stderr
    ours = [r for r in json.loads(listed.stdout) if r["vault"] == str(vault)]
    assert [(r["volume"], r["url"], r["served_by"]) for r in ours] == [
        ("webdav", row["url"], "app")
    ]
    text = desk.cli("mounts").stdout
    assert f"{vault} (WebDAV {row['url']}, served by the app)" in text
    unmounted = desk.cli("unmount", row["url"])
    assert unmounted.returncode == 0, unmounted.stderr
    assert unmounted.stdout.startswith("Taxes locked.")
    assert desk.status()[0]["state"] == "locked"
    assert desk.app_alive()
