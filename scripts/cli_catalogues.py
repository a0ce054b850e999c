"""The command line's gettext catalogues (resources/translations/cli), with no tool but Python.

    strongroom-cli.pot               the texts of app/cli, found with ast (_, N_, ngettext)
    <lang>.po                        their translations, edited by hand (or with any PO editor)
    <lang>/LC_MESSAGES/strongroom-cli.mo   compiled from the .po; what app/cli/i18n.py loads

Used through scripts/translations.py (update, compile, check)."""

from __future__ import annotations

import ast
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_DIR = ROOT / "resources" / "translations" / "cli"
DOMAIN = "strongroom-cli"
SOURCE_DIR = "app/cli"
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
LANGUAGES = tuple(PLURAL_FORMS)
# {name} for our texts; %s, %(name)r ... for argparse's own ones.
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[rsd]|%[rsd]")
MO_MAGIC = 0x950412DE


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])  # one, or one per plural form
    fuzzy: bool = False

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.msgid, self.plural)

    def translated(self) -> bool:
        return not self.fuzzy and all(self.msgstr)


def pot_path(folder: Path = CLI_DIR) -> Path:
    return folder / f"{DOMAIN}.pot"


def po_path(language: str, folder: Path = CLI_DIR) -> Path:
    return folder / f"{language}.po"


def mo_path(language: str, folder: Path = CLI_DIR) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


# --- extraction --------------------------------------------------------------------------------


def extract(root: Path = ROOT) -> list[Message]:
    """Every text of the CLI's code, in the order of first appearance: the literal texts of
    _(), N_() and ngettext() calls."""
    found: dict[tuple[str, str | None], Message] = {}
    for path in sorted((root / SOURCE_DIR).glob("*.py")):
        name = path.relative_to(root)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(name))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
            function = getattr(node.func, "id", "")
            wanted = {"_": 1, "N_": 1, "ngettext": 2}.get(function)
            if wanted is None:
                continue
            literal = [isinstance(a, ast.Constant) for a in node.args[:wanted]]
            if function == "_" and not any(literal):
                continue  # _(variable): a text marked with N_() where it is defined
            texts = [
                a.value
                for a in node.args[:wanted]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if len(texts) != wanted:
                raise SystemExit(f"{name}:{node.lineno}: {function}() needs literal texts")
            message = Message(texts[0], texts[1] if wanted == 2 else None)
            if wanted == 2:
                message.msgstr = ["", ""]
            found.setdefault(message.key, message)
    return list(found.values())


# --- .po files ---------------------------------------------------------------------------------


def _header(language: str | None) -> str:
    lines = [
        "Project-Id-Version: Strongroom",
        f"Language: {language or ''}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        f"Plural-Forms: {PLURAL_FORMS[language] if language else 'nplurals=2; plural=(n != 1);'}",
    ]
    return "".join(line + "\n" for line in lines)


def _quoted(keyword: str, text: str) -> str:
    def quote(part: str) -> str:
        escaped = part.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'

    lines = text.splitlines(keepends=True)
    if len(lines) <= 1:
        return f"{keyword} {quote(text)}\n"
    return f'{keyword} ""\n' + "".join(quote(line) + "\n" for line in lines)


def _flags(message: Message) -> list[str]:
    flags = ["fuzzy"] if message.fuzzy else []
    source = message.msgid + (message.plural or "")
    if re.search(r"\{[a-z_]*\}", source):
        flags.append("python-brace-format")
    elif re.search(r"%\(?[a-z_]*\)?[rsd]", source):
        flags.append("python-format")
    return flags


def po_text(messages: list[Message], language: str | None) -> str:
    """A .po file (or the .pot when language is None), the header written from scratch."""
    parts = [
        f"# Strongroom command line: {language or 'template'} catalogue; "
        "scripts/translations.py update keeps it in step with app/cli.\n"
        + _quoted("msgid", "")
        + _quoted("msgstr", _header(language))
    ]
    for message in messages:
        entry = ""
        flags = _flags(message)
        if flags:
            entry += "#, " + ", ".join(flags) + "\n"
        entry += _quoted("msgid", message.msgid)
        if message.plural is None:
            entry += _quoted("msgstr", message.msgstr[0] if language else "")
        else:
            entry += _quoted("msgid_plural", message.plural)
            for i, form in enumerate(message.msgstr):
                entry += _quoted(f"msgstr[{i}]", form if language else "")
        parts.append(entry)
    return "\n".join(parts)


def read_po(path: Path) -> list[Message]:
    """The entries of a .po file written by po_text (or by a PO editor), without the header."""
    messages: list[Message] = []
    current: Message | None = None
    target: tuple[str, int] = ("", 0)
    fuzzy = False

    def append(text: str) -> None:
        assert current is not None
        kind, index = target
        if kind == "msgid":
            current.msgid += text
        elif kind == "msgid_plural":
            current.plural = (current.plural or "") + text
        else:
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] += text

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#,")):
            continue
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line[2:].replace(",", " ").split()
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        elif keyword == "msgid":
            current = Message("", msgstr=[], fuzzy=fuzzy)
            messages.append(current)
            fuzzy = False
        try:
            text = ast.literal_eval(rest)
        except (SyntaxError, ValueError):
            raise SystemExit(f"{path}:{number}: cannot read {raw!r}") from None
        if keyword:
            index = re.fullmatch(r"msgstr(?:\[(\d)\])?", keyword)
            if keyword in ("msgid", "msgid_plural"):
                target = (keyword, 0)
            elif index:
                target = ("msgstr", int(index[1] or 0))
            else:
                raise SystemExit(f"{path}:{number}: unknown keyword {keyword!r}")
        append(text)
    return [m for m in messages if m.msgid]


def merged(template: list[Message], existing: list[Message]) -> list[Message]:
    """The template's texts with the translations `existing` has for them; obsolete ones go."""
    known = {m.key: m for m in existing}
    result = []
    for message in template:
        old = known.get(message.key)
        if old is None:
            result.append(Message(message.msgid, message.plural, list(message.msgstr)))
        else:
            forms = (old.msgstr + [""] * len(message.msgstr))[: len(message.msgstr)]
            result.append(Message(message.msgid, message.plural, forms, old.fuzzy))
    return result


# --- .mo files ---------------------------------------------------------------------------------


def mo_bytes(messages: list[Message], language: str) -> bytes:
    """GNU .mo: magic, counts, two tables of (length, offset) and the NUL-ended strings, sorted
    by msgid; a plural entry is msgid NUL msgid_plural -> form0 NUL form1. Untranslated and
    fuzzy entries are left out, so gettext falls back to the English text."""
    catalogue = {b"": _header(language).encode("utf-8")}
    for message in messages:
        if message.translated():
            key = message.msgid if message.plural is None else f"{message.msgid}\0{message.plural}"
            catalogue[key.encode("utf-8")] = "\0".join(message.msgstr).encode("utf-8")
    keys = sorted(catalogue)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    strings_at = translations_at + count * 8
    tables = {"originals": b"", "translations": b""}
    strings = b""
    for table, texts in (("originals", keys), ("translations", [catalogue[k] for k in keys])):
        for text in texts:
            tables[table] += struct.pack("<2I", len(text), strings_at + len(strings))
            strings += text + b"\0"
    head = struct.pack("<7I", MO_MAGIC, 0, count, originals_at, translations_at, 0, strings_at)
    return head + tables["originals"] + tables["translations"] + strings


# --- the commands ------------------------------------------------------------------------------


def update(folder: Path = CLI_DIR) -> None:
    """Write the .pot from the code and merge it into every .po (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    template = extract()
    pot_path(folder).write_text(po_text(template, None), encoding="utf-8")
    for language in LANGUAGES:
        path = po_path(language, folder)
        existing = read_po(path) if path.exists() else []
        path.write_text(po_text(merged(template, existing), language), encoding="utf-8")


def compile_catalogues(folder: Path = CLI_DIR, out: Path | None = None) -> list[Path]:
    """Every <lang>.po of `folder` as <lang>/LC_MESSAGES/strongroom-cli.mo in `out`."""
    written = []
    for language in LANGUAGES:
        mo = mo_path(language, out or folder)
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(mo_bytes(read_po(po_path(language, folder)), language))
        written.append(mo)
    return written


def problems_of(message: Message) -> list[str]:
    where = repr(message.msgid)
    if message.fuzzy:
        return [f"{where} is fuzzy"]
    found = []
    sources = [message.msgid] if message.plural is None else [message.msgid, message.plural]
    wanted = sorted(set(PLACEHOLDER.findall("".join(sources))))
    for form in message.msgstr:
        if not form.strip():
            found.append(f"{where} is untranslated")
        elif sorted(set(PLACEHOLDER.findall(form))) != wanted and message.plural is None:
            found.append(f"{where}: the placeholders differ in {form!r}")
        elif not set(PLACEHOLDER.findall(form)) <= set(wanted):
            found.append(f"{where}: unknown placeholder in {form!r}")
    return found


def check(folder: Path = CLI_DIR) -> list[str]:
    """Problems of the committed CLI catalogues against the code; empty when all is well."""
    found = []
    template = extract()
    if not pot_path(folder).exists() or pot_path(folder).read_text(encoding="utf-8") != po_text(
        template, None
    ):
        found.append(f"{pot_path(folder).name} is not up to date (run update)")
    for language in LANGUAGES:
        path = po_path(language, folder)
        existing = read_po(path) if path.exists() else []
        keys = {m.key for m in template}
        found += [f"cli {language}: {m.msgid!r} is obsolete" for m in existing if m.key not in keys]
        have = {m.key for m in existing}
        found += [f"cli {language}: {m.msgid!r} is missing" for m in template if m.key not in have]
        messages = merged(template, existing)
        found += [f"cli {language}: {p}" for m in messages for p in problems_of(m)]
        if not path.exists() or path.read_text(encoding="utf-8") != po_text(messages, language):
            found.append(f"cli {language}: {path.name} is not up to date (run update)")
        mo = mo_path(language, folder)
        if not mo.exists() or mo.read_bytes() != mo_bytes(existing, language):
            found.append(
                f"cli {language}: {mo.name} is not compiled from {path.name} (run compile)"
            )
    return found
