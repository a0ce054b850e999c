"""Strongroom's own request path on libfuse3's low-level API (Linux), opt-in for now.

Selected by `-o api=low` or STRONGROOM_FUSE_API=low (session.wants_lowlevel); the mfusepy
high-level path stays the default and the fallback for macFUSE, FUSE-T and WinFsp.
binding.py declares the C API, inodes.py maps inode numbers to vault paths, ops.py answers
the requests over the same VaultOperations as the high-level path, workers.py is the bounded
pool slow requests are answered from, session.py mounts and serves.
"""
