"""The bounded pool that answers slow requests (fsync; large I/O when asked).

Not the mount's ChunkPool: a request running there would call ChunkPool.map from inside one
of its own workers (large reads and writes fan their chunks out to it), which can wait forever
once every worker does so. This pool has its own few threads and a bounded number of requests
in flight: when it is full, the loop thread waits for a slot (back-pressure, flat memory).
Each task replies itself (fuse_reply_* are thread-safe in libfuse).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

REQUEST_WORKERS = 2
REQUEST_QUEUE_DEPTH = 16


class RequestPool:
    def __init__(self, workers: int = REQUEST_WORKERS, depth: int = REQUEST_QUEUE_DEPTH) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="fuse-requests")
        self._slots = threading.BoundedSemaphore(depth)

    def submit(self, task: Callable[[], None]) -> None:
        """Run `task` on a worker; blocks while `depth` tasks are already in flight.

        RuntimeError once shut down (the caller then answers the request itself).
        """
        self._slots.acquire()
        try:
            future: Future[None] = self._executor.submit(task)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())

    def shutdown(self) -> None:
        """Wait for every task (so every reply is sent) and stop the threads."""
        self._executor.shutdown(wait=True)
