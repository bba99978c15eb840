"""What the server knows of SANE without opening a device: version and enabled backends.

Opening devices is the scanner agent's job (on the scanner PC); the server only reports
whether SANE is installed and which backends ``dll.conf`` enables.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

_VERSION = re.compile(r"sane-backends\)?\s+([\w.+~-]+)")
DEFAULT_CONFIG_DIR = Path("/etc/sane.d")


def config_dirs() -> list[Path]:
    """The folders SANE reads, honouring SANE_CONFIG_DIR (a trailing ':' adds the default)."""
    raw = os.environ.get("SANE_CONFIG_DIR", "")
    if not raw:
        return [DEFAULT_CONFIG_DIR]
    dirs = [Path(part) for part in raw.split(":") if part]
    if raw.endswith(":"):
        dirs.append(DEFAULT_CONFIG_DIR)
    return dirs


def sane_version() -> str:
    program = shutil.which("scanimage")
    if program is None:
        raise FileNotFoundError("scanimage is not installed (Debian package sane-utils)")
    completed = subprocess.run(
        [program, "--version"], capture_output=True, text=True, timeout=10, check=True
    )
    match = _VERSION.search(completed.stdout)
    return match.group(1) if match else completed.stdout.strip()


def enabled_backends() -> list[str]:
    """Backends named in the first dll.conf SANE would read, plus its dll.d folder."""
    for folder in config_dirs():
        dll_conf = folder / "dll.conf"
        if dll_conf.is_file():
            names = _backend_names(dll_conf.read_text(errors="replace"))
            dll_d = folder / "dll.d"
            if dll_d.is_dir():
                for extra in sorted(dll_d.iterdir()):
                    if extra.is_file():
                        names += _backend_names(extra.read_text(errors="replace"))
            return sorted(set(names))
    return []


def _backend_names(text: str) -> list[str]:
    names = []
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names
