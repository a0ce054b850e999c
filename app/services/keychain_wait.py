"""Wait for a locked keychain before vaults are unlocked with their saved passwords.

At login the app often starts before the keychain is unlocked, and reading a saved password then
makes the keychain prompt, or fails. Instead the app watches the Secret Service collection that
keyring reads from: its `Locked` property, re-read whenever the service signals a change
(`CollectionChanged`, `PropertiesChanged`) and on a backoff timer in case a signal is missed or
cannot be had. Nothing is read from the keychain while it is locked, so the wait itself never
prompts. No Qt here; app/gui/start_unlock.py runs this on a worker thread.

D-Bus is spoken with jeepney, which keyring's Secret Service backend brings (through
secretstorage): it is imported only when that backend is the one in use.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any, Protocol

log = logging.getLogger(__name__)

SECRETS_BUS_NAME = "org.freedesktop.secrets"
SECRETS_PATH = "/org/freedesktop/secrets"
DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"  # keyring's default choice
COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection"
SERVICE_INTERFACE = "org.freedesktop.Secret.Service"

MAX_WAIT_SECONDS = 3600
# The Locked property is re-read after these pauses (doubling), signals or not: a signal can
# be missed (the service restarted, it was not on the bus yet), a read costs one D-Bus call.
FIRST_CHECK_SECONDS = 0.5
MAX_CHECK_SECONDS = 8.0
# The longest a wait blocks before it looks whether the app asked it to stop (quit).
SLICE_SECONDS = 0.25


class Outcome(enum.Enum):
    READY = "ready"  # unlocked, or nothing to watch: read the saved passwords now
    TIMED_OUT = "timed out"  # still locked at the limit: ask for the passwords
    STOPPED = "stopped"  # the app is quitting


class LockState(Protocol):
    """Whether the keychain is locked now, and a way to sleep until it may have changed."""

    def locked(self) -> bool: ...

    def wait_for_change(self, seconds: float) -> bool:
        """Block up to `seconds`; True when a change was signalled."""
        ...

    def close(self) -> None: ...


def clamp_wait_seconds(seconds: int) -> int:
    """The limit from the settings (a hand edit may say anything), from 0 (ask at once) to an
    hour."""
    return max(0, min(seconds, MAX_WAIT_SECONDS))


def watched_collection(backend: Any) -> str | None:
    """The D-Bus path of the Secret Service collection keyring reads passwords from, or None
    when the backend is not the Secret Service (nothing to watch: read at once, as before)."""
    from keyring.backends.chainer import ChainerBackend

    members = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    for member in members:
        if type(member).__module__ == "keyring.backends.SecretService":
            preferred = getattr(member, "preferred_collection", None)
            return preferred if isinstance(preferred, str) and preferred else DEFAULT_COLLECTION
    return None


class SecretServiceLockState:
    """The `Locked` property of one Secret Service collection on the session bus.

    With signals=True (the default) the service's change signals wake a wait early; without
    them, or when the bus refuses the match rules, a wait simply sleeps (polling)."""

    def __init__(self, collection: str = DEFAULT_COLLECTION, *, signals: bool = True) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self.collection = collection
        self._conn = open_dbus_connection(bus="SESSION")
        self._exits = ExitStack()
        self._signals: deque[Any] | None = None
        if signals:
            try:
                self._signals = self._subscribe()
            except Exception as exc:
                log.info("no Secret Service change signals (%s): polling instead", exc)

    def _subscribe(self) -> deque[Any]:
        from jeepney import MatchRule, message_bus

        rules = [
            # CollectionChanged/Created/Deleted: gnome-keyring's signal for a lock or unlock
            MatchRule(type="signal", sender=SECRETS_BUS_NAME, interface=SERVICE_INTERFACE),
            # PropertiesChanged on the collection (Locked), as the spec has it
            MatchRule(
                type="signal",
                sender=SECRETS_BUS_NAME,
                interface="org.freedesktop.DBus.Properties",
                member="PropertiesChanged",
                path_namespace=SECRETS_PATH,
            ),
            # the service appearing (started after the app): its collection is worth a look
            MatchRule(
                type="signal",
                sender="org.freedesktop.DBus",
                interface="org.freedesktop.DBus",
                member="NameOwnerChanged",
            ),
        ]
        rules[2].add_arg_condition(0, SECRETS_BUS_NAME)
        for rule in rules:
            self._conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        # The bus delivers only what the rules above ask for: every signal is a reason to look.
        return self._exits.enter_context(self._conn.filter(MatchRule(type="signal"), bufsize=16))

    @property
    def signals(self) -> bool:
        return self._signals is not None

    def locked(self) -> bool:
        """True while the collection is locked, and while it cannot be asked (the service is
        not on the bus yet, the collection does not exist yet): reading would not work then."""
        from jeepney import DBusAddress, MessageType, Properties

        address = DBusAddress(self.collection, SECRETS_BUS_NAME, COLLECTION_INTERFACE)
        try:
            reply = self._conn.send_and_get_reply(Properties(address).get("Locked"), timeout=5)
        except TimeoutError:
            return True
        if reply.header.message_type is MessageType.error:
            log.debug("Secret Service: %s %s", reply.header.fields, reply.body)
            return True
        (_signature, value), *_ = reply.body  # one variant: ("b", True)
        return bool(value)

    def wait_for_change(self, seconds: float) -> bool:
        if self._signals is None:
            time.sleep(max(0.0, seconds))
            return False
        try:
            self._conn.recv_until_filtered(self._signals, timeout=max(0.0, seconds))
        except TimeoutError:
            return False
        self._signals.clear()  # one look answers all the signals that came together
        return True

    def close(self) -> None:
        self._exits.close()
        self._conn.close()


def wait_until_unlocked(
    state: LockState,
    limit_seconds: float,
    stop: threading.Event,
    *,
    on_waiting: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Outcome:
    """Return READY as soon as `state` is unlocked, TIMED_OUT when it is still locked after
    `limit_seconds`, STOPPED once `stop` is set. `on_waiting` is called once, when the first
    look finds it locked."""
    deadline = clock() + limit_seconds
    pause = FIRST_CHECK_SECONDS
    said_waiting = False
    while True:
        if not state.locked():
            return Outcome.READY
        if stop.is_set():
            return Outcome.STOPPED
        if clock() >= deadline:
            return Outcome.TIMED_OUT
        if not said_waiting:
            said_waiting = True
            if on_waiting is not None:
                on_waiting()
        look_again = min(clock() + pause, deadline)
        pause = min(pause * 2, MAX_CHECK_SECONDS)
        while not stop.is_set() and (left := look_again - clock()) > 0:
            if state.wait_for_change(min(left, SLICE_SECONDS)):
                pause = FIRST_CHECK_SECONDS  # it is changing: look again soon
                break


def wait_for_keychain(
    backend: Callable[[], Any],
    limit_seconds: float,
    stop: threading.Event,
    progress: Callable[[object], None] | None = None,
) -> Outcome:
    """Worker thread: wait until the keychain that `backend()` (keyring's backend) reads from
    is unlocked. Calls progress("waiting") when it has to wait. READY at once for a backend
    that is not the Secret Service, or when the service cannot be reached at all (then the
    saved-password unlock reports the problem, as it did before this wait existed)."""
    collection = watched_collection(backend())
    if collection is None:
        return Outcome.READY
    try:
        state = SecretServiceLockState(collection)
    except Exception as exc:
        log.info("cannot watch the keychain (%s): reading the saved passwords now", exc)
        return Outcome.READY

    def waiting() -> None:
        log.info("the keychain is locked: waiting up to %s s for it to unlock", limit_seconds)
        if progress is not None:
            progress("waiting")

    try:
        outcome = wait_until_unlocked(state, limit_seconds, stop, on_waiting=waiting)
    finally:
        state.close()
    log.info("keychain wait: %s", outcome.value)
    return outcome
