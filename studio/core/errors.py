"""Errors a user can act on: what went wrong, where (file:line or field), and the fix."""

from __future__ import annotations


class StudioError(Exception):
    """Base error. ``where`` names a file:line, a field or a JSONL line; ``fix`` says what to do."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.fix = fix

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class InputError(StudioError):
    """Bad input from a user: a brief, a JSONL line, an API body, a CLI option."""


class BriefError(InputError):
    """A campaign brief that does not validate."""


class RuleError(StudioError):
    """A rule pack file that does not load or validate."""


class LocaleError(StudioError):
    """A locale profile that is unknown or invalid."""


class ModelError(StudioError):
    """A model profile that is invalid or whose model is not available here."""


class NotFound(StudioError):
    """A campaign, asset, job or user that does not exist."""


class Conflict(StudioError):
    """A stale write: someone else saved a newer version first."""

    def __init__(self, message: str, *, current=None, **kw):
        super().__init__(message, **kw)
        self.current = current


class PermissionDenied(StudioError):
    """The user or API key may not do this."""


class ReviewError(StudioError):
    """A review transition that is not allowed (e.g. approving with a block finding)."""
