"""Names on a terminal: whoever shares a vault chooses its decrypted names, so none is printed raw.

A name made of printable characters is printed as it is. A name holding a character that
could drive a terminal or forge output (C0/C1 controls, DEL, line and paragraph separators,
bidi overrides and other invisible format characters, undecodable bytes) is quoted the way
GNU `ls` quotes it in its shell-escape style: printable runs in '...', the rest as $'...'
with C escapes (\\n, \\t...) or the character's UTF-8 bytes in octal, so "a\\nb" is shown as
'a'$'\\n''b' and pasting it into bash gives the exact name back. `--json` output keeps the
exact name; json_dumps() only spells those characters as \\uXXXX escapes.
"""

from __future__ import annotations

import json
import os
import unicodedata
from typing import Any

# Invisible format characters (Cf) that legitimate scripts and emoji need: zero width
# non-joiner/joiner (Persian, Indic scripts, emoji sequences) and the emoji tag characters.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"}) | frozenset(map(chr, range(0xE0020, 0xE0080)))
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})  # controls, lone surrogates, separators
_C_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
}


def is_unsafe_char(char: str) -> bool:
    """True for a character that must never reach a terminal as it is."""
    if " " <= char <= "~":  # printable ASCII: the common case, decided without a table
        return False
    category = unicodedata.category(char)
    return category in _UNSAFE_CATEGORIES or (category == "Cf" and char not in _KEPT_FORMAT)


def _octal_escapes(char: str) -> str:
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    # A lone surrogate is a host byte that was not UTF-8 (surrogateescape): give that byte.
    raw = os.fsencode(char) if unicodedata.category(char) == "Cs" else char.encode("utf-8")
    return "".join(f"\\{byte:03o}" for byte in raw)


def quote_name(name: str) -> str:
    """`name` for a terminal: unchanged when printable, else GNU ls shell-escape quoting."""
    if not any(map(is_unsafe_char, name)):
        return name
    parts: list[str] = []
    run: list[str] = []
    unsafe_run = False
    for char in name:
        unsafe = is_unsafe_char(char)
        if run and unsafe != unsafe_run:
            parts.append(_close(run, unsafe_run))
            run = []
        run.append(char)
        unsafe_run = unsafe
    if run:
        parts.append(_close(run, unsafe_run))
    return "".join(parts)


def _close(run: list[str], unsafe: bool) -> str:
    if unsafe:
        return "$'" + "".join(map(_octal_escapes, run)) + "'"
    return "'" + "".join(run).replace("'", "'\\''") + "'"


def escape_line(text: str) -> str:
    """A whole message line (which may quote names already): any unsafe character left is
    replaced by its C escape (\\n, \\x1b, \\u202e), so one line stays one line."""
    if not any(map(is_unsafe_char, text)):
        return text
    return "".join(_c_escape(c) if is_unsafe_char(c) else c for c in text)


def _c_escape(char: str) -> str:
    if char in _C_ESCAPES:
        return _C_ESCAPES[char]
    code = ord(char)
    if unicodedata.category(char) == "Cs" and 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # surrogateescape: the original byte
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def json_dumps(value: Any, **kwargs: Any) -> str:
    """json.dumps keeping non-ASCII names readable, with every unsafe character as \\uXXXX
    (json.dumps itself lets DEL, C1 controls and bidi overrides through raw)."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    # json.dumps escapes C0 controls inside strings, so a raw "\n" is indentation: kept.
    return "".join(_json_escape(c) if c != "\n" and is_unsafe_char(c) else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a surrogate pair, as JSON spells it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
