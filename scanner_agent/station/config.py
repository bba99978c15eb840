"""The station's settings: server address, station token, device, last scan settings.

One JSON file, mode 0600 in a 0700 folder (it holds the token), written atomically.
Nothing here ever hands the token to the page: :func:`public` is what the page sees.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from scanner_agent.spool import fsync_dir


@dataclass
class StationConfig:
    server: str = ""
    token: str = ""
    station_name: str = ""
    device: str = ""
    profile: str = "text-gray-300"
    source: str = "flatbed"
    pages: int | None = None  # stop a feeder run after N pages (None: until empty)
    crop: list[float] | None = None  # flatbed area [left, top, width, height] in mm
    manual_duplex: bool = False
    covers: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def connected(self) -> bool:
        return bool(self.server and self.token)


def default_path() -> Path:
    """``$PUSTAKA_AGENT_STATION_CONFIG``, else ``$XDG_CONFIG_HOME/pustaka-agent/station.json``."""
    if env := os.environ.get("PUSTAKA_AGENT_STATION_CONFIG"):
        return Path(env)
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "pustaka-agent" / "station.json"


def load(path: Path) -> StationConfig:
    """The saved settings, or defaults when there is no (readable) file yet."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return StationConfig()
    known = {f.name for f in fields(StationConfig)}
    return StationConfig(**{k: v for k, v in data.items() if k in known})


def save(path: Path, config: StationConfig) -> None:
    """Write atomically with mode 0600 (created so: never readable by others, not even
    for a moment), in a folder made 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(config), out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)
    fsync_dir(path.parent)


def public(config: StationConfig) -> dict[str, Any]:
    """What the page may know: everything but the token (only whether one is set)."""
    data = asdict(config)
    data.pop("token")
    data.pop("extra")
    data["token_set"] = bool(config.token)
    return data
