"""The test suite as a package, so test modules in different layers never clash by name."""
