"""Settings: where data files, the database, the model cache and media live.

Read from environment variables (``STUDIO_*``, ``DATABASE_URL``) with defaults that work from a clone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _list(env: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in os.environ.get(env, "").split(",") if v.strip())


def _number(env: str, default: float) -> float:
    value = os.environ.get(env)
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"{env}={value!r} is not a number") from None


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else default


DEFAULT_PROFILE = "cpu"


@dataclass(frozen=True)
class Settings:
    rules_dir: Path = field(default_factory=lambda: _path("STUDIO_RULES_DIR", REPO_ROOT / "cultural_rules"))
    locales_dir: Path = field(default_factory=lambda: _path("STUDIO_LOCALES_DIR", REPO_ROOT / "locales"))
    prompts_dir: Path = field(default_factory=lambda: _path("STUDIO_PROMPTS_DIR", REPO_ROOT / "prompts"))
    models_dir: Path = field(default_factory=lambda: _path("STUDIO_MODELS_DIR", REPO_ROOT / "models"))
    # Converted model weights (e.g. the GGUF default saved as safetensors); never committed.
    cache_dir: Path = field(
        default_factory=lambda: _path("STUDIO_CACHE_DIR", Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "studio")
    )
    data_dir: Path = field(default_factory=lambda: _path("STUDIO_DATA_DIR", REPO_ROOT / "var"))
    database_url: str | None = field(default_factory=lambda: os.environ.get("DATABASE_URL"))
    # The CPU default chosen by bench/quality.py (models/cpu.yaml); tests pin "tiny" (tests/conftest.py).
    profile: str = field(default_factory=lambda: os.environ.get("STUDIO_PROFILE", DEFAULT_PROFILE))
    # Security (docs/security.md). Origins besides the server's own that may send state-changing
    # requests to the UI and read responses with credentials, e.g. "https://studio.example.com".
    allowed_origins: tuple[str, ...] = field(default_factory=lambda: _list("STUDIO_ALLOWED_ORIGINS"))
    # Host names the server answers to (Host header); empty: any. E.g. "studio.example.com".
    trusted_hosts: tuple[str, ...] = field(default_factory=lambda: _list("STUDIO_TRUSTED_HOSTS"))
    session_idle_minutes: float = field(default_factory=lambda: _number("STUDIO_SESSION_IDLE_MINUTES", 120))
    session_max_hours: float = field(default_factory=lambda: _number("STUDIO_SESSION_MAX_HOURS", 12))
    # Webhook targets in private, loopback or link-local ranges are refused unless listed here:
    # host names, addresses or networks (CIDR), e.g. "cms.internal,10.20.0.0/16".
    webhook_allow_private: tuple[str, ...] = field(default_factory=lambda: _list("STUDIO_WEBHOOK_ALLOW_PRIVATE"))

    @property
    def media_dir(self) -> Path:
        """Generated images and other files; one folder per campaign."""
        return _path("STUDIO_MEDIA_DIR", self.data_dir / "media")

    @property
    def result_cache_dir(self) -> Path | None:
        """Generated texts keyed by sha256 of (model, prompt, parameters, seed): the same request never
        generates twice (studio.generate.cache). ``STUDIO_RESULT_CACHE_DIR=off`` turns it off."""
        value = os.environ.get("STUDIO_RESULT_CACHE_DIR", "")
        if value.strip().lower() in ("off", "0", "false", "no"):
            return None
        return _path("STUDIO_RESULT_CACHE_DIR", self.cache_dir / "results")

    def db_url(self, db: str | None = None) -> str:
        """``--db PATH`` wins, then DATABASE_URL, then ``var/studio.db``."""
        if db:
            return db if "://" in db else f"sqlite:///{Path(db).expanduser().resolve()}"
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'studio.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
