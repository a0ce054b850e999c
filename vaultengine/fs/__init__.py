"""Path-based vault filesystem (no FUSE): VaultFileSystem, Attr, ChunkPool."""

from vaultengine.fs.attrs import Attr
from vaultengine.fs.pool import ChunkPool
from vaultengine.fs.vaultfs import VaultFileSystem

__all__ = ["Attr", "ChunkPool", "VaultFileSystem"]
