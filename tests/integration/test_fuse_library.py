"""The FUSE library choice and each library's mount options (vaultengine/fuse/library.py).

macOS and Windows cannot run here, so their rules are checked against fake systems: a fake
file system (what exists), a fake find_library, a fake registry. Each fake says which real
install it stands for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from vaultengine.errors import FuseUnavailableError
from vaultengine.fuse import library
from vaultengine.fuse.library import (
    FUSE_T,
    LIBFUSE2,
    LIBFUSE3,
    MACFUSE,
    WINFSP,
    FuseLibrary,
    SystemProbe,
    choose_library,
    free_drive_letter,
    is_drive_letter,
    library_options,
)
from vaultengine.fuse.options import escape_option_value, fsname_for, mount_options, volume_name

ROOT = Path(__file__).resolve().parents[2]

# What Debian 12's ldconfig cache answers with libfuse3-3 and libfuse2 installed.
DEBIAN_LIBRARIES = {"fuse3": "libfuse3.so.3", "fuse": "libfuse.so.2"}
# macFUSE's installer: its bundle, and its libfuse 2 compatible library in /usr/local/lib.
MACFUSE_FILES = {library.MACFUSE_BUNDLE, library.MACFUSE_LIBRARY}
# FUSE-T's installer puts only its library in /usr/local/lib.
FUSE_T_FILES = {library.FUSE_T_LIBRARY}
# WinFsp 2.x's installer: InstallDir in the registry, the DLLs under bin.
WINFSP_DIR = "C:\\Program Files (x86)\\WinFsp\\"
WINFSP_FILES = {WINFSP_DIR + "bin\\winfsp-x64.dll", WINFSP_DIR + "bin\\winfsp-a64.dll"}


def fake(
    platform: str,
    *,
    files: set[str] = frozenset(),  # type: ignore[assignment]
    libraries: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
    machine: str = "x86_64",
    registry: str | None = None,
) -> SystemProbe:
    found = dict(libraries or {})
    return SystemProbe(
        platform=platform,
        environ=dict(environ or {}),
        find_library=found.get,
        exists=files.__contains__,
        machine=machine,
        winfsp_install_dir=lambda: registry,
    )


# -- Linux: libfuse3 unless libfuse2 is asked for --


def test_linux_takes_libfuse3_by_default() -> None:
    chosen = choose_library(fake("linux", libraries=DEBIAN_LIBRARIES))
    assert chosen == FuseLibrary(LIBFUSE3, "libfuse3.so.3")
    assert chosen.api_major == 3
    assert chosen.mount_helper == "fusermount3"


@pytest.mark.parametrize("spelling", ["fuse2", "libfuse2", " FUSE2 "])
def test_linux_takes_libfuse2_when_asked(spelling: str) -> None:
    probe = fake("linux", libraries=DEBIAN_LIBRARIES, environ={library.LIBRARY_ENV: spelling})
    chosen = choose_library(probe)
    assert chosen == FuseLibrary(LIBFUSE2, "libfuse.so.2")
    assert chosen.api_major == 2
    assert chosen.mount_helper == "fusermount"


def test_linux_without_an_ldconfig_cache_falls_back_to_the_soname() -> None:
    # e.g. a minimal container: ctypes then finds the soname in the usual folders itself
    assert choose_library(fake("linux")).path == "libfuse3.so.3"
    fuse2 = fake("linux", environ={library.LIBRARY_ENV: "fuse2"})
    assert choose_library(fuse2).path == "libfuse.so.2"


def test_an_unknown_library_name_is_refused_naming_the_choices() -> None:
    probe = fake("linux", libraries=DEBIAN_LIBRARIES, environ={library.LIBRARY_ENV: "macfuse"})
    with pytest.raises(FuseUnavailableError, match=r"fuse2.*fuse3"):
        choose_library(probe)


def test_fuse_library_path_wins_everywhere() -> None:
    for platform in ("linux", "darwin", "win32"):
        probe = fake(platform, environ={library.PATH_ENV: "/opt/fuse/libfuse.so"})
        assert choose_library(probe) == FuseLibrary(library.CUSTOM, "/opt/fuse/libfuse.so")


# -- macOS: macFUSE first, then FUSE-T --


def test_macos_prefers_macfuse_when_both_are_installed() -> None:
    chosen = choose_library(fake("darwin", files=MACFUSE_FILES | FUSE_T_FILES))
    assert chosen == FuseLibrary(MACFUSE, library.MACFUSE_LIBRARY)
    assert chosen.api_major == 2
    assert chosen.mount_helper is None


def test_macos_takes_fuse_t_without_macfuse() -> None:
    assert choose_library(fake("darwin", files=FUSE_T_FILES)).kind == FUSE_T


def test_macos_ignores_a_libfuse_left_behind_by_an_uninstalled_macfuse() -> None:
    # The bundle is gone (macFUSE removed) but /usr/local/lib still has its library.
    files = {library.MACFUSE_LIBRARY} | FUSE_T_FILES
    assert choose_library(fake("darwin", files=files)).kind == FUSE_T


def test_macos_user_can_pick_fuse_t_over_macfuse() -> None:
    probe = fake(
        "darwin", files=MACFUSE_FILES | FUSE_T_FILES, environ={library.LIBRARY_ENV: "fuse-t"}
    )
    assert choose_library(probe).kind == FUSE_T


def test_macos_asked_for_a_missing_library_says_so() -> None:
    probe = fake("darwin", files=FUSE_T_FILES, environ={library.LIBRARY_ENV: "macfuse"})
    with pytest.raises(FuseUnavailableError, match="macfuse is not installed"):
        choose_library(probe)


def test_macos_without_either_names_both_installs() -> None:
    with pytest.raises(FuseUnavailableError, match=r"macFUSE.*FUSE-T") as raised:
        choose_library(fake("darwin"))
    assert "osxfuse.github.io" in raised.value.message
    assert "fuse-t.org" in raised.value.message


# -- Windows: WinFsp's DLL from its install folder --


def test_windows_takes_the_dll_from_the_registered_install_folder() -> None:
    chosen = choose_library(fake("win32", files=WINFSP_FILES, registry=WINFSP_DIR, machine="AMD64"))
    assert chosen == FuseLibrary(WINFSP, WINFSP_DIR + "bin\\winfsp-x64.dll")
    assert chosen.api_major == 2


def test_windows_on_arm_takes_the_arm64_dll() -> None:
    chosen = choose_library(fake("win32", files=WINFSP_FILES, registry=WINFSP_DIR, machine="ARM64"))
    assert chosen.path.endswith("winfsp-a64.dll")


def test_windows_without_the_registry_value_looks_in_program_files() -> None:
    # e.g. the registry view of a 32-bit key is unreadable to a sandboxed process
    environ = {"ProgramFiles(x86)": "C:\\Program Files (x86)", "ProgramFiles": "C:\\Program Files"}
    probe = fake("win32", files=WINFSP_FILES, environ=environ, machine="AMD64")
    assert choose_library(probe).path == WINFSP_DIR + "bin\\winfsp-x64.dll"


def test_windows_never_takes_a_dll_that_is_not_there() -> None:
    # a stale registry value after WinFsp was removed, and nothing in Program Files
    probe = fake("win32", registry=WINFSP_DIR, environ={"ProgramFiles": "C:\\Program Files"})
    with pytest.raises(FuseUnavailableError, match=r"WinFsp is not installed.*winfsp\.dev"):
        choose_library(probe)


def test_other_systems_are_told_fuse_is_unsupported() -> None:
    with pytest.raises(FuseUnavailableError, match="not supported"):
        choose_library(fake("freebsd14"))


# -- what each library gets on top of options.py's options --

OURS: dict[str, str | bool] = {"fsname": "strongroom:/v", "use_ino": True}


def test_libfuse3_options_are_left_as_they_are() -> None:
    assert library_options(FuseLibrary(LIBFUSE3, "x"), OURS) == OURS


def test_libfuse2_gets_big_writes() -> None:
    options = library_options(FuseLibrary(LIBFUSE2, "x"), OURS)
    assert options["big_writes"] is True
    assert options["max_write"] == "131072"
    assert options["use_ino"] is True


def test_macfuse_gets_noappledouble_and_the_volume_name() -> None:
    options = library_options(FuseLibrary(MACFUSE, "x"), OURS, volume_name="Taxes")
    assert options["noappledouble"] is True
    assert options["volname"] == "Taxes"
    assert options["fsname"] == "strongroom:/v"


def test_fuse_t_gets_the_volume_name_and_not_use_ino() -> None:
    options = library_options(FuseLibrary(FUSE_T, "x"), OURS, volume_name="Taxes")
    assert options == {"volname": "Taxes", "fsname": "strongroom:/v"}


def test_winfsp_maps_the_owner_to_the_user_and_names_the_volume() -> None:
    options = library_options(FuseLibrary(WINFSP, "x"), OURS, volume_name="Taxes")
    assert (options["uid"], options["gid"]) == ("-1", "-1")
    assert options["volname"] == "Taxes"


def test_the_users_options_win_over_the_librarys() -> None:
    user = {**OURS, "volname": "Mine", "max_write": "65536"}
    assert library_options(FuseLibrary(MACFUSE, "x"), user)["volname"] == "Mine"
    assert library_options(FuseLibrary(LIBFUSE2, "x"), user)["max_write"] == "65536"


@pytest.mark.parametrize(
    ("vault", "name"),
    [
        ("/home/a/Taxes", "Taxes"),
        ("/home/a/Taxes, 2024/", "Taxes, 2024"),
        ("C:\\Vaults\\Tax", "Tax"),
    ],
)
def test_the_volume_name_is_the_vault_folders(vault: str, name: str) -> None:
    options = {"fsname": escape_option_value(fsname_for(vault))}
    assert volume_name(options) == name
    assert volume_name({}) == "Strongroom"


def test_linux_cache_options_stay_out_of_other_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    options = mount_options("/v", read_only=False)
    assert "subtype" not in options and "attr_timeout" not in options
    monkeypatch.setattr(sys, "platform", "linux")
    assert mount_options("/v", read_only=False)["subtype"] == "strongroom"


# -- WinFsp drive letters (GetLogicalDrives' bit mask: bit 0 is A:) --


def _mask(*letters: str) -> int:
    return sum(1 << (ord(letter) - ord("A")) for letter in letters)


def test_a_free_drive_letter_is_taken_from_z_down() -> None:
    assert free_drive_letter(_mask("C")) == "Z:"
    assert free_drive_letter(_mask("C", "Z", "Y")) == "X:"


def test_floppy_and_system_letters_are_never_handed_out() -> None:
    every_from_d = _mask(*(chr(c) for c in range(ord("D"), ord("Z") + 1)))
    with pytest.raises(FuseUnavailableError, match="D: to Z:"):
        free_drive_letter(every_from_d)  # A:, B:, C: are free in the mask, yet not used
    assert free_drive_letter(every_from_d & ~_mask("D")) == "D:"


def test_drive_letters_are_told_apart_from_folders() -> None:
    assert is_drive_letter("Z:") and is_drive_letter("d:")
    assert not is_drive_letter("Z:\\") and not is_drive_letter("/mnt/z") and not is_drive_letter("")


# -- the real choice on this machine --


def test_mfusepy_is_bound_without_leaving_its_variable_to_child_processes() -> None:
    """The choice is handed to mfusepy for its import only: a child process (the background
    mount) then makes the same choice itself, including libfuse2's options."""
    script = (
        "import os\n"
        "from vaultengine.fuse.loader import fuse_unavailable_reason, load_mfusepy\n"
        "from vaultengine.fuse.library import chosen_library\n"
        "from vaultengine.fuse.lowlevel.session import wants_lowlevel\n"
        "reason = fuse_unavailable_reason()\n"
        "if reason is None:\n"
        "    print(chosen_library().kind, load_mfusepy().fuse_version_major)\n"
        "    print(wants_lowlevel({}))\n"
        "print('FUSE_LIBRARY_PATH' in os.environ)\n"
    )
    for name, kind, major in (("fuse2", LIBFUSE2, 2), ("fuse3", LIBFUSE3, 3)):
        env = {k: v for k, v in os.environ.items() if k != library.PATH_ENV}
        env.update({library.LIBRARY_ENV: name, "PYTHONPATH": str(ROOT)})
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 0, result.stderr
        lines = result.stdout.split()
        assert lines[-1] == "False"
        if len(lines) == 4:  # this library is installed here
            assert lines[:2] == [kind, str(major)]
            if kind == LIBFUSE2:  # the low-level path speaks only libfuse3: never chosen
                assert lines[2] == "False"


def test_the_fuse2_pass_of_the_test_command_names_mount_test_files() -> None:
    """`scripts/dev.py test` repeats these files on libfuse2: each must exist and hold
    fuse-marked tests, or that pass would quietly run nothing."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    assert "libfuse2" in dev.TEST_PACKAGES
    for name in dev.FUSE2_TEST_FILES:
        assert name.startswith("tests/fuse/"), name  # the mount tests' layer
        text = (ROOT / name).read_text()
        assert "pytest.mark.fuse" in text, name


def test_on_windows_a_vault_without_a_chosen_mount_point_gets_a_free_drive(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Fake Windows (sys.platform and GetLogicalDrives' answer): C: and Z: are taken."""
    from app.settings import Preferences, VaultEntry, VaultOptions, resolve_mount_point
    from vaultengine.fuse.mountpoint import check_mountpoint, prepare_mountpoint

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(library, "used_drive_letters", lambda: _mask("C", "Z"))
    prefs = Preferences(default_mount_folder=str(tmp_path))
    assert resolve_mount_point(VaultEntry("1", "Taxes", "/v"), prefs) == "Y:"
    chosen = VaultEntry("2", "Taxes", "/v", options=VaultOptions(mount_point=str(tmp_path / "T")))
    assert resolve_mount_point(chosen, prefs) == str(tmp_path / "T")
    # Every letter taken: the folder under the default mount folder, as elsewhere.
    monkeypatch.setattr(library, "used_drive_letters", lambda: (1 << 26) - 1)
    assert resolve_mount_point(VaultEntry("1", "Taxes", "/v"), prefs) == str(tmp_path / "Taxes")
    # A drive letter is WinFsp's to create: nothing to check or create (and remove) for it.
    check_mountpoint("Y:")
    assert prepare_mountpoint("Y:") is False
