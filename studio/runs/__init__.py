"""Runs: a brief end to end (pipeline) and the server's generation worker."""
