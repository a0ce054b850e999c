"""The app's side of `strongroom status/unlock/lock`: answers control requests with the
controller's vaults, unlocking and locking through it as the window's buttons do."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer

from app.services import control_protocol as proto
from app.services import engine, tasks
from app.services.controller import LockFailure, VaultController, VaultState
from app.services.open_files import FileHolder, describe_holders, open_file_holders
from app.services.single_instance import Reply
from app.settings import VaultEntry

UNLOCK_TIMEOUT_MS = 180_000  # scrypt and a mount; the CLI waits as long
LOCK_TIMEOUT_MS = 60_000
TRACES_TIMEOUT_MS = 20_000


class AppUi(Protocol):
    """What a request may need from the desktop app: its window, brought forward."""

    def show_window(self) -> None: ...

    def open_unlock_dialog(self, vault_id: str) -> None: ...


def vault_status(controller: VaultController, entry: VaultEntry) -> dict[str, Any]:
    rt = controller.runtime(entry.id)
    session = rt.session
    counters = engine.io_counters(session) if session is not None else None
    since = None
    if session is not None and rt.unlocked_at:
        wall = time.time() - (time.monotonic() - rt.unlocked_at)
        since = datetime.fromtimestamp(wall, UTC).isoformat(timespec="seconds")
    return {
        "id": entry.id,
        "name": entry.name,
        "path": entry.path,
        "state": "unlocked" if session is not None else "locked",
        "activity": rt.state.value,  # unlocking, locking, missing, error as well
        # A WebDAV volume's URL where a FUSE mount has its folder (as `strongroom mounts`).
        "mount_point": session.location or None if session is not None else None,
        "volume": session.volume if session is not None and session.mounted else None,
        "url": session.url or None if session is not None else None,
        "read_only": bool(session.read_only) if session is not None else None,
        "since": since,
        "bytes_read": counters[0] if counters else None,
        "bytes_written": counters[1] if counters else None,
        "error": rt.error or None,
    }


def holder_dicts(holders: list[FileHolder] | tuple[FileHolder, ...]) -> list[dict[str, Any]]:
    return [{"pid": h.pid, "program": h.program, "paths": list(h.paths)} for h in holders]


class RemoteControl(QObject):
    def __init__(self, controller: VaultController, ui: AppUi) -> None:
        super().__init__(controller)
        self.controller = controller
        self.ui = ui
        self.lock_jobs: set[_LockAll] = set()
        # Connected now, before the main window's own slot: that one asks in a modal box, and
        # the CLI's answer must not wait for someone to close it.
        controller.lockFailed.connect(self._lock_failed)

    def _lock_failed(self, failure: LockFailure) -> None:
        for job in list(self.lock_jobs):
            job.lock_failed(failure)

    def handle(self, request: proto.Request, reply: Reply) -> None:
        if request.cmd == "status":
            reply(proto.ok({"vaults": [vault_status(self.controller, e) for e in self.vaults()]}))
        elif request.cmd == "unlock":
            self.unlock(request.args, reply)
        elif request.cmd == "lock":
            self.lock(request.args, reply)
        else:
            reply(proto.error(proto.BAD_REQUEST, f"unknown command {request.cmd!r}"))

    def vaults(self) -> list[VaultEntry]:
        return list(self.controller.vaults)

    # --- finding a vault -------------------------------------------------------------------

    def find(self, key: str, *, add: bool) -> VaultEntry:
        """By id, name (exact, else ignoring case) or folder; a vault folder is added if asked."""
        entries = self.vaults()
        for match in (
            [e for e in entries if e.id == key],
            [e for e in entries if e.name == key],
            [e for e in entries if e.name.casefold() == key.casefold()],
        ):
            if len(match) == 1:
                return match[0]
            if len(match) > 1:
                names = ", ".join(e.path for e in match)
                raise proto.ProtocolError(
                    proto.NOT_FOUND, f"{key!r} names several vaults ({names}): give the folder"
                )
        if os.path.isabs(key):
            folder = engine.vault_folder(key)
            entry = self.controller.settings.vault_by_path(folder)
            if entry is not None:
                return entry
            if add and engine.looks_like_vault(folder):
                return self.controller.add_entry(VaultEntry.new(Path(folder).name, folder))
            if add:
                raise proto.ProtocolError(proto.NOT_FOUND, f"{folder} is not a vault folder")
        hint = f" (a folder: ./{key})" if add and not os.path.isabs(key) else ""
        raise proto.ProtocolError(proto.NOT_FOUND, f"no vault {key!r} in Strongroom's list{hint}")

    # --- unlock ----------------------------------------------------------------------------

    def unlock(self, args: dict[str, Any], reply: Reply) -> None:
        try:
            entry = self.find(args["vault"], add=True)
        except proto.ProtocolError as exc:
            reply(proto.error(exc.code, exc.message))
            return
        ctl = self.controller
        if ctl.runtime(entry.id).session is not None:
            reply(proto.ok({"already": True, **vault_status(ctl, entry)}))
            return
        problem = ctl.volume_problem(entry.id)
        if problem:
            reply(proto.error(proto.FAILED, f"cannot mount here: {problem}"))
            return
        if not ctl.can_unlock(entry.id):
            state = ctl.state(entry.id).value
            reply(proto.error(proto.BUSY, f"{entry.name} is {state}; try again in a moment"))
            return
        if ctl.identity_change(entry.id) is not None:
            reply(
                proto.error(
                    proto.REFUSED,
                    f"the folder of {entry.name} now holds a different vault than the one "
                    "added; open Strongroom and unlock it there to decide",
                )
            )
            return
        password = args.get("password")
        if password is None and not entry.password_saved:
            self._ask_in_window(entry, reply)
            return
        _UnlockWait(self, entry, reply)
        if password is not None:
            ctl.unlock(entry.id, password)
        else:
            ctl.unlock_with_saved_password(entry.id)

    def _ask_in_window(self, entry: VaultEntry, reply: Reply) -> None:
        self.ui.show_window()
        self.ui.open_unlock_dialog(entry.id)
        reply(proto.ok({"dialog": True, **vault_status(self.controller, entry)}))

    # --- lock ------------------------------------------------------------------------------

    def lock(self, args: dict[str, Any], reply: Reply) -> None:
        ctl = self.controller
        if args.get("all"):
            targets = [e for e in self.vaults() if ctl.runtime(e.id).session is not None]
        else:
            try:
                entry = self.find(args["vault"], add=False)
            except proto.ProtocolError as exc:
                reply(proto.error(exc.code, exc.message))
                return
            if ctl.runtime(entry.id).session is None:
                reply(proto.error(proto.NOT_UNLOCKED, f"{entry.name} is not unlocked in the app"))
                return
            targets = [entry]
        _LockAll(self, targets, bool(args.get("force")), reply).start()


def _disconnect_all(pairs: list[tuple[Any, Callable[..., None]]]) -> None:
    for signal, slot in pairs:
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(slot)


class _UnlockWait(QObject):
    """Waits for this vault's unlock to end; answers once."""

    def __init__(self, remote: RemoteControl, entry: VaultEntry, reply: Reply) -> None:
        super().__init__(remote)
        self.remote, self.entry, self.reply = remote, entry, reply
        ctl = remote.controller
        self.pairs: list[tuple[Any, Callable[..., None]]] = [
            (ctl.unlockSucceeded, self._succeeded),
            (ctl.unlockFailed, self._failed),
            (ctl.passwordNeeded, self._password_needed),
        ]
        for signal, slot in self.pairs:
            signal.connect(slot)
        QTimer.singleShot(UNLOCK_TIMEOUT_MS, self, self._timed_out)

    def _answer(self, data: bytes) -> None:
        _disconnect_all(self.pairs)
        self.reply(data)
        self.deleteLater()

    def _succeeded(self, vault_id: str, warning: str) -> None:
        if vault_id == self.entry.id:
            status = vault_status(self.remote.controller, self.entry)
            self._answer(proto.ok({"warning": warning or None, **status}))

    def _failed(self, vault_id: str, exc: object) -> None:
        if vault_id != self.entry.id:
            return
        if isinstance(exc, engine.WrongPasswordError):
            self._answer(proto.error(proto.WRONG_PASSWORD, f"wrong password for {self.entry.name}"))
        else:
            self._answer(proto.error(proto.FAILED, f"{self.entry.name} not unlocked: {exc}"))

    def _password_needed(self, vault_id: str) -> None:
        if vault_id == self.entry.id:  # the window now shows its unlock dialog
            self.remote.ui.show_window()
            self._answer(
                proto.ok({"dialog": True, **vault_status(self.remote.controller, self.entry)})
            )

    def _timed_out(self) -> None:
        self._answer(proto.error(proto.FAILED, f"{self.entry.name}: no answer from the unlock"))


class _LockAll(QObject):
    """Locks each target (after checking that no program holds files in it, unless forced)
    and answers once all of them ended, with what the trace clean-up removed."""

    def __init__(
        self, remote: RemoteControl, targets: list[VaultEntry], force: bool, reply: Reply
    ) -> None:
        super().__init__(remote)
        self.remote = remote
        self.ctl = remote.controller
        self.force, self.reply = force, reply
        self.outcomes: dict[str, dict[str, Any]] = {
            e.id: {"name": e.name, "path": e.path, "locked": False} for e in targets
        }
        self.waiting_for_traces: set[str] = set()
        self.pending = set(self.outcomes)
        self.pairs: list[tuple[Any, Callable[..., None]]] = [
            (self.ctl.stateChanged, self._state_changed),
            (self.ctl.tracesCleaned, self._traces_cleaned),
        ]

    def start(self) -> None:
        if not self.pending:
            self.reply(proto.ok({"vaults": []}))
            self.deleteLater()
            return
        for signal, slot in self.pairs:
            signal.connect(slot)
        self.remote.lock_jobs.add(self)
        QTimer.singleShot(LOCK_TIMEOUT_MS + TRACES_TIMEOUT_MS, self, self._timed_out)
        for vault_id in list(self.pending):
            if self.force:
                self.ctl.lock(vault_id, force=True)
                continue
            # Checked first, so a refusal reaches the CLI without a question box in the app.
            mount_point = self.ctl.mount_point(vault_id)
            tasks.run_task(
                open_file_holders,
                mount_point,
                on_success=lambda holders, v=vault_id: self._checked(v, holders),
                on_failure=lambda _exc, v=vault_id: self.ctl.lock(v),
            )

    def _checked(self, vault_id: str, holders: object) -> None:
        assert isinstance(holders, list)
        if vault_id not in self.pending:
            return
        if holders:
            self._busy(vault_id, holders)
        else:
            self.ctl.lock(vault_id)

    def _busy(self, vault_id: str, holders: list[FileHolder] | tuple[FileHolder, ...]) -> None:
        outcome = self.outcomes[vault_id]
        outcome["error"] = f"{outcome['name']} is in use"
        outcome["holders"] = holder_dicts(holders)
        if holders:
            outcome["error"] += ":\n" + describe_holders(list(holders))
        self._done(vault_id)

    def _state_changed(self, vault_id: str) -> None:
        if vault_id in self.pending and self.ctl.state(vault_id) is VaultState.LOCKED:
            self.outcomes[vault_id]["locked"] = True
            if self.ctl.settings.preferences.remove_traces_after_lock:
                self.waiting_for_traces.add(vault_id)
                self.pending.discard(vault_id)
                QTimer.singleShot(TRACES_TIMEOUT_MS, self, lambda v=vault_id: self._traced(v))
            else:
                self._done(vault_id)

    def _traces_cleaned(self, vault_id: str, text: str) -> None:
        if vault_id in self.waiting_for_traces:
            self.outcomes[vault_id]["traces"] = text
            self._traced(vault_id)

    def _traced(self, vault_id: str) -> None:
        if vault_id in self.waiting_for_traces:
            self.waiting_for_traces.discard(vault_id)
            self._finish_if_done()

    def lock_failed(self, failure: LockFailure) -> None:
        if failure.vault_id not in self.pending:
            return
        if failure.busy:
            self._busy(failure.vault_id, failure.holders)
        else:
            self.outcomes[failure.vault_id]["error"] = str(failure.error)
            self._done(failure.vault_id)

    def _done(self, vault_id: str) -> None:
        self.pending.discard(vault_id)
        self._finish_if_done()

    def _finish_if_done(self) -> None:
        if self.pending or self.waiting_for_traces or self.reply is None:
            return
        self._answer()

    def _timed_out(self) -> None:
        if self.reply is None:
            return
        for vault_id in self.pending:
            self.outcomes[vault_id]["error"] = "no answer from the lock"
        self.pending.clear()
        self.waiting_for_traces.clear()
        self._answer()

    def _answer(self) -> None:
        _disconnect_all(self.pairs)
        self.remote.lock_jobs.discard(self)
        reply, self.reply = self.reply, None  # type: ignore[assignment]
        outcomes = list(self.outcomes.values())
        failed = [o for o in outcomes if not o["locked"]]
        if not failed:
            reply(proto.ok({"vaults": outcomes}))
        else:
            code = proto.BUSY if any("holders" in o for o in failed) else proto.FAILED
            message = "\n".join(o.get("error", f"{o['name']} not locked") for o in failed)
            reply(proto.error(code, message, vaults=outcomes))
        self.deleteLater()
