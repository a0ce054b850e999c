"""Fixtures of the integration tests: a test vault served over WebDAV on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.helpers.webdav import Served


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A test vault served over WebDAV on 127.0.0.1 for one test (skips without wsgidav)."""
    from tests.helpers.webdav import PASSWORD, Served, make_vault
    from vaultengine.vault import unlock_vault
    from vaultengine.webdav import WebDavServer

    vault_path = make_vault(tmp_path / "vault")
    vault = unlock_vault(vault_path, PASSWORD)
    server = WebDavServer(vault)
    server.start()
    try:
        yield Served(server, vault, vault_path)
    finally:
        server.stop()
