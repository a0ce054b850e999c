"""The command line's gettext catalogues: complete, compiled and shipped; the .po reader and
writer and the .mo writer that replace GNU gettext's tools; the language from the environment."""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import io
import locale
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import i18n

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cli_catalogues as catalogues  # noqa: E402  (scripts/cli_catalogues.py)

Message = catalogues.Message


@pytest.fixture(autouse=True)
def _c_library_messages_follow_language_again() -> Iterator[None]:
    """glibc caches the messages it translated (strerror's too) under the LC_MESSAGES locale's
    name, not LANGUAGE's value: once Qt has set a real locale in this process, a test that
    switched LANGUAGE to German would leave German error texts to every later test. A real
    change of LC_MESSAGES (setting the same name again is not one) empties that cache."""
    yield
    current = locale.setlocale(locale.LC_MESSAGES)
    locale.setlocale(locale.LC_MESSAGES, "C")
    locale.setlocale(locale.LC_MESSAGES, current)


def test_catalogues_are_complete_up_to_date_and_compiled() -> None:
    """No untranslated, fuzzy, missing or obsolete entry, the same placeholders as the source,
    the .pot and .po files as `update` writes them, each .mo compiled from its .po
    (run scripts/translations.py update --part cli, translate, then compile)."""
    assert catalogues.check() == []


def test_the_check_sees_missing_obsolete_and_stale_entries(tmp_path: Path) -> None:
    folder = tmp_path / "cli"
    catalogues.update(folder)
    catalogues.compile_catalogues(folder)
    de = catalogues.po_path("de", folder)
    de.write_text(de.read_text(encoding="utf-8") + '\nmsgid "gone"\nmsgstr "weg"\n')
    found = catalogues.check(folder)
    assert "cli de: 'gone' is obsolete" in found
    assert any(p.startswith("cli de: 'Password: ' is untranslated") for p in found)
    assert "cli de: de.po is not up to date (run update)" in found
    assert "cli de: strongroom-cli.mo is not compiled from de.po (run compile)" in found
    assert not any(p.startswith("cli fr: ") and "obsolete" in p for p in found)


def test_the_problem_finder_sees_other_placeholders() -> None:
    entry = Message(
        "Unlocked {name} at {mount_point}.", None, ["{nom} entsperrt unter {mount_point}."]
    )
    assert "placeholders differ" in catalogues.problems_of(entry)[0]
    entry = Message("{count} file", "{count} files", ["eine Datei", "{count} Dateien"])
    assert catalogues.problems_of(entry) == []  # a singular form may spell the number out
    entry = Message("{count} file", "{count} files", ["{n} Datei", "{count} Dateien"])
    assert "unknown placeholder" in catalogues.problems_of(entry)[0]
    assert "fuzzy" in catalogues.problems_of(Message("a", None, ["b"], fuzzy=True))[0]


def test_mo_writer_round_trips_through_gnutranslations() -> None:
    messages = [
        Message("Password changed.", None, ["Mot de passe changé."]),
        Message("{count} file", "{count} files", ["{count} fichier", "{count} fichiers"]),
        Message("not yet translated", None, [""]),
        Message("unsure", None, ["peut-être"], fuzzy=True),
        Message("Ünïcode “quotes”", None, ["« guillemets »"]),
    ]
    catalogue = gettext.GNUTranslations(io.BytesIO(catalogues.mo_bytes(messages, "fr")))
    assert catalogue.info()["language"] == "fr"
    assert catalogue.gettext("Password changed.") == "Mot de passe changé."
    assert catalogue.gettext("Ünïcode “quotes”") == "« guillemets »"
    # French counts 0 and 1 as singular (Plural-Forms: plural=(n > 1)).
    assert catalogue.ngettext("{count} file", "{count} files", 0) == "{count} fichier"
    assert catalogue.ngettext("{count} file", "{count} files", 1) == "{count} fichier"
    assert catalogue.ngettext("{count} file", "{count} files", 2) == "{count} fichiers"
    # Untranslated and fuzzy entries are left out, so the English text comes back.
    assert catalogue.gettext("not yet translated") == "not yet translated"
    assert catalogue.gettext("unsure") == "unsure"
    assert catalogue.ngettext("one", "many", 1) == "one"


def test_po_files_round_trip(tmp_path: Path) -> None:
    messages = [
        Message('say "hi"\\now', None, ['sag "hallo"\\jetzt']),
        Message("line one\nline two\n", None, ["Zeile eins\nZeile zwei\n"]),
        Message("{count} entry", "{count} entries", ["{count} Eintrag", ""]),
    ]
    path = tmp_path / "de.po"
    path.write_text(catalogues.po_text(messages, "de"), encoding="utf-8")
    assert catalogues.read_po(path) == messages


def test_update_adds_new_texts_empty_and_drops_obsolete_ones() -> None:
    template = [Message("kept"), Message("new"), Message("{count} a", "{count} as", ["", ""])]
    existing = [Message("kept", None, ["behalten"]), Message("obsolete", None, ["veraltet"])]
    assert catalogues.merged(template, existing) == [
        Message("kept", None, ["behalten"]),
        Message("new", None, [""]),
        Message("{count} a", "{count} as", ["", ""]),
    ]


def test_argparse_texts_are_the_ones_this_python_translates() -> None:
    """The argparse texts in the catalogue (usage:, options...) must match what argparse asks
    gettext for; a Python release that rewords one shows up here."""
    asked = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(argparse)))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert set(i18n.ARGPARSE_TEXTS) <= asked


def test_language_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    assert i18n._("Password changed.") == "Passwort geändert."
    assert i18n.ngettext("{count} file", "{count} files", 1) == "{count} Datei"
    assert i18n.ngettext("{count} file", "{count} files", 3) == "{count} Dateien"
    monkeypatch.setenv("LANGUAGE", "es_MX:fr")  # region falls back to the language
    assert i18n._("Password changed.") == "Contraseña cambiada."
    monkeypatch.setenv("LANGUAGE", "it:fr")  # the first language with a catalogue
    assert i18n._("Password changed.") == "Mot de passe changé."
    monkeypatch.setenv("LANGUAGE", "en")
    assert i18n._("Password changed.") == "Password changed."
    assert i18n.ngettext("{count} file", "{count} files", 1) == "{count} file"


def test_the_wheel_ships_every_compiled_catalogue() -> None:
    """pyproject.toml's data-files pick up each resources/translations/cli/*/LC_MESSAGES/*.mo."""
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["data-files"]
    shipped = {
        match.relative_to(ROOT)
        for patterns in data_files.values()
        for pattern in patterns
        for match in ROOT.glob(pattern)
    }
    compiled = [catalogues.mo_path(language).relative_to(ROOT) for language in catalogues.LANGUAGES]
    assert [path for path in compiled if path not in shipped] == []
