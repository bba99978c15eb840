"""Demo mode: SANE's ``test`` backend, without a scanner and without editing /etc/sane.d.

``--demo`` writes a private SANE configuration (``dll.conf`` naming only ``test``, and a
``test.conf`` drawing a grid on A4) and points ``SANE_CONFIG_DIR`` at it before SANE
starts. Devices ``test:0`` and ``test:1`` then appear, each with a flatbed and a
document feeder of 10 sheets, and can simulate faults (paper jam, cover open, busy).
"""

from __future__ import annotations

import os
from pathlib import Path

# Debian 12's test.conf in full (options left out fall back to broken built-in values)
# with a grid picture and a 300 mm geometry limit (the stock 200 mm clamps A4).
TEST_CONF = """
# test backend configuration file
########################################

# number of test devices
number_of_devices 2

# Initial option values and ranges
########################################

# Scan mode (Color, Gray)
mode Gray

# Bit depth (1, 8, 16)
depth 8

# Hand-scanner mode (true, false)
hand-scanner false

# Three-pass mode (true, false)
three-pass false

# Three-pass order (RGB, RBG, GBR, GRB, BGR, BRG)
three-pass-order RGB

# Resolution (dpi)
resolution_min 1.0
resolution_max 1200.0
resolution_quant 1.0
resolution 50.0

# Draw test picture ("Solid black", "Solid white", "Color pattern", "Grid")
test-picture "Grid"

# Invert upper and lower byte in 16 bit modes
invert-endianess false

# Read-limit (true, false)
read-limit false

# Read-limit size (1 - 65536 bytes)
read-limit-size 1

# Read-delay (true, false)
read-delay false

# Read-delay duration (1000 - 200,000 microseconds)
read-delay-duration 1000

# Status code (return-value) of sane_read() ("Default",
#   "SANE_STATUS_UNSUPPORTED",
#   "SANE_STATUS_CANCELLED", "SANE_STATUS_DEVICE_BUSY", "SANE_STATUS_INVAL",
#   "SANE_STATUS_EOF", "SANE_STATUS_JAMMED", "SANE_STATUS_NO_DOCS",
#   "SANE_STATUS_COVER_OPEN", "SANE_STATUS_IO_ERROR", "SANE_STATUS_NO_MEM",
#   "SANE_STATUS_ACCESS_DENIED"
read-status-code "Default"

# Fuzzy parameters (true, false)
fuzzy-parameters false

# Loss of pixels per line (pixels)
ppl-loss 0

# Non-blocking io (true, false)
non-blocking false

# Support select fd (true, false)
select-fd false

# Enable test options (true, false)
enable-test-options false

# Geometry (mm)
geometry_min 0.0
geometry_max 300.0
geometry_quant 1.0

# Top-left x position (mm)
tl_x 0.0

# Top-left y position (mm)
tl_y 0.0

# Bottom-right x position (mm)
br_x 80.0

# Bottom-right y position (mm)
br_y 100.0
"""

# The test backend's fault states (its read_return_value option), by our fault names.
FAULTS = {
    "paper_jam": "SANE_STATUS_JAMMED",
    "cover_open": "SANE_STATUS_COVER_OPEN",
    "device_busy": "SANE_STATUS_DEVICE_BUSY",
    "feeder_empty": "SANE_STATUS_NO_DOCS",
    "device_io_error": "SANE_STATUS_IO_ERROR",
}


def demo_config_dir() -> Path:
    """Where the demo configuration is written (``$XDG_CACHE_HOME/pustaka-agent``)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "pustaka-agent" / "sane-demo"


def enable_demo(folder: Path | None = None) -> Path:
    """Write the demo SANE configuration and make SANE read only it (call before SANE starts)."""
    folder = folder or demo_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(TEST_CONF.lstrip("\n"))
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    return folder


def is_demo_device(name: str) -> bool:
    return name.startswith("test:")
