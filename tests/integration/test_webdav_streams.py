"""WebDAV volume, content paths: Range reads decrypt only their chunks, tampering gives HTTP
errors (never wrong bytes), parallel clients, PUT with flat memory, stop ends serving (14.1)."""

from __future__ import annotations

import hashlib
import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.webdav import PASSWORD, Served, make_vault

pytestmark = pytest.mark.webdav

CHUNK = 32 * 1024
ROOT = Path(__file__).resolve().parents[2]


def count_decrypted_chunks(served: Served) -> list[int]:
    """Wrap the vault's content cryptor: every chunk the server decrypts is counted."""
    content = served.fs._content
    original = content.decrypt_chunks_into
    counter = [0]

    def counting(ciphertext, first_chunk_no, header, out, **kwargs):  # type: ignore[no-untyped-def]
        n = original(ciphertext, first_chunk_no, header, out, **kwargs)
        counter[0] += -(-len(ciphertext) // content.ciphertext_chunk_size)
        return n

    content.decrypt_chunks_into = counting  # type: ignore[method-assign]
    return counter


def get_range(served: Served, path: str, start: int, end: int) -> tuple[int, bytes]:
    status, _, body = served.request(
        "GET", served.path(path), headers={"Range": f"bytes={start}-{end}"}
    )
    return status, body


def test_range_reads_match_and_decrypt_only_their_chunks(served: Served) -> None:
    rng = random.Random(14)
    cleartext = rng.randbytes(256 * CHUNK + 1234)  # 8 MiB and a bit: 257 chunks
    served.fs.write_file("/big.bin", cleartext)
    counter = count_decrypted_chunks(served)

    status, body = get_range(served, "big.bin", 100 * CHUNK + 10, 100 * CHUNK + 109)
    assert (status, body) == (206, cleartext[100 * CHUNK + 10 : 100 * CHUNK + 110])
    assert counter[0] == 1  # one chunk of 257
    counter[0] = 0
    status, body = get_range(served, "big.bin", 5 * CHUNK - 3, 5 * CHUNK + 2)
    assert (status, body) == (206, cleartext[5 * CHUNK - 3 : 5 * CHUNK + 3])
    assert counter[0] == 2  # across one chunk boundary: two chunks
    counter[0] = 0
    status, body = get_range(served, "big.bin", len(cleartext) - 10, len(cleartext) - 1)
    assert (status, body) == (206, cleartext[-10:])
    assert counter[0] == 1
    for _ in range(40):  # random offsets and lengths, bounded
        start = rng.randrange(len(cleartext))
        length = rng.choice([1, 17, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5, 1 << 20])
        end = min(start + length, len(cleartext)) - 1
        counter[0] = 0
        status, body = get_range(served, "big.bin", start, end)
        assert (status, body) == (206, cleartext[start : end + 1])
        assert counter[0] == end // CHUNK - start // CHUNK + 1
    counter[0] = 0
    status, _, body = served.request("GET", served.path("big.bin"))
    assert (status, body) == (200, cleartext)
    assert counter[0] == 257


def _ciphertext_files(vault_path: Path) -> list[Path]:
    return [p for p in (vault_path / "d").rglob("*.c9r") if p.is_file() and p.name != "dirid.c9r"]


def test_tampered_chunk_gives_an_http_error_never_wrong_bytes(served: Served) -> None:
    cleartext = os.urandom(3 * CHUNK + 100)
    served.fs.write_file("/doc.bin", cleartext)
    (ciphertext,) = _ciphertext_files(served.vault_path)
    header = served.fs._content.header_size
    ccs = served.fs._content.ciphertext_chunk_size
    data = bytearray(ciphertext.read_bytes())
    data[header + ccs + 40] ^= 0x01  # chunk 1
    ciphertext.write_bytes(bytes(data))

    assert get_range(served, "doc.bin", 0, 99) == (206, cleartext[:100])  # chunk 0 is fine
    status, body = get_range(served, "doc.bin", CHUNK + 5, CHUNK + 50)
    assert status >= 500 and cleartext[CHUNK + 5 : CHUNK + 51] not in body
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        conn.request("GET", served.path("doc.bin"))
        response = conn.getresponse()
        try:
            body = response.read()
        except http.client.IncompleteRead as exc:
            body = exc.partial
        assert response.status >= 500 or len(body) < len(cleartext)
        assert body[CHUNK : 2 * CHUNK] != cleartext[CHUNK : 2 * CHUNK]
    finally:
        conn.close()
    # the server is still serving
    assert get_range(served, "doc.bin", 2 * CHUNK, 2 * CHUNK + 9) == (
        206,
        cleartext[2 * CHUNK : 2 * CHUNK + 10],
    )


def test_parallel_clients_write_different_files_and_read_the_same(served: Served) -> None:
    shared = os.urandom(5 * CHUNK + 7)
    served.fs.write_file("/shared.bin", shared)
    payloads = {i: os.urandom(CHUNK * (i + 1) + i) for i in range(8)}
    errors: list[BaseException] = []

    def client(i: int) -> None:
        try:
            for round_no in range(3):
                status, _, _ = served.request("PUT", served.path(f"w{i}.bin"), body=payloads[i])
                assert status in (201, 204), status
                status, _, body = served.request("GET", served.path("shared.bin"))
                assert (status, body) == (200, shared), round_no
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[0]
    for i, data in payloads.items():
        assert served.fs.read_file(f"/w{i}.bin") == data


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _blocks(total: int, seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    sent = 0
    while sent < total:
        n = min(1 << 20, total - sent) - rng.randrange(0, 4096)  # odd sizes: not chunk-aligned
        n = max(n, 1)
        yield rng.randbytes(n)
        sent += n


@pytest.mark.slow
def test_put_of_64_mib_keeps_the_server_memory_flat(tmp_path: Path) -> None:
    vault_path = make_vault(tmp_path / "vault")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("webdav_child_server.py")), str(vault_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSWORD + "\n")
        child.stdin.close()
        url = child.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        port = int(url.split(":")[2].split("/")[0])
        prefix = url.split("/")[3]

        def put(name: str, total: int, seed: int) -> str:
            digest = hashlib.sha256()

            def body() -> Iterator[bytes]:
                for block in _blocks(total, seed):
                    digest.update(block)
                    yield block

            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                conn.request("PUT", f"/{prefix}/{name}", body=body(), encode_chunked=True)
                response = conn.getresponse()
                response.read()
                assert response.status == 201, response.status
            finally:
                conn.close()
            return digest.hexdigest()

        put("warmup.bin", 4 << 20, 1)  # imports, thread stacks, buffers: the baseline
        before = _peak_rss_kib(child.pid)
        expected = put("big.bin", 64 << 20, 2)
        growth_mib = (_peak_rss_kib(child.pid) - before) / 1024
        print(f"peak RSS growth during a 64 MiB PUT: {growth_mib:.1f} MiB")
        assert growth_mib < 60, f"peak RSS grew {growth_mib:.1f} MiB for a 64 MiB PUT"
    finally:
        child.terminate()
        child.wait(30)
    from vaultengine.vault import unlock_vault

    with unlock_vault(vault_path, PASSWORD) as vault:
        fh = vault.fs.open("/big.bin", os.O_RDONLY)
        digest = hashlib.sha256()
        offset = 0
        while block := vault.fs.read(fh, 1 << 20, offset):
            digest.update(block)
            offset += len(block)
        vault.fs.release(fh)
    assert offset == 64 << 20
    assert digest.hexdigest() == expected


def test_stop_ends_serving_at_once(served: Served) -> None:
    served.fs.write_file("/hello.txt", b"hello")
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request("GET", served.path("hello.txt"))
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, b"hello")
    started = time.monotonic()
    served.server.stop()
    assert time.monotonic() - started < 5
    assert served.vault.locked
    # a kept-alive connection gets nothing more from the vault
    try:
        conn.request("GET", served.path("hello.txt"))
        response = conn.getresponse()
        assert response.status == 404 and response.read() == b""
    except (OSError, http.client.HTTPException):
        pass
    finally:
        conn.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", served.port), timeout=5).close()


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "replaced file"])
def test_the_etag_a_put_returns_is_the_uploaded_contents(served: Served, existing: bool) -> None:
    """Clients (davfs2) send the ETag a PUT returned as If-Match with their next PUT; a PUT of
    a new file once answered with the ETag of the empty file created before the upload."""
    if existing:
        served.fs.write_file("/notes.txt", b"old")
    status, put, _ = served.request("PUT", served.path("notes.txt"), b"the new contents")
    assert status in (201, 204)
    status, head, _ = served.request("HEAD", served.path("notes.txt"))
    assert status == 200 and head["etag"] == put["etag"]
    edit = {"If-Match": put["etag"]}
    status, _, _ = served.request("PUT", served.path("notes.txt"), b"edited", edit)
    assert status == 204
    assert served.fs.read_file("/notes.txt") == b"edited"
