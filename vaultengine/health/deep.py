"""Deep check: authenticate every header and chunk of every file, one chunk in memory at a time."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from vaultengine.crypto import ContentCryptor
from vaultengine.errors import AuthenticationFailedError
from vaultengine.format.node_files import open_regular
from vaultengine.health.report import HealthProgress, HealthReport, Problem, ProblemKind
from vaultengine.health.tree import FileItem

_PROGRESS_EVERY = 64  # chunks (~2 MiB) between progress reports inside one large file


@dataclass
class _Counter:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


def check_contents(
    files: list[FileItem],
    content: ContentCryptor,
    report: HealthReport,
    progress: Callable[[HealthProgress], None] | None,
) -> None:
    counter = _Counter(0, len(files), 0, sum(f.size for f in files))

    def tick() -> None:
        if progress is not None:
            progress(
                HealthProgress(
                    "content",
                    directories_done=report.directories,
                    files_done=counter.files_done,
                    files_total=counter.files_total,
                    bytes_done=counter.bytes_done,
                    bytes_total=counter.bytes_total,
                )
            )

    tick()
    for item in files:
        problem = _check_file(item, content, counter, tick)
        if problem is not None:
            report.problems.append(problem)
        counter.files_done += 1
        tick()
    report.bytes_checked = counter.bytes_done


def _check_file(
    item: FileItem, content: ContentCryptor, counter: _Counter, tick: Callable[[], None]
) -> Problem | None:
    where = f" ({item.cleartext_path})" if item.cleartext_path else ""

    def damaged(detail: str, chunks: tuple[int, ...] = ()) -> Problem:
        return Problem(
            ProblemKind.DAMAGED_FILE,
            item.rel,
            f"file{where}: {detail}",
            cleartext_path=item.cleartext_path,
            chunks=chunks,
        )

    try:
        # Swapped for a symlink or a FIFO since the walk: EIO at once, never followed or waited on.
        fd = open_regular(str(item.path), os.O_RDONLY)
    except OSError as e:
        return Problem(ProblemKind.IO_ERROR, item.rel, f"cannot open file{where}: {e.strerror}")
    with os.fdopen(fd, "rb", buffering=0) as f:
        header_bytes = f.read(content.header_size)
        counter.bytes_done += len(header_bytes)
        if not header_bytes:
            return Problem(
                ProblemKind.EMPTY_CIPHERTEXT_FILE,
                item.rel,
                f"file{where} is 0 bytes, with no header (perhaps a cloud-sync placeholder)",
                cleartext_path=item.cleartext_path,
            )
        if len(header_bytes) < content.header_size:
            return damaged(f"header truncated to {len(header_bytes)} bytes")
        try:
            header = content.decrypt_header(header_bytes, ciphertext_path=item.rel)
        except AuthenticationFailedError:
            return damaged("header fails authentication (no chunk can be read)")
        failed: list[int] = []
        chunk_no = 0
        while chunk := f.read(content.ciphertext_chunk_size):
            counter.bytes_done += len(chunk)
            try:
                content.decrypt_chunk(chunk, chunk_no, header, ciphertext_path=item.rel)
            except AuthenticationFailedError:
                failed.append(chunk_no)
            chunk_no += 1
            if chunk_no % _PROGRESS_EVERY == 0:
                tick()
    if not failed:
        return None
    listed = ", ".join(str(n) for n in failed[:10]) + (", …" if len(failed) > 10 else "")
    noun = "chunk" if len(failed) == 1 else "chunks"
    return damaged(
        f"{noun} {listed} of {chunk_no} fail authentication (counting from 0)", tuple(failed)
    )
