"""The `strongroom` command line: a scriptable front door to the vault engine."""
