"""A real GNOME Keyring on a private D-Bus session bus, whose login collection tests can lock and
unlock without a prompt (as at login: PAM unlocks it with the login password).

The login collection is created with PASSWORD by `gnome-keyring-daemon --unlock`, as in
scripts/with-keychain. It is locked with the Secret Service's `Lock` and unlocked with
gnome-keyring's own prompt-less `UnlockWithMasterPassword` (what Seahorse uses; a second
`gnome-keyring-daemon --unlock` does not reach a daemon that is already running). The bus log
records every prompt the daemon tried to show, so a test can say that none was."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

PASSWORD = "login password of the test session"
LOGIN = "/org/freedesktop/secrets/collection/login"
PROMPTER = "org.gnome.keyring.SystemPrompter"

# Runs inside dbus-run-session: start the daemon, say where the bus is, then hold the bus open
# until the test closes our stdin.
_SESSION = """
eval "$(printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)" \
    >/dev/null
eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null
echo "$DBUS_SESSION_BUS_ADDRESS"
exec cat >/dev/null
"""


def missing_tools() -> str | None:
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (apt-get install gnome-keyring dbus dbus-bin)"
    return None


class PrivateKeychain:
    def __init__(self, scratch: Path) -> None:
        runtime = scratch / "run"
        runtime.mkdir(parents=True, mode=0o700)
        (scratch / "data").mkdir()
        env = dict(os.environ)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.update(
            XDG_RUNTIME_DIR=str(runtime),
            XDG_DATA_HOME=str(scratch / "data"),
            KEYRING_PASSWORD=PASSWORD,
        )
        self.bus_log = scratch / "bus.log"
        with open(self.bus_log, "wb") as log:
            self._proc = subprocess.Popen(
                ["dbus-run-session", "--", "sh", "-c", _SESSION],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=env,
            )
        assert self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], 30)
        line = self._proc.stdout.readline().decode().strip() if ready else ""
        if not line:
            self.close()
            raise RuntimeError(f"the private keychain did not start: {self.bus_log.read_text()}")
        self.address = line
        self.daemon_pid = self._daemon_pid()

    def _daemon_pid(self) -> int:
        from jeepney import message_bus
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(bus=self.address) as conn:
            reply = conn.send_and_get_reply(
                message_bus.GetConnectionUnixProcessID("org.freedesktop.secrets"), timeout=10
            )
        return int(reply.body[0])

    def _call(self, interface: str, method: str, signature: str, body: tuple[object, ...]) -> tuple:
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        address = DBusAddress("/org/freedesktop/secrets", "org.freedesktop.secrets", interface)
        with open_dbus_connection(bus=self.address) as conn:
            if method == "UnlockWithMasterPassword":  # the secret travels in a plain session
                _out, session = conn.send_and_get_reply(
                    new_method_call(
                        DBusAddress(
                            "/org/freedesktop/secrets",
                            "org.freedesktop.secrets",
                            "org.freedesktop.Secret.Service",
                        ),
                        "OpenSession",
                        "sv",
                        ("plain", ("s", "")),
                    ),
                    timeout=10,
                ).body
                body = (body[0], (session, b"", PASSWORD.encode(), "text/plain"))
            reply = conn.send_and_get_reply(
                new_method_call(address, method, signature, body), timeout=10
            )
        assert reply.header.message_type is not MessageType.error, reply.body
        return tuple(reply.body)

    def lock(self) -> None:
        locked, prompt = self._call("org.freedesktop.Secret.Service", "Lock", "ao", ([LOGIN],))
        assert locked == [LOGIN] and prompt == "/"  # locked at once, nothing asked

    def unlock(self) -> None:
        self._call(
            "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
            "UnlockWithMasterPassword",
            "o(oayays)",
            (LOGIN, None),
        )

    def locked(self) -> bool:
        from jeepney import DBusAddress, Properties
        from jeepney.io.blocking import open_dbus_connection

        address = DBusAddress(LOGIN, "org.freedesktop.secrets", "org.freedesktop.Secret.Collection")
        with open_dbus_connection(bus=self.address) as conn:
            reply = conn.send_and_get_reply(Properties(address).get("Locked"), timeout=10)
        return bool(reply.body[0][1])

    def prompts(self) -> list[str]:
        """The bus's log lines about starting the keychain's password prompt."""
        text = self.bus_log.read_text(errors="replace")
        return [line for line in text.splitlines() if PROMPTER in line and "Activating" in line]

    def close(self) -> None:
        """Closing our end of the pipe ends the session: the bus goes, and the daemon with it."""
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        if hasattr(self, "daemon_pid") and _alive(self.daemon_pid, deadline=time.monotonic() + 5):
            os.kill(self.daemon_pid, signal.SIGTERM)  # it should have ended with its bus


def _alive(pid: int, *, deadline: float) -> bool:
    """Whether `pid` still runs at `deadline` (a zombie of someone else counts as ended)."""
    while True:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                running = fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
        if not running or time.monotonic() >= deadline:
            return running
        time.sleep(0.05)
