"""The WebDAV volume: an unlocked vault served on 127.0.0.1 under a secret path (no Qt).

wsgidav and cheroot are the optional extra `webdav`: they are imported when the server is
used, so `runtime` (the list of served volumes) works without them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["WebDavServer", "serve_foreground"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from vaultengine.webdav import server

        return getattr(server, name)
    raise AttributeError(name)
