"""The strongroom CLI driven in-process against real vaults: round trips, errors, flows."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import main

PW = "correct horse battery"
CHUNK = 32768
HEADER = 68  # SIV_GCM file header
CT_CHUNK = CHUNK + 28  # nonce + ciphertext + tag


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]):
    def run(*argv: str, stdin: str = f"{PW}\n") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([str(a) for a in argv])
        out, err = capsysbinary.readouterr()
        return Result(code, out, err.decode("utf-8", "replace"))

    return run


@pytest.fixture
def vault(tmp_path: Path, cli) -> Path:
    path = tmp_path / "vault"
    result = cli("create", path, "--scrypt-cost", "16", "--password-stdin")
    assert result.code == 0, result.err
    return path


def _payload(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def make_tree(root: Path) -> dict[str, bytes]:
    """A host tree with the awkward cases; returns {relative path: content} of its files."""
    files = {
        "empty.txt": b"",
        "three-chunks.bin": _payload(2 * CHUNK + 1000, 1),
        "one-exact-chunk.bin": _payload(CHUNK, 2),
        "ünïcødé ☂ name.txt": "grüße\n".encode(),
        "sub/nested/deep.txt": b"deep\n",
        "sub/also empty": b"",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "empty-dir").mkdir()
    (root / "link-rel").symlink_to("three-chunks.bin")
    (root / "sub" / "link-up").symlink_to("../empty.txt")
    (root / "link-abs").symlink_to("/etc")  # must stay a link, never be followed
    (root / "dangling").symlink_to("no such target")
    return files


def describe_tree(root: Path) -> dict[str, tuple[str, str]]:
    """{relative path: (type, sha256 or link target)} without following any symlink."""
    found: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(root))
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                found[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                found[rel] = ("dir", "")
            else:
                found[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def ciphertext_file_of_size(vault: Path, cleartext_size: int) -> Path:
    chunks = -(-cleartext_size // CHUNK)
    expected = HEADER + cleartext_size + chunks * (CT_CHUNK - CHUNK)
    matches = [
        p
        for p in (vault / "d").rglob("*")
        if p.is_file() and p.name != "dirid.c9r" and p.stat().st_size == expected
    ]
    assert len(matches) == 1, matches
    return matches[0]


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


# --- create / info ------------------------------------------------------------------------


def test_create_makes_a_vault_that_info_describes(vault: Path, cli) -> None:
    result = cli("info", vault)
    assert result.code == 0, result.err
    assert "SIV_GCM" in result.text
    assert "220" in result.text
    info = json.loads(cli("info", vault, "--json").out)
    assert info["format"] == 8
    assert info["cipher_combo"] == "SIV_GCM"
    assert info["shortening_threshold"] == 220
    assert len(info["vault_id"]) == 36


def test_create_prints_the_recovery_key_only_when_asked(tmp_path: Path, cli) -> None:
    quiet = cli("create", tmp_path / "a", "--scrypt-cost", "16", "--password-stdin")
    assert quiet.code == 0 and quiet.out == b""
    loud = cli(
        "create", tmp_path / "b", "--scrypt-cost", "16", "--password-stdin", "--show-recovery-key"
    )
    assert loud.code == 0
    words = loud.text.split()
    assert len(words) == 44
    shown = cli("recovery-key", "show", tmp_path / "b", "--password-stdin")
    assert shown.code == 0 and shown.text.split() == words


def test_create_expert_options(tmp_path: Path, cli) -> None:
    path = tmp_path / "ctr"
    result = cli(
        "create", path, "--scrypt-cost", "16", "--password-stdin",
        "--cipher-combo", "SIV_CTRMAC", "--shortening-threshold", "100",
    )  # fmt: skip
    assert result.code == 0, result.err
    info = json.loads(cli("info", path, "--json").out)
    assert (info["cipher_combo"], info["shortening_threshold"]) == ("SIV_CTRMAC", 100)


def test_create_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = cli("create", target, "--scrypt-cost", "16", "--password-stdin")
    assert result.code == 1
    assert "not empty" in result.err
    assert sorted(os.listdir(target)) == ["keep.txt"]


def test_create_with_a_threshold_out_of_range_is_a_usage_error(tmp_path: Path, cli) -> None:
    target = tmp_path / "v"
    result = cli(
        "create", target, "--scrypt-cost", "16", "--password-stdin", "--shortening-threshold", "5"
    )
    assert result.code == 2
    assert not target.exists()


def test_info_of_a_folder_that_is_not_a_vault_exits_4(tmp_path: Path, cli) -> None:
    result = cli("info", tmp_path)
    assert result.code == 4
    assert result.err.startswith("strongroom: ") and result.err.count("\n") == 1


def test_damaged_config_exits_4(vault: Path, cli) -> None:
    (vault / "vault.cryptomator").write_text("not a jwt")
    assert cli("info", vault).code == 4
    assert cli("ls", vault, "--password-stdin").code == 4


# --- round trip ---------------------------------------------------------------------------


def test_import_ls_cat_export_round_trip(tmp_path: Path, vault: Path, cli) -> None:
    source = tmp_path / "source"
    source.mkdir()
    files = make_tree(source)

    result = cli("import", vault, source, "/data", "--password-stdin")
    assert result.code == 0, result.err
    assert result.err == ""  # no progress line when stderr is not a terminal

    for rel, data in files.items():
        cat = cli("cat", vault, f"/data/{rel}", "--password-stdin")
        assert cat.code == 0, cat.err
        assert cat.out == data

    listing = json.loads(cli("ls", vault, "/data", "-R", "--json", "--password-stdin").out)
    by_path = {row["path"]: row for row in listing}
    assert by_path["/data/three-chunks.bin"]["size"] == 2 * CHUNK + 1000
    assert by_path["/data/three-chunks.bin"]["type"] == "file"
    assert by_path["/data/empty-dir"]["type"] == "dir"
    assert by_path["/data/link-abs"] == {
        "name": "link-abs",
        "path": "/data/link-abs",
        "type": "symlink",
        "size": by_path["/data/link-abs"]["size"],
        "mtime_ns": by_path["/data/link-abs"]["mtime_ns"],
        "target": "/etc",
    }
    assert by_path["/data/sub/link-up"]["target"] == "../empty.txt"
    assert "/data/ünïcødé ☂ name.txt" in by_path
    assert "target" not in by_path["/data/empty.txt"]

    export = tmp_path / "exported"
    result = cli("export", vault, "/data", export, "--password-stdin")
    assert result.code == 0, result.err
    assert describe_tree(export) == describe_tree(source)
    src_mtime = (source / "three-chunks.bin").stat().st_mtime_ns
    assert (export / "three-chunks.bin").stat().st_mtime_ns == src_mtime


def test_export_of_the_root_exports_the_whole_vault(tmp_path: Path, vault: Path, cli) -> None:
    source = tmp_path / "source"
    source.mkdir()
    make_tree(source)
    assert cli("import", vault, source / "sub", "/sub", "--password-stdin").code == 0
    assert cli("import", vault, source / "empty.txt", "/empty.txt", "--password-stdin").code == 0
    out = tmp_path / "all"
    assert cli("export", vault, "/", out, "--password-stdin").code == 0
    assert sorted(os.listdir(out)) == ["empty.txt", "sub"]
    assert describe_tree(out / "sub") == describe_tree(source / "sub")


def test_ls_plain_and_long(tmp_path: Path, vault: Path, cli) -> None:
    source = tmp_path / "source"
    source.mkdir()
    make_tree(source)
    assert cli("import", vault, source, "/d", "--password-stdin").code == 0
    plain = cli("ls", vault, "d", "--password-stdin")
    assert plain.code == 0
    assert plain.text.splitlines() == sorted(os.listdir(source))
    long = cli("ls", vault, "/d", "-l", "--password-stdin").text.splitlines()
    link_line = next(line for line in long if " link-rel" in line)
    assert link_line.startswith("l") and link_line.endswith("link-rel -> three-chunks.bin")
    file_line = next(line for line in long if line.startswith("-") and "three-chunks" in line)
    assert file_line.endswith(" three-chunks.bin") and f" {2 * CHUNK + 1000} " in file_line
    recursive = cli("ls", vault, "/d", "-R", "--password-stdin").text.splitlines()
    assert "/d/sub/nested/deep.txt" in recursive
    assert recursive.index("/d/sub") < recursive.index("/d/sub/nested/deep.txt")
    single = cli("ls", vault, "/d/empty.txt", "--json", "--password-stdin")
    assert [row["path"] for row in json.loads(single.out)] == ["/d/empty.txt"]


def test_import_copies_a_single_file_and_a_single_symlink(tmp_path: Path, vault: Path, cli) -> None:
    (tmp_path / "f.txt").write_bytes(b"hello")
    (tmp_path / "l").symlink_to(tmp_path)  # a link to a folder: copied as a link only
    assert cli("import", vault, tmp_path / "f.txt", "/g.txt", "--password-stdin").code == 0
    assert cli("import", vault, tmp_path / "l", "/l", "--password-stdin").code == 0
    rows = json.loads(cli("ls", vault, "--json", "--password-stdin").out)
    assert {(r["name"], r["type"]) for r in rows} == {("g.txt", "file"), ("l", "symlink")}
    assert cli("cat", vault, "/g.txt", "--password-stdin").out == b"hello"


def test_import_and_export_refuse_an_existing_destination(tmp_path: Path, vault: Path, cli) -> None:
    (tmp_path / "f.txt").write_bytes(b"new")
    assert cli("import", vault, tmp_path / "f.txt", "/f.txt", "--password-stdin").code == 0
    (tmp_path / "f.txt").write_bytes(b"newer")
    again = cli("import", vault, tmp_path / "f.txt", "/f.txt", "--password-stdin")
    assert again.code == 1 and "exists" in again.err
    assert cli("cat", vault, "/f.txt", "--password-stdin").out == b"new"

    taken = tmp_path / "taken"
    taken.write_bytes(b"host file")
    result = cli("export", vault, "/f.txt", taken, "--password-stdin")
    assert result.code == 1 and "exists" in result.err
    assert taken.read_bytes() == b"host file"


def test_import_of_a_missing_source_exits_1(tmp_path: Path, vault: Path, cli) -> None:
    result = cli("import", vault, tmp_path / "nope", "/x", "--password-stdin")
    assert result.code == 1
    assert "nope" in result.err


# --- failures -------------------------------------------------------------------------------


def test_wrong_password_exits_3(vault: Path, cli) -> None:
    result = cli("ls", vault, "--password-stdin", stdin="wrong\n")
    assert result.code == 3
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


def test_missing_path_exits_1_and_names_it(vault: Path, cli) -> None:
    for argv in (("cat", vault, "/nope.txt"), ("ls", vault, "/nope"), ("rm", vault, "/nope")):
        result = cli(*argv, "--password-stdin")
        assert result.code == 1, argv
        assert "/nope" in result.err


def test_missing_password_on_stdin_is_a_usage_error(vault: Path, cli) -> None:
    assert cli("ls", vault, "--password-stdin", stdin="").code == 2


def test_debug_shows_the_traceback(tmp_path: Path, cli) -> None:
    assert "Traceback" not in cli("info", tmp_path).err
    assert "Traceback" in cli("info", tmp_path, "--debug").err


def test_tampered_chunk_cat_exits_1_without_the_bad_bytes(tmp_path: Path, vault: Path, cli) -> None:
    data = _payload(2 * CHUNK + 1000, 7)
    (tmp_path / "big.bin").write_bytes(data)
    (tmp_path / "ok.txt").write_bytes(b"fine")
    assert cli("import", vault, tmp_path / "big.bin", "/big.bin", "--password-stdin").code == 0
    assert cli("import", vault, tmp_path / "ok.txt", "/ok.txt", "--password-stdin").code == 0
    ciphertext = ciphertext_file_of_size(vault, len(data))
    flip_byte(ciphertext, HEADER + CT_CHUNK + 100)  # inside chunk 1 (the second)

    result = cli("cat", vault, "/big.bin", "--password-stdin")
    assert result.code == 1
    assert result.err.startswith("strongroom: /big.bin: ")
    # Whatever was written is authentic and ends before the bad chunk.
    assert len(result.out) <= CHUNK
    assert result.out == data[: len(result.out)]

    out = tmp_path / "out"
    export = cli("export", vault, "/", out, "--password-stdin")
    assert export.code == 1
    assert "/big.bin" in export.err
    # The damaged file is left out entirely, with no temp file behind; the rest is there.
    assert os.listdir(out) == ["ok.txt"]
    assert (out / "ok.txt").read_bytes() == b"fine"


def test_tampered_last_chunk_cat_exits_1(tmp_path: Path, vault: Path, cli) -> None:
    data = _payload(2 * CHUNK + 1000, 8)
    (tmp_path / "big.bin").write_bytes(data)
    assert cli("import", vault, tmp_path / "big.bin", "/big.bin", "--password-stdin").code == 0
    ciphertext = ciphertext_file_of_size(vault, len(data))
    flip_byte(ciphertext, ciphertext.stat().st_size - 1)  # the last chunk's tag
    result = cli("cat", vault, "/big.bin", "--password-stdin")
    assert result.code == 1
    assert result.out == data[: len(result.out)]
    assert len(result.out) <= 2 * CHUNK


# --- editing --------------------------------------------------------------------------------


def test_mkdir_rm_mv(tmp_path: Path, vault: Path, cli) -> None:
    assert cli("mkdir", vault, "/a", "--password-stdin").code == 0
    exists = cli("mkdir", vault, "/a", "--password-stdin")
    assert exists.code == 1 and "/a" in exists.err
    assert cli("mkdir", vault, "-p", "/a/b/c", "/a", "--password-stdin").code == 0
    (tmp_path / "f").write_bytes(b"x" * 10)
    assert cli("import", vault, tmp_path / "f", "/a/b/c/f", "--password-stdin").code == 0

    not_recursive = cli("rm", vault, "/a", "--password-stdin")
    assert not_recursive.code == 1 and "-r" in not_recursive.err

    assert cli("mv", vault, "/a/b/c/f", "/a/g", "--password-stdin").code == 0
    assert cli("mkdir", vault, "/target", "--password-stdin").code == 0
    assert cli("mv", vault, "/a/g", "/target", "--password-stdin").code == 0  # into the folder
    assert cli("cat", vault, "/target/g", "--password-stdin").out == b"x" * 10

    (tmp_path / "h").write_bytes(b"h")
    assert cli("import", vault, tmp_path / "h", "/h", "--password-stdin").code == 0
    clash = cli("mv", vault, "/h", "/target/g", "--password-stdin")
    assert clash.code == 1 and "-f" in clash.err
    assert cli("mv", vault, "-f", "/h", "/target/g", "--password-stdin").code == 0
    assert cli("cat", vault, "/target/g", "--password-stdin").out == b"h"

    assert cli("rm", vault, "-r", "/a", "/target", "--password-stdin").code == 0
    assert json.loads(cli("ls", vault, "--json", "--password-stdin").out) == []
    assert cli("rm", vault, "-r", "/", "--password-stdin").code == 1


def test_rm_removes_a_symlink_not_its_target(tmp_path: Path, vault: Path, cli) -> None:
    (tmp_path / "t.txt").write_bytes(b"t")
    (tmp_path / "ln").symlink_to("t.txt")
    assert cli("import", vault, tmp_path / "t.txt", "/t.txt", "--password-stdin").code == 0
    assert cli("import", vault, tmp_path / "ln", "/ln", "--password-stdin").code == 0
    assert cli("rm", vault, "/ln", "--password-stdin").code == 0
    assert cli("cat", vault, "/t.txt", "--password-stdin").out == b"t"


# --- passwords and recovery -----------------------------------------------------------------


def test_passwd_changes_the_password(vault: Path, cli) -> None:
    assert cli("passwd", vault, "--password-stdin", stdin=f"{PW}\nnew secret\n").code == 0
    assert cli("ls", vault, "--password-stdin").code == 3
    assert cli("ls", vault, "--password-stdin", stdin="new secret\n").code == 0
    wrong_old = cli("passwd", vault, "--password-stdin", stdin="bad\nother\n")
    assert wrong_old.code == 3


def test_recovery_key_reset_sets_a_new_password(vault: Path, cli) -> None:
    words = cli("recovery-key", "show", vault, "--password-stdin").text.strip()
    assert len(words.split()) == 44
    reset = cli("recovery-key", "reset", vault, "--password-stdin", stdin=f"{words}\nfresh pw\n")
    assert reset.code == 0, reset.err
    assert cli("ls", vault, "--password-stdin").code == 3
    assert cli("ls", vault, "--password-stdin", stdin="fresh pw\n").code == 0


def test_recovery_key_of_another_vault_is_refused(tmp_path: Path, vault: Path, cli) -> None:
    other = tmp_path / "other"
    made = cli("create", other, "--scrypt-cost", "16", "--password-stdin", "--show-recovery-key")
    foreign = made.text.strip()
    result = cli("recovery-key", "reset", vault, "--password-stdin", stdin=f"{foreign}\nx1\n")
    assert result.code == 3
    assert cli("ls", vault, "--password-stdin").code == 0  # nothing changed


def test_garbled_recovery_key_exits_3(vault: Path, cli) -> None:
    words = cli("recovery-key", "show", vault, "--password-stdin").text.split()
    garbled = " ".join([*words[:-1], "notaword"])
    result = cli("recovery-key", "reset", vault, "--password-stdin", stdin=f"{garbled}\nx1\n")
    assert result.code == 3


# --- check ----------------------------------------------------------------------------------


def test_check_json_of_a_healthy_vault(tmp_path: Path, vault: Path, cli) -> None:
    (tmp_path / "f").write_bytes(_payload(CHUNK + 5, 3))
    assert cli("import", vault, tmp_path / "f", "/f", "--password-stdin").code == 0
    result = cli("check", vault, "--deep", "--json", "--password-stdin")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["ok"] is True
    assert report["problems"] == []


def test_check_deep_finds_a_tampered_chunk(tmp_path: Path, vault: Path, cli) -> None:
    data = _payload(2 * CHUNK + 1000, 9)
    (tmp_path / "big.bin").write_bytes(data)
    assert cli("import", vault, tmp_path / "big.bin", "/big.bin", "--password-stdin").code == 0
    flip_byte(ciphertext_file_of_size(vault, len(data)), HEADER + CT_CHUNK + 5)
    shallow = cli("check", vault, "--json", "--password-stdin")
    assert json.loads(shallow.out)["ok"] is True
    deep = cli("check", vault, "--deep", "--json", "--password-stdin")
    assert deep.code == 1
    problems = json.loads(deep.out)["problems"]
    assert [p["kind"] for p in problems] == ["damaged_file"]
    text = cli("check", vault, "--deep", "--password-stdin")
    assert text.code == 1 and "damaged_file" in text.text


def test_check_fix_repairs_a_missing_dirid_backup(vault: Path, cli) -> None:
    backups = list((vault / "d").rglob("dirid.c9r"))
    assert len(backups) == 1  # the root folder's
    backups[0].unlink()
    found = json.loads(cli("check", vault, "--json", "--password-stdin").out)
    assert [p["kind"] for p in found["problems"]] == ["missing_dirid_backup"]
    fixed = cli("check", vault, "--fix", "--password-stdin")
    assert fixed.code == 0, fixed.err
    assert "[fixed]" in fixed.text
    assert backups[0].exists()
    assert json.loads(cli("check", vault, "--json", "--password-stdin").out)["problems"] == []


# --- tree copying edge cases ----------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_stderr_only_on_a_terminal(
    tmp_path: Path, vault: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "f").write_bytes(b"12345")
    terminal = _Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = cli("import", vault, tmp_path / "src", "/src", "--password-stdin")
    assert result.code == 0
    assert "\rimported 1 file, 5 B" in terminal.getvalue()
    assert result.out == b""


@pytest.mark.skipif(sys.platform != "linux", reason="needs a filesystem that allows any bytes")
def test_import_reports_a_non_utf8_name_and_copies_the_rest(
    tmp_path: Path, vault: Path, cli
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.txt").write_bytes(b"good")
    with open(os.path.join(os.fsencode(source), b"bad-\xff.txt"), "wb") as f:
        f.write(b"bad")
    os.mkfifo(source / "pipe")
    result = cli("import", vault, source, "/src", "--password-stdin")
    assert result.code == 1
    assert "bad-\\xff.txt: name is not valid UTF-8" in result.err
    assert "pipe" in result.err
    assert "2 entries failed" in result.err
    names = [
        r["name"] for r in json.loads(cli("ls", vault, "/src", "--json", "--password-stdin").out)
    ]
    assert names == ["good.txt"]


def test_ls_recursive_is_depth_first_in_name_order(tmp_path: Path, vault: Path, cli) -> None:
    for name in ("b", "a"):
        (tmp_path / "src" / name / "sub").mkdir(parents=True)
        (tmp_path / "src" / name / "f").write_bytes(b"x")
    assert cli("import", vault, tmp_path / "src", "/src", "--password-stdin").code == 0
    result = cli("ls", vault, "/src", "-R", "--password-stdin")
    assert result.code == 0
    assert result.text.splitlines() == [
        "/src/a", "/src/a/f", "/src/a/sub", "/src/b", "/src/b/f", "/src/b/sub",
    ]  # fmt: skip


def test_cat_refuses_a_folder_and_a_symlink(tmp_path: Path, vault: Path, cli) -> None:
    (tmp_path / "ln").symlink_to("/etc/passwd")
    assert cli("import", vault, tmp_path / "ln", "/ln", "--password-stdin").code == 0
    link = cli("cat", vault, "/ln", "--password-stdin")
    assert link.code == 1 and "symlink" in link.err and link.out == b""
    folder = cli("cat", vault, "/", "--password-stdin")
    assert folder.code == 1 and folder.out == b""


def test_export_memory_stays_bounded(tmp_path: Path, vault: Path, cli) -> None:
    import tracemalloc

    size = 24 * 1024 * 1024
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for i in range(size // (1 << 20)):
            f.write(_payload(1 << 20, i))
    tracemalloc.start()
    try:
        assert cli("import", vault, big, "/big.bin", "--password-stdin").code == 0
        _, import_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        assert cli("export", vault, "/big.bin", tmp_path / "out.bin", "--password-stdin").code == 0
        _, export_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A whole-file buffer would be 24 MiB; streaming keeps a few 1 MiB pieces alive.
    assert import_peak < 8 * 1024 * 1024, import_peak
    assert export_peak < 8 * 1024 * 1024, export_peak
    assert (tmp_path / "out.bin").read_bytes() == big.read_bytes()


def test_import_skips_the_vault_itself(tmp_path: Path, vault: Path, cli) -> None:
    # `vault` lives inside tmp_path: importing tmp_path must not copy the vault into itself.
    (tmp_path / "note.txt").write_bytes(b"n")
    result = cli("import", vault, tmp_path, "/home", "--password-stdin")
    assert result.code == 1
    assert "is the vault itself" in result.err
    rows = json.loads(cli("ls", vault, "/home", "--json", "--password-stdin").out)
    assert [r["name"] for r in rows] == ["note.txt"]
    assert cli("import", vault, vault, "/v", "--password-stdin").code == 1
