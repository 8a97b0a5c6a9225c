"""Install packages into this virtualenv with uv, reading pip's configuration; pip where uv cannot run.

    .venv/bin/python scripts/install.py [--no-deps] ARG...     (ARG: a requirement, or -e PATH)

`make` installs everything through this script. uv installs the same pinned requirements as pip in about a quarter
of the wall time on a 2-core machine (clean clone, docs/demo-time.md: torch 8.3 -> 3.2 s, the studio's dependencies
38.6 -> 9.1 s), mostly by unpacking wheels in parallel and not compiling them to bytecode (Python compiles the few
hundred modules a run imports, once). uv does not read pip's configuration, so this script hands it pip's own
(``pip config list``: index-url, extra-index-url, find-links, cert, trusted-host, no-index; environment variables
over the [install] section over [global], as pip reads them): a machine whose pip finds the CPU build of torch in a
local folder or mirror installs the same build through uv. Indexes are searched like pip's (the best version across
all of them, ``unsafe-best-match``), so an extra index's ``2.13.0+cpu`` wins over the main index's ``2.13.0``.

uv itself is pinned (UV below) and installed into the virtualenv with pip; if that install or uv's own run fails, the
same install runs through ``pip install --quiet --no-compile`` and says so, so a machine without uv still builds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

UV = "uv==0.13.9"
# pip option -> uv environment variable (pip's lists are space-separated, as are uv's index variables; UV_FIND_LINKS
# takes commas)
PIP_TO_UV = {
    "index-url": "UV_INDEX_URL",
    "extra-index-url": "UV_EXTRA_INDEX_URL",
    "find-links": "UV_FIND_LINKS",
    "trusted-host": "UV_INSECURE_HOST",
    "cert": "SSL_CERT_FILE",
}


def pip_options(listing: str) -> dict[str, str]:
    """pip's effective install options from ``pip config list`` output (``section.key='value'`` lines):
    an environment variable (section ``:env:``) over the ``install`` section over ``global``."""
    by_section: dict[str, dict[str, str]] = {}
    for line in listing.splitlines():
        name, sep, value = line.partition("=")
        section, dot, key = name.rpartition(".")
        if not (sep and dot):
            continue
        by_section.setdefault(section, {})[key] = value.strip().strip("'\"")
    merged: dict[str, str] = {}
    for section in ("global", "install", ":env:"):
        merged.update(by_section.get(section, {}))
    return merged


def uv_environment(options: dict[str, str]) -> dict[str, str]:
    """The environment that makes uv install from where pip would."""
    env = {"UV_INDEX_STRATEGY": "unsafe-best-match", "UV_LINK_MODE": "copy", "UV_NO_PROGRESS": "1"}
    for option, variable in PIP_TO_UV.items():
        value = " ".join(options.get(option, "").split())
        if value:
            env[variable] = value.replace(" ", ",") if variable == "UV_FIND_LINKS" else value
    if options.get("no-index", "").lower() in ("1", "true", "yes", "on"):
        env["UV_NO_INDEX"] = "1"
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> bool:
    return subprocess.run(command, env={**os.environ, **(env or {})}).returncode == 0


def main(args: list[str]) -> int:
    python = sys.executable
    uv = Path(python).with_name("uv")
    if uv.exists() or run([python, "-m", "pip", "install", "--quiet", UV]):
        listing = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True).stdout
        if run([str(uv), "pip", "install", "--quiet", "--python", python, *args], uv_environment(pip_options(listing))):
            return 0
        print(f"scripts/install.py: uv could not install {' '.join(args)}; installing with pip instead", file=sys.stderr)
    else:
        print(f"scripts/install.py: {UV} is not installable here; installing with pip", file=sys.stderr)
    return 0 if run([python, "-m", "pip", "install", "--quiet", "--no-compile", *args]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
