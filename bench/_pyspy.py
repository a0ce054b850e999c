"""py-spy raw profiles of a mount process: parse them and print where the samples went.

Used by bench_mount.py --profile; knows the shape of our loop's stacks (serve_loop._serve, then
the callback entry of either request path: mfusepy's wrapper on the high-level one, the
low-level handlers' guard) to split samples into FUSE callbacks and the loop around them.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

PROFILE_RATE = 1000  # samples per second
PROFILE_TOP = 15
WORKLOAD_STEPS = {  # what one fsbench --only run does, all of which lands in its profile
    "seq": "1 MiB writes + fsync, then reads it back",
    "small": "creates 4 KiB files, stats them twice, deletes them",
    "readdir": "creates a folder of empty files, lists it, ls -l, deletes it",
    "rand": "writes a region file, reads 4 KiB blocks at random, deletes it",
    "concurrent": "4 threads editing, listing, building",
    "listing": "lists a folder of empty files by name once, filled before sampling",
}
_FRAME = re.compile(r"^(?P<function>.*) \((?P<where>[^()]*)\)$")
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]+$")

Stack = tuple[tuple[str, ...], int]


@dataclass
class Profile:
    workload: str
    why: str
    stacks: list[Stack]
    seconds: float  # the fsbench run under py-spy
    spy_report: str  # from py-spy's own output: its sample and error counts, any lag


def find_py_spy() -> str | None:
    """py-spy next to this interpreter (a virtualenv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("py-spy")


def parse_raw(text: str) -> list[Stack]:
    """py-spy's raw (collapsed) format: `root;...;leaf count` per line."""
    stacks: list[Stack] = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((tuple(stack.split(";")), int(count)))
    return stacks


def frame_label(frame: str, line: bool = True) -> str:
    """`function (file:line)` or `symbol (library)`; unnamed native code is one `?` per library."""
    found = _FRAME.match(frame)
    if not found:
        return frame
    function, where = found["function"], found["where"]
    if _ADDRESS.match(function):
        function = "?"
    if not line:
        where = re.sub(r":\d+$", "", where)
    return f"{function} ({where})"


def _function(frame: str) -> str:
    found = _FRAME.match(frame)
    return found["function"] if found else frame


def _loop_index(stack: tuple[str, ...]) -> int | None:
    """Where serve_loop._serve is in the stack: everything above it is start-up frames."""
    for index in range(len(stack) - 1, -1, -1):
        if _function(stack[index]) == "_serve" and "serve_loop.py" in stack[index]:
            return index
    return None


# Native frames of the ctypes/libffi call machinery: wrappers around every call into libfuse
# and every callback out of it, so they are left out of the inclusive list.
_GLUE = ("(libffi", "(_ctypes.c", "(callproc.c", "(callbacks.c")
# What the loop's own system calls on /dev/fuse are, when one is the leaf outside callbacks.
_LOOP_CALLS = {"poll": "poll (spin)", "read": "read (receive)", "writev": "writev (reply)"}


def _callback(stack: tuple[str, ...], index: int) -> str | None:
    """The request's name if stack[index] is where a FUSE callback enters Python: mfusepy's
    `FUSE._wrapper` calling `FUSE.read` (or `read_fuse_3`...), or the low-level handlers'
    guard, `LowLevelOperations._guarded.<locals>.call` calling `op_read`."""
    frame = stack[index]
    callee = _function(stack[index + 1]) if index + 1 < len(stack) else ""
    if _function(frame).endswith("._wrapper") and "mfusepy" in frame:
        if "FUSE." not in callee:  # in the wrapper itself (or its error logging)
            return "(mfusepy's wrapper)"
        return re.sub(r"_fuse_[23]$", "", callee.rsplit(".", 1)[-1])
    if _function(frame).rsplit(".", 1)[-1] == "call" and "lowlevel/ops.py" in frame:
        handler = callee.rsplit(".", 1)[-1]
        if not handler.startswith("op_"):  # in the guard itself (answering a failure)
            return "(the handlers' guard)"
        return handler.removeprefix("op_")
    return None


# Where a thread sleeps until there is work (a lock or queue wait, a blocking poll): py-spy
# samples such threads anyway, so other threads' samples there are left out (see where_spent).
_WAITS = {
    "PyThread_acquire_lock_timed",
    "lock_PyThread_acquire_lock",
    "select_poll_poll",
    "select_poll_poll_impl",
}


def _waiting(stack: tuple[str, ...]) -> bool:
    """The innermost frame outside libc is one of _WAITS: the thread sleeps."""
    for frame in reversed(stack):
        if "(libc.so" not in frame:
            return _function(frame) in _WAITS
    return False


def _thread_label(stack: tuple[str, ...]) -> str:
    """What a thread other than the loop's runs: its first frame in our code below
    Thread.run (the notifier, a RequestPool task...), else its first Python frame."""
    frames = [f for f in stack if _FRAME.match(f) and ".py:" in f]
    start = next((i + 1 for i, f in enumerate(frames) if _function(f) == "Thread.run"), 0)
    below = frames[start:]
    ours = [f for f in below if "vaultengine/" in f or "bench/" in f]
    chosen = (ours or below or [""])[0]
    return _function(chosen) or "?"


def where_spent(stack: tuple[str, ...]) -> tuple[str, str]:
    """("callback", its name), ("loop", what it runs outside callbacks), ("other", the
    thread's job) or ("idle", "") for another thread waiting for work."""
    loop = _loop_index(stack)
    if loop is None:
        return ("idle", "") if _waiting(stack) else ("other", _thread_label(stack))
    for index in range(loop + 1, len(stack)):
        name = _callback(stack, index)
        if name is not None:
            return "callback", name
    leaf = stack[-1]
    if "(selectmodule.c" in leaf:  # the C side of the loop's poll(0)
        return "loop", _LOOP_CALLS["poll"]
    if "(libfuse" in leaf:
        return "loop", "libfuse"
    # Python code, the interpreter and ctypes: py-spy names their native frames by C source.
    if len(stack) == loop + 1 or re.search(r"(\.py|\.[ch]):\d+\)$|\.[ch]\)$|libpython", leaf):
        return "loop", "Python/ctypes"
    if any(glue in leaf for glue in _GLUE):
        return "loop", "Python/ctypes"
    return "loop", _LOOP_CALLS.get(_function(leaf), frame_label(leaf, line=False))


def _top(counts: dict[str, int], total: int, n: int) -> list[str]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
    return [f"{100 * count / total:5.1f}%  {label}" for label, count in ranked]


def _shares(counts: dict[str, int], total: int, n: int) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
    return ", ".join(f"{label} {100 * count / total:.1f}%" for label, count in ranked)


def profile_lines(profile: Profile) -> list[str]:
    """The compact report of one profile: where, self time by line, inclusive by function."""
    spent: dict[str, dict[str, int]] = {"callback": {}, "loop": {}, "other": {}}
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    idle = 0
    for stack, count in profile.stacks:
        group, place = where_spent(stack)
        if group == "idle":
            idle += count
            continue
        spent[group][place] = spent[group].get(place, 0) + count
        leaf = frame_label(stack[-1])
        own[leaf] = own.get(leaf, 0) + count
        loop = _loop_index(stack)
        if loop is None:  # another thread: from what it runs, below threading's frames
            loop = max((i for i, f in enumerate(stack) if _function(f) == "Thread.run"), default=-1)
        below = stack[loop + 1 :]
        labels = {frame_label(f, line=False) for f in below if not any(g in f for g in _GLUE)}
        for label in labels:
            inclusive[label] = inclusive.get(label, 0) + count

    total = sum(sum(places.values()) for places in spent.values())
    waits = f" ({idle:,} more of other threads waiting for work left out)" if idle else ""
    head = [
        f"== {profile.workload}: {total:,} samples{waits}, run {profile.seconds:.1f} s under "
        f"py-spy{'; ' + profile.spy_report if profile.spy_report else ''}",
        f"  ({WORKLOAD_STEPS.get(profile.workload, '')}; {profile.why})",
    ]
    if not total:
        return [*head, "  no samples: the process was never busy while sampled"]

    def share(group: str) -> str:
        return f"{100 * sum(spent[group].values()) / total:.1f}%"

    lines = [
        *head,
        f"  in FUSE callbacks {share('callback')}: {_shares(spent['callback'], total, 8)}",
    ]
    lines.append(
        f"  in the loop outside callbacks {share('loop')}: {_shares(spent['loop'], total, 6)}"
    )
    if spent["other"]:
        lines.append(f"  in other threads {share('other')}: {_shares(spent['other'], total, 4)}")
    lines.append(f"  top {PROFILE_TOP} by self time (the line or native symbol being run):")
    lines += ["    " + line for line in _top(own, total, PROFILE_TOP)]
    lines.append(
        f"  top {PROFILE_TOP} by inclusive time (per function; the start-up frames down to the"
    )
    lines.append(
        "  loop, serve_loop._serve, or to Thread.run, and the ctypes/libffi call frames left out):"
    )
    lines += ["    " + line for line in _top(inclusive, total, PROFILE_TOP)]
    return lines
