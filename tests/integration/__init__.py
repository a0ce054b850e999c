"""Integration tests: CLI processes, other implementations' vaults, keychain, WebDAV, packaging."""
