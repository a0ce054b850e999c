"""After `strongroom unmount` / `strongroom lock`: remove the vault's desktop traces and say so."""

from __future__ import annotations

from collections.abc import Iterable

from app.cli.i18n import _
from app.services.traces import TraceReport, clean_traces
from app.settings import saved_preferences


def clean_and_report(
    mount_point: str = "", urls: Iterable[str] = (), folders: Iterable[str] = ()
) -> TraceReport | None:
    """Clean unless the app's preference is off; print one line either way."""
    if not saved_preferences().remove_traces_after_lock:
        print(_("Thumbnails and recent-file entries were kept (turned off in Preferences)."))
        return None
    report = clean_traces(mount_point, list(urls), folders=folders)
    print(report.summary())
    return report
