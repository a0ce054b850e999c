"""Where the test vaults come from and how cheap they are to create."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
FIXTURES = ROOT / "tests" / "fixtures"  # real vaults of other implementations

# Cheap scrypt for tests that create vaults; real vaults in fixtures keep their real cost.
TEST_SCRYPT_COST = 16
# The one switch that lets `strongroom create --scrypt-cost` go below the default (see
# app/cli/main.py WEAK_SCRYPT_FOR_TESTS_ENV); tests/conftest.py sets it for the test process and
# the CLI processes it starts.
WEAK_SCRYPT_FOR_TESTS_ENV = "STRONGROOM_TESTS_ALLOW_WEAK_SCRYPT"
