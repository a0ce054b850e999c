"""Vault format 8's names, defaults and size limits: the one place each of them is defined.

Every module of the engine and the app imports these from here; the section numbers point into
the format spec the rest of the code cites.
"""

from __future__ import annotations

# --- the vault folder's own files (spec §3, §4) ---------------------------------------------
VAULT_CONFIG_FILENAME = "vault.cryptomator"
DEFAULT_MASTERKEY_FILENAME = "masterkey.cryptomator"
BACKUP_SUFFIX = ".bkup"  # the previous version of a replaced vault file: `<name>.bkup`
DATA_DIR = "d"  # holds every content directory as d/XX/YYY…
# Both vault files are well under 1 KiB; anything past this is damaged or planted.
MAX_VAULT_FILE_BYTES = 64 * 1024

# --- vault.cryptomator's claims (spec §4) ----------------------------------------------------
SUPPORTED_FORMAT = 8
CIPHER_COMBOS = ("SIV_GCM", "SIV_CTRMAC")
DEFAULT_CIPHER_COMBO = "SIV_GCM"
# Cryptomator's UI offers 36..220 for new vaults. We read anything from 36 up to 255: a
# ciphertext name no longer than the threshold still fits the usual 255-byte name limit, and
# below 36 even a shortened `<sha1>.c9s` name (32 characters) would not fit the rule.
DEFAULT_SHORTENING_THRESHOLD = 220
MIN_SHORTENING_THRESHOLD = 36
MAX_SHORTENING_THRESHOLD = 255
# New vaults stay inside the range Cryptomator itself offers, so every client can open them.
MAX_NEW_SHORTENING_THRESHOLD = 220

# --- the masterkey file (spec §2) ------------------------------------------------------------
DEFAULT_SCRYPT_COST = 32768
DEFAULT_SCRYPT_BLOCK_SIZE = 8
FORMAT8_MASTERKEY_VERSION = 999
LEGACY_MAX_MASTERKEY_VERSION = 8  # masterkey versions below this belong to formats 1..7

# --- the directory tree (spec §5..§11) -------------------------------------------------------
ROOT_DIR_ID = ""
MAX_DIR_ID_LENGTH = 36  # a uuid4 string (spec §5)
CIPHERTEXT_SUFFIX = ".c9r"
LONG_NAME_SUFFIX = ".c9s"
DIR_FILE = "dir.c9r"
SYMLINK_FILE = "symlink.c9r"
CONTENTS_FILE = "contents.c9r"
NAME_FILE = "name.c9s"
DIRID_FILE = "dirid.c9r"
MIN_ENTRY_NAME_LENGTH = 28  # the .c9r name of an empty cleartext name (spec §7)
MAX_DIR_FILE_BYTES = 1000  # cryptofs refuses larger dir.c9r files (spec §11.1)
MAX_NAME_FILE_BYTES = 10 * 1024  # cryptofs refuses larger name.c9s files (spec §8.2)
MAX_SYMLINK_TARGET_CHARS = 32767  # cryptofs refuses longer targets (spec §11.3)
