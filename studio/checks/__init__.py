"""Checks: rule packs and built-in checks that turn a draft into findings."""
