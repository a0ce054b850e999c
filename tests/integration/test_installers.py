"""Installer recipes, fast checks: spec, plists, desktop entry, metainfo, icons, .iss, scripts."""

from __future__ import annotations

import importlib.util
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
APP_ID = "io.github.strongroom.Strongroom"
DESKTOP = ROOT / "resources" / "linux" / "strongroom.desktop"
METAINFO = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml"
PNG_DIR = ROOT / "resources" / "icons" / "png"
ISS = INSTALLERS / "windows" / "strongroom.iss"
SHELL_SCRIPTS = [
    INSTALLERS / "linux" / "build-deb",
    INSTALLERS / "linux" / "test-deb",
    INSTALLERS / "linux" / "ci-deb",
    INSTALLERS / "linux" / "common.sh",
    INSTALLERS / "macos" / "make-dmg.sh",
]


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


# --- PyInstaller spec and launcher -------------------------------------------------------------


def test_spec_compiles_and_names_what_the_bundle_needs() -> None:
    path = INSTALLERS / "pyinstaller" / "strongroom.spec"
    source = path.read_text(encoding="utf-8")
    compile(source, str(path), "exec")  # a SyntaxError fails the test
    for needed in (
        "4096words_en.txt",
        "LC_MESSAGES",  # the command line's gettext catalogues (resources/translations/cli)
        "dist-info",  # the version metadata generated from pyproject.toml
        "keyring.backends.SecretService",
        "keyring.backends.macOS",
        "mfusepy",
        "BUNDLE(",
        "entitlements.plist",
        "libfuse",
    ):
        assert needed in source, f"the spec does not mention {needed}"


def test_launcher_opens_the_app_when_started_bare() -> None:
    launcher = load(INSTALLERS / "pyinstaller" / "launcher.py", "strongroom_launcher")
    assert launcher.bundle_args([]) == ["gui"]
    assert launcher.bundle_args(["-psn_0_4711"]) == ["gui"]  # Finder's launch argument
    assert launcher.bundle_args(["--hidden"]) == ["gui", "--hidden"]  # the autostart entry
    assert launcher.bundle_args(["--version"]) == ["--version"]
    assert launcher.bundle_args(["create", "/v"]) == ["create", "/v"]


def test_launcher_reports_the_pyproject_version(capsys: pytest.CaptureFixture[str]) -> None:
    launcher = load(INSTALLERS / "pyinstaller" / "launcher.py", "strongroom_launcher")
    assert launcher.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"strongroom {pyproject_version()}"


def test_fallback_version_matches_pyproject() -> None:
    # Run from source without package metadata, the fallback constant is what --version says.
    from app.version import FALLBACK_VERSION

    assert pyproject_version() == FALLBACK_VERSION


# --- macOS -------------------------------------------------------------------------------------


def test_entitlements_allow_macfuse_to_load() -> None:
    entitlements = plistlib.loads((INSTALLERS / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.cs.disable-library-validation"] is True


def test_info_plist_has_the_bundle_keys() -> None:
    info = plistlib.loads((INSTALLERS / "macos" / "Info.plist").read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["LSUIElement"] is False
    assert info["CFBundleExecutable"] == "strongroom"
    assert info["CFBundleIconFile"] == "strongroom.icns"
    for key in ("NSDesktopFolderUsageDescription", "NSDocumentsFolderUsageDescription"):
        assert info[key].strip()
    # The version is added by the spec from pyproject.toml, never written here.
    assert "CFBundleShortVersionString" not in info and "CFBundleVersion" not in info


# --- Linux desktop entry, metainfo -------------------------------------------------------------


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_desktop_entry_starts_the_app_with_the_installed_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[:2] == ["strongroom", "gui"]
    assert entry["Icon"] == "strongroom"  # the hicolor name the .deb installs
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "strongroom"  # QApplication.setDesktopFileName


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils missing")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_names_the_desktop_entry_and_the_current_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    releases = root.findall("releases/release")
    assert releases, "no <release> entries"
    assert releases[0].get("version") == pyproject_version(), "newest release != pyproject"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream (appstreamcli) missing")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- icons -------------------------------------------------------------------------------------


def test_png_icons_exist_in_every_size_and_match_the_svg() -> None:
    make_icons = load(INSTALLERS / "make-icons.py", "strongroom_make_icons")
    assert make_icons.check() == 0, "run: python installers/make-icons.py"
    from PySide6.QtGui import QImage

    for size in make_icons.SIZES:
        image = QImage(str(PNG_DIR / f"strongroom-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the safe is opaque
        assert image.pixelColor(0, 0).alpha() == 0  # the corners are transparent


ICON_CONTAINERS = [("strongroom.ico", b"ico"), ("strongroom.icns", b"icns")]


def images_in(path: Path, fmt: bytes) -> list:  # list[QImage]
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    reader.setFormat(fmt)
    images = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), f"{path.name} image {index}: {reader.errorString()}"
        images.append(image)
    return images


@pytest.mark.parametrize(
    ("name", "fmt"), [("strongroom.ico", b"ico"), ("strongroom.icns", b"icns")]
)
def test_ico_and_icns_hold_the_same_pictures_as_the_pngs(
    qapp: object, name: str, fmt: bytes
) -> None:
    from PySide6.QtGui import QImage, QImageReader

    if fmt not in [bytes(f.data()) for f in QImageReader.supportedImageFormats()]:
        pytest.skip(f"this Qt has no {fmt.decode()} image plugin")
    make_icons = load(INSTALLERS / "make-icons.py", "strongroom_make_icons")
    images = images_in(PNG_DIR / name, fmt)
    expected = make_icons.ICO_SIZES if fmt == b"ico" else [s for _, s in make_icons.ICNS_TYPES]
    assert sorted(i.width() for i in images) == sorted(expected)
    for image in images:
        png = QImage(str(PNG_DIR / f"strongroom-{image.width()}.png"))
        # Lossless containers, but Qt versions differ in whether a reader hands out straight or
        # premultiplied alpha: compare premultiplied, each channel within 1 (rounding). A flipped
        # or swapped row, or another picture, is off by far more.
        assert largest_channel_difference(image, png) <= 1, image.width()


def largest_channel_difference(a: object, b: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(a, QImage) and isinstance(b, QImage)
    premultiplied = QImage.Format.Format_ARGB32_Premultiplied
    a, b = a.convertToFormat(premultiplied), b.convertToFormat(premultiplied)
    assert (a.width(), a.height()) == (b.width(), b.height())
    a_bytes, b_bytes = bytes(a.constBits()), bytes(b.constBits())
    return max((abs(x - y) for x, y in zip(a_bytes, b_bytes, strict=True)), default=0)


def test_the_picture_comparison_sees_a_flipped_icon(qapp: object) -> None:
    from PySide6.QtGui import QImage, QTransform

    png = QImage(str(PNG_DIR / "strongroom-32.png"))
    assert largest_channel_difference(png, png) == 0
    upside_down = png.transformed(QTransform().scale(1, -1))
    assert largest_channel_difference(png, upside_down) > 1


# --- Windows -----------------------------------------------------------------------------------


def iss_checker() -> ModuleType:
    return load(INSTALLERS / "windows" / "check_iss.py", "strongroom_check_iss")


def test_inno_setup_script_is_sane() -> None:
    report = iss_checker().check(ISS)
    assert report.problems == []
    assert report.setup["SetupIconFile"].endswith("strongroom.ico")
    code = "\n".join(text for _, text in report.sections["Code"])
    assert r"SOFTWARE\WOW6432Node\WinFsp" in code and "'InstallDir'" in code
    assert "ShellExec" in code  # offers the WinFsp download page
    files = report.sections["Files"]
    assert any("recursesubdirs" in text for _, text in files)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.replace("AppId=", "; AppId="), "lacks AppId"),
        (lambda s: s.replace("  end;\nend;", "  end;", 1), "do not balance"),
        (lambda s: s.replace("Flags: ignoreversion", "Flagz: ignoreversion"), "no parameter Flagz"),
        (lambda s: s.replace("{#AppExe}", "{#AppExec}", 1), "{#AppExec} is not defined"),
        (lambda s: s.replace('Name: "english"', 'Name: "english'), "unbalanced double quote"),
        (lambda s: s.replace("[Icons]", "[Icon]"), "unknown section [Icon]"),
        (lambda s: s.replace("png\\strongroom.ico", "png\\missing.ico"), "does not exist"),
    ],
)
def test_inno_setup_checker_finds_broken_scripts(tmp_path: Path, change, problem: str) -> None:
    broken = change(ISS.read_text(encoding="utf-8"))
    assert broken != ISS.read_text(encoding="utf-8"), "the mutation did not apply"
    target = tmp_path / "windows" / "strongroom.iss"
    target.parent.mkdir()
    target.write_text(broken, encoding="utf-8")
    # Relative paths in the script resolve against its folder: mirror the repository layout.
    (tmp_path / "resources").symlink_to(ROOT / "resources")
    moved = iss_checker().check(target)
    assert any(problem in p for p in moved.problems), moved.problems


# --- shell scripts -----------------------------------------------------------------------------


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_script_parses(script: Path) -> None:
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if script.suffix != ".sh":
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck missing")
def test_shell_scripts_pass_shellcheck() -> None:
    result = subprocess.run(
        ["shellcheck", "-x", *map(str, SHELL_SCRIPTS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout


def test_hicolor_sizes_agree_between_icons_and_the_package_script() -> None:
    make_icons = load(INSTALLERS / "make-icons.py", "strongroom_make_icons")
    common = (INSTALLERS / "linux" / "common.sh").read_text()
    sizes = re.search(r"HICOLOR_SIZES=\(([^)]*)\)", common)
    assert sizes is not None
    assert tuple(int(s) for s in sizes.group(1).split()) == make_icons.HICOLOR_SIZES
