"""Bad-input case 25: a recovery-key reset (and a password change) in a vault folder that a
hostile sync peer wrote. Each attack is planted through the vault folder and driven through the
engine API (what the GUI's dialogs call) and a real `strongroom` process:

- `masterkey.cryptomator` (or a backup, or vault.cryptomator) made a symlink to a private file
  outside the vault, a FIFO or a folder: refused with a clear error, nothing written, no byte of
  the outside file copied into the vault, no hang;
- a planted masterkey with scrypt N=2, r=1: the new masterkey still gets the default cost;
- a `kid` naming vault.cryptomator, a backup, the data folder or a path: refused, nothing
  written, and the vault opens again with its old password once its real config is back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine import vault as api
from vaultengine.crypto import MasterKeys, NameCryptor, create_masterkey
from vaultengine.errors import DamagedVaultFileError
from vaultengine.format.config import read_config_unverified
from vaultengine.format.constants import DEFAULT_SCRYPT_BLOCK_SIZE, DEFAULT_SCRYPT_COST
from vaultengine.format.recovery_key import decode_recovery_key

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "vault.cryptomator"
MASTERKEY = "masterkey.cryptomator"
PASSWORD = "old password 1"
NEW_PASSWORD = "new password 2"
FAST = 5.0  # the bound for any call
# A CLI run also pays for starting Python and importing the engine (under a loaded test machine):
# the bound only has to tell "refused" from "blocked forever on a FIFO".
CLI_TIMEOUT = 30.0
SECRET = (
    b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + os.urandom(32).hex().encode()
)


# --- a vault, an outside private file, and what they hold ---------------------------------


@dataclass
class Scene:
    vault: Path
    words: str
    outside: Path  # a private file next to the vault, never to be read into it

    def outside_state(self) -> tuple[bytes, int, int]:
        st = os.stat(self.outside)
        return self.outside.read_bytes(), st.st_size, st.st_mtime_ns


@pytest.fixture
def scene(tmp_path: Path) -> Scene:
    vault = tmp_path / "vault"
    words = api.create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with api.unlock_vault(vault, PASSWORD) as v:
        v.fs.write_file("/keep.txt", b"kept")
    home = tmp_path / "home" / ".ssh"
    home.mkdir(parents=True)
    outside = home / "id_ed25519"
    outside.write_bytes(SECRET)
    os.chmod(outside, 0o600)
    return Scene(vault, words, outside)


def tree(root: Path) -> dict[str, object]:
    """Every entry below `root` without following links: bytes, link target or file type."""
    found: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[rel] = Path(path).read_bytes()
            else:
                found[rel] = ("type", stat.S_IFMT(mode))
    return found


def assert_no_secret_inside(root: Path) -> None:
    for rel, content in tree(root).items():
        if isinstance(content, bytes):
            assert SECRET not in content, f"{rel} holds bytes of the outside private file"


# --- the two ways in: engine API (also the GUI's), CLI process ------------------------------


@dataclass
class Outcome:
    error: BaseException | None  # in-process drivers
    code: int | None  # CLI exit status
    message: str  # the error's text (stderr for the CLI)


def _in_process(call: Callable[[], None]) -> Outcome:
    """Run the call in a daemon thread: a hang fails the test instead of blocking the run."""
    result: list[Outcome] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:  # the outcome is under test
            result.append(Outcome(exc, None, str(exc)))
        else:
            result.append(Outcome(None, None, ""))

    worker = threading.Thread(target=target, daemon=True)
    start = time.monotonic()
    worker.start()
    worker.join(FAST)
    assert not worker.is_alive(), f"the call blocked for more than {FAST} s"
    assert time.monotonic() - start < FAST
    return result[0]


def strongroom(*argv: object, stdin: str, env: dict[str, str] | None = None) -> Outcome:
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv)],
        input=stdin.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env if env is not None else dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=CLI_TIMEOUT,  # a FIFO read would block forever: TimeoutExpired fails the test
    )
    err = run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    return Outcome(None, run.returncode, err)


def reset_via(driver: str, vault: Path, words: str) -> Outcome:
    if driver == "api":
        return _in_process(lambda: api.reset_password(vault, words, NEW_PASSWORD))
    return strongroom(
        "recovery-key", "reset", vault, "--password-stdin", stdin=f"{words}\n{NEW_PASSWORD}\n"
    )


def assert_refused(outcome: Outcome, *fragments: str) -> None:
    if outcome.code is None:
        assert isinstance(outcome.error, DamagedVaultFileError), repr(outcome.error)
    else:
        assert outcome.code == 4, outcome.message  # not a vault / damaged vault files
        assert outcome.message.startswith("strongroom: ") and outcome.message.count("\n") == 1
    for fragment in fragments:
        assert fragment in outcome.message


def assert_succeeded(outcome: Outcome) -> None:
    assert outcome.error is None and outcome.code in (None, 0), outcome.message


DRIVERS = ["api", "cli"]


# --- planted symlinks, FIFOs and folders --------------------------------------------------


def _plant(kind: str, path: Path, scene: Scene) -> None:
    path.unlink(missing_ok=True)
    if kind == "symlink":
        path.symlink_to(scene.outside)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()


KIND_WORDS = {"symlink": "symbolic link", "fifo": "FIFO", "folder": "folder"}
PLANT_SITES = [
    pytest.param(MASTERKEY, False, id="masterkey"),
    pytest.param(MASTERKEY + ".bkup", False, id="masterkey-backup"),
    pytest.param(CONFIG, False, id="config"),
    pytest.param(CONFIG + ".bkup", True, id="config-backup-with-damaged-config"),
]


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
@pytest.mark.parametrize(("name", "damage_config"), PLANT_SITES)
def test_reset_refuses_a_planted_non_regular_vault_file(
    scene: Scene, driver: str, kind: str, name: str, damage_config: bool
) -> None:
    if damage_config:  # the reset then rebuilds vault.cryptomator and backs the old one up
        (scene.vault / CONFIG).write_text("damaged by a sync client")
    _plant(kind, scene.vault / name, scene)
    vault_before, outside_before = tree(scene.vault), scene.outside_state()

    outcome = reset_via(driver, scene.vault, scene.words)

    assert_refused(outcome, name, KIND_WORDS[kind], "nothing was changed")
    assert tree(scene.vault) == vault_before  # nothing written, no backup made
    assert scene.outside_state() == outside_before
    assert_no_secret_inside(scene.vault)


def test_reset_works_again_once_the_planted_file_is_removed(scene: Scene) -> None:
    (scene.vault / MASTERKEY).unlink()
    (scene.vault / MASTERKEY).symlink_to(scene.outside)
    with pytest.raises(DamagedVaultFileError, match="symbolic link"):
        api.reset_password(scene.vault, scene.words, NEW_PASSWORD)
    (scene.vault / MASTERKEY).unlink()  # what the message asks the person to do
    api.reset_password(scene.vault, scene.words, NEW_PASSWORD)
    with api.unlock_vault(scene.vault, NEW_PASSWORD) as v:
        assert v.fs.read_file("/keep.txt") == b"kept"
    assert not (scene.vault / (MASTERKEY + ".bkup")).exists()
    assert_no_secret_inside(scene.vault)


@pytest.mark.parametrize("driver", ["api", "cli"])
def test_password_change_never_follows_a_symlinked_masterkey(scene: Scene, driver: str) -> None:
    # The link leads to a working copy of the real masterkey: following it would unlock, and the
    # backup would then copy an outside file into the vault.
    scene.outside.write_bytes((scene.vault / MASTERKEY).read_bytes())
    (scene.vault / MASTERKEY).unlink()
    (scene.vault / MASTERKEY).symlink_to(scene.outside)
    vault_before, outside_before = tree(scene.vault), scene.outside_state()
    if driver == "api":
        outcome = _in_process(lambda: api.change_password(scene.vault, PASSWORD, NEW_PASSWORD))
    else:
        outcome = strongroom(
            "passwd", scene.vault, "--password-stdin", stdin=f"{PASSWORD}\n{NEW_PASSWORD}\n"
        )
    assert_refused(outcome, MASTERKEY, "symbolic link")
    assert tree(scene.vault) == vault_before
    assert scene.outside_state() == outside_before


def test_password_change_refuses_a_planted_backup_name(scene: Scene) -> None:
    (scene.vault / (MASTERKEY + ".bkup")).symlink_to(scene.outside)
    before = tree(scene.vault)
    with pytest.raises(DamagedVaultFileError, match="symbolic link"):
        api.change_password(scene.vault, PASSWORD, NEW_PASSWORD)
    assert tree(scene.vault) == before
    with api.unlock_vault(scene.vault, PASSWORD) as v:  # the old password still works
        assert v.fs.read_file("/keep.txt") == b"kept"


@pytest.mark.parametrize("name", [MASTERKEY, CONFIG])
def test_vault_identity_and_unlock_do_not_block_on_a_fifo(scene: Scene, name: str) -> None:
    _plant("fifo", scene.vault / name, scene)
    if name == MASTERKEY:  # the app reads the masterkey to fingerprint a vault in its list
        identity = _in_process(lambda: api.vault_identity(scene.vault))
        assert identity.error is None, identity.message
    unlocked = _in_process(lambda: api.unlock_vault(scene.vault, PASSWORD).lock())
    assert isinstance(unlocked.error, DamagedVaultFileError) and "FIFO" in unlocked.message


def test_reset_skips_a_fifo_where_it_looks_for_the_cipher_combo(scene: Scene) -> None:
    # vault.cryptomator missing: the reset detects the combo from the root dirid.c9r.
    hashed = NameCryptor(MasterKeys.from_raw(decode_recovery_key(scene.words))).hash_dir_id("")
    root_dir = scene.vault / "d" / hashed[:2] / hashed[2:]
    (root_dir / "dirid.c9r").unlink()
    os.mkfifo(root_dir / "dirid.c9r")
    (scene.vault / CONFIG).unlink()
    assert_succeeded(reset_via("api", scene.vault, scene.words))
    with api.unlock_vault(scene.vault, NEW_PASSWORD) as v:
        assert v.config.cipher_combo == "SIV_GCM"


# --- planted scrypt parameters ------------------------------------------------------------


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize(
    ("cost", "block_size"),
    [pytest.param(2, 1, id="N2-r1"), pytest.param(1 << 20, 8, id="N2^20-r8")],
)
def test_reset_never_takes_scrypt_parameters_from_the_old_masterkey(
    scene: Scene, driver: str, cost: int, block_size: int
) -> None:
    # Anyone can write a well-formed masterkey file with any parameters: nobody can check it
    # during a reset (the password is what was lost).
    doc = json.loads(create_masterkey(MasterKeys.generate(), "attacker", scrypt_cost=2))
    doc["scryptCostParam"], doc["scryptBlockSize"] = cost, block_size
    planted = json.dumps(doc).encode()
    (scene.vault / MASTERKEY).write_bytes(planted)

    assert_succeeded(reset_via(driver, scene.vault, scene.words))

    doc = json.loads((scene.vault / MASTERKEY).read_bytes())
    assert doc["scryptCostParam"] >= DEFAULT_SCRYPT_COST
    assert doc["scryptBlockSize"] >= DEFAULT_SCRYPT_BLOCK_SIZE
    # Always exactly the defaults: the planted file has no say in either direction.
    assert (doc["scryptCostParam"], doc["scryptBlockSize"], doc["version"]) == (32768, 8, 999)
    assert (scene.vault / (MASTERKEY + ".bkup")).read_bytes() == planted  # a regular file
    with api.unlock_vault(scene.vault, NEW_PASSWORD) as v:
        assert v.fs.read_file("/keep.txt") == b"kept"


# --- planted key ids ----------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def forged_config(scene: Scene, kid: str, raw_key: bytes) -> str:
    """The vault's own claims under a header with `kid`, signed with `raw_key`."""
    _header, payload = read_config_unverified((scene.vault / CONFIG).read_text())
    header = {"kid": kid, "alg": "HS256", "typ": "JWT"}
    signing_input = (
        f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(payload).encode())}"
    )
    sig = hmac.new(raw_key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(sig)}"


HOSTILE_KIDS = [
    pytest.param("masterkeyfile:vault.cryptomator", id="the-config"),
    pytest.param("masterkeyfile:VAULT.cryptomator", id="the-config-other-case"),
    pytest.param("masterkeyfile:vault.cryptomator.", id="the-config-trailing-dot"),
    pytest.param("masterkeyfile:masterkey.cryptomator.bkup", id="a-backup"),
    pytest.param("masterkeyfile:vault.cryptomator.bkup", id="the-config-backup"),
    pytest.param("masterkeyfile:d", id="the-data-folder"),
    pytest.param("masterkeyfile:.masterkey.cryptomator.abc123.tmp", id="a-temp-file"),
    pytest.param("masterkeyfile:../masterkey.cryptomator", id="a-relative-path"),
    pytest.param("masterkeyfile:{outside}", id="an-absolute-path"),
]


@pytest.mark.parametrize("signer", ["foreign", "own"])
@pytest.mark.parametrize("kid", HOSTILE_KIDS)
def test_reset_refuses_a_kid_naming_a_vault_file_or_a_path(
    scene: Scene, kid: str, signer: str
) -> None:
    # "foreign": a planted config (the peer lacks the keys); "own": signed with the vault's real
    # key, as only a holder of the keys could, and still refused.
    genuine = (scene.vault / CONFIG).read_bytes()
    raw = decode_recovery_key(scene.words) if signer == "own" else os.urandom(64)
    (scene.vault / CONFIG).write_text(forged_config(scene, kid.format(outside=scene.outside), raw))
    before, outside_before = tree(scene.vault), scene.outside_state()

    outcome = reset_via("api", scene.vault, scene.words)

    assert_refused(outcome, "key id", "changed nothing")
    assert tree(scene.vault) == before  # vault.cryptomator and the masterkey byte for byte
    assert scene.outside_state() == outside_before
    (scene.vault / CONFIG).write_bytes(genuine)
    with api.unlock_vault(scene.vault, PASSWORD) as v:
        assert v.fs.read_file("/keep.txt") == b"kept"


@pytest.mark.parametrize(
    "kid",
    [
        pytest.param("masterkeyfile:vault.cryptomator", id="the-config"),
        pytest.param("masterkeyfile:masterkey.cryptomator.bkup", id="a-backup"),
        pytest.param("masterkeyfile:sub/masterkey.cryptomator", id="a-path"),
    ],
)
def test_reset_refuses_a_hostile_kid_through_the_cli(scene: Scene, kid: str) -> None:
    # Through the API (which the GUI's dialogs call): test_reset_refuses_a_kid_naming_…_or_a_path.
    genuine = (scene.vault / CONFIG).read_bytes()
    (scene.vault / CONFIG).write_text(forged_config(scene, kid, os.urandom(64)))
    before = tree(scene.vault)
    assert_refused(reset_via("cli", scene.vault, scene.words), "key id")
    assert tree(scene.vault) == before
    (scene.vault / CONFIG).write_bytes(genuine)
    with api.unlock_vault(scene.vault, PASSWORD) as v:
        assert v.fs.read_file("/keep.txt") == b"kept"


def test_a_refused_kid_can_be_cleared_by_moving_the_config_away(scene: Scene) -> None:
    (scene.vault / CONFIG).write_text(
        forged_config(scene, "masterkeyfile:vault.cryptomator", os.urandom(64))
    )
    with pytest.raises(DamagedVaultFileError, match=r"move vault\.cryptomator out"):
        api.reset_password(scene.vault, scene.words, NEW_PASSWORD)
    (scene.vault / CONFIG).rename(scene.vault.parent / "planted-config")
    api.reset_password(scene.vault, scene.words, NEW_PASSWORD)  # rebuilt with the default name
    assert api.vault_info(scene.vault).masterkey_filename == MASTERKEY
    with api.unlock_vault(scene.vault, NEW_PASSWORD) as v:
        assert v.fs.read_file("/keep.txt") == b"kept"


def test_unlock_refuses_a_kid_naming_the_config_even_when_validly_signed(scene: Scene) -> None:
    raw = decode_recovery_key(scene.words)
    (scene.vault / CONFIG).write_text(forged_config(scene, "masterkeyfile:vault.cryptomator", raw))
    with pytest.raises(DamagedVaultFileError, match="key id"):
        api.vault_info(scene.vault)
    with pytest.raises(DamagedVaultFileError, match="key id"):
        api.unlock_vault(scene.vault, PASSWORD)


# --- the scrypt override works in tests only ------------------------------------------------


def _env_outside_tests() -> dict[str, str]:
    """The environment of a person's shell: no test switch, but a stray override set."""
    env = {k: v for k, v in os.environ.items() if k != "STRONGROOM_TESTS_ALLOW_WEAK_SCRYPT"}
    env.update(PYTHONPATH=str(ROOT), STRONGROOM_SCRYPT_COST="16")
    return env


def _cost_of(vault: Path) -> int:
    return int(json.loads((vault / MASTERKEY).read_bytes())["scryptCostParam"])


def test_cli_cannot_create_a_weak_vault_outside_the_tests(tmp_path: Path) -> None:
    env = _env_outside_tests()
    plain = strongroom("create", tmp_path / "a", "--password-stdin", stdin=f"{PASSWORD}\n", env=env)
    assert plain.code == 0, plain.message
    assert _cost_of(tmp_path / "a") == DEFAULT_SCRYPT_COST  # the stray variable is ignored

    weak = strongroom(
        "create", tmp_path / "b", "--scrypt-cost", "16", "--password-stdin",
        stdin=f"{PASSWORD}\n", env=env,
    )  # fmt: skip
    assert weak.code == 2 and "at least the default 32768" in weak.message
    assert not (tmp_path / "b").exists()

    stronger = strongroom(
        "create", tmp_path / "c", "--scrypt-cost", "65536", "--password-stdin",
        stdin=f"{PASSWORD}\n", env=env,
    )  # fmt: skip
    assert stronger.code == 0, stronger.message
    assert _cost_of(tmp_path / "c") == 65536


def test_the_test_suite_switch_is_the_one_the_cli_reads() -> None:
    from app.cli import main as cli_main
    from tests.helpers import vaults

    assert cli_main.WEAK_SCRYPT_FOR_TESTS_ENV == vaults.WEAK_SCRYPT_FOR_TESTS_ENV
    assert os.environ[vaults.WEAK_SCRYPT_FOR_TESTS_ENV] == "1"


@pytest.mark.gui
def test_gui_wizard_ignores_the_scrypt_environment_variable(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui.create_wizard import CreateVaultWizard
    from app.services import tasks
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STRONGROOM_SCRYPT_COST", "16")
    wizard = CreateVaultWizard(VaultController(SettingsStore()), default_location=str(tmp_path))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.name.setText("Made in the app")
    wizard.next()
    wizard.password_page.password.setText("Tr4vel-2019 Lisbon & Porto!")
    wizard.password_page.confirm.setText("Tr4vel-2019 Lisbon & Porto!")
    wizard.next()  # creates the vault in the background
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=15000)
    tasks.wait_for_tasks()
    assert _cost_of(tmp_path / "Made in the app") == DEFAULT_SCRYPT_COST
