"""Scan profiles: named settings (mode, resolution, file format, page size) in TOML.

The defaults below ship inside the package; a librarian's own file
(``~/.config/pustaka-agent/profiles.toml`` or ``--profiles FILE``) adds or overrides
profiles by name. Modes are device-neutral words (gray, color, lineart) that
:mod:`scanner_agent.scan_request` maps onto each device's own mode names.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner_agent.errors import ProfileError

DEFAULT_PROFILES_TOML = """
# Pustaka scanner agent profiles. mode: gray | color | lineart; format: png | jpeg | tiff.
# page: width_mm x height_mm of the original (A4 by default); clamped to the scan area.

[profiles.text-gray-300]
description = "Teks dan tabel (abu-abu, 300 dpi) / Text and tables (grayscale, 300 dpi)"
mode = "gray"
resolution = 300
format = "png"

[profiles.text-gray-200]
description = "Teks cepat (abu-abu, 200 dpi) / Quick text (grayscale, 200 dpi)"
mode = "gray"
resolution = 200
format = "png"

[profiles.photo-colour-300]
description = "Foto dan grafik berwarna (300 dpi) / Colour photos and charts (300 dpi)"
mode = "color"
resolution = 300
format = "jpeg"

[profiles.bw-400]
description = "Hitam-putih tajam (400 dpi) / Crisp black and white (400 dpi)"
mode = "lineart"
resolution = 400
format = "png"
"""

MODES = ("gray", "color", "lineart")
FORMATS = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "tiff": "image/tiff"}
A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class Profile:
    name: str
    mode: str
    resolution: int
    content_type: str
    page_mm: tuple[float, float] = A4_MM
    description: str = ""


def default_profiles_path() -> Path:
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "pustaka-agent" / "profiles.toml"


def load_profiles(path: Path | None = None) -> dict[str, Profile]:
    """The shipped profiles, overridden by the user's file (``path`` must exist if given)."""
    profiles = _parse(tomllib.loads(DEFAULT_PROFILES_TOML), "built-in profiles")
    user_file = path or default_profiles_path()
    if path is not None and not path.is_file():
        raise ProfileError(f"profile file {path} does not exist")
    if user_file.is_file():
        try:
            data = tomllib.loads(user_file.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ProfileError(f"{user_file}: {exc}") from exc
        profiles.update(_parse(data, str(user_file)))
    return profiles


def get_profile(name: str, path: Path | None = None) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(sorted(profiles))}")
    return profiles[name]


def _parse(data: dict[str, Any], source: str) -> dict[str, Profile]:
    table = data.get("profiles", {})
    if not isinstance(table, dict):
        raise ProfileError(f"{source}: [profiles] must be a table")
    return {name: _profile(name, fields, source) for name, fields in table.items()}


def _profile(name: str, fields: Any, source: str) -> Profile:
    where = f"{source}: profile {name!r}"
    if not isinstance(fields, dict):
        raise ProfileError(f"{where} must be a table")
    mode = str(fields.get("mode", "")).lower()
    if mode not in MODES:
        raise ProfileError(f"{where}: mode must be one of {', '.join(MODES)}, not {mode!r}")
    resolution = fields.get("resolution")
    if not isinstance(resolution, int) or isinstance(resolution, bool) or resolution <= 0:
        raise ProfileError(f"{where}: resolution must be a positive whole number of dpi")
    file_format = str(fields.get("format", "png")).lower()
    if file_format not in FORMATS:
        raise ProfileError(f"{where}: format must be one of png, jpeg, tiff")
    width = float(fields.get("width_mm", A4_MM[0]))
    height = float(fields.get("height_mm", A4_MM[1]))
    return Profile(
        name=name,
        mode=mode,
        resolution=resolution,
        content_type=FORMATS[file_format],
        page_mm=(width, height),
        description=str(fields.get("description", "")),
    )
