"""The strongroom CLI as a separate process: exit codes, stdout/stderr separation, --version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PW = "subprocess pw"


def strongroom(*argv: object, stdin: str = f"{PW}\n") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv)],
        input=stdin.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "vault"
    made = strongroom("create", path, "--scrypt-cost", "16", "--password-stdin")
    assert made.returncode == 0, made.stderr
    source = path.parent / "hello.txt"
    source.write_bytes(b"hello\n")
    imported = strongroom("import", path, source, "/hello.txt", "--password-stdin")
    assert imported.returncode == 0, imported.stderr
    return path


def test_version() -> None:
    result = strongroom("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == "strongroom 0.1.0"


def test_cat_writes_cleartext_to_stdout_only(vault: Path) -> None:
    result = strongroom("cat", vault, "/hello.txt", "--password-stdin")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"hello\n", b"")


@pytest.mark.parametrize(
    ("argv", "stdin", "code"),
    [
        (("ls", "{vault}", "--password-stdin"), "wrong password\n", 3),
        (("ls", "{nonvault}", "--password-stdin"), f"{PW}\n", 4),
        (("frobnicate",), "", 2),
        (("cat", "{vault}"), "", 2),  # PATH missing
        (("cat", "{vault}", "/missing.txt", "--password-stdin"), f"{PW}\n", 1),
        (("--password-stdin", "ls", "{vault}"), f"{PW}\n", 0),
    ],
)
def test_exit_codes(vault: Path, tmp_path: Path, argv: tuple[str, ...], stdin: str, code: int):
    args = [a.format(vault=vault, nonvault=tmp_path) for a in argv]
    result = strongroom(*args, stdin=stdin)
    assert result.returncode == code, result.stderr
    if code:
        err = result.stderr.decode()
        assert err.startswith("strongroom: ") and err.count("\n") == 1, err
        assert result.stdout == b""


def test_no_command_prints_help_and_exits_2() -> None:
    result = strongroom()
    assert result.returncode == 2
    assert b"usage:" in result.stderr


def test_cat_into_a_closed_pipe_is_quiet(vault: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    assert strongroom("import", vault, big, "/big.bin", "--password-stdin").returncode == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "cat", str(vault), "/big.bin", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{PW}\n".encode())
    proc.stdin.close()
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    assert proc.wait(timeout=60) == 1
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    assert b"Traceback" not in err and b"Exception ignored" not in err
