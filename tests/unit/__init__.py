"""Unit tests: in-process engine and app logic; no mount, no Qt, no child processes."""
