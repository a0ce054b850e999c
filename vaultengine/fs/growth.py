"""Limits on growing a cleartext file: the largest size a vault file may have (EFBIG beyond it)
and the free space a zero-filling grow must leave on the filesystem holding the vault (ENOSPC).

Growing a file past its end (truncate, ftruncate, fallocate, a write far past EOF) writes real
encrypted zero chunks: the format has no holes. Without these checks `truncate(f, 10**15)`
wrote zeros until the disk was full and then left the file half grown.
"""

from __future__ import annotations

import errno
import os

# 16 TiB of cleartext. The format does not bound it (chunk numbers are 64-bit in the AAD), nor
# does the kernel (FUSE allows 2^63-1). 16 TiB is the largest file ext4 can hold with 4 KiB
# blocks, so a vault file never outgrows the usual Linux disk it is copied to or from, while
# pjdfstest's truncate(f, 999999999999999) (909 TiB) gets EFBIG, as it does from gocryptfs on
# ext4 (gocryptfs grows through the backing filesystem, whose own limit answers EFBIG).
MAX_CLEARTEXT_SIZE = 1 << 44

# A grow must leave this much free: the sync client (its database, journal and downloads),
# logs and temp files of the rest of the system live on the same disk. 64 MiB is plenty for
# them; on a small filesystem (a USB stick, a test tmpfs) 1 % of its size is used instead, so
# such a disk can still be filled to 99 % by preallocating files.
FREE_MARGIN_BYTES = 64 << 20
FREE_MARGIN_DIVISOR = 100  # 1 % of the filesystem's size


def _error(code: int, what: str) -> OSError:
    return OSError(code, f"{os.strerror(code)}: {what}")


def check_size(new_size: int) -> None:
    """EFBIG when a file would be larger than MAX_CLEARTEXT_SIZE."""
    if new_size > MAX_CLEARTEXT_SIZE:
        raise _error(errno.EFBIG, f"{new_size} bytes is over the {MAX_CLEARTEXT_SIZE} limit")


def free_margin(st: os.statvfs_result) -> int:
    """The bytes a grow must leave free on the filesystem described by `st`."""
    return min(FREE_MARGIN_BYTES, st.f_blocks * st.f_frsize // FREE_MARGIN_DIVISOR)


def check_space(ciphertext_fd: int, ciphertext_growth: int) -> None:
    """ENOSPC unless the filesystem holding `ciphertext_fd` keeps its margin free after
    `ciphertext_growth` more bytes. fstatvfs on the open descriptor: the very filesystem the
    bytes go to, with no path to resolve (or to be swapped by a planted symlink)."""
    if ciphertext_growth <= 0:
        return
    st = os.fstatvfs(ciphertext_fd)
    available = st.f_bavail * st.f_frsize
    margin = free_margin(st)
    if ciphertext_growth + margin > available:
        raise _error(
            errno.ENOSPC,
            f"growing needs {ciphertext_growth} bytes and {margin} must stay free;"
            f" {available} are available",
        )
