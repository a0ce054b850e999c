"""Helpers the test layers share (plain modules: fixtures live in the conftest.py files)."""
