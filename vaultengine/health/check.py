"""check_vault: run the structural walk, optional repairs, and the optional deep content check."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

from vaultengine.crypto import MasterKeys, NameCryptor, content_cryptor
from vaultengine.errors import VaultError
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import VaultLayout
from vaultengine.health.deep import check_contents
from vaultengine.health.orphans import find_orphans
from vaultengine.health.recovery import OrphanRecovery
from vaultengine.health.report import HealthProgress, HealthReport, Problem
from vaultengine.health.tree import TreeWalker

log = logging.getLogger(__name__)


def check_vault(
    vault_root: str | os.PathLike[str],
    keys: MasterKeys,
    config: VaultConfig,
    *,
    deep: bool = False,
    fix: bool = False,
    progress: Callable[[HealthProgress], None] | None = None,
) -> HealthReport:
    """Check the ciphertext tree of an unlocked vault; repair safe problems when `fix` is set.

    Run it while the vault is not mounted: repairs write below `d/` directly.
    """
    root = Path(vault_root)
    names = NameCryptor(keys)
    content = content_cryptor(config.cipher_combo, keys)
    report = HealthReport(deep=deep)
    walker = TreeWalker(root, names, content, report, progress)
    walker.walk_root()
    orphans = find_orphans(walker)
    if fix:
        for problem, repair in walker.fixes:
            _apply(problem, repair)
        layout = VaultLayout(root, keys, config, names=names, content=content)
        recovery = OrphanRecovery(layout)
        for orphan in orphans:
            _apply(orphan.problem, functools.partial(recovery.adopt, orphan.hash32, orphan.dir_id))
    if deep:
        files = walker.files
        if any(o.problem.fixed for o in orphans):
            # Recovery may have moved nodes: authenticate them where they are now.
            rewalk = TreeWalker(root, names, content, HealthReport())
            rewalk.walk_root()
            find_orphans(rewalk)
            files = rewalk.files
        check_contents(files, content, report, progress)
    return report


def _apply(problem: Problem, repair: Callable[[], None]) -> None:
    try:
        repair()
    except (OSError, VaultError) as e:
        log.warning("repair of %s failed: %s", problem.ciphertext_path, e)
        problem.message += f" (repair failed: {e})"
        return
    problem.fixed = True
