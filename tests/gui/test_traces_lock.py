"""The clean-up runs where vaults lock: in the app (status line, preference) and after
`strongroom unmount` (its output). Real FUSE mounts; the desktop's files in a private XDG tree."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from app.gui.main_window import MainWindow
from app.gui.preferences import PreferencesDialog
from app.services.controller import VaultState
from app.settings import Settings, SettingsStore, VaultEntry
from tests.helpers.gui import needs_fuse
from tests.helpers.mounts import PASSWORD, clean_mountpoint, cli, make_vault, require_fuse
from tests.helpers.traces import bookmark, file_uri, put_thumbnail, xbel

pytestmark = [pytest.mark.fuse, pytest.mark.usefixtures("collect_on_gui_thread")]


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    cache, data = tmp_path / "xdg-cache", tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    data.mkdir()
    return {"cache": cache, "recent": data / "recently-used.xbel"}


def leave_traces(desktop: dict[str, Path], mount_point: Path) -> tuple[list[Path], bytes]:
    """What a file manager leaves after showing two files of the mount; plus one elsewhere."""
    inside = [str(mount_point / "Tax 2026" / "résumé.pdf"), str(mount_point / "photo 1.jpg")]
    sibling = str(mount_point) + "2/photo 1.jpg"
    thumbs = [put_thumbnail(desktop["cache"], file_uri(p)) for p in inside]
    kept = put_thumbnail(desktop["cache"], file_uri(sibling), "large")
    desktop["recent"].write_bytes(xbel(*(bookmark(file_uri(p)) for p in [*inside, sibling])))
    return [*thumbs, kept], xbel(bookmark(file_uri(sibling)))


def unlock_in_window(qtbot, controller, tmp_path: Path) -> tuple[MainWindow, str, Path]:
    vault = make_vault(tmp_path / "vault")
    entry = controller.add_entry(VaultEntry.new("Taxes", str(vault)))
    entry.options.after_unlock = "nothing"
    window = MainWindow(controller)
    qtbot.addWidget(window)
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        controller.unlock(entry.id, PASSWORD)
    mount_point = Path(controller.mount_point(entry.id))
    assert os.path.ismount(mount_point)
    (mount_point / "photo 1.jpg").write_bytes(b"not really a jpeg")
    return window, entry.id, mount_point


@pytest.mark.gui
@needs_fuse
@pytest.mark.timeout(120)
def test_app_lock_removes_traces_and_says_so(qtbot, controller, tmp_path, desktop) -> None:
    window, vault_id, mount_point = unlock_in_window(qtbot, controller, tmp_path)
    (*doomed, kept), recent_after = leave_traces(desktop, mount_point)
    with qtbot.waitSignal(controller.tracesCleaned, timeout=15000) as cleaned:
        controller.lock(vault_id)
    assert controller.state(vault_id) is VaultState.LOCKED
    assert cleaned.args == [
        vault_id,
        "Taxes locked. Removed 2 thumbnails and 2 recent-file entries.",
    ]
    assert window.statusBar().currentMessage() == cleaned.args[1]
    assert not any(p.exists() for p in doomed) and kept.exists()
    assert desktop["recent"].read_bytes() == recent_after
    assert not mount_point.exists()


@pytest.mark.gui
@needs_fuse
@pytest.mark.timeout(120)
def test_a_lock_that_fails_after_the_keys_went_still_removes_traces(
    qtbot, controller, tmp_path, desktop, monkeypatch
) -> None:
    """The fault is injected (no real one fails after the keys are dropped on demand): the
    real lock runs, then the task reports an error. The vault is not open any more, so its
    traces go as after any lock."""
    from app.services import engine

    real_lock = engine.lock

    def lock_then_fail(session, *, force: bool = False) -> None:  # type: ignore[no-untyped-def]
        real_lock(session, force=force)
        raise OSError("the mount folder could not be removed")

    monkeypatch.setattr(engine, "lock", lock_then_fail)
    window, vault_id, mount_point = unlock_in_window(qtbot, controller, tmp_path)
    controller.lockFailed.disconnect(window.messages.lock_failed)  # no modal box in tests
    (*doomed, kept), recent_after = leave_traces(desktop, mount_point)
    with qtbot.waitSignal(controller.tracesCleaned, timeout=15000) as cleaned:
        controller.lock(vault_id)
    assert controller.state(vault_id) is VaultState.ERROR
    assert cleaned.args[1] == "Taxes locked. Removed 2 thumbnails and 2 recent-file entries."
    assert not any(p.exists() for p in doomed) and kept.exists()
    assert desktop["recent"].read_bytes() == recent_after


@pytest.mark.gui
@needs_fuse
@pytest.mark.timeout(120)
def test_preference_off_keeps_traces(qtbot, controller, tmp_path, desktop) -> None:
    dialog = PreferencesDialog(controller, tray_available=False)
    qtbot.addWidget(dialog)
    assert dialog.remove_traces.isChecked()  # on by default
    dialog.remove_traces.setChecked(False)
    dialog.mount_folder.setText(str(tmp_path / "mounts"))
    dialog.save()
    assert not SettingsStore().load().preferences.remove_traces_after_lock
    _window, vault_id, mount_point = unlock_in_window(qtbot, controller, tmp_path)
    files, _ = leave_traces(desktop, mount_point)
    recent_before = desktop["recent"].read_bytes()
    cleaned: list[object] = []
    controller.tracesCleaned.connect(lambda *args: cleaned.append(args))
    with qtbot.waitSignal(
        controller.stateChanged,
        timeout=15000,
        check_params_cb=lambda v: controller.state(v) is VaultState.LOCKED,
    ):
        controller.lock(vault_id)
    qtbot.wait(300)
    assert cleaned == []
    assert all(p.exists() for p in files)
    assert desktop["recent"].read_bytes() == recent_before


@pytest.mark.timeout(120)
def test_cli_unmount_removes_traces_and_prints_the_count(
    tmp_path: Path, desktop, monkeypatch
) -> None:
    require_fuse()
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    vault = make_vault(tmp_path / "vault")
    mnt = tmp_path / "Vaults" / "Foo"
    mnt.parent.mkdir()
    try:
        mounted = cli("mount", vault, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert mounted.returncode == 0, mounted.stderr
        (*doomed, kept), recent_after = leave_traces(desktop, mnt)
        done = cli("unmount", mnt)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            f"Unmounted {mnt}.",
            "Removed 2 thumbnails and 2 recent-file entries.",
        ]
        assert not any(p.exists() for p in doomed) and kept.exists()
        assert desktop["recent"].read_bytes() == recent_after

        # The app's preference is honoured by the command line too.
        SettingsStore().save(settings_with_traces_kept())
        mounted = cli("mount", vault, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert mounted.returncode == 0, mounted.stderr
        files, _ = leave_traces(desktop, mnt)
        done = cli("unmount", mnt)
        assert done.returncode == 0, done.stderr
        assert "were kept (turned off in Preferences)" in done.stdout
        assert all(p.exists() for p in files)
    finally:
        clean_mountpoint(mnt)


def settings_with_traces_kept() -> Settings:
    settings = Settings()
    settings.preferences.remove_traces_after_lock = False
    return settings


@pytest.mark.webdav
@pytest.mark.timeout(120)
def test_cli_unmount_of_a_webdav_volume_removes_its_url_traces(tmp_path: Path, desktop) -> None:
    pytest.importorskip("wsgidav")
    from tests.helpers.webdav import URL, strongroom

    environ = dict(
        os.environ,
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
        STRONGROOM_CONFIG_DIR=str(tmp_path / "config"),
        PYTHONPATH=os.pathsep.join(
            [str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH", "")]
        ),
    )
    environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
    (tmp_path / "runtime").mkdir(mode=0o700)
    vault = make_vault(tmp_path / "vault")
    started = strongroom(
        environ, "mount", vault, "--volume", "webdav", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert started.returncode == 0, started.stderr
    url = URL.search(started.stdout).group(0)  # type: ignore[union-attr]
    other = "dav://127.0.0.1:1/elsewhere/a.odt"
    desktop["recent"].write_bytes(
        xbel(
            bookmark("dav://" + url.split("://", 1)[1] + "Report%202026.odt"),
            bookmark(url + "r%C3%A9sum%C3%A9.txt"),
            bookmark(other),
        )
    )
    done = strongroom(environ, "unmount", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Removed 2 recent-file entries."
    assert desktop["recent"].read_bytes() == xbel(bookmark(other))
