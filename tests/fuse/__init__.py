"""Mount tests: real FUSE mounts (the fuse marker)."""
