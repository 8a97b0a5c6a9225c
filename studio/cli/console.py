"""Rich consoles made on first use: `studio check` writes JSONL with ``sys.stdout`` and never needs rich
(its import is ~0.03 s of every start); a table, a progress bar or an error message loads it."""

from __future__ import annotations

from typing import Any


class LazyConsole:
    """Stands in for ``rich.console.Console(**options)``, built on the first attribute used."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)
