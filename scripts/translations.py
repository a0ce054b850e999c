#!/usr/bin/env python3
"""The app's translation catalogues (resources/translations): the desktop app's with Qt's own
tools, the command line's with gettext (scripts/cli_catalogues.py, no tool needed).

    scripts/translations.py update    # texts of the code -> strongroom_<lang>.ts, cli/<lang>.po
    scripts/translations.py compile   # .ts -> .qm (pyside6-lrelease), .po -> .mo (in Python)
    scripts/translations.py check     # what the translation tests check, as a report
    ... --part gui | cli              # only one of the two

`update` adds new texts as unfinished (empty in a .po) and drops texts the code no longer has;
translate those entries in the .ts files (by hand or with pyside6-linguist) and in
cli/{de,fr,es}.po (by hand or with any PO editor), then `compile` and commit the .ts, .qm, .po
and .mo files. English gets plural forms only ("1 file", "2 files"): in the .ts file for the
app, by gettext's ngettext() for the CLI. The Qt tools come with the PySide6 wheel (beside this
Python, or on PATH).

The command line's messages are not in the Qt catalogues: the CLI must run without PySide6 (it
is an optional dependency), so they go through gettext (app/cli/i18n.py) instead.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import cli_catalogues

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
PREFIX = "strongroom_"
LANGUAGES = ("de", "fr", "es")  # full translations
PLURAL_ONLY = ("en",)  # the source language: plural forms only
SOURCE_DIRS = ("app/gui", "app/services")
SOURCE_FILES = ("app/i18n.py",)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n|%\d")
MNEMONIC = re.compile(r"&(?!&)")
TAG = re.compile(r"</?[a-z0-9]+")


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e '.[gui,dev]')")
    return found


def sources() -> list[str]:
    files = [str(p.relative_to(ROOT)) for d in SOURCE_DIRS for p in sorted((ROOT / d).glob("*.py"))]
    return files + list(SOURCE_FILES)


def ts_path(language: str, folder: Path = TS_DIR) -> Path:
    return folder / f"{PREFIX}{language}.ts"


def plural_calls(files: list[str]) -> list[tuple[str, str, str | None]]:
    """(context, text, disambiguation) of every translate_n() call with literal texts.

    lupdate's Python parser marks a text as plural only when the count is a literal number, so
    these calls are handed to it again as translate(context, text, disambiguation, 1)."""
    found = []
    for name in files:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"), name)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "translate_n"):
                continue
            literals = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if len(literals) < 3 or not all(isinstance(v, str) for v in literals[:2]):
                raise SystemExit(f"{name}:{node.lineno}: translate_n needs literal texts")
            disambiguation = literals[3] if len(literals) > 3 else None
            found.append((literals[0], literals[1], disambiguation))
    return found


def update(folder: Path = TS_DIR) -> None:
    """Merge the code's texts into the .ts files of `folder` (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plurals = Path(tmp) / "plurals.py"
        plurals.write_text(
            "".join(f"translate({c!r}, {t!r}, {d!r}, 1)\n" for c, t, d in plural_calls(sources())),
            encoding="utf-8",
        )
        _lupdate(folder, [*sources(), str(plurals)])


def _lupdate(folder: Path, files: list[str]) -> None:
    common = ["-locations", "none", "-no-obsolete", "-silent", *files]
    for language in LANGUAGES + PLURAL_ONLY:
        extra = ["-pluralonly"] if language in PLURAL_ONLY else []
        subprocess.run(
            [tool("pyside6-lupdate"), *common, *extra, "-source-language", "en",
             "-target-language", language, "-ts", str(ts_path(language, folder))],
            cwd=ROOT, check=True,
        )  # fmt: skip


def compile_catalogues(folder: Path = TS_DIR, out: Path | None = None) -> list[Path]:
    """Compile every .ts of `folder` into a .qm in `out` (the same folder by default)."""
    out = out or folder
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in sorted(folder.glob(f"{PREFIX}*.ts")):
        qm = out / ts.with_suffix(".qm").name
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", "-removeidentical", str(ts), "-qm", str(qm)],
            check=True,
        )
        written.append(qm)
    return written


@dataclass
class Entry:
    context: str
    source: str
    forms: list[str]  # one translation, or the plural forms
    kind: str  # the translation's type: "" (finished), unfinished, vanished, obsolete
    numerus: bool


def read_ts(path: Path) -> list[Entry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = [form.text or "" for form in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""]
            entries.append(
                Entry(
                    name,
                    message.findtext("source") or "",
                    forms,
                    translation.get("type", ""),
                    numerus,
                )
            )
    return entries


def problems_of(entry: Entry) -> list[str]:
    """What is wrong with one translation: unfinished, empty, or other placeholders."""
    where = f"{entry.context}: {entry.source!r}"
    if entry.kind:
        return [f"{where} is {entry.kind}"]
    found = []
    for form in entry.forms:
        if not form.strip():
            found.append(f"{where} has an empty translation")
            continue
        if sorted(set(PLACEHOLDER.findall(form))) != sorted(set(PLACEHOLDER.findall(entry.source))):
            found.append(f"{where}: the placeholders differ in {form!r}")
        if len(MNEMONIC.findall(form)) != len(MNEMONIC.findall(entry.source)):
            found.append(f"{where}: the & shortcut differs in {form!r}")
        if sorted(TAG.findall(form)) != sorted(TAG.findall(entry.source)):
            found.append(f"{where}: the markup differs in {form!r}")
    return found


def check(folder: Path = TS_DIR) -> list[str]:
    """Problems of the committed catalogues against the code; empty when all is well."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "ts"
        shutil.copytree(folder, fresh)
        update(fresh)
        for language in LANGUAGES + PLURAL_ONLY:
            entries = read_ts(ts_path(language, fresh))
            if not entries:
                found.append(f"{language}: no texts")
            found += [f"{language}: {p}" for e in entries for p in problems_of(e)]
            if ts_path(language, fresh).read_bytes() != ts_path(language, folder).read_bytes():
                found.append(f"{language}: the .ts file is not up to date (run update)")
        compiled = Path(tmp) / "qm"
        for qm in compile_catalogues(folder, compiled):
            committed = folder / qm.name
            if not committed.exists() or committed.read_bytes() != qm.read_bytes():
                found.append(f"{qm.name} is not compiled from its .ts (run compile)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("command", choices=("update", "compile", "check"))
    parser.add_argument("--part", choices=("all", "gui", "cli"), default="all")
    args = parser.parse_args(argv)
    gui, cli = args.part in ("all", "gui"), args.part in ("all", "cli")
    if args.command == "update":
        if gui:
            update()
        if cli:
            cli_catalogues.update()
    elif args.command == "compile":
        compiled = (compile_catalogues() if gui else []) + (
            cli_catalogues.compile_catalogues() if cli else []
        )
        for path in compiled:
            print(path.relative_to(ROOT))
    else:
        found = (check() if gui else []) + (cli_catalogues.check() if cli else [])
        print("\n".join(found) or "translations complete and compiled")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
