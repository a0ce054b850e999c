"""What a desktop leaves behind about files (issue 15 part 3), written as GLib and thumbnailers
write it: file URIs, thumbnails with the Thumbnail Managing Standard's keys, recently-used.xbel."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from urllib.parse import quote

from app.services import traces


def file_uri(path: str) -> str:
    """As g_filename_to_uri writes it: UTF-8, percent-encoded, '/' kept."""
    return "file://" + quote(path.encode("utf-8"), safe="/")


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def thumbnail_png(uri: str, *, text_kind: bytes = b"tEXt", mtime: int = 1700000000) -> bytes:
    """A 2x2 RGB thumbnail with the Thumbnail Managing Standard's keys, as tEXt by default."""
    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    raw = b"".join(b"\0" + b"\xff\x00\x00" * 2 for _ in range(2))
    if text_kind == b"tEXt":
        uri_chunk = chunk(b"tEXt", b"Thumb::URI\0" + uri.encode("latin-1"))
    elif text_kind == b"zTXt":
        uri_chunk = chunk(b"zTXt", b"Thumb::URI\0\0" + zlib.compress(uri.encode("latin-1")))
    else:
        uri_chunk = chunk(b"iTXt", b"Thumb::URI\0\0\0\0\0" + uri.encode("utf-8"))
    return b"".join(
        [
            traces.PNG_SIGNATURE,
            chunk(b"IHDR", ihdr),
            uri_chunk,
            chunk(b"tEXt", b"Thumb::MTime\0" + str(mtime).encode()),
            chunk(b"IDAT", zlib.compress(raw)),
            chunk(b"IEND", b""),
        ]
    )


def put_thumbnail(cache: Path, uri: str, folder: str = "normal", **kw: object) -> Path:
    """Stored where the spec says: <size>/md5(URI).png (fail/<app>/md5(URI).png for failures)."""
    target = cache / "thumbnails" / folder / (hashlib.md5(uri.encode()).hexdigest() + ".png")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(thumbnail_png(uri, **kw))  # type: ignore[arg-type]
    return target


XBEL_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xbel version="1.0"\n'
    '      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"\n'
    '      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info"\n'
    ">\n"
)


def bookmark(uri: str, mime: str = "text/plain", app: str = "org.gnome.TextEditor") -> str:
    """One entry as GLib's GBookmarkFile writes it."""
    href = uri.replace("&", "&amp;")
    return (
        f'  <bookmark href="{href}" added="2026-11-30T10:00:00.000000Z" '
        'modified="2026-11-30T10:00:00.000000Z" visited="2026-11-30T10:00:00.000000Z">\n'
        "    <info>\n"
        '      <metadata owner="http://freedesktop.org">\n'
        f'        <mime:mime-type type="{mime}"/>\n'
        "        <bookmark:applications>\n"
        f'          <bookmark:application name="{app}" exec="&apos;{app} %u&apos;" '
        'modified="2026-11-30T10:00:00.000000Z" count="1"/>\n'
        "        </bookmark:applications>\n"
        "      </metadata>\n"
        "    </info>\n"
        "  </bookmark>\n"
    )


def xbel(*entries: str) -> bytes:
    return (XBEL_HEAD + "".join(entries) + "</xbel>").encode("utf-8")
