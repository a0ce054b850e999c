"""Keychain fakes for tests that cannot use a real Secret Service (the real one is tested in
test_keychain.py under scripts/with-keychain): an in-memory keychain and one that refuses."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """In-memory keychain that keeps keyring's contract; `refuse_writes` makes it read-only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, refuse_writes: bool = False) -> None:
        super().__init__()
        self.refuse_writes = refuse_writes
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse_writes:
            raise RuntimeError("collection is read-only")
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class RefusingKeyring(KeyringBackend):
    """A keychain that is there but refuses every call, as a locked collection or a dismissed
    unlock prompt does; a headless test cannot lock a real Secret Service on demand."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        raise self.error
