#!/usr/bin/env bash
# Build Strongroom.app with PyInstaller and wrap it in a drag-to-Applications .dmg (macOS only):
#   installers/macos/make-dmg.sh OUTDIR
#
# Not buildable on the Linux CI machines: written with care, checked there only with bash -n and
# the ShellCheck linter. Needs Xcode's command line tools (hdiutil, codesign) and a Python (PYTHON=..., default
# the project's .venv) with the project's dependencies; PyInstaller is pip-installed if missing.
# Optional:
#   STRONGROOM_CODESIGN_IDENTITY="Developer ID Application: ..."  sign (hardened runtime, with
#       installers/macos/entitlements.plist) instead of PyInstaller's ad-hoc signature
#   STRONGROOM_NOTARY_PROFILE=profile   notarize with `xcrun notarytool` (a keychain profile made
#       by `xcrun notarytool store-credentials`) and staple the ticket
# Mounting needs macFUSE or FUSE-T on the user's machine (not bundled: macFUSE has a system extension).
set -euo pipefail

say() { printf '[make-dmg] %s\n' "$*"; }
die() {
    printf '[make-dmg] ERROR: %s\n' "$*" >&2
    exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 OUTDIR"
[[ "$(uname -s)" == Darwin ]] || die "a .dmg can only be built on macOS"
for tool in hdiutil codesign ditto; do
    command -v "$tool" >/dev/null || die "$tool is missing: xcode-select --install"
done

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
[[ -x "$PY" ]] || die "no Python at $PY: set PYTHON=/path/to/venv/bin/python"
VERSION=$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$ROOT/pyproject.toml")
APP="$OUT/dist/Strongroom.app"
DMG="$OUT/Strongroom-$VERSION.dmg"

"$PY" "$ROOT/installers/make-icons.py" --check ||
    die "the icons are stale: run $PY installers/make-icons.py"
"$PY" -c 'import PyInstaller' 2>/dev/null ||
    "$PY" -m pip install -q --disable-pip-version-check 'pyinstaller>=6.10'

say "PyInstaller: Strongroom.app $VERSION"
(cd "$ROOT" && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" installers/pyinstaller/strongroom.spec)
[[ -d "$APP" ]] || die "PyInstaller made no $APP"

plutil -lint "$APP/Contents/Info.plist" >/dev/null || die "Info.plist does not parse"
bundled=$("$APP/Contents/MacOS/strongroom" --version)
[[ "$bundled" == "strongroom $VERSION" ]] || die "the app says '$bundled', pyproject.toml says $VERSION"

if [[ -n "${STRONGROOM_CODESIGN_IDENTITY:-}" ]]; then
    say "signing with '$STRONGROOM_CODESIGN_IDENTITY' (hardened runtime)"
    codesign --force --deep --options runtime --timestamp \
        --entitlements "$ROOT/installers/macos/entitlements.plist" \
        --sign "$STRONGROOM_CODESIGN_IDENTITY" "$APP"
fi
codesign --verify --deep --strict "$APP" || die "the app's signature does not verify"

say "self-test of the app (mount is skipped without macFUSE):"
"$APP/Contents/MacOS/strongroom" --self-test || die "the app's self-test failed"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/Strongroom.app"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
say "hdiutil: $DMG"
hdiutil create -volname "Strongroom $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG" >/dev/null

if [[ -n "${STRONGROOM_CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --timestamp --sign "$STRONGROOM_CODESIGN_IDENTITY" "$DMG"
fi
if [[ -n "${STRONGROOM_NOTARY_PROFILE:-}" ]]; then
    [[ -n "${STRONGROOM_CODESIGN_IDENTITY:-}" ]] || die "notarizing needs STRONGROOM_CODESIGN_IDENTITY"
    say "notarizing (this waits for Apple's answer)"
    xcrun notarytool submit "$DMG" --keychain-profile "$STRONGROOM_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
hdiutil verify "$DMG" >/dev/null || die "hdiutil verify failed"
say "done: $DMG ($(du -h "$DMG" | cut -f1))"
