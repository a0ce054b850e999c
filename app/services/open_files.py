"""Which programs hold files open under a mount point (Linux: /proc/*/fd), for force-lock."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.i18n import translate, translate_n


@dataclass(frozen=True)
class FileHolder:
    pid: int
    program: str
    paths: tuple[str, ...]


def _program_name(proc: Path) -> str:
    try:
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")[0].decode("utf-8", "replace")
    except OSError:
        cmdline = ""
    if cmdline:
        return os.path.basename(cmdline)
    try:
        return (proc / "comm").read_text().strip()
    except OSError:
        return "?"


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def open_file_holders(mount_point: str, proc_root: str = "/proc") -> list[FileHolder]:
    """Processes with a file descriptor or working directory under mount_point.

    Returns [] where /proc is absent (macOS, Windows) or unreadable; other users' processes are
    only visible to root, which is why the message says "programs we can see".
    """
    root = os.path.realpath(mount_point)
    own_pid = os.getpid()
    holders: list[FileHolder] = []
    try:
        entries = list(os.scandir(proc_root))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == own_pid:
            continue
        proc = Path(entry.path)
        found: list[str] = []
        try:
            fds = list(os.scandir(proc / "fd"))
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd.path)
            except OSError:
                continue
            if _under(target, root):
                found.append(target)
        try:
            cwd = os.readlink(proc / "cwd")
            if _under(cwd, root):
                found.append(cwd)
        except OSError:
            pass
        if found:
            unique = tuple(sorted(set(found)))
            holders.append(FileHolder(int(entry.name), _program_name(proc), unique))
    return sorted(holders, key=lambda h: (h.program, h.pid))


def describe_holders(holders: list[FileHolder], limit: int = 6) -> str:
    """One line per program, e.g. "gedit (pid 4242): notes.txt"."""
    lines = []
    for holder in holders[:limit]:
        names = ", ".join(os.path.basename(p) or p for p in holder.paths[:3])
        if len(holder.paths) > 3:
            names = translate_n("OpenFiles", "{names} and %n more", len(holder.paths) - 3).format(
                names=names
            )
        lines.append(
            translate("OpenFiles", "{program} (pid {pid}): {names}").format(
                program=holder.program, pid=holder.pid, names=names
            )
        )
    if len(holders) > limit:
        lines.append(translate_n("OpenFiles", "... and %n more program(s)", len(holders) - limit))
    return "\n".join(lines)
