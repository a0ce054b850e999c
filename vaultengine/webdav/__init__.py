"""The WebDAV volume: an unlocked vault served on 127.0.0.1 under a secret path (no Qt).

wsgidav and cheroot are the optional extra `webdav`; importing this package needs them.
"""

from vaultengine.webdav.server import WebDavServer, serve_foreground

__all__ = ["WebDavServer", "serve_foreground"]
