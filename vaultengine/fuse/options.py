"""Mount options: the kernel cache settings (and why), our fsname/subtype, and user -o options.

Caching, measured in bench/bench_mount.py:
- attr_timeout / entry_timeout = 1 s: the kernel answers repeated stat() and lookups for a
  second without asking us. While mounted the filesystem is the only writer of the vault it
  shows, so the kernel's copy can only go stale when a sync client changes ciphertext
  underneath; one second bounds how long such a change stays invisible, and costs little
  (after a second the next stat is answered from the fs layer's own caches).
- negative_timeout = 1 s: "no such file" is cached too (libfuse's default is 0). Tools probe
  many missing names (PATH lookups, editors' backup files, build systems); creating a name
  through the mount invalidates the negative entry at once, so only sync-client additions wait.
- auto_cache rather than kernel_cache: file pages stay cached across opens only while the
  size and mtime seen at open are unchanged, so ciphertext rewritten by a sync client is
  re-read, while unchanged files are served from the page cache. kernel_cache would keep
  stale pages forever.
- No hard_remove: a file unlinked (or replaced by rename) while open is renamed by libfuse to
  `.fuse_hiddenNNN` in its folder and really removed when the last handle closes. With
  hard_remove the node loses its path, and libfuse's path-based API then answers fstat() of
  the open file with ESTALE and fails every setattr on it (stress-ng's fallocate, fsize and
  sync-file stressors fail). The price: while such a file is open its hidden name shows in the
  listing, its folder cannot be removed (ENOTEMPTY), and a crash leaves it in the vault.
- allow_other (a user's choice) lets every local user reach the mount, and the filesystem
  answers all of them as if they were the mounting user. So it always comes with
  default_permissions (the kernel checks the reported modes and owner itself) and the
  adapter then reports owner-only modes (0600 files, 0700 folders) owned by the mounting
  user: other users are refused reading and writing, root is not. A user `umask` option could
  widen those modes again, so it is refused together with allow_other.
- use_ino: st_ino (and a listing's d_ino) is the ciphertext node's inode number, which stays
  the same while the node exists and across renames. Without it libfuse numbers nodes itself
  and gives a node a new number whenever the kernel forgets it (memory pressure, an entry
  timed out under load), so an unchanged file's st_ino changed, which tools that compare
  inode numbers (git's index, rsync, backup tools, pjdfstest's rename/09.t) take for a new file.
- Big writes: libfuse3 negotiates max_write = 1 MiB with the kernel by itself (no option
  needed); libfuse2 needs big_writes for more than 4 KiB (added in library.py, with the other
  options each platform's library needs).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from vaultengine.errors import MountError

FSNAME_PREFIX = "strongroom:"
SUBTYPE = "strongroom"

CACHE_OPTIONS: dict[str, str | bool] = {
    "attr_timeout": "1",
    "entry_timeout": "1",
    "negative_timeout": "1",
    "auto_cache": True,
}

# Options we set ourselves: a user may not override them, or dead-mount detection breaks.
_RESERVED = {"fsname", "subtype", "hard_remove"}
# Options that would make libfuse fork or print instead of serving.
_REFUSED = {"debug", "foreground", "-f", "-d", "-s", "nothreads"}
ALLOW_OTHER = "allow_other"
# Options that would widen the owner-only modes an allow_other mount reports.
_REFUSED_WITH_ALLOW_OTHER = {"umask"}


def escape_option_value(value: str) -> str:
    """Escape a value for libfuse's comma-separated -o list (backslash quotes , and \\)."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def fsname_for(ciphertext_vault_path: str) -> str:
    """The source field of our mounts in /proc/self/mountinfo: strongroom:<vault path>."""
    return FSNAME_PREFIX + ciphertext_vault_path


def volume_name(options: dict[str, str | bool]) -> str:
    """The name a volume shows in Finder or Explorer: the vault folder's, from our fsname."""
    fsname = options.get("fsname")
    if not isinstance(fsname, str) or not fsname.startswith(FSNAME_PREFIX):
        return "Strongroom"
    path = re.sub(r"\\(.)", r"\1", fsname[len(FSNAME_PREFIX) :])  # escape_option_value undone
    return re.split(r"[/\\]", path.rstrip("/\\"))[-1] or "Strongroom"


def parse_user_options(options: Iterable[str]) -> dict[str, str | bool]:
    """Turn ["a,b=c", "d"] (each as given to -o) into {"a": True, "b": "c", "d": True}."""
    parsed: dict[str, str | bool] = {}
    for group in options:
        for item in group.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, value = item.partition("=")
            key = key.strip()
            if key in _RESERVED:
                raise MountError(
                    f"The mount option {key!r} is set by Strongroom and cannot be changed."
                )
            if key in _REFUSED:
                raise MountError(f"The mount option {key!r} is not supported.")
            parsed[key] = value if sep else True
    return parsed


def mount_options(
    ciphertext_vault_path: str, *, read_only: bool, user_options: Iterable[str] = ()
) -> dict[str, str | bool]:
    """All options for one mount: ours, the cache settings, then the user's (which may override)."""
    options: dict[str, str | bool] = {
        "fsname": escape_option_value(fsname_for(ciphertext_vault_path)),
        "use_ino": True,
    }
    if sys.platform.startswith("linux"):
        options["subtype"] = SUBTYPE
        options.update(CACHE_OPTIONS)
    # What macFUSE, FUSE-T, WinFsp and libfuse2 need on top: library.library_options.
    if read_only:
        options["ro"] = True
    user = parse_user_options(user_options)
    options.update(user)
    if ALLOW_OTHER in user:
        widening = sorted(_REFUSED_WITH_ALLOW_OTHER & user.keys())
        if widening:
            raise MountError(
                f"The mount option {widening[0]!r} cannot be combined with allow_other."
            )
        options["default_permissions"] = True  # the kernel checks owner and modes for us
    return options


def allows_other_users(options: dict[str, str | bool]) -> bool:
    """True when mount `options` let other local users in (they then need owner-only modes)."""
    return bool(options.get(ALLOW_OTHER))
