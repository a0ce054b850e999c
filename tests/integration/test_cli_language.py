"""The strongroom command in another language, as a real process: LANGUAGE decides the help
and the messages (gettext), while --json output and exit codes stay the same in every one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PW = "language pw"


def strongroom(
    *argv: object, language: str = "en", stdin: str = f"{PW}\n"
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANGUAGE=language)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("language") / "vault"
    made = strongroom(
        "create", path, "--scrypt-cost", "16", "--password-stdin", language="de", stdin=f"{PW}\n"
    )
    assert made.returncode == 0, made.stderr
    assert f"Tresor {path} erstellt" in made.stderr
    folder = strongroom("mkdir", path, "/Ordner", "--password-stdin")
    assert folder.returncode == 0, folder.stderr
    return path


def test_help_comes_out_in_german() -> None:
    english, german = strongroom("--help"), strongroom("--help", language="de")
    assert english.returncode == german.returncode == 0
    assert "usage: strongroom" in english.stdout
    assert "create a new, empty vault" in english.stdout
    # argparse's own words too, not only the app's.
    assert "Aufruf: strongroom" in german.stdout
    assert "Optionen:" in german.stdout
    assert "einen neuen, leeren Tresor erstellen" in german.stdout
    assert "Exit-Status: 0 erledigt" in german.stdout
    assert "create a new" not in german.stdout


def test_an_error_comes_out_in_german_with_the_same_exit_code(tmp_path: Path) -> None:
    missing = tmp_path / "kein-tresor"
    english = strongroom("ls", missing, "--password-stdin")
    german = strongroom("ls", missing, "--password-stdin", language="de")
    assert english.stderr == f"strongroom: {missing}: no such vault folder\n"
    assert german.stderr == f"strongroom: {missing}: kein solcher Tresorordner\n"
    assert english.returncode == german.returncode == 4


def test_a_usage_error_comes_out_in_french() -> None:
    result = strongroom("lock", language="fr_FR.UTF-8")
    assert result.returncode == 2
    assert (
        result.stderr
        == "strongroom: indiquez un coffre, ou --all (voir 'strongroom lock --help')\n"
    )


@pytest.mark.parametrize(
    "argv",
    [("info", "{vault}", "--json"), ("ls", "{vault}", "-R", "--json", "--password-stdin")],
    ids=["info", "ls"],
)
def test_json_output_is_the_same_in_every_language(vault: Path, argv: tuple[str, ...]) -> None:
    args = [a.format(vault=vault) for a in argv]
    results = {
        language: strongroom(*args, language=language) for language in ("en", "de", "fr", "es")
    }
    assert {r.returncode for r in results.values()} == {0}
    assert json.loads(results["en"].stdout)  # a JSON document, not a message
    assert {r.stdout for r in results.values()} == {results["en"].stdout}
