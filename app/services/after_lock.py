"""After a vault locks in the app: remove its traces on the desktop off the GUI thread, then
say what was removed (log, and the controller's tracesCleaned signal for the status line)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.services import tasks
from app.services.traces import TraceReport, clean_traces

if TYPE_CHECKING:
    from app.services.controller import VaultController
    from app.services.engine import OpenVault

log = logging.getLogger(__name__)


def trace_urls(url: str) -> list[str]:
    """The names a WebDAV volume had on the desktop: its URL and gio's dav:// form."""
    from vaultengine.webdav.runtime import dav_location

    return [url, dav_location(url)] if url else []


def clean_traces_later(
    controller: VaultController, vault_id: str, mount_point: str, url: str = ""
) -> None:
    """Called once the vault is locked; does nothing when the preference is off."""
    if not controller.settings.preferences.remove_traces_after_lock:
        return
    entry = controller.entry(vault_id)
    name = entry.name if entry is not None else "The vault"

    def done(report: object) -> None:
        assert isinstance(report, TraceReport)
        if report.problems:
            log.warning("after locking %s: %s", name, "; ".join(report.problems))
        controller.tracesCleaned.emit(vault_id, f"{name} locked. {report.summary()}")

    tasks.run_task(
        clean_traces,
        mount_point,
        trace_urls(url),
        on_success=done,
        on_failure=lambda exc: log.warning("traces of %s not cleaned: %s", name, exc),
    )


def lock_then_clean(session: OpenVault, *, force: bool, clean: bool) -> None:
    """Worker thread, at exit: the last-resort lock, then the same clean-up as a normal lock."""
    from app.services import engine

    engine.lock(session, force=force)
    if clean:
        clean_traces(session.mount_point, trace_urls(session.url))
