"""Bad input #27: decrypted names are chosen by whoever shares the vault. Names with escape
sequences, newlines, carriage returns, tabs, DEL, C1 controls and bidi overrides are created
through the API; the real `strongroom` process (ls, ls -l, ls -R, cat, export, check, mv, rm)
never writes a raw control character to stdout or stderr, shows each name quoted the way GNU
`ls` does (bash turns the quoted form back into the exact name), and `--json` keeps the exact
names."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.display import escape_line, quote_name
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.vault import create_vault, unlock_vault

ROOT = Path(__file__).resolve().parents[2]
PW = "terminal names pw"

HOSTILE_FILES = [
    "red\x1b[31mX.txt",
    "two\nlines.txt",
    "cr\roverwrite.txt",
    "tab\there.txt",
    "del\x7f.txt",
    "rtl\u202etxt.exe",
    "c1\x85next.txt",
    "it's \u2028sep.txt",
]
FOLDER = "dir\x1b]0;title\x07"
INNER = "inner\nfile.txt"
INNER_SIZE = 1000
LINK, LINK_TARGET = "link\x1b[2J", "\x1b[2Jtarget\n"
ALL_TOP = [*HOSTILE_FILES, FOLDER, LINK]

# Raw bytes that must never reach a terminal: C0 controls but the line feed that ends our
# own lines, DEL, C1 controls (UTF-8 \xc2\x80-\xc2\x9f), U+2028 and U+202E.
_FORBIDDEN = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xae]")


def strongroom(*argv: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv), "--password-stdin"],
        input=f"{PW}\n".encode(),
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )


def assert_no_raw_controls(result: subprocess.CompletedProcess[bytes]) -> None:
    for stream in (result.stdout, result.stderr):
        found = _FORBIDDEN.search(stream)
        assert found is None, f"raw {found.group()!r} in {stream!r}"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names") / "vault"
    create_vault(root, PW, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(root, PW) as unlocked:
        for name in HOSTILE_FILES:
            unlocked.fs.write_file("/" + name, name.encode())
        unlocked.fs.mkdir("/" + FOLDER)
        unlocked.fs.write_file(f"/{FOLDER}/{INNER}", b"x" * INNER_SIZE)
        unlocked.fs.symlink("/" + LINK, LINK_TARGET)
    # Damage the inner file (the only ciphertext of its size): check --deep, export and cat
    # must then name it in an error.
    (inner_ciphertext,) = [
        p for p in (root / "d").rglob("*.c9r") if p.stat().st_size == 68 + INNER_SIZE + 28
    ]
    with open(inner_ciphertext, "r+b") as damaged:
        damaged.seek(80)
        damaged.write(b"\xff\xff\xff\xff")
    return root


def bash_unquote(shown: str) -> str:
    """What a user gets by pasting the shown form into bash."""
    done = subprocess.run(
        ["bash", "-c", f"printf %s {shown}"], capture_output=True, check=True, timeout=10
    )
    return done.stdout.decode("utf-8")


def test_ls_quotes_every_hostile_name(vault: Path) -> None:
    result = strongroom("ls", vault)
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result)
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(ALL_TOP)  # no name forged an extra line
    assert sorted(bash_unquote(line) for line in lines) == sorted(ALL_TOP)


@pytest.mark.parametrize("flags", [["-l"], ["-R"], ["-l", "-R"], ["-R", "--debug"]])
def test_ls_long_and_recursive(vault: Path, flags: list[str]) -> None:
    result = strongroom("ls", vault, *flags)
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result)
    out = result.stdout.decode("utf-8")
    assert len(out.splitlines()) == len(ALL_TOP) + ("-R" in flags)
    if "-l" in flags:
        assert f"-> {quote_name(LINK_TARGET)}" in out  # the link's target is vault data too


def test_json_keeps_exact_names(vault: Path) -> None:
    result = strongroom("ls", vault, "-R", "--json")
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result)
    rows = json.loads(result.stdout)
    assert sorted(row["name"] for row in rows) == sorted([*ALL_TOP, INNER])
    assert f"/{FOLDER}/{INNER}" in {row["path"] for row in rows}
    assert [row["target"] for row in rows if row["type"] == "symlink"] == [LINK_TARGET]


def test_errors_name_paths_quoted(vault: Path, tmp_path: Path) -> None:
    inner = f"/{FOLDER}/{INNER}"
    results = {
        "cat damaged": strongroom("cat", vault, inner),
        "cat link": strongroom("cat", vault, "/" + LINK),
        "cat missing": strongroom("cat", vault, "/gone\x1b[31m\n"),
        "export": strongroom("export", vault, "/", tmp_path / "out"),
        "mv onto itself": strongroom("mv", vault, "/" + FOLDER, f"/{FOLDER}/sub"),
        "rm missing": strongroom("rm", vault, "/gone\r\x7f"),
    }
    for what, result in results.items():
        assert result.returncode != 0, what
        assert_no_raw_controls(result)
        assert result.stderr.count(b"\n") == result.stderr.decode().count("strongroom:"), what
    assert quote_name(inner).encode() in results["cat damaged"].stderr
    assert quote_name(inner).encode() in results["export"].stderr
    assert quote_name("/" + LINK).encode() in results["cat link"].stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_check_report(vault: Path, as_json: bool) -> None:
    result = strongroom("check", vault, "--deep", *(["--json"] if as_json else []))
    assert result.returncode == 1  # the damaged file
    assert_no_raw_controls(result)
    if as_json:
        problems = json.loads(result.stdout)["problems"]
        assert f"/{FOLDER}/{INNER}" in {p["cleartext_path"] for p in problems}
    else:
        assert quote_name(f"/{FOLDER}/{INNER}").encode() in result.stdout


def test_quoting_rules() -> None:
    assert quote_name("plain name.txt") == "plain name.txt"
    assert quote_name("café ☂.txt") == "café ☂.txt"
    assert quote_name("a\nb") == "'a'$'\\n''b'"  # GNU ls --quoting-style=shell-escape
    assert quote_name("it's\x1b") == "'it'\\''s'$'\\033'"
    assert quote_name("\u202e") == "$'\\342\\200\\256'"
    assert escape_line("x\r\ny\x85\u202e") == "x\\r\\ny\\x85\\u202e"
