"""Leave no trace after locking (issue 15 part 3): thumbnails and recently-used entries of a
vault's files are removed, everything else stays as it was, hostile files are not trusted."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest

from app.services import traces
from app.services.traces import TraceScope, clean_traces, thumbnail_uri, without_bookmarks
from tests.helpers.traces import (
    XBEL_HEAD,
    bookmark,
    chunk,
    file_uri,
    put_thumbnail,
    thumbnail_png,
    xbel,
)

MOUNT = "/home/u/Vaults/Foo"


INSIDE = [
    f"{MOUNT}/notes.txt",
    f"{MOUNT}/Tax 2026/Ünïcode résumé.pdf",
    f"{MOUNT}/a & b/100% #1?.png",
    f"{MOUNT}/日本語/写真.jpg",
]
OUTSIDE = [
    "/home/u/Vaults/Foo2/notes.txt",  # a sibling whose name starts like the mount point
    "/home/u/Vaults/Fo/notes.txt",
    "/home/u/Documents/Foo/notes.txt",
    "/home/u/Pictures/Ünïcode résumé.jpg",
]


def test_scope_matches_whole_path_components_only() -> None:
    scope = TraceScope.of([MOUNT])
    for path in INSIDE:
        assert scope.contains(file_uri(path)), path
    assert scope.contains(file_uri(MOUNT))  # the folder itself (a file manager visited it)
    assert scope.contains("file://localhost" + quote(f"{MOUNT}/x y"))
    assert scope.contains("file:///home/u/Vaults/Foo/r%C3%A9sum%C3%A9.txt")
    assert scope.contains("file:///home/u/Vaults/Foo/résumé.txt")  # unescaped, as some apps do
    for path in OUTSIDE:
        assert not scope.contains(file_uri(path)), path
    assert not scope.contains("file:///home/u/Vaults/Foo/../Foo2/x")  # dot segments folded
    assert not scope.contains("file://otherhost/home/u/Vaults/Foo/x")
    assert not scope.contains("sftp://host/home/u/Vaults/Foo/x")
    assert not scope.contains("not a uri at all")


def test_scope_for_a_webdav_volume_matches_http_and_dav_names() -> None:
    url = "http://127.0.0.1:41234/s3cr3t-prefix/"
    scope = TraceScope.of([], [url])
    assert scope.contains("http://127.0.0.1:41234/s3cr3t-prefix/Report%20%C3%BC.odt")
    assert scope.contains("dav://127.0.0.1:41234/s3cr3t-prefix/dir/a.png")
    assert not scope.contains("dav://127.0.0.1:41235/s3cr3t-prefix/a.png")  # another port
    assert not scope.contains("http://127.0.0.1:41234/s3cr3t-prefix2/a.png")
    assert not scope.contains("https://127.0.0.1:41234/s3cr3t-prefix/a.png")


@pytest.mark.parametrize("kind", [b"tEXt", b"zTXt", b"iTXt"])
def test_thumbnail_uri_is_read_from_each_text_chunk_kind(tmp_path: Path, kind: bytes) -> None:
    uri = file_uri(INSIDE[1])
    path = put_thumbnail(tmp_path, uri, text_kind=kind)
    assert thumbnail_uri(path) == uri


def malformed_pngs(uri: str) -> dict[str, bytes]:
    good = thumbnail_png(uri)
    text_at = good.index(b"tEXt") - 4
    bad_crc = bytearray(good)
    bad_crc[text_at + 8 + 10] ^= 0xFF  # inside the keyword: the CRC no longer matches
    huge_len = bytearray(good)
    huge_len[text_at : text_at + 4] = struct.pack(">I", 0x7FFFFFFF)
    bomb = zlib.compress(b"Thumb" * 200_000)
    return {
        "empty": b"",
        "not a png": b"GIF89a" + good[6:],
        "truncated": good[: text_at + 12],
        "bad crc": bytes(bad_crc),
        "length past end": bytes(huge_len),
        "after IEND": traces.PNG_SIGNATURE + chunk(b"IEND", b"") + good[8:],
        "zlib bomb": traces.PNG_SIGNATURE + chunk(b"zTXt", b"Thumb::URI\0\0" + bomb),
        "bad zlib": traces.PNG_SIGNATURE + chunk(b"zTXt", b"Thumb::URI\0\0not zlib"),
        "bad utf-8": traces.PNG_SIGNATURE + chunk(b"iTXt", b"Thumb::URI\0\0\0\0\0\xff\xfe"),
    }


def test_malformed_thumbnails_are_not_trusted_and_do_not_crash(tmp_path: Path) -> None:
    uri = file_uri(INSIDE[0])
    folder = tmp_path / "thumbnails" / "normal"
    folder.mkdir(parents=True)
    for i, (name, data) in enumerate(malformed_pngs(uri).items()):
        path = folder / f"{i}.png"
        path.write_bytes(data)
        assert thumbnail_uri(path) is None, name
    os.mkfifo(folder / "fifo.png")  # would block a plain open()
    (folder / "link.png").symlink_to(put_thumbnail(tmp_path / "elsewhere", uri))
    report = clean_traces(MOUNT, env={"XDG_CACHE_HOME": str(tmp_path), "XDG_DATA_HOME": "/x"})
    assert report.thumbnails == 0
    assert (folder / "link.png").is_symlink() and (folder / "fifo.png").exists()
    assert len(list((tmp_path / "elsewhere" / "thumbnails" / "normal").iterdir())) == 1


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def test_clean_removes_thumbnails_in_every_size_and_fail_folder(
    desktop: dict[str, str], tmp_path: Path
) -> None:
    cache = Path(desktop["XDG_CACHE_HOME"])
    doomed = [
        put_thumbnail(cache, file_uri(INSIDE[0]), "normal"),
        put_thumbnail(cache, file_uri(INSIDE[1]), "large"),
        put_thumbnail(cache, file_uri(INSIDE[2]), "x-large", text_kind=b"zTXt"),
        put_thumbnail(cache, file_uri(INSIDE[3]), "xx-large", text_kind=b"iTXt"),
        put_thumbnail(cache, file_uri(INSIDE[0]), "fail/gnome-thumbnail-factory"),
    ]
    kept = [put_thumbnail(cache, file_uri(p), "normal") for p in OUTSIDE]
    kept.append(put_thumbnail(cache, file_uri(OUTSIDE[0]), "fail/gnome-thumbnail-factory"))
    kept_bytes = {p: p.read_bytes() for p in kept}
    report = clean_traces(MOUNT)
    assert report.thumbnails == len(doomed) and report.recent == 0
    assert not any(p.exists() for p in doomed)
    assert {p: p.read_bytes() for p in kept} == kept_bytes
    assert report.summary() == "Removed 5 thumbnails."


def test_clean_removes_recent_entries_and_keeps_the_rest_byte_identical(
    desktop: dict[str, str],
) -> None:
    recent = Path(desktop["XDG_DATA_HOME"]) / "recently-used.xbel"
    recent.parent.mkdir(parents=True)
    keep = [bookmark(file_uri(p)) for p in OUTSIDE]
    keep.append(bookmark("https://example.org/a?x=1&y=2", "text/html", "firefox"))
    drop = [bookmark(file_uri(p), "application/pdf") for p in INSIDE]
    drop.append(bookmark(file_uri(MOUNT), "inode/directory", "org.gnome.Nautilus"))
    interleaved = [keep[0], drop[0], drop[1], keep[1], keep[2], drop[2], keep[3], drop[3]]
    recent.write_bytes(xbel(*interleaved, keep[4], drop[4]))
    recent.chmod(0o600)
    report = clean_traces(MOUNT)
    assert report.recent == len(drop) and report.problems == ()
    assert recent.read_bytes() == xbel(*keep)  # every other byte as GLib wrote it
    assert recent.stat().st_mode & 0o777 == 0o600
    assert report.summary() == "Removed 5 recent-file entries."
    # Nothing left to do the second time: the file is not rewritten at all.
    before = recent.stat()
    assert clean_traces(MOUNT).removed == 0
    assert recent.stat().st_ino == before.st_ino


def test_an_empty_element_bookmark_with_gt_in_an_attribute(desktop: dict[str, str]) -> None:
    data = (
        XBEL_HEAD
        + f'  <bookmark title="a > b" href="{file_uri(INSIDE[0])}"/>\n'
        + bookmark(file_uri(OUTSIDE[0]))
        + "</xbel>\n"
    ).encode()
    new, count = without_bookmarks(data, TraceScope.of([MOUNT]))
    assert count == 1
    assert new == (XBEL_HEAD + bookmark(file_uri(OUTSIDE[0])) + "</xbel>\n").encode()


@pytest.mark.parametrize(
    "hostile",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE xbel [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<xbel>&b;</xbel>',
        '<?xml version="1.0"?>\n<!DOCTYPE xbel SYSTEM "file:///etc/passwd">\n<xbel/>',
        '<?xml version="1.0"?><xbel><bookmark href="file:///home/u/Vaults/Foo/a">',  # truncated
        '<?xml version="1.0"?><html/>',
    ],
)
def test_hostile_or_broken_xbel_is_left_alone(desktop: dict[str, str], hostile: str) -> None:
    recent = Path(desktop["XDG_DATA_HOME"]) / "recently-used.xbel"
    recent.parent.mkdir(parents=True)
    recent.write_text(hostile)
    report = clean_traces(MOUNT)
    assert report.recent == 0 and len(report.problems) == 1
    assert "not changed" in report.problems[0]
    assert recent.read_text() == hostile


def test_recent_file_symlink_is_not_followed(desktop: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "real.xbel"
    target.write_bytes(xbel(bookmark(file_uri(INSIDE[0]))))
    recent = Path(desktop["XDG_DATA_HOME"]) / "recently-used.xbel"
    recent.parent.mkdir(parents=True)
    recent.symlink_to(target)
    report = clean_traces(MOUNT)
    assert report.recent == 0 and report.problems
    assert target.read_bytes() == xbel(bookmark(file_uri(INSIDE[0])))


def test_webdav_volume_traces(desktop: dict[str, str]) -> None:
    url = "http://127.0.0.1:41234/s3cr3t/"
    gvfs = "/run/user/1000/gvfs/dav:host=127.0.0.1,port=41234,ssl=false,prefix=%2Fs3cr3t"
    cache = Path(desktop["XDG_CACHE_HOME"])
    doomed = put_thumbnail(cache, file_uri(gvfs + "/photo é.jpg"))
    kept = put_thumbnail(cache, file_uri("/home/u/photo é.jpg"))
    recent = Path(desktop["XDG_DATA_HOME"]) / "recently-used.xbel"
    recent.parent.mkdir(parents=True)
    recent.write_bytes(
        xbel(
            bookmark("dav://127.0.0.1:41234/s3cr3t/Report%202026.odt"),
            bookmark("http://127.0.0.1:41234/s3cr3t/a.txt"),
            bookmark("dav://127.0.0.1:9999/s3cr3t/other.odt"),
        )
    )
    report = clean_traces(urls=[url, "dav://127.0.0.1:41234/s3cr3t/"], folders=[gvfs])
    assert (report.thumbnails, report.recent) == (1, 2)
    assert not doomed.exists() and kept.exists()
    assert recent.read_bytes() == xbel(bookmark("dav://127.0.0.1:9999/s3cr3t/other.odt"))


def test_mount_folder_check(desktop: dict[str, str], tmp_path: Path) -> None:
    mount = tmp_path / "Vaults" / "Foo"
    assert clean_traces(str(mount)).problems == ()  # gone
    mount.mkdir(parents=True)
    assert clean_traces(str(mount)).problems == ()  # empty
    (mount / "left.txt").write_text("cleartext written after the unmount")
    problems = clean_traces(str(mount)).problems
    assert len(problems) == 1 and "not empty" in problems[0]
    assert "not empty" in clean_traces(str(mount)).summary()


def test_nothing_to_clean_is_said_plainly(desktop: dict[str, str]) -> None:
    report = clean_traces(MOUNT)
    assert report.removed == 0 and report.problems == ()
    assert report.summary() == "No thumbnails or recent-file entries of it were left."
