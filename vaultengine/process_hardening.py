"""Keep a process that holds vault keys out of core dumps and away from same-user debuggers.

harden_process() is called early by the `strongroom` entry point (CLI and desktop app) and by
the background mount child, before any password is read:

- RLIMIT_CORE 0 (Linux and macOS): a crash writes no core file with keys and cleartext in it
  (soft limit; children that exec another program may raise it again).
- Linux: prctl(PR_SET_DUMPABLE, 0): no core dump either way (also not through a
  core_pattern pipe such as systemd-coredump), and processes of the same user can no longer
  ptrace it or read its memory through /proc/<pid>/mem; /proc/<pid>/ files become root's.
  Root (CAP_SYS_PTRACE) still can: this protects against other programs of the same user,
  not against the administrator.
- macOS: only the core limit. ptrace(PT_DENY_ATTACH) exists but is not used: it also makes
  the process kill itself under any debugger, and task_for_pid already needs the debugger
  entitlement or root there.

KEEP_DUMPABLE_ENV=1 keeps the process dumpable (the core limit still applies): only for
profiling a mount process with py-spy as a user without CAP_SYS_PTRACE (bench_mount.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
KEEP_DUMPABLE_ENV = "STRONGROOM_KEEP_DUMPABLE"


def harden_process() -> None:
    """Turn off core dumps and (Linux) ptrace-dumpability for this process. Never raises."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        # Soft limit only: programs this one starts (a file manager) may raise theirs again.
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    if sys.platform.startswith("linux") and os.environ.get(KEEP_DUMPABLE_ENV) != "1":
        if not _prctl(PR_SET_DUMPABLE, 0):
            log.warning("could not make this process non-dumpable")


def is_dumpable() -> bool | None:
    """prctl(PR_GET_DUMPABLE) of this process; None where there is no prctl."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError):
        return None


def _prctl(option: int, value: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return False
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return bool(prctl(option, value, 0, 0, 0) == 0)
