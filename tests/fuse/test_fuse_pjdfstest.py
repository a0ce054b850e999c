"""pjdfstest (vendored in tests/fuse/third_party/pjdfstest) through a real Strongroom mount of a
vault on a 256 MiB tmpfs: every failing (file, test number) must be in
tests/fuse/pjdfstest_expected.txt, which gives the reason for each (what the format cannot store,
or "gocryptfs fails this too"), and no file may hang or take the mount down. Needs root
(pjdfstest switches users, the tmpfs).

The same runner on any folder, e.g. a gocryptfs mount for the comparison:
    python tests/fuse/pjdfstest_run.py MOUNTPOINT [chmod/00.t ...]
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuse.pjdfstest_run import (
    EXPECTED,
    VENDORED,
    FileResult,
    build,
    compress,
    is_expected,
    load_expected,
    parse_tap,
    run_file,
    run_suite,
    suite_files,
    summary,
)
from tests.helpers.mounts import PASSWORD, end_mount, make_vault, require_fuse
from tests.helpers.tmpfs import mounted_tmpfs
from vaultengine.fuse import mount

JOBS = 4  # files at a time: most of a file's time is `sleep 1` before a ctime check


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 MiB tmpfs for the vault, so that a runaway write can never fill /tmp or /work."""
    if os.geteuid() != 0:
        pytest.skip("pjdfstest needs root (it switches users) and the tmpfs needs root")
    with mounted_tmpfs(tmp_path / "tmpfs", "256m") as folder:
        yield folder


def test_expected_list_names_real_files_and_gives_reasons() -> None:
    expected = load_expected()
    files = set(suite_files(VENDORED / "tests"))
    assert expected, "the expected-failure list is empty"
    for name, entries in expected.items():
        assert name in files, f"{EXPECTED.name}: no such pjdfstest file {name}"
        for _numbers, reason in entries:
            assert len(reason.split()) >= 3, f"{EXPECTED.name}: {name}: give a reason: {reason!r}"


def test_tap_parsing_counts_missing_tests_and_todo() -> None:
    result = FileResult("x.t")
    parse_tap(result, "1..5\nok 1\nnot ok 2 - tried\nnot ok 3 # TODO known\nok 4\n")
    assert result.failures() == {2, 5}  # 5 never reported: the script died before it
    assert compress({1, 2, 3, 7, 9, 10}) == "1-3,7,9-10"


def test_a_hanging_file_is_killed_and_named(tmp_path: Path) -> None:
    (tmp_path / "hang.t").write_text('echo "1..2"\necho "ok 1"\nsleep 60 & wait\n')
    result = run_file(tmp_path, "hang.t", tmp_path, timeout=1.0)
    assert result.hung and result.seconds < 10
    assert result.failures() == {2}


@pytest.mark.slow
@pytest.mark.fuse
def test_pjdfstest_through_a_mount_fails_only_where_expected(
    tmp_path: Path, small_tmpfs: Path
) -> None:
    require_fuse()
    for tool in ("cc", "openssl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed (scripts/dev.py installs it for the tests)")
    tests = build(tmp_path / "pjdfstest")
    vault = make_vault(small_tmpfs / "vault")
    handle = mount(vault, tmp_path / "mnt", password=PASSWORD)
    try:
        results = run_suite(tests, tmp_path / "mnt", jobs=JOBS)
    finally:
        end_mount(handle)

    expected = load_expected()
    unexpected: list[str] = []
    expected_count = 0
    for result in results:
        failed = result.failures()
        surprising = {n for n in failed if not is_expected(expected, result.name, n)}
        expected_count += len(failed) - len(surprising)
        if result.hung:
            unexpected.append(f"{result.name}: HUNG (killed after the per-file time bound)")
        if result.mount_gone:
            unexpected.append(f"{result.name}: the mount was gone after this file")
        if surprising:
            lines = [result.failed.get(n, f"not ok {n} - never reported") for n in surprising]
            unexpected.append(
                f"{result.name} {compress(surprising)}:\n    " + "\n    ".join(sorted(lines)[:5])
            )
    report = f"{summary(results)}, {expected_count} expected"
    print(report)
    assert not unexpected, report + "\nunexpected:\n" + "\n".join(unexpected)
