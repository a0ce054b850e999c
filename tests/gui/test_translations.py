"""The app's translations: the catalogues are complete and compiled, the language follows the
system or the Preferences, and under German no text of the main window, the wizard or the tray
is left in English."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import i18n
from app.i18n import language_for, translate, translate_n

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import translations as catalogues  # noqa: E402  (scripts/translations.py)

pytestmark = pytest.mark.gui

TOOLS = Path(sys.executable).parent
needs_tools = pytest.mark.skipif(
    not (TOOLS / "pyside6-lupdate").exists() and shutil.which("pyside6-lupdate") is None,
    reason="pyside6-lupdate is not installed",
)


@needs_tools
def test_catalogues_are_complete_up_to_date_and_compiled() -> None:
    """No unfinished, empty or obsolete entry, no text of the code missing from a catalogue,
    the same placeholders, & shortcuts and markup as the source, and each .qm compiled from
    its .ts (run scripts/translations.py update, translate, then compile)."""
    assert catalogues.check() == []


def test_the_problem_finder_sees_what_goes_wrong() -> None:
    entry = catalogues.Entry("C", "Unlock “{name}”", ["„{nom}“ entsperren"], "", False)
    assert "placeholders differ" in catalogues.problems_of(entry)[0]
    entry = catalogues.Entry("C", "&Lock", ["Sperren"], "", False)
    assert "shortcut differs" in catalogues.problems_of(entry)[0]
    entry = catalogues.Entry("C", "%n file(s)", ["%n Datei", ""], "", True)
    assert "empty" in catalogues.problems_of(entry)[0]
    entry = catalogues.Entry("C", "Lock", [""], "unfinished", False)
    assert "unfinished" in catalogues.problems_of(entry)[0]


@pytest.mark.parametrize(
    ("preference", "system", "expected"),
    [
        ("", "de_DE", "de"),
        ("", "fr_CA", "fr"),
        ("", "es_MX", "es"),
        ("", "C", "en"),
        ("", "it_IT", "en"),  # a language without a catalogue: English
        ("fr", "de_DE", "fr"),  # the choice in Preferences wins
        ("xx", "es_ES", "es"),  # an unknown choice (hand-edited settings) follows the system
    ],
)
def test_language_follows_the_system_unless_one_is_chosen(
    preference: str, system: str, expected: str
) -> None:
    assert language_for(preference, QLocale(system)) == expected


def test_the_system_language_comes_from_lang() -> None:
    """LANG=de_DE.UTF-8 makes a fresh process pick German (QLocale reads the environment)."""
    code = "from PySide6.QtCore import QLocale; from app.i18n import language_for; " \
        "print(language_for('', QLocale.system()))"  # fmt: skip
    env = {
        **os.environ,
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "",
        "LANGUAGE": "",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "de", out.stderr


@pytest.fixture
def language(qapp: object) -> Iterator[object]:
    """Install a language for one test; the system's (English here) again afterwards."""
    yield i18n.install
    i18n.install("")


def test_english_plurals_and_other_languages(language) -> None:
    language("en")
    assert translate_n("HealthDialog", "%n file(s)", 1) == "1 file"
    assert translate_n("HealthDialog", "%n file(s)", 2) == "2 files"
    language("de")
    assert translate_n("HealthDialog", "%n file(s)", 1) == "1 Datei"
    assert translate_n("HealthDialog", "%n file(s)", 3) == "3 Dateien"
    language("fr")
    assert translate_n("HealthDialog", "%n file(s)", 0) == "0 fichier"  # French: 0 is singular
    assert translate("MainWindow", "&Vault") == "&Coffre"
    language("es")
    assert translate_n("HealthDialog", "%n file(s)", 2) == "2 archivos"
    assert translate("MainWindow", "&Vault") == "&Bóveda"


# --- nothing left in English under German ---------------------------------------------------


def _english_sources() -> list[re.Pattern[str]]:
    """The English texts that German translates differently, as whole-phrase patterns."""
    patterns = []
    for entry in catalogues.read_ts(catalogues.ts_path("de")):
        plain = re.sub(r"<[^>]+>", "", entry.source).replace("&", "")
        pieces = [p.strip(" .:…") for p in re.split(r"\{[a-z_]*\}|%n|\n", plain)]
        if entry.forms[0].replace("&", "") == entry.source.replace("&", ""):
            continue  # the same in German ("{title}: {text}", "Strongroom: …")
        for piece in pieces:
            # Names kept in German too ("Strongroom", "allow_other") are no sign of English.
            if len(piece) >= 4 and piece not in entry.forms[0]:
                patterns.append(re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])"))
    return patterns


def _widget_texts(root: QWidget) -> Iterator[str]:
    for widget in [root, *root.findChildren(QWidget)]:
        yield widget.windowTitle()
        yield widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
        if isinstance(widget, QLineEdit):
            yield widget.placeholderText()
        if isinstance(widget, QGroupBox):
            yield widget.title()
        if isinstance(widget, QWizardPage):
            yield widget.title()
            yield widget.subTitle()
        for action in QWidget.actions(widget):  # some pages name a child "actions"
            yield action.text()
            yield action.toolTip()
            if action.menu() is not None:
                yield from _widget_texts(action.menu())


def _untranslated(texts: Iterator[str]) -> list[str]:
    sources = _english_sources()
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", text).replace("&", "")
        found += [
            f"{pattern.pattern!r} in {text!r}" for pattern in sources if pattern.search(plain)
        ]
    return found


def test_german_window_wizard_and_tray_have_no_english_text(
    qtbot, tmp_path: Path, monkeypatch, language
) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    assert language("de") == "de"
    from app.gui.create_wizard import CreateVaultWizard
    from app.gui.main_window import MainWindow
    from app.gui.tray_menu import tray_menu_spec
    from app.services.controller import VaultController
    from app.settings import SettingsStore, VaultEntry

    controller = VaultController(SettingsStore())
    monkeypatch.setattr(controller, "fuse_problem", lambda: "")  # the engine's words: English
    empty = MainWindow(controller)
    qtbot.addWidget(empty)
    assert empty.menuBar().actions()[0].text() == "&Datei"
    assert any("Noch keine Tresore" in w.text() for w in empty.findChildren(QLabel))
    assert _untranslated(iter(["<h2>No vaults yet</h2>"]))  # the check sees English
    assert _untranslated(_widget_texts(empty)) == []

    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "vault.cryptomator").write_text("token")
    entry = controller.add_entry(VaultEntry.new("Ablage", str(tmp_path / "v")))
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.select(entry.id)
    assert window.detail.primary.text() == "Entsperren…"
    assert window.detail.state.text() == "Gesperrt"
    assert _untranslated(_widget_texts(window)) == []

    wizard = CreateVaultWizard(controller, window)
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == "Neuen Tresor erstellen"
    # Qt's own buttons come from qtbase_de.qm.
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Abbrechen"
    assert _untranslated(_widget_texts(wizard)) == []

    spec = tray_menu_spec(window.model.views())
    texts = [item.text for item in spec] + [c.text for item in spec for c in item.children]
    assert "Strongroom beenden" in texts
    assert _untranslated(iter(texts)) == []


def test_standard_dialog_buttons_follow_the_language(qtbot, language) -> None:
    language("fr")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"


def test_english_window_is_untouched(qtbot, tmp_path: Path, monkeypatch, language) -> None:
    """Under C/English the app keeps its source texts (the other tests rely on them)."""
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    language("")
    from app.gui.main_window import MainWindow
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    window = MainWindow(VaultController(SettingsStore()))
    qtbot.addWidget(window)
    assert window.menuBar().actions()[0].text() == "&File"
    menu = window.menuBar().actions()[1].menu()
    assert isinstance(menu, QMenu)
    assert menu.actions()[0].text() == "&Unlock…"


def test_preferences_choose_a_language_for_the_next_start(
    qapp, qtbot, tmp_path: Path, monkeypatch, language
) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    from app.gui.main import StrongroomApp
    from app.gui.preferences import PreferencesDialog
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    controller = VaultController(SettingsStore())
    dialog = PreferencesDialog(controller, tray_available=False)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == ""  # System default
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.save()
    assert SettingsStore().load().preferences.language == "de"

    # The next start builds its window in German.
    monkeypatch.setattr("app.gui.main.QSystemTrayIcon.isSystemTrayAvailable", lambda: False)
    started = StrongroomApp(qapp, start_hidden=True)
    qtbot.addWidget(started.window)
    assert started.window.menuBar().actions()[0].text() == "&Datei"


def test_engine_errors_are_titled_in_the_users_language(language) -> None:
    """The engine has no Qt, so its errors' own titles are English: the app shows each with
    the translation of that title (a new error class without one fails here)."""
    import inspect

    from app.gui.errors import describe_error
    from vaultengine import errors

    language("de")
    classes = [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.VaultError)
        and cls is not errors.FuseUnavailableError  # titled "Cannot mount the vault" on purpose
    ]
    assert len(classes) >= 17
    wrong = {
        cls.__name__: shown
        for cls in classes
        if (shown := describe_error(cls("detail"))[0]) != translate("Errors", cls.title)
        or shown == cls.title
    }
    assert wrong == {}
    assert describe_error(errors.NotAVaultError("no vault.cryptomator in /x")) == (
        "Kein Tresor",
        "no vault.cryptomator in /x",
    )
