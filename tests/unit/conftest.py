"""The unit layer: engine and app logic in this process, with no FUSE mount, no Qt and no server or
CLI child process. It needs only the fixtures every layer shares (tests/conftest.py)."""
