"""Saved vault passwords in the OS keychain (keyring), refusing plaintext and null backends."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "Strongroom"

# Backends that would "work" but must never hold a vault password.
_PLAINTEXT_MODULE_PREFIXES = ("keyrings.alt",)
_NULL_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


class KeychainError(Exception):
    """The keychain refused or failed an operation; the message says why in plain words."""


@dataclass(frozen=True)
class KeychainStatus:
    available: bool
    backend_name: str
    reason: str = ""  # why "remember password" is disabled, when it is
    refused: bool = False  # a real keychain exists but is locked or denied access right now


def _qualname(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend probing a missing service raises here: not usable
        return -1.0


def _refusal(backend: Any) -> str | None:
    """Why this single backend must not be used, or None when it is a real keychain."""
    name = _qualname(backend)
    if name.startswith(_PLAINTEXT_MODULE_PREFIXES):
        return "the only keychain found stores passwords in a plain file, which Strongroom refuses"
    if name in _NULL_BACKENDS:
        return "no keychain service (such as GNOME Keyring or KWallet) is running"
    if _priority(backend) <= 0:
        return f"the keychain backend {type(backend).__name__} is not usable here"
    return None


def backend_status(backend: Any) -> KeychainStatus:
    """Judge a keyring backend: real keychains pass, plaintext and null ones do not."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        chained = list(backend.backends)
        if any(_qualname(b).startswith(_PLAINTEXT_MODULE_PREFIXES) for b in chained):
            return KeychainStatus(
                False,
                "chainer",
                "a plaintext file keyring is installed beside the keychain; Strongroom refuses it",
            )
        usable = [b for b in chained if _refusal(b) is None]
        if not usable:
            return KeychainStatus(False, "chainer", _refusal(backend) or "no keychain found")
        return KeychainStatus(True, type(usable[0]).__name__)
    reason = _refusal(backend)
    return KeychainStatus(reason is None, type(backend).__name__, reason or "")


_PROBE_USER = "strongroom-keychain-probe"  # never stored; a read of it only tests access


def _refused_reason(exc: BaseException) -> str:
    from keyring.errors import InitError, KeyringLocked

    detail = str(exc).strip()
    if isinstance(exc, KeyringLocked):
        text = "the system keychain is locked (unlock it, then open this dialog again)"
    elif isinstance(exc, InitError):
        text = "the system keychain could not be opened"
    else:
        text = "the system keychain refused access"
    return f"{text}: {detail}" if detail else text


class Keychain:
    """Store, look up and forget one password per vault entry id (service "Strongroom")."""

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend  # None: keyring's configured backend, resolved at each call

    def backend(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def status(self, *, probe: bool = False) -> KeychainStatus:
        """Judge the backend; with probe=True also read from it once, so a locked or denied
        keychain (KeyringLocked, InitError, ...) shows up before a password is typed. The probe
        may make the desktop ask to unlock the keychain, so it runs only when a dialog that
        offers "remember" opens."""
        try:
            backend = self.backend()
        except Exception as exc:
            return KeychainStatus(False, "none", f"the keychain could not be opened: {exc}")
        status = backend_status(backend)
        if not (probe and status.available):
            return status
        try:
            backend.get_password(SERVICE, _PROBE_USER)
        except Exception as exc:
            return KeychainStatus(False, status.backend_name, _refused_reason(exc), refused=True)
        return status

    def _usable_backend(self) -> Any:
        backend = self.backend()
        status = backend_status(backend)
        if not status.available:
            raise KeychainError(f"Passwords cannot be saved: {status.reason}.")
        return backend

    def store(self, vault_id: str, password: str, *, vault_name: str = "") -> None:
        backend = self._usable_backend()
        try:
            backend.set_password(SERVICE, vault_id, password)
        except Exception as exc:
            raise KeychainError(f"The keychain did not save the password: {exc}") from exc
        if vault_name:
            self.relabel(vault_id, vault_name)

    def relabel(self, vault_id: str, vault_name: str) -> None:
        """Name the saved item "Strongroom: VAULT NAME" where the keychain shows labels (Secret
        Service: Seahorse, KWallet), instead of keyring's "Password for '<id>' on ...".
        Cosmetic: a keychain that cannot do it keeps the item as it is."""
        backend = self._usable_backend()
        query = getattr(backend, "_query", None)
        preferred = getattr(backend, "get_preferred_collection", None)
        if query is None or preferred is None:
            return  # not the Secret Service backend (macOS and Windows keep their own names)
        try:
            collection = preferred()
            with contextlib.closing(collection.connection):
                for item in collection.search_items(query(SERVICE, vault_id)):
                    item.set_label(f"{SERVICE}: {vault_name}")
        except Exception as exc:
            log.info("could not label the keychain item: %s", exc)

    def lookup(self, vault_id: str) -> str | None:
        """The saved password, or None when there is none or no usable keychain."""
        try:
            backend = self._usable_backend()
        except KeychainError:
            return None
        try:
            password = backend.get_password(SERVICE, vault_id)
        except Exception as exc:
            raise KeychainError(f"The keychain could not be read: {exc}") from exc
        return password if isinstance(password, str) and password else None

    def forget(self, vault_id: str) -> None:
        """Delete the saved password; nothing saved is not an error."""
        from keyring.errors import PasswordDeleteError

        try:
            backend = self._usable_backend()
        except KeychainError:
            return
        try:
            backend.delete_password(SERVICE, vault_id)
        except PasswordDeleteError:
            pass
        except Exception as exc:
            raise KeychainError(f"The keychain did not forget the password: {exc}") from exc
