"""Cleartext vault paths as typed by a user, made absolute and lexically normalised."""

from __future__ import annotations

import os
import posixpath


def vault_path(text: str) -> str:
    """ "a/b", "/a//b/", "/a/./b" -> "/a/b"; ".." cannot climb above the vault root."""
    # Leading slashes stripped first: posixpath keeps a leading "//" as special.
    return posixpath.normpath("/" + text.lstrip("/"))


def vault_join(parent: str, name: str) -> str:
    return parent.rstrip("/") + "/" + name


def vault_basename(path: str) -> str:
    return posixpath.basename(path)


def is_safe_component(name: str) -> bool:
    """A name from the vault that can become one host path component and nothing more."""
    if name in ("", ".", "..") or "\0" in name or "/" in name:
        return False
    return not (os.sep in name or (os.altsep is not None and os.altsep in name))
