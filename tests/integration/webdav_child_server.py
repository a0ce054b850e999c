"""Serve a vault over WebDAV in its own process (the tests read its peak RSS from /proc).

argv: vault path; password on stdin. Prints the URL, then serves until SIGTERM.
"""

from __future__ import annotations

import sys

from vaultengine.vault import unlock_vault
from vaultengine.webdav import WebDavServer, serve_foreground


def main() -> int:
    vault = unlock_vault(sys.argv[1], sys.stdin.readline().rstrip("\n"))
    server = WebDavServer(vault)
    serve_foreground(server, on_ready=lambda s: print(s.url, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
