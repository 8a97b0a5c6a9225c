"""Persistence: SQLModel tables and sessions (SQLite WAL by default, Postgres via DATABASE_URL)."""
