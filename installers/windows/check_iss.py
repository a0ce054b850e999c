#!/usr/bin/env python3
"""A structural checker for Inno Setup scripts, for machines without Inno Setup (Linux CI).

    python installers/windows/check_iss.py installers/windows/strongroom.iss

It is no compiler: it catches what breaks a build without a Windows machine at hand — unknown
or misspelt sections and parameters, missing required [Setup] keys and entry parameters,
unbalanced quotes, undefined `{#Name}` preprocessor names, unbalanced #if/#endif and
begin/end in [Code], and files the script names that do not exist.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SETUP_REQUIRED = (
    "AppId",
    "AppName",
    "AppVersion",
    "DefaultDirName",
    "OutputBaseFilename",
    "SetupIconFile",
    "ArchitecturesInstallIn64BitMode",
)
# Entry sections: the parameters Inno Setup knows, and the ones each entry must have.
COMMON_PARAMS = {
    "Languages",
    "MinVersion",
    "OnlyBelowVersion",
    "Check",
    "BeforeInstall",
    "AfterInstall",
    "Components",
    "Tasks",
    "Flags",
}
ENTRY_SECTIONS: dict[str, tuple[set[str], set[str]]] = {
    "Languages": (
        {"Name", "MessagesFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"},
        {"Name", "MessagesFile"},
    ),
    "Tasks": (
        {"Name", "Description", "GroupDescription", "Components", "Check", "Flags", "Languages"},
        {"Name", "Description"},
    ),
    "Files": (
        {
            "Source",
            "DestDir",
            "DestName",
            "Excludes",
            "ExternalSize",
            "CopyMode",
            "Attribs",
            "Permissions",
            "FontInstall",
            "StrongAssemblyName",
        }
        | COMMON_PARAMS,
        {"Source", "DestDir"},
    ),
    "Icons": (
        {
            "Name",
            "Filename",
            "Parameters",
            "WorkingDir",
            "HotKey",
            "Comment",
            "IconFilename",
            "IconIndex",
            "AppUserModelID",
            "AppUserModelToastActivatorCLSID",
        }
        | COMMON_PARAMS,
        {"Name", "Filename"},
    ),
    "Run": (
        {"Filename", "Description", "Parameters", "WorkingDir", "StatusMsg", "RunOnceId", "Verb"}
        | COMMON_PARAMS,
        {"Filename"},
    ),
    "UninstallRun": (
        {"Filename", "Parameters", "WorkingDir", "StatusMsg", "RunOnceId", "Verb"} | COMMON_PARAMS,
        {"Filename", "RunOnceId"},
    ),
    "UninstallDelete": ({"Type", "Name"} | COMMON_PARAMS, {"Type", "Name"}),
    "InstallDelete": ({"Type", "Name"} | COMMON_PARAMS, {"Type", "Name"}),
    "Dirs": ({"Name", "Attribs", "Permissions"} | COMMON_PARAMS, {"Name"}),
    "Registry": (
        {"Root", "Subkey", "ValueType", "ValueName", "ValueData", "Permissions"} | COMMON_PARAMS,
        {"Root", "Subkey"},
    ),
}
KEY_VALUE_SECTIONS = {"Setup", "Messages", "CustomMessages", "LangOptions"}
KNOWN_SECTIONS = set(ENTRY_SECTIONS) | KEY_VALUE_SECTIONS | {"Code", "Types", "Components", "INI"}
PASCAL_OPENERS = {"begin", "case", "try", "record"}
ISPP_NAME = re.compile(r"\{#\s*([A-Za-z_]\w*)\s*\}")


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    sections: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    setup: dict[str, str] = field(default_factory=dict)
    defines: dict[str, str] = field(default_factory=dict)

    def add(self, line_no: int, message: str) -> None:
        self.problems.append(f"{self.path.name}:{line_no}: {message}")


def split_params(text: str) -> list[str] | None:
    """`Name: "a;b"; Flags: x` -> ['Name: "a;b"', 'Flags: x']; None when a quote is unbalanced."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if quoted:
        return None
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def pascal_balance(code: str) -> int:
    """Openers (begin/case/try/record) minus `end`s, outside strings and comments."""
    code = re.sub(r"'(?:[^']|'')*'", "''", code)  # strings
    code = re.sub(r"\{[^}]*\}|\(\*.*?\*\)|//[^\n]*", " ", code, flags=re.S)  # comments
    words = re.findall(r"[A-Za-z_]\w*", code.lower())
    return sum(w in PASCAL_OPENERS for w in words) - words.count("end")


def check(path: Path) -> Report:
    report = Report(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    section: str | None = None
    depth = 0
    external: set[str] = set()  # names tested with #ifndef: supplied with /DName=...
    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith("#"):
            directive = line[1:].split(None, 2)
            keyword = directive[0] if directive else ""
            if keyword in {"if", "ifdef", "ifndef", "ifexist", "ifnexist"}:
                depth += 1
                if keyword == "ifndef" and len(directive) > 1:
                    external.add(directive[1])
            elif keyword == "endif":
                depth -= 1
                if depth < 0:
                    report.add(no, "#endif without #if")
            elif keyword == "define" and len(directive) > 1:
                report.defines[directive[1]] = directive[2] if len(directive) > 2 else ""
            elif keyword not in {
                "error",
                "else",
                "elif",
                "include",
                "pragma",
                "undef",
                "sub",
                "endsub",
                "expr",
                "emit",
            }:
                report.add(no, f"unknown preprocessor directive #{keyword}")
            continue
        for name in ISPP_NAME.findall(raw):
            if name not in report.defines and name not in external:
                report.add(no, f"{{#{name}}} is not defined")
        if section == "Code" and not re.fullmatch(r"\[[A-Za-z]+\]", line):
            report.sections["Code"].append((no, raw))
            continue
        if not line or line.startswith(";"):
            continue
        header = re.fullmatch(r"\[([A-Za-z]+)\]", line)
        if header:
            section = header.group(1)
            if section not in KNOWN_SECTIONS:
                report.add(no, f"unknown section [{section}]")
            if section in report.sections:
                report.add(no, f"section [{section}] appears twice")
            report.sections.setdefault(section, [])
            continue
        if section is None:
            report.add(no, "text before the first section")
            continue
        report.sections.setdefault(section, []).append((no, raw))
        if section in KEY_VALUE_SECTIONS:
            key, sep, value = line.partition("=")
            if not sep or not re.fullmatch(r"[A-Za-z][\w.]*", key.strip()):
                report.add(no, f"[{section}] expects Key=Value")
            elif section == "Setup":
                if key.strip() in report.setup:
                    report.add(no, f"[Setup] {key.strip()} given twice")
                report.setup[key.strip()] = value.strip()
        elif section in ENTRY_SECTIONS:
            _check_entry(report, no, section, line)
    if depth != 0:
        report.add(len(lines), "unbalanced #if/#endif")
    for key in SETUP_REQUIRED:
        if key not in report.setup:
            report.add(0, f"[Setup] lacks {key}")
    code = "\n".join(text for _, text in report.sections.get("Code", []))
    if code and pascal_balance(code) != 0:
        report.add(0, f"[Code]: begin/case/try and end do not balance ({pascal_balance(code):+d})")
    _check_files(report)
    return report


def _check_entry(report: Report, no: int, section: str, line: str) -> None:
    params = split_params(line)
    if params is None:
        report.add(no, "unbalanced double quote")
        return
    known, required = ENTRY_SECTIONS[section]
    names = set()
    for param in params:
        name, sep, _ = param.partition(":")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z]\w*", name):
            report.add(no, f"[{section}] expects `Name: value; ...`, got {param!r}")
            continue
        if name not in known:
            report.add(no, f"[{section}] has no parameter {name}")
        names.add(name)
    for name in sorted(required - names):
        report.add(no, f"[{section}] entry lacks {name}")


def _expand(report: Report, text: str) -> str:
    return ISPP_NAME.sub(lambda m: report.defines.get(m.group(1), "").strip('"'), text)


def _check_files(report: Report) -> None:
    """Files that must exist in the repository (not the PyInstaller output, built on Windows)."""
    for key in ("SetupIconFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"):
        value = report.setup.get(key)
        if value:
            target = report.path.parent / _expand(report, value).replace("\\", "/")
            if not target.is_file():
                report.add(0, f"[Setup] {key} {value} does not exist ({target})")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_iss.py SCRIPT.iss", file=sys.stderr)
        return 2
    report = check(Path(argv[0]))
    for problem in report.problems:
        print(problem)
    print(
        f"{report.path.name}: {len(report.problems)} problem(s), sections: "
        + ", ".join(report.sections)
    )
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
