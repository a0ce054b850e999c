"""Vault health check: find (and on request safely repair) damage in the ciphertext tree."""

from __future__ import annotations

from vaultengine.health.check import check_vault
from vaultengine.health.report import (
    HealthProgress,
    HealthReport,
    Problem,
    ProblemKind,
    Severity,
)

__all__ = [
    "HealthProgress",
    "HealthReport",
    "Problem",
    "ProblemKind",
    "Severity",
    "check_vault",
]
