"""Accounts: reviewers (users) and API keys."""
