"""Random plants in random places of a small vault (bad-input cases 23 and 24): symlinks to
files outside and inside the vault, FIFOs, sockets, folders where files belong and files where
folders belong. Then list, read, write, rename, delete, check and export everything through
the API (and, in fewer examples, through a real mount): nothing outside the vault changes,
nothing blocks, and only the planted nodes (and what lies below them) fail."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.errors import Failures
from app.cli.progress import Progress
from app.cli.progress import exported as exported_line
from app.cli.transfer import TreeExporter
from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.tamper import FOLDERS, PASSWORD, TRUTH, TamperVault, fresh_vault
from tests.helpers.untrusted import (
    SLOW,
    Planted,
    bounded,
    expect_eio,
    expect_ok,
    folders_below_prefix,
    make_fifo,
    make_outside,
    make_socket,
    remove,
    snapshot,
)
from vaultengine.fuse import mount
from vaultengine.health import check_vault
from vaultengine.vault import open_keys, unlock_vault

# --- where a plant can go ---------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One ciphertext location and the cleartext it stands for."""

    name: str
    locate: Callable[[TamperVault], Path]
    is_folder: bool  # what the format puts there
    effect: Callable[[TamperVault, Path], Planted]


def _broken(path: str) -> Callable[[TamperVault, Path], Planted]:
    return lambda v, _where: Planted(broken={path})


def _unlisted(path: str) -> Callable[[TamperVault, Path], Planted]:
    return lambda v, _where: Planted(unlisted={path})


def _places() -> list[Place]:
    places = []
    for path in TRUTH:
        places.append(
            Place(f"file {path}", lambda v, p=path: v.ct.file_of(p), False, _broken(path))
        )
        if len(path) > 100:  # stored as a .c9s folder with name.c9s
            places.append(
                Place(f"node {path}", lambda v, p=path: v.ct.node_of(p), True, _broken(path))
            )
            places.append(
                Place(
                    f"name.c9s {path}",
                    lambda v, p=path: v.ct.node_of(p) / "name.c9s",
                    False,
                    _unlisted(path),
                )
            )
    for folder in FOLDERS:
        places += [
            Place(
                f"dir.c9r {folder}",
                lambda v, f=folder: v.ct.node_of(f) / "dir.c9r",
                False,
                _broken(folder),
            ),
            Place(f"node {folder}", lambda v, f=folder: v.ct.node_of(f), True, _broken(folder)),
            Place(
                f"content dir {folder}",
                lambda v, f=folder: v.ct.content_dir(v.ct.dir_id(f)),
                True,
                _broken(folder),
            ),
            Place(
                f"dirid.c9r {folder}",
                lambda v, f=folder: v.ct.content_dir(v.ct.dir_id(f)) / "dirid.c9r",
                False,
                lambda v, _w: Planted(),  # a recovery backup: the filesystem never reads it
            ),
            Place(
                f"d/XX of {folder}",
                lambda v, f=folder: v.ct.content_dir(v.ct.dir_id(f)).parent,
                True,
                lambda v, w: Planted(broken=folders_below_prefix(v, w.name)),
            ),
        ]
    places.append(
        Place(
            "symlink.c9r /link",
            lambda v: v.ct.node_of("/link") / "symlink.c9r",
            False,
            _broken("/link"),
        )
    )
    return places


PLACES = _places()
KINDS = ["symlink-outside", "symlink-outside-copy", "symlink-inside", "fifo", "socket", "swap-type"]


def _reachable(root: Path, where: Path) -> bool:
    """Every folder between the vault folder and `where` is still a real folder (an earlier
    plant may have replaced one: then this place is gone)."""
    folder = where.parent
    while folder != root:
        if folder.is_symlink() or not folder.is_dir():
            return False
        folder = folder.parent
    return os.path.lexists(where)


def plant(
    v: TamperVault,
    outside: Path,
    place: Place,
    where: Path,
    effect: Planted,
    kind: str,
    index: int,
) -> Planted | None:
    """Put one non-regular thing at `where`; None when an earlier plant took the place away."""
    if not _reachable(v.root, where):
        return None
    if kind == "swap-type" and place.name.startswith("node /") and not where.name.endswith(".c9s"):
        return None  # a file as a short-named folder node is a (damaged) file node: no plant
    if kind == "socket" and len(where.name) > 100:
        return None  # longer than sun_path allows
    if kind == "symlink-outside":
        remove(where)
        where.symlink_to(outside / "secret")
    elif kind == "symlink-outside-copy":
        moved = outside / f"copy-{index}"
        shutil.move(where, moved)
        where.symlink_to(moved)
    elif kind == "symlink-inside":
        remove(where)
        where.symlink_to(v.ct.file_of("/other.bin") if not place.is_folder else v.root / "d")
    elif kind == "fifo":
        remove(where)
        make_fifo(where)
    elif kind == "socket":
        remove(where)
        effect.keep.append(make_socket(where))
    else:  # a folder where a file belongs, or a file where a folder belongs
        remove(where)
        if place.is_folder:
            where.write_bytes(b"a file where a folder belongs")
        else:
            where.mkdir()
    return effect


def merge(plants: list[Planted]) -> Planted:
    merged = Planted()
    for one in plants:
        merged.broken |= one.broken
        merged.unlisted |= one.unlisted
        merged.keep += one.keep
    return merged


plant_lists = st.lists(
    st.tuples(st.sampled_from(range(len(PLACES))), st.sampled_from(KINDS)),
    min_size=1,
    max_size=3,
    unique_by=lambda item: item[0],
)


@contextmanager
def planted_vault(
    base: Path, choices: list[tuple[int, str]]
) -> Iterator[tuple[TamperVault, Path, Planted]]:
    """`base` is inside pytest's basetemp: a parallel pytest session's no-mount-left-behind
    guard must see a mount made here as another session's and leave it alone."""
    tmp = Path(tempfile.mkdtemp(prefix="ex-", dir=base))
    try:
        v = fresh_vault(tmp)
        outside = make_outside(tmp)
        # Every place and its effect is worked out before anything is planted: that reads
        # dir.c9r files, which a plant may turn into a FIFO.
        located = []
        for i, kind in choices:
            where = PLACES[i].locate(v)
            located.append((PLACES[i], where, PLACES[i].effect(v, where), kind))
        done = [plant(v, outside, *item, n) for n, item in enumerate(located)]
        planted = merge([p for p in done if p is not None])
        try:
            yield v, outside, planted
        finally:
            planted.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("untrusted")


def _visible(planted: Planted, path: str) -> bool:
    return not planted.hit(path) and path not in planted.unlisted


# --- through the API ------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(choices=plant_lists)
def test_random_plants_through_the_api(base: Path, choices: list[tuple[int, str]]) -> None:
    with planted_vault(base, choices) as (v, outside, planted):
        before = snapshot(outside)
        with unlock_vault(v.root, PASSWORD) as vault:
            fs = vault.fs
            for folder in ("/", *FOLDERS):
                if planted.hit(folder):
                    expect_eio(lambda f=folder: fs.listdir(f), f"listdir {folder}")
                    continue
                listed = {n for n, _ in expect_ok(lambda f=folder: fs.listdir(f), folder)}
                prefix = folder.rstrip("/") + "/"
                for path in [*TRUTH, *FOLDERS, "/link"]:
                    if os.path.dirname(path) == folder:
                        assert (path[len(prefix) :] in listed) == _visible(planted, path), path
            for path, data in TRUTH.items():
                if planted.hit(path):
                    expect_eio(lambda p=path: fs.read_file(p), f"read {path}")
                else:
                    assert expect_ok(lambda p=path: fs.read_file(p), f"read {path}") == data
            if planted.hit("/link"):
                expect_eio(lambda: fs.readlink("/link"), "readlink /link")
            else:
                assert expect_ok(lambda: fs.readlink("/link"), "readlink") == "target.bin"

            exported = Path(tempfile.mkdtemp(dir=v.root.parent)) / "export"
            failures = Failures()
            exporter = TreeExporter(fs, Progress(exported_line, enabled=False), failures)
            _result, error = bounded(lambda: exporter.run("/", exported), "export")
            if planted.hit("/"):
                assert isinstance(error, OSError) and error.errno == errno.EIO
            else:
                assert error is None, repr(error)
                for path, data in TRUTH.items():
                    if _visible(planted, path):
                        assert (exported / path.lstrip("/")).read_bytes() == data, path
                    elif planted.hit(path):
                        assert not (exported / path.lstrip("/")).exists(), path

            for path in TRUTH:  # write, rename, delete: the planted ones fail with EIO
                if planted.hit(path):
                    expect_eio(lambda p=path: fs.write_file(p, b"x"), f"write {path}")
                    expect_eio(lambda p=path: fs.truncate(p, 0), f"truncate {path}")
                    expect_eio(lambda p=path: fs.utimens(p, 1, 1), f"utimens {path}")
                    expect_eio(lambda p=path: fs.rename(p, p + ".r"), f"rename {path}")
                    expect_eio(lambda p=path: fs.unlink(p), f"unlink {path}")
                    continue
                expect_ok(lambda p=path: fs.write_file(p, b"new " + p.encode()), f"write {path}")
                expect_ok(lambda p=path: fs.utimens(p, 1, 1), f"utimens {path}")
                expect_ok(lambda p=path: fs.rename(p, p + ".r"), f"rename {path}")
                got = expect_ok(lambda p=path: fs.read_file(p + ".r"), f"read {path}.r")
                assert got == b"new " + path.encode()
                expect_ok(lambda p=path: fs.unlink(p + ".r"), f"unlink {path}.r")

        keys, config = open_keys(v.root, PASSWORD)
        for fix in (False, True):
            _report, error = bounded(
                lambda f=fix: check_vault(v.root, keys, config, deep=True, fix=f), "check"
            )
            assert error is None, repr(error)
        assert snapshot(outside) == before


# --- through a real mount -------------------------------------------------------------------


def shell(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", script, "sh", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=SLOW * 4,
    )


@pytest.mark.fuse
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choices=plant_lists)
def test_random_plants_through_a_mount(base: Path, choices: list[tuple[int, str]]) -> None:
    require_fuse()
    with planted_vault(base, choices) as (v, outside, planted):
        before = snapshot(outside)
        mnt = v.root.parent / "mnt"
        handle = mount(v.root, mnt, password=PASSWORD)
        try:
            listing = shell('ls -laR "$1"', mnt)
            assert "Traceback" not in listing.stderr
            for path, data in TRUTH.items():
                target = mnt / path.lstrip("/")
                if planted.hit(path):
                    result = shell('cat "$1"', target)
                    assert result.returncode != 0
                    if not planted.hit(os.path.dirname(path)):
                        assert "Input/output error" in result.stderr, (path, result.stderr)
                    assert shell('echo planted > "$1"', target).returncode != 0
                    assert shell('touch -d @5 "$1"', target).returncode != 0
                    continue
                assert target.read_bytes() == data, path
                assert shell('echo new > "$1"', target).returncode == 0
                assert target.read_bytes() == b"new\n"
                assert shell('mv "$1" "$1.r" && rm "$1.r"', target).returncode == 0
        finally:
            end_mount(handle)
        assert snapshot(outside) == before
