"""`make`'s installs (scripts/install.py) go through uv but from where pip is configured to look: a machine whose pip
finds torch's CPU build in a local folder must not get another build through uv."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers.scripts import ROOT, load_script

install = load_script("install")


def test_pip_reads_environment_over_install_section_over_global() -> None:
    listing = "\n".join([
        "global.find-links='/opt/wheels'",
        "global.extra-index-url='file:///a/simple file:///b/simple'",
        "global.cert='/etc/ssl/ca.crt'",
        "install.find-links='/srv/wheels'",
        ":env:.find-links='/tmp/local one'",
        ":env:.no-index='true'",
    ])
    options = install.pip_options(listing)
    assert options["find-links"] == "/tmp/local one"
    env = install.uv_environment(options)
    assert env["UV_FIND_LINKS"] == "/tmp/local,one"
    assert env["UV_EXTRA_INDEX_URL"] == "file:///a/simple file:///b/simple"
    assert env["SSL_CERT_FILE"] == "/etc/ssl/ca.crt"
    assert env["UV_NO_INDEX"] == "1"
    # pip takes the best version over every index (2.13.0+cpu from a local index over 2.13.0 from PyPI); so must uv
    assert env["UV_INDEX_STRATEGY"] == "unsafe-best-match"
    assert "UV_INDEX_URL" not in env  # nothing configured: uv's default index, as pip's


def _wheel(folder: Path, name: str, version: str) -> Path:
    """A minimal pure-Python wheel with one module that says its version."""
    dist = f"{name.replace('-', '_')}-{version}"
    files = {
        f"{name.replace('-', '_')}.py": f"VERSION = {version!r}\n",
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
        f"{len(text.encode())}"
        for path, text in files.items()
    ]
    files[f"{dist}.dist-info/RECORD"] = "\n".join([*record, f"{dist}.dist-info/RECORD,,"]) + "\n"
    path = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name_in_zip, text in files.items():
            zf.writestr(name_in_zip, text)
    return path


def test_installs_from_the_folder_pip_is_configured_with(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "studio-install-probe", "1.0")
    target = tmp_path / "target"
    env = {**os.environ, "PIP_FIND_LINKS": str(wheels), "PIP_NO_INDEX": "1", "UV_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "install.py"), "--target", str(target), "studio-install-probe==1.0"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (target / "studio_install_probe.py").read_text() == "VERSION = '1.0'\n"
    if Path(sys.executable).with_name("uv").exists():  # a venv made by `make`: uv did it, not the pip fallback
        assert "installing with pip" not in done.stderr, done.stderr
