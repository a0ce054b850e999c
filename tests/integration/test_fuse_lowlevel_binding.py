"""The low-level binding's ctypes layouts against the installed libfuse3 headers.

A tiny C program compiled against fuse_lowlevel.h prints sizeof/offsetof of every struct and
field the binding declares; each must equal what ctypes computed. Needs cc and the libfuse3
headers (Debian: gcc, libfuse3-dev; scripts/dev.py installs them), else skipped.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libfuse3 on Linux")

HEADER = Path("/usr/include/fuse3/fuse_lowlevel.h")


def _binding():  # type: ignore[no-untyped-def]
    from vaultengine.fuse.lowlevel import binding

    return binding


# (C type, ctypes class name in binding, [(C field, ctypes field)]) - bitfields are checked
# by the program below separately (offsetof does not apply to them).
def _structs() -> list[tuple[str, str, list[tuple[str, str]]]]:
    b = _binding()
    ops_fields = [(name, name) for name, _ in b.OPS_FIELDS]
    return [
        ("struct fuse_lowlevel_ops", "LowLevelOps", ops_fields),
        (
            "struct fuse_entry_param",
            "EntryParam",
            [(f, f) for f in ("ino", "generation", "attr", "attr_timeout", "entry_timeout")],
        ),
        (
            "struct fuse_file_info",
            "FileInfo",
            [
                ("flags", "flags"),
                ("fh", "fh"),
                ("lock_owner", "lock_owner"),
                ("poll_events", "poll_events"),
            ],
        ),
        ("struct fuse_ctx", "Ctx", [(f, f) for f in ("uid", "gid", "pid", "umask")]),
        ("struct fuse_forget_data", "ForgetData", [("ino", "ino"), ("nlookup", "nlookup")]),
        (
            "struct stat",
            "Stat",
            [
                (f, f)
                for f in (
                    "st_dev",
                    "st_ino",
                    "st_nlink",
                    "st_mode",
                    "st_uid",
                    "st_gid",
                    "st_rdev",
                    "st_size",
                    "st_blksize",
                    "st_blocks",
                )
            ]
            + [
                ("st_atim", "st_atimespec"),
                ("st_mtim", "st_mtimespec"),
                ("st_ctim", "st_ctimespec"),
            ],
        ),
        (
            "struct statvfs",
            "StatVfs",
            [
                (f, f)
                for f in (
                    "f_bsize",
                    "f_frsize",
                    "f_blocks",
                    "f_bfree",
                    "f_bavail",
                    "f_files",
                    "f_ffree",
                    "f_favail",
                    "f_fsid",
                    "f_flag",
                    "f_namemax",
                )
            ],
        ),
        (
            "struct fuse_buf",
            "FuseBuf",
            [(f, f) for f in ("size", "flags", "mem", "fd", "pos")],
        ),
        ("struct fuse_args", "FuseArgs", [(f, f) for f in ("argc", "argv", "allocated")]),
    ]


# Bits of fuse_file_info set or read by ops.py: the program sets each alone and prints the
# 32-bit word after `flags`.
_FI_BITS = ("direct_io", "keep_cache", "cache_readdir", "noflush")


def _c_program() -> str:
    lines = [
        "#define FUSE_USE_VERSION 34",
        "#include <fuse_lowlevel.h>",
        "#include <sys/stat.h>",
        "#include <sys/statvfs.h>",
        "#include <stddef.h>",
        "#include <stdio.h>",
        "#include <string.h>",
        "int main(void) {",
    ]
    for c_type, py_name, fields in _structs():
        lines.append(f'printf("sizeof {py_name} %zu\\n", sizeof({c_type}));')
        for c_field, py_field in fields:
            lines.append(f'printf("{py_name} {py_field} %zu\\n", offsetof({c_type}, {c_field}));')
    for bit in _FI_BITS:
        lines.append("{ struct fuse_file_info fi; unsigned int w; memset(&fi, 0, sizeof fi);")
        lines.append(f"  fi.{bit} = 1; memcpy(&w, (char *)&fi + sizeof(int), 4);")
        lines.append(f'  printf("bit {bit} %u\\n", w); }}')
    lines.append('printf("version %d\\n", FUSE_VERSION); return 0; }')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def c_layout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not HEADER.exists():
        pytest.skip("needs cc and libfuse3-dev (fuse_lowlevel.h)")
    folder = tmp_path_factory.mktemp("layout")
    source, program = folder / "layout.c", folder / "layout"
    source.write_text(_c_program())
    subprocess.run(
        [cc, "-I", str(HEADER.parent), "-o", str(program), str(source)],
        check=True,
        capture_output=True,
    )
    out = subprocess.run([str(program)], check=True, capture_output=True, text=True).stdout
    layout: dict[str, int] = {}
    for line in out.splitlines():
        *key, value = line.split()
        layout[" ".join(key)] = int(value)
    return layout


def test_struct_sizes_and_offsets_match_the_headers(c_layout: dict[str, int]) -> None:
    b = _binding()
    mismatches = []
    for _, py_name, fields in _structs():
        cls = getattr(b, py_name)
        theirs_size = c_layout[f"sizeof {py_name}"]
        if ctypes.sizeof(cls) != theirs_size:
            mismatches.append(f"sizeof {py_name}: {ctypes.sizeof(cls)} != {theirs_size}")
        for _, py_field in fields:
            ours = getattr(cls, py_field).offset
            theirs = c_layout[f"{py_name} {py_field}"]
            if ours != theirs:
                mismatches.append(f"{py_name}.{py_field}: {ours} != {theirs}")
    assert mismatches == []


def test_file_info_bits_match_the_headers(c_layout: dict[str, int]) -> None:
    b = _binding()
    for bit in _FI_BITS:
        fi = b.FileInfo()
        setattr(fi, bit, 1)
        word = int.from_bytes(bytes(fi)[4:8], sys.byteorder)
        assert word == c_layout[f"bit {bit}"], bit


def test_library_version_matches_the_headers(c_layout: dict[str, int]) -> None:
    """The header's FUSE_VERSION is the loaded library's: the layouts above are the ones used."""
    b = _binding()
    lib = b.LowLevelLib(b.load_libfuse3())
    assert lib.version // 100 == c_layout["version"] // 100 == 3
    assert lib.version % 100 == c_layout["version"] % 100
