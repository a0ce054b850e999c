"""Ending a WinFsp mount of this process from another thread: fuse_exit on its struct fuse.

WinFsp has no fusermount and no mount table to detach from: its volume lives as long as the
loop in fuse_main_real, and fuse_exit(f) (thread safe there: it sets the loop's event) ends
the loop, which removes the volume. The `struct fuse *` is only reachable through
fuse_get_context() inside a callback, so the loop's init callback catches it, and the mount is
registered with serve_loop for stop_serving() like our libfuse 3 loop. Never run on Windows.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from vaultengine.fuse.serve_loop import Serving, registered


class FuseExitHandle:
    """The struct fuse of one FUSE 2 loop, caught in its init callback."""

    def __init__(self, libfuse: Any) -> None:
        self._libfuse = libfuse
        self._fuse: ctypes.c_void_p | None = None
        self._lock = threading.Lock()
        self._exit_requested = False

    def catch(self) -> None:
        """Call from the loop's init callback: fuse_get_context() names this loop's fuse."""
        fuse = ctypes.c_void_p(self._libfuse.fuse_get_context().contents.fuse)
        with self._lock:
            self._fuse = fuse
            early = self._exit_requested
        if early:  # asked to stop before the loop was up
            self._libfuse.fuse_exit(fuse)

    def exit(self) -> None:
        """Make the loop return (it then removes the volume). Safe from any thread."""
        with self._lock:
            self._exit_requested = True
            fuse = self._fuse
        if fuse is not None:
            self._libfuse.fuse_exit(fuse)


def _nothing_to_invalidate(cleartext_paths: list[str]) -> int:
    # WinFsp keeps no page cache of ours to drop: its FileInfoTimeout caches only metadata.
    return 0


@contextmanager
def stoppable(libfuse: Any, mountpoint: str) -> Iterator[FuseExitHandle]:
    """Register the loop about to serve `mountpoint` so stop_serving() can end it."""
    handle = FuseExitHandle(libfuse)
    with registered(os.fsencode(mountpoint), Serving(handle.exit, _nothing_to_invalidate)):
        yield handle
