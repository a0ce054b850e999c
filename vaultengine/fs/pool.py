"""ChunkPool: fixed worker threads that fan out chunk batches with a bounded in-flight window."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ChunkPool:
    """`map` keeps at most `queue_depth` items submitted ahead of the results taken, so memory
    stays flat however many items a large read or write produces. Safe to call from many
    threads at once (never from inside one of its own workers)."""

    def __init__(self, workers: int | None = None, queue_depth: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 2)
        self.queue_depth = max(1, queue_depth or 2 * self.workers)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="vault-chunks")
        self._closed = False
        self._lock = threading.Lock()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Results in item order; the first exception is re-raised after in-flight work ends.

        `items` is consumed lazily on the calling thread, so a generator that prepares the
        next item (say, encrypts the next batch) overlaps with the workers running `fn`.
        """
        return list(self.imap(fn, items))

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Like map, but yields each result in order as soon as it is ready."""
        if self._closed:
            raise RuntimeError("ChunkPool is shut down")
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                if len(pending) >= self.queue_depth:
                    yield pending.popleft().result()
                pending.append(self._executor.submit(fn, item))
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            wait(pending)  # no worker may still touch the caller's buffers after we return

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True)

    def __enter__(self) -> ChunkPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
