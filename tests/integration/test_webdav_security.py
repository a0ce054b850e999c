"""WebDAV volume, security: only the secret prefix is served; traversal in any encoding stays
inside the vault; POST refused; '/' reveals nothing (issue 14.1)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers.webdav import Served, raw_request

pytestmark = pytest.mark.webdav

SECRET = b"secret content of the vault"


def snapshot(folder: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(d, n), folder)
        for d, ds, fs in os.walk(folder)
        for n in ds + fs
    }


def test_prefix_is_unguessable_and_only_it_is_served(served: Served) -> None:
    served.fs.write_file("/hello.txt", SECRET)
    assert len(served.prefix) >= 22  # token_urlsafe: >= 128 bits
    status, _, body = served.request("GET", served.path("hello.txt"))
    assert (status, body) == (200, SECRET)
    p = served.prefix
    outside = [
        "/hello.txt",
        "/x",
        f"/{p[:-1]}/hello.txt",  # prefix cut short
        f"/{p}x/hello.txt",  # prefix with more after it
        f"/{p.lower()}/hello.txt",
        f"/{p.upper()}/hello.txt",
        f"//{p}/hello.txt",
        f"/%2f{p}/hello.txt",
        f"/x/../{p}/hello.txt",
        f"/x/%2e%2e/{p}/hello.txt",
        "/favicon.ico",
    ]
    for target in outside:
        for method in ("GET", "PROPFIND", "PUT", "DELETE", "MKCOL", "LOCK", "OPTIONS"):
            status, body = raw_request(served.port, f"{method} {target} HTTP/1.1")
            # 400: cheroot refuses '//...' targets itself, before any application code
            assert status in (400, 404), (method, target, status)
            if status == 404:
                assert body == b"", (method, target)  # says nothing about what is served
            assert SECRET not in body and b"hello" not in body
    assert served.fs.read_file("/hello.txt") == SECRET
    assert [n for n, _ in served.fs.listdir("/")] == ["hello.txt"]


def test_root_answers_windows_probes_without_listing_anything(served: Served) -> None:
    served.fs.mkdir("/folder")
    status, headers, body = served.request("OPTIONS", "/")
    assert status == 200 and "1" in headers["dav"] and body == b""
    status, _, body = served.request("PROPFIND", "/", headers={"Depth": "1"})
    assert status == 207
    assert body.count(b"<D:response>") == 1 and b"<D:href>/</D:href>" in body
    assert served.prefix.encode() not in body and b"folder" not in body
    for method in ("GET", "PUT", "DELETE", "MKCOL", "POST"):
        assert raw_request(served.port, f"{method} / HTTP/1.1")[0] == 404, method


TRAVERSALS = [
    "../escaped",
    "%2e%2e/escaped",
    "%2E%2E/escaped",
    ".%2e/escaped",
    "%2e./escaped",
    "./escaped",
    "%2e/escaped",
    "a/../../escaped",
    "a/%2e%2e/%2e%2e/escaped",
    "..%2fescaped",
    "..%2Fescaped",
    "%2e%2e%2f%2e%2e%2fescaped",
    "a%2f..%2f..%2fescaped",
    "..%5cescaped",
    "..%5Cescaped",
    "..\\escaped",
    "a\\..\\..\\escaped",
    "%c0%ae%c0%ae/escaped",  # overlong UTF-8 dots: not UTF-8
    "%ff/escaped",
    "escaped%00.txt",
    "%00",
]


@pytest.mark.parametrize("method", ["GET", "PUT", "MKCOL", "DELETE", "PROPFIND"])
def test_traversal_in_any_encoding_is_refused(served: Served, tmp_path: Path, method: str) -> None:
    served.fs.write_file("/hello.txt", SECRET)
    (tmp_path / "escaped").write_bytes(b"outside")
    before_disk = snapshot(tmp_path)
    for rest in TRAVERSALS:
        target = f"/{served.prefix}/{rest}"
        status, _ = raw_request(served.port, f"{method} {target} HTTP/1.1", body=b"x" * 3)
        assert status in (403, 404), (method, rest, status)
    assert snapshot(tmp_path) - before_disk == set() or all(
        p.startswith("vault") for p in snapshot(tmp_path) - before_disk
    )
    assert (tmp_path / "escaped").read_bytes() == b"outside"
    assert [n for n, _ in served.fs.listdir("/")] == ["hello.txt"]
    assert served.fs.read_file("/hello.txt") == SECRET


@pytest.mark.parametrize(
    "destination",
    [
        "http://evil.example/{p}/moved.txt",
        "http://127.0.0.1:1/{p}/moved.txt",
        "https://127.0.0.1:{port}/{p}/moved.txt",
        "/{p}/../moved.txt",
        "/{p}/%2e%2e/moved.txt",
        "/{p}/..%2fmoved.txt",
        "/{p}/..%5cmoved.txt",
        "/{p}/a\\..\\moved.txt",
        "/other/moved.txt",
        "/moved.txt",
        "http://127.0.0.1:{port}/moved.txt",
        "file:///tmp/moved.txt",
    ],
)
@pytest.mark.parametrize("method", ["MOVE", "COPY"])
def test_destination_outside_the_vault_is_refused(
    served: Served, method: str, destination: str
) -> None:
    served.fs.write_file("/hello.txt", SECRET)
    dest = destination.format(p=served.prefix, port=served.port)
    status, _ = raw_request(
        served.port, f"{method} {served.path('hello.txt')} HTTP/1.1", {"Destination": dest}
    )
    assert status in (403, 404, 502), (dest, status)
    assert [n for n, _ in served.fs.listdir("/")] == ["hello.txt"]
    assert served.fs.read_file("/hello.txt") == SECRET


def test_absolute_destination_inside_the_prefix_works(served: Served) -> None:
    served.fs.write_file("/hello.txt", SECRET)
    base = f"http://127.0.0.1:{served.port}"
    # an absolute request target is refused by cheroot ("not a proxy"), inside the prefix too
    status, body = raw_request(served.port, f"GET {base}{served.path('hello.txt')} HTTP/1.1")
    assert status == 400 and SECRET not in body
    # an absolute Destination naming this server and prefix is what clients send
    status, _ = raw_request(
        served.port,
        f"MOVE {served.path('hello.txt')} HTTP/1.1",
        {"Destination": f"{base}{served.path('moved.txt')}"},
    )
    assert status == 201
    assert served.fs.read_file("/moved.txt") == SECRET


def test_post_is_refused(served: Served) -> None:
    served.fs.write_file("/hello.txt", SECRET)
    for target in (served.path("hello.txt"), served.path("new.txt"), served.path()):
        status, _, _ = served.request("POST", target, body=b"overwrite")
        assert status == 405, target
    assert served.fs.read_file("/hello.txt") == SECRET
    assert [n for n, _ in served.fs.listdir("/")] == ["hello.txt"]


def test_nfd_names_from_macos_land_in_nfc(served: Served) -> None:
    nfd = unicodedata.normalize("NFD", "Résumé.txt")
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfd != nfc
    status, _, _ = served.request("PUT", served.path(quote(nfd)), body=SECRET)
    assert status == 201
    assert [n for n, _ in served.fs.listdir("/")] == [nfc]
    for spelling in (nfc, nfd):
        status, _, body = served.request("GET", served.path(quote(spelling)))
        assert (status, body) == (200, SECRET)


def test_finder_chunked_put_with_expected_length(served: Served) -> None:
    body = os.urandom(100_000)

    def chunked(data: bytes, size: int = 7000) -> bytes:
        out = b"".join(
            b"%x\r\n" % len(data[i : i + size]) + data[i : i + size] + b"\r\n"
            for i in range(0, len(data), size)
        )
        return out + b"0\r\n\r\n"

    def put(name: str, expected: int) -> int:
        head = (
            f"PUT {served.path(name)} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            f"Connection: close\r\nTransfer-Encoding: Chunked\r\n"
            f"X-Expected-Entity-Length: {expected}\r\n\r\n"
        ).encode()
        import socket

        with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
            sock.sendall(head + chunked(body))
            reply = b""
            while part := sock.recv(65536):
                reply += part
        return int(reply.split(b" ", 2)[1])

    assert put("finder.bin", len(body)) == 201
    assert served.fs.read_file("/finder.bin") == body
    # a body shorter than announced never replaces the file, and a new one is not created
    served.fs.write_file("/kept.bin", SECRET)
    assert put("kept.bin", len(body) + 1) == 400
    assert served.fs.read_file("/kept.bin") == SECRET
    assert put("short.bin", len(body) + 1) == 400
    assert sorted(n for n, _ in served.fs.listdir("/")) == ["finder.bin", "kept.bin"]


def test_read_only_volume_writes_nothing(tmp_path: Path) -> None:
    """bad-input case 26: a read-only volume refuses every change and writes nothing."""
    from tests.helpers.webdav import PASSWORD, make_vault
    from vaultengine.vault import unlock_vault
    from vaultengine.webdav import WebDavServer

    vault_path = make_vault(tmp_path / "vault")
    with unlock_vault(vault_path, PASSWORD) as vault:
        vault.fs.mkdir("/folder")
        vault.fs.write_file("/hello.txt", SECRET)

    def state() -> dict[str, tuple[int, int]]:
        return {
            str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(vault_path.rglob("*"))
        }

    before = state()
    server = WebDavServer(unlock_vault(vault_path, PASSWORD, read_only=True), read_only=True)
    server.start()
    try:
        p = server.prefix
        here = f"http://127.0.0.1:{server.port}/{p}"
        attempts = [
            ("PUT", f"/{p}/hello.txt", {}),
            ("PUT", f"/{p}/new.txt", {}),
            ("DELETE", f"/{p}/hello.txt", {}),
            ("DELETE", f"/{p}/folder/", {}),
            ("MKCOL", f"/{p}/made/", {}),
            ("MOVE", f"/{p}/hello.txt", {"Destination": f"{here}/moved.txt"}),
            ("COPY", f"/{p}/hello.txt", {"Destination": f"{here}/copied.txt"}),
            ("PROPPATCH", f"/{p}/hello.txt", {}),
            ("LOCK", f"/{p}/hello.txt", {}),
            ("POST", f"/{p}/hello.txt", {}),
        ]
        for method, target, headers in attempts:
            status, _ = raw_request(server.port, f"{method} {target} HTTP/1.1", headers, b"x")
            assert status in (403, 405), (method, target, status)
        status, body = raw_request(server.port, f"GET /{p}/hello.txt HTTP/1.1")
        assert (status, body) == (200, SECRET)
    finally:
        server.stop()
    assert state() == before
