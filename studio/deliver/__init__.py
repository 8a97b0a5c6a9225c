"""Deliver: export files and webhooks."""
