"""The `studio` command line (a face: it calls services, services never import it)."""

from studio.cli.main import app

__all__ = ["app"]
