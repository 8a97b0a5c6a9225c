"""Rich consoles made on first use: `studio check` writes JSONL with ``sys.stdout`` and never needs rich
(its import is ~0.03 s of every start); a table, a progress bar or an error message loads it."""

from __future__ import annotations

from typing import Any


class LazyConsole:
    """Stands in for ``rich.console.Console(**options)``, built on the first attribute used. Where rich
    itself takes a console (``Progress(console=...)``), pass ``.console``, the real one."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Any = None

    @property
    def console(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)
