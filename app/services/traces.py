"""What the desktop keeps about a locked vault's files: thumbnails and recently-used entries.

File managers and viewers copy what the user opens: a thumbnail per file under
$XDG_CACHE_HOME/thumbnails (freedesktop Thumbnail Managing Standard: PNGs whose `Thumb::URI`
text chunk names the original) and an entry per opened file in
$XDG_DATA_HOME/recently-used.xbel (freedesktop Desktop Bookmark Spec). Once a vault is locked
these would still show names and pictures of its cleartext; `clean_traces` removes those whose
URI lies inside the vault's mount point or WebDAV URL. No Qt here: the app and the CLI share it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import stat
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from xml.parsers import expat

from vaultengine.atomic import atomic_write

log = logging.getLogger(__name__)

THUMBNAIL_SIZES = ("normal", "large", "x-large", "xx-large")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A thumbnail is at most 1024x1024 (xx-large); anything far bigger is not one of ours to parse.
MAX_THUMBNAIL_BYTES = 32 << 20
MAX_TEXT_CHUNK_BYTES = 64 << 10
MAX_XBEL_BYTES = 64 << 20
RECENT_FILENAME = "recently-used.xbel"
# http and dav name the same WebDAV resource (gio shows a WebDAV volume as dav://).
_SCHEME_FAMILY = {"http": "http", "dav": "http", "https": "https", "davs": "https"}


# --- where a URI points --------------------------------------------------------------------


@dataclass(frozen=True)
class TraceScope:
    """The places one vault was reachable at: folders (file:// URIs) and WebDAV URLs."""

    folders: tuple[bytes, ...] = ()  # absolute, normalised, no trailing slash
    urls: tuple[tuple[str, str, bytes], ...] = ()  # (scheme family, host:port, path prefix)

    @staticmethod
    def of(folders: Iterable[str] = (), urls: Iterable[str] = ()) -> TraceScope:
        roots: list[bytes] = []
        for folder in folders:
            if not folder:
                continue
            # A symlinked mount point is opened under both names.
            for name in {os.path.abspath(folder), os.path.realpath(folder)}:
                root = _norm_path(os.fsencode(name))
                if root not in roots and root != b"/":
                    roots.append(root)
        parsed: list[tuple[str, str, bytes]] = []
        for url in urls:
            key = _url_key(url)
            if key is not None and key[2] != b"/" and key not in parsed:
                parsed.append(key)
        return TraceScope(tuple(roots), tuple(parsed))

    def __bool__(self) -> bool:
        return bool(self.folders or self.urls)

    def contains(self, uri: str) -> bool:
        """True when `uri` names the mount folder itself or anything inside it."""
        if uri.startswith("file:"):
            try:
                parts = urlsplit(uri)
            except ValueError:
                return False
            if parts.netloc not in ("", "localhost"):
                return False  # a file on another host
            path = _norm_path(unquote_to_bytes(parts.path))
            return any(_inside(path, root) for root in self.folders)
        key = _url_key(uri)
        if key is None:
            return False
        family, host, path = key
        return any(
            family == f and host == h and _inside(path, prefix) for f, h, prefix in self.urls
        )


def _norm_path(path: bytes) -> bytes:
    # normpath folds "a/../b" so a URI cannot walk out of (or into) the mount by dot segments.
    normal = posixpath.normpath(path)
    return b"/" + normal.lstrip(b"/") if normal.startswith(b"/") else normal


def _inside(path: bytes, root: bytes) -> bool:
    # "/Vaults/Foo2" is not inside "/Vaults/Foo": compare whole path components.
    return path == root or path.startswith(root.rstrip(b"/") + b"/")


def _url_key(url: str) -> tuple[str, str, bytes] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    family = _SCHEME_FAMILY.get(parts.scheme.lower())
    if family is None or not parts.hostname:
        return None
    default = 443 if family == "https" else 80
    host = f"{parts.hostname.lower()}:{port or default}"
    return family, host, _norm_path(unquote_to_bytes(parts.path or "/"))


# --- thumbnails ----------------------------------------------------------------------------


def thumbnail_root(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    cache = env.get("XDG_CACHE_HOME") or ""
    base = Path(cache) if os.path.isabs(cache) else Path.home() / ".cache"
    return base / "thumbnails"


def thumbnail_files(root: Path) -> Iterator[Path]:
    """Every candidate thumbnail: the size folders and each application's folder under fail/."""
    folders = [root / size for size in THUMBNAIL_SIZES]
    with contextlib.suppress(OSError):
        folders += sorted(p for p in (root / "fail").iterdir() if _is_real_dir(p))
    for folder in folders:
        if not _is_real_dir(folder):
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".png") and entry.is_file(follow_symlinks=False):
                yield Path(entry.path)


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)  # a symlinked folder is not walked
    except OSError:
        return False


def thumbnail_uri(path: Path) -> str | None:
    """The `Thumb::URI` of a thumbnail PNG; None when absent or the file is not a sound PNG.

    Reads chunk headers and seeks over image data, so a huge or hostile file costs little;
    a chunk whose CRC does not match is not believed.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as png:
        try:
            st = os.fstat(png.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_THUMBNAIL_BYTES:
                return None
            return _png_uri(png, st.st_size)
        except (OSError, ValueError, struct.error, zlib.error):
            return None


def _png_uri(png: object, size: int) -> str | None:
    read = png.read  # type: ignore[attr-defined]
    seek = png.seek  # type: ignore[attr-defined]
    if read(8) != PNG_SIGNATURE:
        return None
    offset = 8
    while offset + 12 <= size:
        header = read(8)
        if len(header) != 8:
            return None
        length, kind = struct.unpack(">I4s", header)
        if length > size - offset - 12:
            return None  # runs past the end of the file
        if kind == b"IEND":
            return None
        if kind in (b"tEXt", b"zTXt", b"iTXt") and length <= MAX_TEXT_CHUNK_BYTES:
            data = read(length)
            crc = read(4)
            if len(data) != length or len(crc) != 4:
                return None
            if zlib.crc32(kind + data) == struct.unpack(">I", crc)[0]:
                uri = _text_chunk(kind, data, "Thumb::URI")
                if uri is not None:
                    return uri
        else:
            seek(length + 4, os.SEEK_CUR)
        offset += length + 12
    return None


def _text_chunk(kind: bytes, data: bytes, wanted: str) -> str | None:
    """The value of a tEXt/zTXt/iTXt chunk whose keyword is `wanted` (else None)."""
    keyword, sep, rest = data.partition(b"\0")
    if not sep or keyword != wanted.encode("latin-1"):
        return None
    if kind == b"tEXt":
        return rest.decode("latin-1")
    if kind == b"zTXt":
        return _inflate(rest[1:]).decode("latin-1") if rest[:1] == b"\0" else None
    # iTXt: compression flag, method, language tag \0, translated keyword \0, text (UTF-8)
    if len(rest) < 2:
        return None
    flag, method, rest = rest[0], rest[1], rest[2:]
    _lang, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if flag == 1:
        if method != 0:
            return None
        text = _inflate(text)
    return text.decode("utf-8", "strict")


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_TEXT_CHUNK_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError("text chunk inflates beyond the limit")
    return out


def remove_thumbnails(scope: TraceScope, root: Path) -> tuple[int, list[str]]:
    """Delete the thumbnails of files in scope; (how many, problems)."""
    removed, problems = 0, []
    for path in thumbnail_files(root):
        uri = thumbnail_uri(path)
        if uri is None or not scope.contains(uri):
            continue
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass  # the desktop's thumbnailer cleaned it up meanwhile
        except OSError as exc:
            problems.append(f"thumbnail {path.name} not removed: {exc.strerror or exc}")
    return removed, problems


# --- recently-used.xbel --------------------------------------------------------------------


class UnsafeXbelError(ValueError):
    """The file declares a DTD or entities: not something GLib writes, and not parsed."""


def recent_file(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    data = env.get("XDG_DATA_HOME") or ""
    base = Path(data) if os.path.isabs(data) else Path.home() / ".local" / "share"
    return base / RECENT_FILENAME


def bookmark_spans(xbel: bytes) -> list[tuple[int, int, str]]:
    """(start, end, href) of each top-level <bookmark> element, as byte offsets into `xbel`.

    expat is the parser under xml.etree; it is used directly because it reports where each
    element starts, which lets the rewrite keep every other byte of the file as it was.
    """

    def refuse(*_args: object) -> None:
        raise UnsafeXbelError("recently-used.xbel declares a DTD or entities")

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    spans: list[tuple[int, int, str]] = []
    depth = 0
    current: list[tuple[int, str]] = []  # (start, href) of the open top-level bookmark

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 1 and name != "xbel":
            raise ValueError(f"not an XBEL file (root element {name!r})")
        if depth == 2 and name == "bookmark":
            current[:] = [(parser.CurrentByteIndex, attrs.get("href", ""))]

    def end(name: str) -> None:
        nonlocal depth
        if depth == 2 and name == "bookmark" and current:
            start_offset, href = current.pop()
            start_tag_end = _tag_end(xbel, start_offset)
            if xbel[start_tag_end - 2 : start_tag_end] == b"/>":
                end_offset = start_tag_end  # <bookmark .../>: the start tag is the element
            else:
                end_offset = _tag_end(xbel, parser.CurrentByteIndex)  # at "</bookmark>"
            spans.append((start_offset, end_offset, href))
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xbel, True)
    return spans


def _tag_end(data: bytes, start: int) -> int:
    """Offset just past the tag that begins at `start` (an end tag or an empty-element tag)."""
    quote = 0
    for i in range(start, len(data)):
        byte = data[i]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):  # '"' and "'" open an attribute value, which may hold '>'
            quote = byte
        elif byte == 0x3E:  # '>'
            return i + 1
    raise ValueError("unterminated tag")


def without_bookmarks(xbel: bytes, scope: TraceScope) -> tuple[bytes, int]:
    """`xbel` minus the bookmarks in scope (with the line each stood on); (new bytes, count)."""
    if b"<!DOCTYPE" in xbel or b"<!ENTITY" in xbel:
        raise UnsafeXbelError("recently-used.xbel declares a DTD or entities")
    spans = [s for s in bookmark_spans(xbel) if scope.contains(s[2])]
    if not spans:
        return xbel, 0
    out, pos = bytearray(), 0
    for start, end, _href in spans:
        # Take the indentation before the element with it, so no blank lines are left behind.
        cut = start
        while cut > pos and xbel[cut - 1 : cut] in (b" ", b"\t"):
            cut -= 1
        if cut > pos and xbel[cut - 1 : cut] == b"\n":
            cut -= 1
        out += xbel[pos:cut]
        pos = end
    out += xbel[pos:]
    return bytes(out), len(spans)


def remove_recent_entries(scope: TraceScope, path: Path) -> tuple[int, list[str]]:
    """Rewrite recently-used.xbel without the entries in scope; (how many, problems)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return 0, []
    except OSError as exc:
        return 0, [f"{path.name} not read: {exc.strerror or exc}"]
    if not stat.S_ISREG(st.st_mode):
        return 0, [f"{path.name} is not a regular file; left alone"]
    if st.st_size > MAX_XBEL_BYTES:
        return 0, [f"{path.name} is larger than {MAX_XBEL_BYTES >> 20} MiB; left alone"]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_XBEL_BYTES + 1)
        new, count = without_bookmarks(data, scope)
    except OSError as exc:
        return 0, [f"{path.name} not read: {exc.strerror or exc}"]
    except (ValueError, expat.ExpatError) as exc:
        return 0, [f"{path.name} not changed: {exc}"]
    if count == 0:
        return 0, []
    try:
        # Another program may have rewritten the file since we read it: do not undo its change.
        now = os.lstat(path)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (st.st_ino, st.st_size, st.st_mtime_ns):
            return 0, [f"{path.name} changed while being cleaned; try locking again"]
        atomic_write(path, new, mode=stat.S_IMODE(st.st_mode))
    except OSError as exc:
        return 0, [f"{path.name} not rewritten: {exc.strerror or exc}"]
    return count, []


# --- the mount folder and the whole clean-up -----------------------------------------------


def mount_folder_problem(mount_point: str) -> str:
    """ "" when the mount folder is gone or an empty folder; else what is wrong with it."""
    if not mount_point:
        return ""
    try:
        st = os.lstat(mount_point)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"the mount folder {mount_point} cannot be checked: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{mount_point} is no longer a folder"
    if os.path.ismount(mount_point):
        return f"{mount_point} is still mounted"
    try:
        with os.scandir(mount_point) as entries:
            leftover = next(entries, None)
    except OSError as exc:
        return f"the mount folder {mount_point} cannot be read: {exc.strerror or exc}"
    if leftover is not None:
        return f"the mount folder {mount_point} is not empty (it holds {leftover.name!r})"
    return ""


@dataclass(frozen=True)
class TraceReport:
    thumbnails: int = 0
    recent: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def removed(self) -> int:
        return self.thumbnails + self.recent

    def summary(self) -> str:
        """One sentence for the status line and the CLI."""
        if self.removed == 0:
            text = "No thumbnails or recent-file entries of it were left."
        else:
            parts = []
            if self.thumbnails:
                parts.append(_count(self.thumbnails, "thumbnail"))
            if self.recent:
                parts.append(_count(self.recent, "recent-file entry", "recent-file entries"))
            text = f"Removed {' and '.join(parts)}."
        if self.problems:
            text += " " + "; ".join(self.problems[:3]).capitalize() + "."
        return text


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def clean_traces(
    mount_point: str = "",
    urls: Iterable[str] = (),
    *,
    folders: Iterable[str] = (),
    env: dict[str, str] | None = None,
) -> TraceReport:
    """Remove the thumbnails and recent-file entries of a locked vault; check its mount folder.

    `mount_point` is where it was mounted; `folders` are other local names it had (a gvfs
    folder for WebDAV); `urls` its WebDAV URLs.
    """
    scope = TraceScope.of([mount_point, *folders], urls)
    problems: list[str] = []
    thumbnails = recent = 0
    if scope:
        thumbnails, found = remove_thumbnails(scope, thumbnail_root(env))
        problems += found
        recent, found = remove_recent_entries(scope, recent_file(env))
        problems += found
    folder_problem = mount_folder_problem(mount_point)
    if folder_problem:
        problems.append(folder_problem)
    report = TraceReport(thumbnails, recent, tuple(problems))
    log.info("after locking %s: %s", mount_point or ", ".join(urls), report.summary())
    return report
