"""Market: locale profiles and channel limits."""
