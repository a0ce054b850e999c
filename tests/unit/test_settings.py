"""Settings file: round trip keeping unknown keys, damaged files set aside, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.settings import (
    SETTINGS_VERSION,
    Settings,
    SettingsStore,
    VaultEntry,
    config_dir,
    resolve_mount_point,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path).load()
    assert settings.vaults == []
    assert settings.version == SETTINGS_VERSION
    assert settings.preferences.start_hidden is False


def test_round_trip_keeps_unknown_keys_everywhere(tmp_path: Path) -> None:
    raw = {
        "version": 1,
        "future_top": {"a": [1, 2]},
        "preferences": {"start_hidden": True, "future_pref": "x"},
        "vaults": [
            {
                "id": "abc",
                "name": "Work",
                "path": "/data/work",
                "future_entry": 7,
                "options": {"read_only": True, "idle_lock_minutes": 15, "future_opt": None},
            }
        ],
    }
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    store = SettingsStore(tmp_path)
    settings = store.load()
    entry = settings.vaults[0]
    assert (entry.id, entry.name, entry.path) == ("abc", "Work", "/data/work")
    assert entry.options.read_only is True and entry.options.idle_lock_minutes == 15
    assert settings.preferences.start_hidden is True

    entry.name = "Work files"
    settings.vaults.append(VaultEntry.new("New", "/data/new"))
    store.save(settings)
    written = json.loads((tmp_path / "settings.json").read_text())
    assert written["future_top"] == {"a": [1, 2]}
    assert written["preferences"]["future_pref"] == "x"
    assert written["vaults"][0]["future_entry"] == 7
    assert written["vaults"][0]["options"]["future_opt"] is None
    assert written["vaults"][0]["name"] == "Work files"
    assert written["version"] == SETTINGS_VERSION

    again = store.load()
    assert [v.name for v in again.vaults] == ["Work files", "New"]
    assert again.vaults[1].id == settings.vaults[1].id and len(again.vaults[1].id) == 32


def test_newer_version_number_is_kept(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"version": 7, "vaults": []}))
    store = SettingsStore(tmp_path)
    store.save(store.load())
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == 7


def test_wrong_types_fall_back_to_defaults_and_duplicate_ids_are_renewed(tmp_path: Path) -> None:
    raw = {
        "vaults": [
            {
                "id": "same",
                "path": "/a",
                "options": {"read_only": "yes", "idle_lock_minutes": True},
            },
            {"id": "same", "path": "/b", "name": 5},
            {"name": "no path"},
        ]
    }
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    settings = SettingsStore(tmp_path).load()
    assert [v.path for v in settings.vaults] == ["/a", "/b"]
    assert settings.vaults[0].options.read_only is False
    assert settings.vaults[0].options.idle_lock_minutes == 0
    assert settings.vaults[0].id != settings.vaults[1].id
    assert settings.vaults[1].name == "b"


def test_volume_option_round_trips_and_old_or_unknown_values_are_automatic(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = {
        "version": 1,
        "vaults": [
            {"id": "old", "path": "/old", "options": {"read_only": True}},  # before the option
            {"id": "dav", "path": "/dav", "options": {"volume": "webdav"}},
            {"id": "odd", "path": "/odd", "options": {"volume": "smb"}},
            {"id": "num", "path": "/num", "options": {"volume": 2}},
        ],
    }
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    store = SettingsStore(tmp_path)
    with caplog.at_level("WARNING", logger="app.settings"):
        settings = store.load()
    assert [v.options.volume for v in settings.vaults] == ["auto", "webdav", "auto", "auto"]
    assert settings.vaults[0].options.read_only is True
    assert "unknown volume 'smb'" in caplog.text and "odd" in caplog.text

    settings.vaults[0].options.volume = "fuse"
    store.save(settings)
    written = json.loads((tmp_path / "settings.json").read_text())
    assert [v["options"]["volume"] for v in written["vaults"]] == ["fuse", "webdav", "auto", "auto"]
    assert [v.options.volume for v in store.load().vaults] == ["fuse", "webdav", "auto", "auto"]


def test_damaged_file_is_set_aside_not_lost(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json")
    store = SettingsStore(tmp_path)
    settings = store.load()
    assert settings.vaults == []
    assert "could not be read" in store.load_problem
    kept = list(tmp_path.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_unreadable_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "settings.json").mkdir()  # exists but cannot be read as a file (also as root)
    store = SettingsStore(tmp_path)
    settings = store.load()
    assert settings.vaults == []
    assert "could not be read" in store.load_problem
    store.save(settings)
    assert (tmp_path / "settings.json").is_dir()


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg")
    settings = Settings()
    settings.vaults.append(VaultEntry.new("V", "/v"))
    store.save(settings)
    store.save(settings)
    assert sorted(p.name for p in (tmp_path / "cfg").iterdir()) == ["settings.json"]


def test_config_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path))
    assert config_dir() == tmp_path
    assert SettingsStore().path == tmp_path / "settings.json"
    monkeypatch.delenv("STRONGROOM_CONFIG_DIR")
    assert config_dir().name == "Strongroom"


def test_mount_point_default_and_chosen() -> None:
    settings = Settings()
    settings.preferences.default_mount_folder = "/home/u/Vaults"
    entry = VaultEntry.new("My: Files/2024", "/x")
    assert resolve_mount_point(entry, settings.preferences) == "/home/u/Vaults/My_ Files_2024"
    entry.options.mount_point = "/mnt/files"
    assert resolve_mount_point(entry, settings.preferences) == "/mnt/files"


def test_vault_identity_round_trips_beside_unknown_keys(tmp_path: Path) -> None:
    raw = {
        "version": 1,
        "vaults": [
            {
                "id": "v",
                "path": "/v",
                "vault_jti": "6f1c1d2e-0000-4000-8000-000000000001",
                "masterkey_fingerprint": "ab" * 32,
                "future_vault_key": {"kept": True},
            },
            {"id": "w", "path": "/w", "vault_jti": 12, "masterkey_fingerprint": None},
        ],
    }
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    store = SettingsStore(tmp_path)
    settings = store.load()
    assert settings.vaults[0].vault_jti == "6f1c1d2e-0000-4000-8000-000000000001"
    assert settings.vaults[0].masterkey_fingerprint == "ab" * 32
    # A hand-edited wrong type means "not recorded" (recorded again on the next unlock).
    assert settings.vaults[1].vault_jti == "" and settings.vaults[1].masterkey_fingerprint == ""
    store.save(settings)
    saved = json.loads((tmp_path / "settings.json").read_text())["vaults"][0]
    assert saved["vault_jti"] == raw["vaults"][0]["vault_jti"]
    assert saved["masterkey_fingerprint"] == "ab" * 32
    assert saved["future_vault_key"] == {"kept": True}
