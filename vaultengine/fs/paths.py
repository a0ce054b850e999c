"""Cleartext path parsing: NFC components, ENAMETOOLONG over 255 bytes, EINVAL for bad names."""

from __future__ import annotations

import errno
import os
import unicodedata

MAX_NAME_BYTES = 255


def _invalid(path: str) -> OSError:
    return OSError(errno.EINVAL, os.strerror(errno.EINVAL), path)


def normalise_name(name: str, path: str = "") -> str:
    """One component in NFC; EINVAL for NUL, lone surrogates, '.', '..'; ENAMETOOLONG."""
    if "\0" in name or name in (".", "..") or "/" in name or not name:
        raise _invalid(path or name)
    if not name.isascii():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: invalid UTF-8 from FUSE
            raise _invalid(path or name) from None
        name = unicodedata.normalize("NFC", name)
    if len(name) > MAX_NAME_BYTES or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), path or name)
    return name


def split_path(path: str) -> tuple[str, ...]:
    """ "/a/b" -> ("a", "b"); "/" -> (); empty components are ignored."""
    return tuple(normalise_name(part, path) for part in path.split("/") if part)


def join_path(components: tuple[str, ...]) -> str:
    return "/" + "/".join(components)
