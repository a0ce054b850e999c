"""The desktop app's language: which one (the system's, or the one chosen in Preferences), the
catalogues that carry it (resources/translations/strongroom_<lang>.qm and Qt's own
qtbase_<lang>.qm for standard buttons and dialogs), and translate() for every visible text.

Texts are written as `translate("Context", "Text with {name}")` and formatted afterwards, so a
translation can move the placeholder; counts use Qt's plural forms:
`translate_n("Context", "%n file(s)", n)`. English needs a catalogue too, for those plural
forms only ("1 file", "2 files"). The context and the text must be string literals at the call:
scripts/translations.py finds them there (pyside6-lupdate for translate(), and for translate_n()
its own scan, as lupdate's Python parser takes only a literal number as a plural count)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vaultengine.resource_files import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# (code, the language's own name); "" follows the system.
LANGUAGES = (("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"))
SUPPORTED = tuple(code for code, _name in LANGUAGES)
CATALOGUE_PREFIX = "strongroom_"

_translators: list[QTranslator] = []
_language = ""  # the loaded language; "" until translations are installed


def language_for(preference: str, system: QLocale) -> str:
    """The chosen language when it is one we have, else the system's first one we have."""
    if preference in SUPPORTED:
        return preference
    for name in system.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED:
            return code
    return SOURCE_LANGUAGE


def translations_dir() -> Path:
    return resource_path("translations")


def qt_translations_dir() -> Path:
    """Where Qt's own qtbase_*.qm are: the PySide6 wheel's Qt/translations, which the bundle
    keeps at the same place beside the PySide6 package."""
    import PySide6

    candidates = (
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).parent / "Qt" / "translations",
    )
    return next((d for d in candidates if any(d.glob("qtbase_*.qm"))), candidates[0])


def install(preference: str = "") -> str:
    """Load the catalogues of the chosen (or the system's) language; returns its code.

    Called before any window is built: texts are translated when a widget is made, so a change
    of language applies from the next start."""
    global _language
    app = QCoreApplication.instance()
    if app is None:
        return SOURCE_LANGUAGE
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    language = language_for(preference, QLocale.system())
    # A chosen language also decides number and date formats and Qt's own dialogs.
    QLocale.setDefault(QLocale(language) if preference in SUPPORTED else QLocale.system())
    for name, folder in (
        (CATALOGUE_PREFIX + language, translations_dir()),
        ("qtbase_" + language, qt_translations_dir()),
    ):
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("translation catalogue %s not found in %s", name, folder)
    _language = language
    return language


def current_language() -> str:
    return _language or SOURCE_LANGUAGE


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the app's language. The first call loads the system's language when the app
    did not install one (widgets built on their own, as the tests do)."""
    if not _language and QCoreApplication.instance() is not None:
        install()
    return QCoreApplication.translate(context, text, disambiguation, n)


def translate_n(context: str, text: str, n: int, disambiguation: str | None = None) -> str:
    """The plural form of `text` for `n` ("%n file(s)": "1 file", "2 files")."""
    return translate(context, text, disambiguation, n)
