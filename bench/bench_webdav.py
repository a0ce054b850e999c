"""WebDAV volume speed: Strongroom's provider against a plain wsgidav folder, same run.

Both servers run in their own process on 127.0.0.1 with the same wsgidav configuration
(block_size 1 MiB, cheroot, lock and property managers on); the plain one serves an ordinary
folder through wsgidav's FilesystemProvider, which is the limit. This process is the client.

    python bench/bench_webdav.py [--size-mib 256] [--entries 5000] [--quick]

Goals (issue 14): Strongroom/plain >= 0.7 for sequential GET and PUT and for PROPFIND depth 1;
peak RSS of the server during a 1 GiB PUT under 150 MB (run with --size-mib 1024). For
comparison, the same workloads through a FUSE mount of the same vault (its own process, the
default request path): writing and reading the file, and a listing with a stat per entry
(what PROPFIND depth 1 answers); left out where FUSE is missing or with --no-fuse.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import MB, drop_page_cache, format_table  # noqa: E402

PASSWORD = "bench"


def serve(kind: str, path: str) -> None:
    """Child: serve and print the URL; SIGTERM ends it."""
    from vaultengine.webdav.server import WebDavServer, dav_config, serve_foreground

    if kind == "strongroom":
        from vaultengine.vault import unlock_vault

        server = WebDavServer(unlock_vault(path, PASSWORD))
    else:
        from wsgidav.fs_dav_provider import FilesystemProvider

        from vaultengine.webdav import server as server_module

        class PlainServer(WebDavServer):  # same guard, config and cheroot; another provider
            def __init__(self) -> None:
                self.prefix = server_module.new_prefix()
                self.lock_on_stop = False
                provider = FilesystemProvider(path, fs_opts={})
                config = dav_config(provider, self.prefix)  # type: ignore[arg-type]
                from cheroot import wsgi
                from wsgidav.wsgidav_app import WsgiDAVApp

                self._guard = server_module.PrefixGuard(WsgiDAVApp(config), self.prefix)
                self._server = wsgi.Server(
                    (server_module.LOOPBACK, 0),
                    self._guard,
                    numthreads=server_module.WORKER_THREADS,
                    shutdown_timeout=server_module.SHUTDOWN_TIMEOUT,
                )
                import threading

                self._thread = None
                self._stopped = threading.Event()

        server = PlainServer()
    serve_foreground(server, on_ready=lambda s: print(s.url, flush=True))


def start(kind: str, path: Path) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert child.stdout is not None
    return child, child.stdout.readline().strip()


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def request(url: str, method: str, path: str, body=None, headers=None) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    host, port = url.split("/")[2].split(":")
    prefix = url.split("/")[3]
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    try:
        conn.request(
            method,
            f"/{prefix}/{path}",
            body=body,
            headers=headers or {},
            encode_chunked=body is not None and not isinstance(body, bytes),
        )
        response = conn.getresponse()
        size = 0
        while block := response.read(1 << 20):
            size += len(block)
        return response.status, size
    finally:
        conn.close()


def blocks(total: int) -> Iterator[bytes]:
    block = os.urandom(1 << 20)
    for _ in range(total // len(block)):
        yield block


def measure(kind: str, url: str, size: int) -> tuple[float, float]:
    started = time.perf_counter()
    status, _ = request(url, "PUT", "big.bin", body=blocks(size))
    put = time.perf_counter() - started
    assert status in (201, 204), (kind, status)
    started = time.perf_counter()
    status, got = request(url, "GET", "big.bin")
    get = time.perf_counter() - started
    assert status == 200 and got == size, (kind, status, got)
    return size / put / MB, size / get / MB


def fuse_figures(vault_path: Path, mnt: Path, size: int) -> tuple[float, float, float, int]:
    """(write MB/s, read MB/s, listing s, peak RSS) through a FUSE mount of the vault."""
    from vaultengine.fuse import spawn_mount, unmount_mountpoint

    pid = spawn_mount(vault_path, mnt, password=PASSWORD)
    try:
        started = time.perf_counter()
        with open(mnt / "big-fuse.bin", "wb") as out:
            for block in blocks(size):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())  # what a PUT's reply promises: the data is in the vault
        write = time.perf_counter() - started
        drop_page_cache(mnt / "big-fuse.bin")  # as the other columns' GETs: not from a cache
        started = time.perf_counter()
        with open(mnt / "big-fuse.bin", "rb") as source:
            while source.read(1 << 20):
                pass
        read = time.perf_counter() - started
        listing = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for entry in os.scandir(mnt / "many"):
                entry.stat()
            listing = min(listing, time.perf_counter() - started)
        return size / write / MB, size / read / MB, listing, peak_rss(pid)
    finally:
        unmount_mountpoint(str(mnt))


def propfind(url: str, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        status, _ = request(url, "PROPFIND", "many/", headers={"Depth": "1"})
        assert status == 207, (url, status)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="16 MiB, 500 entries")
    parser.add_argument("--no-fuse", action="store_true", help="leave out the FUSE column")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return 0
    size = (16 if args.quick else args.size_mib) << 20
    entries = 500 if args.quick else args.entries
    from vaultengine.vault import create_vault, unlock_vault

    work = Path(tempfile.mkdtemp(prefix="bench-webdav-"))
    try:
        plain = work / "plain"
        (plain / "many").mkdir(parents=True)
        vault_path = work / "vault"
        create_vault(vault_path, PASSWORD, scrypt_cost=1024)
        with unlock_vault(vault_path, PASSWORD) as vault:
            vault.fs.mkdir("/many")
            for i in range(entries):
                name = f"entry-{i:05d}.txt"
                (plain / "many" / name).write_bytes(b"x" * 100)
                vault.fs.write_file(f"/many/{name}", b"x" * 100)
        results = {}
        for kind, path in (("plain", plain), ("strongroom", vault_path)):
            child, url = start(kind, path)
            try:
                put, get = measure(kind, url, size)
                results[kind] = (put, get, propfind(url), peak_rss(child.pid))
            finally:
                child.terminate()
                child.wait(30)
        from vaultengine.fuse import fuse_unavailable_reason

        fuse = None
        if not args.no_fuse and fuse_unavailable_reason() is None:
            fuse = fuse_figures(vault_path, work / "mnt", size)
        s, p = results["strongroom"], results["plain"]

        def row(label: str, i: int, fmt: str, ratio: str, goal: str) -> list[str]:
            cells = [label, format(s[i], fmt), format(p[i], fmt), ratio, goal]
            return cells + ([format(fuse[i], fmt)] if fuse else [])

        rss = (s[3] / MB, p[3] / MB, fuse[3] / MB if fuse else 0.0)
        rows = [
            row(f"PUT {size >> 20} MiB (MB/s)", 0, ".0f", f"{s[0] / p[0]:.2f}", ">= 0.7"),
            row(f"GET {size >> 20} MiB (MB/s)", 1, ".0f", f"{s[1] / p[1]:.2f}", ">= 0.7"),
            row(f"PROPFIND depth 1, {entries} (s)", 2, ".3f", f"{p[2] / s[2]:.2f}", ">= 0.7"),
            ["server peak RSS (MB)", f"{rss[0]:.0f}", f"{rss[1]:.0f}", "", "< 150 for 1 GiB"]
            + ([f"{rss[2]:.0f}"] if fuse else []),
        ]
        header = ["workload", "strongroom", "plain", "SR/plain", "goal"]
        print(format_table(header + (["FUSE mount"] if fuse else []), rows))
        if fuse:
            print(
                "FUSE mount: the same vault mounted in its own process; write + fsync, read with\n"
                "the page cache dropped (as root), and a listing with a stat per entry."
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
