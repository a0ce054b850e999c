"""The health check's results: problem kinds, problems, progress and the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ProblemKind(StrEnum):
    """Stable ids: the CLI, the app and scripts match on these strings."""

    MISSING_CONTENT_DIR = "missing_content_dir"
    ORPHAN_CONTENT_DIR = "orphan_content_dir"
    MISSING_DIRID_BACKUP = "missing_dirid_backup"
    WRONG_DIRID_BACKUP = "wrong_dirid_backup"
    DIR_FILE_EMPTY = "dir_file_empty"
    DIR_FILE_TOO_LONG = "dir_file_too_long"
    DIR_FILE_NOT_ASCII = "dir_file_not_ascii"
    DUPLICATE_DIR_ID = "duplicate_dir_id"
    DIR_LOOP = "dir_loop"
    BROKEN_NODE = "broken_node"
    LONG_NAME_MISSING = "long_name_missing"
    LONG_NAME_INVALID = "long_name_invalid"
    LONG_NAME_MISMATCH = "long_name_mismatch"
    LONG_NAME_NO_CONTENT = "long_name_no_content"
    UNDECRYPTABLE_NAME = "undecryptable_name"
    INVALID_NAME = "invalid_name"
    SYNC_CONFLICT = "sync_conflict"
    UNDECRYPTABLE_SYMLINK = "undecryptable_symlink"
    DAMAGED_FILE = "damaged_file"
    EMPTY_CIPHERTEXT_FILE = "empty_ciphertext_file"
    IO_ERROR = "io_error"


# Severity follows from the kind, so a kind always means the same thing to a reader.
_WARNINGS = frozenset(
    {
        ProblemKind.MISSING_DIRID_BACKUP,  # format-7 migrations and pre-2022 folders lack it
        ProblemKind.SYNC_CONFLICT,  # the filesystem resolves these when the folder is listed
        ProblemKind.EMPTY_CIPHERTEXT_FILE,  # may be a cloud-sync placeholder
    }
)


def severity_of(kind: ProblemKind) -> Severity:
    return Severity.WARNING if kind in _WARNINGS else Severity.ERROR


@dataclass
class Problem:
    """One finding. `message` never holds cleartext content; cleartext paths are fine."""

    kind: ProblemKind
    ciphertext_path: str  # relative to the vault root, "/"-separated ("d/AB/CDE…/x.c9r")
    message: str
    fixable: bool = False
    fixed: bool = False
    cleartext_path: str | None = None  # where the walk knows it
    chunks: tuple[int, ...] = ()  # deep mode: numbers of the chunks that failed authentication

    @property
    def severity(self) -> Severity:
        return severity_of(self.kind)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["severity"] = str(self.severity)
        data["chunks"] = list(self.chunks)
        return data


@dataclass(frozen=True)
class HealthProgress:
    """Reported through check_vault's callback: phase "structure", then "content" (deep)."""

    phase: str
    directories_done: int = 0
    files_done: int = 0
    files_total: int = 0  # known in the "content" phase only
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass
class HealthReport:
    problems: list[Problem] = field(default_factory=list)
    directories: int = 0  # content directories walked, the root and orphans included
    files: int = 0
    symlinks: int = 0
    bytes_checked: int = 0  # ciphertext bytes of file contents authenticated (deep mode)
    deep: bool = False

    @property
    def ok(self) -> bool:
        """No error is left: warnings and fixed problems do not count."""
        return not any(p.severity is Severity.ERROR and not p.fixed for p in self.problems)

    def of_kind(self, kind: ProblemKind) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "deep": self.deep,
            "directories": self.directories,
            "files": self.files,
            "symlinks": self.symlinks,
            "bytes_checked": self.bytes_checked,
            "problems": [p.to_json() for p in self.problems],
        }
