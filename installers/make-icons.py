#!/usr/bin/env python3
"""Render the app icon's PNG sizes, a Windows .ico and a macOS .icns from resources/icons/*.svg.

    python installers/make-icons.py           # (re)write resources/icons/png/
    python installers/make-icons.py --check   # exit 1 if the PNGs are missing or older than the SVG

Uses only PySide6 (QSvgRenderer); the .ico and .icns containers are written by hand:
.ico holds 32-bit BMP images up to 48 px and PNG above (what Windows Explorer and Inno Setup read
best), .icns holds PNG images under the modern OSTypes (macOS 10.7+).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
OUT = ICONS / "png"
APP_ICON = "strongroom"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)  # installed under /usr/share/icons
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_BMP_MAX = 48
# OSType -> pixel size (Apple's icns types holding PNG data; "@2x" types are the doubled size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)
STAMP = OUT / "SOURCE.sha256"  # hash of the SVG the PNGs were made from


def png_path(size: int) -> Path:
    return OUT / f"{APP_ICON}-{size}.png"


def svg_digest() -> str:
    return hashlib.sha256((ICONS / f"{APP_ICON}.svg").read_bytes()).hexdigest()


def render(svg: Path, size: int):  # -> QImage (PySide6 is imported lazily: --check needs none)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("Qt could not encode PNG")
    buffer.close()
    return bytes(data.data())


def bmp_dib(image) -> bytes:
    """A 32-bit BGRA DIB as .ico stores it: header with doubled height, bottom-up rows, AND mask."""
    width, height = image.width(), image.height()
    rows = []
    for y in range(height - 1, -1, -1):  # bottom-up
        row = bytearray()
        for x in range(width):
            colour = image.pixelColor(x, y)
            row += bytes((colour.blue(), colour.green(), colour.red(), colour.alpha()))
        rows.append(bytes(row))
    mask_row = ((width + 31) // 32) * 4  # all zero: the alpha channel decides
    header = struct.pack(
        "<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, width * height * 4, 0, 0, 0, 0
    )
    return header + b"".join(rows) + bytes(mask_row * height)


def ico_bytes(images: dict[int, object]) -> bytes:
    entries, blobs = [], []
    offset = 6 + 16 * len(ICO_SIZES)
    for size in ICO_SIZES:
        image = images[size]
        blob = bmp_dib(image) if size <= ICO_BMP_MAX else png_bytes(image)
        dim = 0 if size >= 256 else size  # 0 means 256
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(ICO_SIZES)) + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        ostype + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for ostype, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def generate() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["make-icons"])
    svg = ICONS / f"{APP_ICON}.svg"
    if not svg.is_file():
        raise SystemExit(f"{svg} is missing: the SVG sources come first")
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: render(svg, size) for size in SIZES}
    pngs = {size: png_bytes(images[size]) for size in SIZES}
    changed = [str(png_path(s)) for s in SIZES if write_if_changed(png_path(s), pngs[s])]
    if write_if_changed(OUT / f"{APP_ICON}.ico", ico_bytes(images)):
        changed.append(f"{APP_ICON}.ico")
    if write_if_changed(OUT / f"{APP_ICON}.icns", icns_bytes(pngs)):
        changed.append(f"{APP_ICON}.icns")
    write_if_changed(STAMP, f"{svg_digest()}  {APP_ICON}.svg\n".encode())
    print(f"make-icons: {len(SIZES)} PNG sizes, .ico, .icns in {OUT} ({len(changed)} changed)")
    return 0


def check() -> int:
    problems = [f"missing {p.name}" for p in map(png_path, SIZES) if not p.is_file()]
    problems += [
        f"missing {APP_ICON}.{ext}"
        for ext in ("ico", "icns")
        if not (OUT / f"{APP_ICON}.{ext}").is_file()
    ]
    if not STAMP.is_file() or STAMP.read_text().split()[0] != svg_digest():
        problems.append(f"{APP_ICON}.svg changed since the PNGs were made")
    for problem in problems:
        print(f"make-icons --check: {problem}", file=sys.stderr)
    if problems:
        print("run: python installers/make-icons.py", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the PNGs are current")
    args = parser.parse_args(argv)
    return check() if args.check else generate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
