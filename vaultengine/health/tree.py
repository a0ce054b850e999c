"""Structural walk of the ciphertext tree from a content folder along dir.c9r links."""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vaultengine.atomic import atomic_write
from vaultengine.crypto import ContentCryptor, NameCryptor
from vaultengine.errors import AuthenticationFailedError
from vaultengine.format.constants import (
    CIPHERTEXT_SUFFIX,
    CONTENTS_FILE,
    DIR_FILE,
    DIRID_FILE,
    LONG_NAME_SUFFIX,
    MAX_DIR_FILE_BYTES,
    MAX_DIR_ID_LENGTH,
    MAX_NAME_FILE_BYTES,
    MAX_SYMLINK_TARGET_CHARS,
    NAME_FILE,
    SYMLINK_FILE,
)
from vaultengine.health import nodes
from vaultengine.health.report import HealthProgress, HealthReport, Problem, ProblemKind

Fix = Callable[[], None]


@dataclass(frozen=True)
class FileItem:
    """A file node whose content the deep check authenticates."""

    path: Path
    rel: str
    size: int
    cleartext_path: str | None


@dataclass(frozen=True)
class _DirTask:
    hash32: str
    dir_id: str | None  # None: an orphan whose ID is unknown, so names cannot be checked
    cleartext_path: str | None
    ancestors: frozenset[str]  # hashes, so loops are found even below orphans of unknown ID


@dataclass
class TreeWalker:
    vault_root: Path
    names: NameCryptor
    content: ContentCryptor
    report: HealthReport
    progress: Callable[[HealthProgress], None] | None = None
    files: list[FileItem] = field(default_factory=list)
    fixes: list[tuple[Problem, Fix]] = field(default_factory=list)
    # content-folder hash -> ciphertext path of the first node that points at it
    seen: dict[str, str] = field(default_factory=dict)

    # -- helpers ------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.vault_root).as_posix()

    def content_dir(self, hash32: str) -> Path:
        return self.vault_root / nodes.content_dir_rel(hash32)

    def add(
        self,
        kind: ProblemKind,
        path: Path | str,
        message: str,
        *,
        fixable: bool = False,
        cleartext_path: str | None = None,
    ) -> Problem:
        rel = path if isinstance(path, str) else self.rel(path)
        problem = Problem(kind, rel, message, fixable=fixable, cleartext_path=cleartext_path)
        self.report.problems.append(problem)
        return problem

    def add_fixable(
        self, kind: ProblemKind, path: Path, message: str, fix: Fix, cleartext_path: str | None
    ) -> None:
        problem = self.add(kind, path, message, fixable=True, cleartext_path=cleartext_path)
        self.fixes.append((problem, fix))

    # -- the walk from the root -----------------------------------------------------------
    def walk_root(self) -> None:
        root_hash = self.names.hash_dir_id("")
        self.seen[root_hash] = "(vault root)"
        if not nodes.is_content_folder(self.vault_root, root_hash):
            self.add(
                ProblemKind.MISSING_CONTENT_DIR,
                nodes.content_dir_rel(root_hash),
                "the root directory's content folder is missing: the vault shows nothing",
                cleartext_path="/",
            )
            return
        self._walk(_DirTask(root_hash, "", "/", frozenset()))

    def walk_orphan(self, hash32: str, dir_id: str | None) -> None:
        """Walk an orphan content folder (names are checked only when its ID is known)."""
        self._walk(_DirTask(hash32, dir_id, None, frozenset()))

    def _walk(self, start: _DirTask) -> None:
        stack = [start]
        while stack:
            task = stack.pop()
            stack.extend(reversed(self._check_dir(task)))
            self.report.directories += 1
            if self.progress is not None:
                self.progress(
                    HealthProgress(
                        "structure",
                        directories_done=self.report.directories,
                        files_done=self.report.files,
                    )
                )

    def _check_dir(self, task: _DirTask) -> list[_DirTask]:
        folder = self.content_dir(task.hash32)
        if task.dir_id is not None:
            self._check_dirid(folder, task.dir_id, task.cleartext_path)
        try:
            entries = nodes.list_folder(self.vault_root, folder)
        except OSError as e:
            self.add(ProblemKind.IO_ERROR, folder, f"cannot list the content folder: {e.strerror}")
            return []
        children: list[_DirTask] = []
        for name in entries:
            if not nodes.is_node_name(name):
                continue
            try:
                child = self._check_node(folder / name, task)
            except OSError as e:
                self.add(ProblemKind.IO_ERROR, folder / name, f"cannot read the node: {e.strerror}")
                continue
            if child is not None:
                children.append(child)
        return children

    # -- dirid.c9r ----------------------------------------------------------------------
    def _check_dirid(self, folder: Path, dir_id: str, cleartext_path: str | None) -> None:
        path = folder / DIRID_FILE
        where = f" of {cleartext_path}" if cleartext_path else ""

        def rewrite() -> None:
            atomic_write(path, self.content.encrypt_file(dir_id.encode("ascii")))

        st = nodes.lstat_or_none(path)
        if st is None:
            self.add_fixable(
                ProblemKind.MISSING_DIRID_BACKUP,
                path,
                f"the directory ID backup{where} is missing (normal for folders made before 2022"
                " or migrated from format 7)",
                rewrite,
                cleartext_path=cleartext_path,
            )
            return
        if not stat.S_ISREG(st.st_mode):
            self.add(
                ProblemKind.WRONG_DIRID_BACKUP,
                path,
                f"the directory ID backup{where} is not a regular file",
                cleartext_path=cleartext_path,
            )
            return
        found = self.read_dirid(path)
        if found != dir_id:
            detail = "fails authentication" if found is None else "names another directory"
            self.add_fixable(
                ProblemKind.WRONG_DIRID_BACKUP,
                path,
                f"the directory ID backup{where} {detail}",
                rewrite,
                cleartext_path=cleartext_path,
            )

    def read_dirid(self, path: Path) -> str | None:
        """The ID a dirid.c9r holds, or None when it is unreadable or fails authentication."""
        limit = self.content.ciphertext_size(MAX_DIR_ID_LENGTH) + self.content.chunk_overhead
        try:
            data = nodes.read_limited(path, limit)
            if len(data) > limit:
                return None
            return self.content.decrypt_file(data, ciphertext_path=self.rel(path)).decode("ascii")
        except (OSError, UnicodeDecodeError):  # AuthenticationFailedError is an OSError
            return None

    # -- one node -------------------------------------------------------------------------
    def _check_node(self, node: Path, task: _DirTask) -> _DirTask | None:
        cleartext_path = self._check_name(node, task)
        st = node.lstat()
        if node.name.endswith(CIPHERTEXT_SUFFIX) and stat.S_ISREG(st.st_mode):
            self._add_file(node, st.st_size, cleartext_path)
            return None
        if not stat.S_ISDIR(st.st_mode):
            self.add(ProblemKind.BROKEN_NODE, node, "node is neither a file nor a folder")
            return None
        # cryptofs's order: dir.c9r, then symlink.c9r, then (.c9s only) contents.c9r.
        if nodes.lstat_or_none(node / DIR_FILE) is not None:
            return self._check_dir_node(node, task, cleartext_path)
        if nodes.lstat_or_none(node / SYMLINK_FILE) is not None:
            self._check_symlink(node / SYMLINK_FILE, cleartext_path)
            return None
        contents = node / CONTENTS_FILE
        if node.name.endswith(LONG_NAME_SUFFIX):
            if nodes.is_regular(contents):
                self._add_file(contents, contents.lstat().st_size, cleartext_path)
                return None
            self.add(
                ProblemKind.LONG_NAME_NO_CONTENT,
                node,
                "long-name node has no contents.c9r, dir.c9r or symlink.c9r",
                cleartext_path=cleartext_path,
            )
            return None
        self.add(
            ProblemKind.BROKEN_NODE,
            node,
            "node folder has neither dir.c9r nor symlink.c9r",
            cleartext_path=cleartext_path,
        )
        return None

    def _add_file(self, path: Path, size: int, cleartext_path: str | None) -> None:
        self.report.files += 1
        self.files.append(FileItem(path, self.rel(path), size, cleartext_path))

    def _check_name(self, node: Path, task: _DirTask) -> str | None:
        """Check the node's name; its cleartext path where the name decrypts."""
        if node.name.endswith(LONG_NAME_SUFFIX):
            full = self._read_long_name(node)
            if full is None:
                return None
        else:
            full = node.name
        base = full[: -len(CIPHERTEXT_SUFFIX)]
        canonical = nodes.conflict_canonical(base)
        if canonical is not None:
            self.add(
                ProblemKind.SYNC_CONFLICT,
                node,
                "cloud-sync conflict copy: resolved when a writable session lists the folder",
            )
            return None
        if task.dir_id is None:
            return None
        try:
            name = self.names.decrypt_name(base, task.dir_id)
        except AuthenticationFailedError:
            where = f" in {task.cleartext_path}" if task.cleartext_path else ""
            self.add(
                ProblemKind.UNDECRYPTABLE_NAME,
                node,
                f"name fails authentication{where} (damaged, or moved from another folder)",
            )
            return None
        if not nodes.is_usable_name(name):
            self.add(ProblemKind.INVALID_NAME, node, "name decrypts to an unusable file name")
            return None
        if task.cleartext_path is None:
            return None
        return task.cleartext_path.rstrip("/") + "/" + name

    def _read_long_name(self, node: Path) -> str | None:
        """The full ciphertext name from name.c9s, checked against the folder name."""
        name_file = node / NAME_FILE
        if not nodes.is_regular(name_file):
            self.add(ProblemKind.LONG_NAME_MISSING, node, "long-name node has no name.c9s")
            return None
        data = nodes.read_limited(name_file, MAX_NAME_FILE_BYTES)
        try:
            full = data.decode("utf-8")
        except UnicodeDecodeError:
            full = ""
        if len(data) > MAX_NAME_FILE_BYTES or not full.endswith(CIPHERTEXT_SUFFIX):
            self.add(ProblemKind.LONG_NAME_INVALID, name_file, "name.c9s is not a .c9r name")
            return None
        if nodes.shortened_name(full) != node.name:
            self.add(
                ProblemKind.LONG_NAME_MISMATCH,
                node,
                "folder name does not match the SHA-1 of its name.c9s",
            )
            return None
        return full

    def _check_symlink(self, path: Path, cleartext_path: str | None) -> None:
        self.report.symlinks += 1
        limit = self.content.ciphertext_size(4 * MAX_SYMLINK_TARGET_CHARS)
        where = f" {cleartext_path}" if cleartext_path else ""
        try:
            data = nodes.read_limited(path, limit)
            if len(data) > limit:
                raise ValueError("symlink target too long")
            target = self.content.decrypt_file(data, ciphertext_path=self.rel(path)).decode()
            if not target or len(target) > MAX_SYMLINK_TARGET_CHARS:
                raise ValueError("symlink target empty or too long")
        except (AuthenticationFailedError, ValueError):  # UnicodeDecodeError is a ValueError
            self.add(
                ProblemKind.UNDECRYPTABLE_SYMLINK,
                path,
                f"the target of symlink{where} cannot be decrypted",
                cleartext_path=cleartext_path,
            )

    def _check_dir_node(
        self, node: Path, task: _DirTask, cleartext_path: str | None
    ) -> _DirTask | None:
        dir_file = node / DIR_FILE
        if not nodes.is_regular(dir_file):
            self.add(ProblemKind.BROKEN_NODE, dir_file, "dir.c9r is not a regular file")
            return None
        parsed = nodes.parse_dir_file(nodes.read_limited(dir_file, MAX_DIR_FILE_BYTES))
        where = f" of {cleartext_path}" if cleartext_path else ""
        if parsed.problem is not None:
            messages = {
                "dir_file_empty": f"dir.c9r{where} is empty",
                "dir_file_too_long": f"dir.c9r{where} is longer than a directory ID",
                "dir_file_not_ascii": f"dir.c9r{where} is not an ASCII directory ID",
            }
            self.add(
                ProblemKind(parsed.problem),
                dir_file,
                messages[parsed.problem],
                cleartext_path=cleartext_path,
            )
        if parsed.dir_id is None:
            return None
        if nodes.is_identical_conflict_copy(node, parsed.dir_id):
            return None  # the conflict report covers it; following would report a duplicate
        child_hash = self.names.hash_dir_id(parsed.dir_id)
        rel = self.rel(dir_file)
        if child_hash in task.ancestors or child_hash == task.hash32:
            self.add(
                ProblemKind.DIR_LOOP,
                dir_file,
                f"directory{where} points at one of its own ancestors (a loop)",
                cleartext_path=cleartext_path,
            )
            return None
        if child_hash in self.seen:
            self.add(
                ProblemKind.DUPLICATE_DIR_ID,
                dir_file,
                f"directory{where} has the same directory ID as {self.seen[child_hash]}",
                cleartext_path=cleartext_path,
            )
            return None
        self.seen[child_hash] = rel
        if not nodes.is_content_folder(self.vault_root, child_hash):
            self.add(
                ProblemKind.MISSING_CONTENT_DIR,
                dir_file,
                f"the content folder{where} ({nodes.content_dir_rel(child_hash)}) is missing",
                cleartext_path=cleartext_path,
            )
            return None
        return _DirTask(child_hash, parsed.dir_id, cleartext_path, task.ancestors | {task.hash32})
