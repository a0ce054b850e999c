"""The command line's language: gettext catalogues (resources/translations/cli), not Qt's, since
the CLI must run where PySide6 is absent.

The language follows the environment the way gettext does (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG); the desktop app's Preferences language is not read, so a terminal (and a script) says in
its own environment which language it wants. Texts are written as `_("Text with {name}")` and
formatted afterwards, so a translation can move the placeholder; counts use
`ngettext("{count} file", "{count} files", n)`. The texts must be string literals at the call:
scripts/translations.py finds them there. Machine-readable output (--json, tab-separated rows)
is never translated."""

from __future__ import annotations

import functools
import gettext
import os

from vaultengine.resource_files import resource_path

DOMAIN = "strongroom-cli"
_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is defined; translated later with _(text)."""
    return text


# argparse's own texts (usage line, section titles, its error messages), in this domain too:
# install_for_argparse() makes argparse look them up here.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
)


def catalogue_dir() -> str:
    """resources/translations/cli: <lang>/LC_MESSAGES/strongroom-cli.mo inside."""
    return str(resource_path("translations", "cli"))


@functools.lru_cache(maxsize=8)
def _catalogue(environment: tuple[str, ...]) -> gettext.NullTranslations:
    # Keyed on the language variables, so a change of environment (tests) is seen.
    return gettext.translation(DOMAIN, catalogue_dir(), fallback=True)


def translations() -> gettext.NullTranslations:
    return _catalogue(tuple(os.environ.get(name, "") for name in _LANGUAGE_VARIABLES))


def _(text: str) -> str:
    """`text` in the language of the environment (unchanged in English or without catalogue)."""
    return translations().gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the count `n`, by the language's plural rule."""
    return translations().ngettext(singular, plural, n)


def install_for_argparse() -> None:
    """Point gettext's default domain (the one argparse uses) at the CLI's catalogues, so the
    usage line, section titles and argparse's errors come out in the same language."""
    gettext.bindtextdomain(DOMAIN, catalogue_dir())
    gettext.textdomain(DOMAIN)
