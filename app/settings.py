"""The app's settings file: vault list, per-vault options and preferences as versioned JSON."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from vaultengine.atomic import atomic_write

APP_NAME = "Strongroom"
SETTINGS_VERSION = 1
SETTINGS_FILENAME = "settings.json"
CONFIG_DIR_ENV = "STRONGROOM_CONFIG_DIR"

AFTER_UNLOCK_CHOICES = ("reveal", "ask", "nothing")
# How an unlocked vault is shown: "auto" mounts with FUSE where it works, else serves WebDAV.
VOLUME_CHOICES = ("auto", "fuse", "webdav")

log = logging.getLogger(__name__)


def config_dir() -> Path:
    """The settings folder: $STRONGROOM_CONFIG_DIR, else platformdirs' user config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_mount_folder() -> str:
    return str(Path.home() / "Vaults")


@dataclass
class VaultOptions:
    """What happens around one vault's unlock; empty mount_point means the default folder."""

    mount_point: str = ""
    read_only: bool = False
    after_unlock: str = "reveal"
    mount_options: str = ""
    unlock_on_start: bool = False
    idle_lock_minutes: int = 0
    lock_on_suspend: bool = True
    volume: str = "auto"  # one of VOLUME_CHOICES
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class VaultEntry:
    """One vault in the list: the folder holding vault.cryptomator and a display name."""

    id: str
    name: str
    path: str
    options: VaultOptions = field(default_factory=VaultOptions)
    password_saved: bool = False  # a hint only: the password itself lives in the keychain
    # Identity seen on first add/create (or first unlock): a different jti in the same folder
    # later means the vault was substituted, and the app warns before unlocking (bad-input #5).
    vault_jti: str = ""
    masterkey_fingerprint: str = ""  # vaultengine.vault.vault_identity: changes with the password
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @staticmethod
    def new(name: str, path: str | os.PathLike[str]) -> VaultEntry:
        return VaultEntry(id=uuid.uuid4().hex, name=name, path=str(path))


@dataclass
class Preferences:
    start_hidden: bool = False
    start_at_login: bool = False
    default_mount_folder: str = field(default_factory=default_mount_folder)
    follow_system_theme: bool = True
    tray_hint_shown: bool = False  # "still running in the tray" is said once, the first time
    # After a lock: remove the vault's thumbnails and recent-file entries (app/services/traces).
    remove_traces_after_lock: bool = True
    # How long vaults that unlock at start wait for a locked keychain before asking (0: ask).
    keychain_wait_seconds: int = 120
    language: str = ""  # "" follows the system; else en, de, fr, es (app/i18n.py)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Settings:
    vaults: list[VaultEntry] = field(default_factory=list)
    preferences: Preferences = field(default_factory=Preferences)
    version: int = SETTINGS_VERSION
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def vault(self, vault_id: str) -> VaultEntry | None:
        return next((v for v in self.vaults if v.id == vault_id), None)

    def vault_by_path(self, path: str | os.PathLike[str]) -> VaultEntry | None:
        wanted = _norm(path)
        return next((v for v in self.vaults if _norm(v.path) == wanted), None)


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(os.path.expanduser(os.fspath(path))))


def mount_folder_name(name: str) -> str:
    """A safe single folder name for a vault's default mount point."""
    cleaned = re.sub(r"[\\/\x00-\x1f:*?\"<>|]+", "_", name).strip(" .")
    return cleaned or "Vault"


def resolve_mount_point(entry: VaultEntry, prefs: Preferences) -> str:
    """The chosen mount point, else a folder named after the vault under the default folder."""
    if entry.options.mount_point:
        return os.path.expanduser(entry.options.mount_point)
    if sys.platform == "win32":  # WinFsp mounts a vault as a drive of its own
        from vaultengine.errors import FuseUnavailableError
        from vaultengine.fuse.library import free_drive_letter, used_drive_letters

        with contextlib.suppress(FuseUnavailableError):  # no letter free: a folder, below
            return free_drive_letter(used_drive_letters())
    base = os.path.expanduser(prefs.default_mount_folder or default_mount_folder())
    return os.path.join(base, mount_folder_name(entry.name))


# --- JSON <-> dataclasses, keeping keys we do not know ------------------------------------

_T = TypeVar("_T")
_SCALARS = {"str": str, "bool": bool, "int": int}


def _from_dict(cls: type[_T], data: Any, **fixed: Any) -> _T:
    """Build `cls` from the known keys of `data` with the right type; park the rest in .extra."""
    if not isinstance(data, dict):
        data = {}
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = dict(fixed)
    extra: dict[str, Any] = {}
    for key, value in data.items():
        f = known.get(key)
        if f is None or key == "extra" or key in fixed:
            if key not in fixed:
                extra[key] = value
            continue
        expected = _SCALARS.get(str(f.type))
        # A wrongly typed value (a hand edit) falls back to the default.
        if expected is not None and type(value) is not expected:
            continue
        kwargs[key] = value
    kwargs["extra"] = extra
    return cls(**kwargs)


def _to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict(obj.extra)
    for f in dataclasses.fields(obj):
        if f.name == "extra":
            continue
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            out[f.name] = _to_dict(value)
        elif isinstance(value, list):
            out[f.name] = [_to_dict(v) if dataclasses.is_dataclass(v) else v for v in value]
        else:
            out[f.name] = value
    return out


def settings_from_dict(data: Any) -> Settings:
    if not isinstance(data, dict):
        data = {}
    vaults: list[VaultEntry] = []
    seen: set[str] = set()
    raw_vaults = data.get("vaults")
    for raw in raw_vaults if isinstance(raw_vaults, list) else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
            continue
        vid = raw.get("id")
        if not isinstance(vid, str) or not vid or vid in seen:
            vid = uuid.uuid4().hex
        seen.add(vid)
        name = raw.get("name") if isinstance(raw.get("name"), str) else ""
        options = _from_dict(VaultOptions, raw.get("options"))
        if options.volume not in VOLUME_CHOICES:
            log.warning(
                "vault %s: unknown volume %r in the settings, using auto", vid, options.volume
            )
            options.volume = "auto"
        entry = _from_dict(
            VaultEntry,
            raw,
            id=vid,
            name=name or Path(raw["path"]).name or "Vault",
            options=options,
        )
        vaults.append(entry)
    prefs = _from_dict(Preferences, data.get("preferences"))
    version = data.get("version")
    rest = {k: v for k, v in data.items() if k not in ("vaults", "preferences", "version")}
    return Settings(
        vaults=vaults,
        preferences=prefs,
        version=max(version if type(version) is int else 0, SETTINGS_VERSION),
        extra=rest,
    )


def saved_settings(folder: str | os.PathLike[str] | None = None) -> Settings:
    """The settings as saved, for the CLI: read without side effects (no file set aside
    when damaged, defaults instead)."""
    path = Path(folder) if folder is not None else config_dir()
    try:
        data = json.loads((path / SETTINGS_FILENAME).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return Settings()
    return settings_from_dict(data)


def saved_preferences(folder: str | os.PathLike[str] | None = None) -> Preferences:
    return saved_settings(folder).preferences


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    data = _to_dict(settings)
    # Version first, for people reading the file.
    return {"version": data.pop("version"), **data}


# --- the file -----------------------------------------------------------------------------


class SettingsStore:
    """Loads and saves settings.json in one folder; a damaged file is set aside, never lost."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else config_dir()
        self.path = self.folder / SETTINGS_FILENAME
        self.load_problem: str = ""
        # Set when the file exists but cannot be read (permissions, a folder of that name):
        # saving would then replace settings we never saw, so saves are skipped.
        self._unreadable = False

    def load(self) -> Settings:
        self.load_problem = ""
        self._unreadable = False
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            self._unreadable = True
            self.load_problem = (
                f"The settings file {self.path} could not be read ({exc.strerror}); "
                "changes made now will not be saved."
            )
            return Settings()
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
        except (ValueError, UnicodeDecodeError) as exc:
            aside = self.path.with_name(f"{SETTINGS_FILENAME}.damaged-{int(time.time())}")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.load_problem = (
                f"The settings file could not be read ({exc}); it was kept as {aside.name}."
            )
            return Settings()
        return settings_from_dict(data)

    def save(self, settings: Settings) -> None:
        if self._unreadable:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(settings_to_dict(settings), indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.path, text.encode("utf-8"))
