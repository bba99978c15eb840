"""A scan request checked against a device's capabilities, before anything is scanned.

Turns (profile, source) into the device's own option values, or raises a clear
bilingual :class:`InvalidRequestError` naming what the device offers instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner_agent.capabilities import Capabilities, ResolutionRange
from scanner_agent.errors import InvalidRequestError
from scanner_agent.profiles import Profile

# Device-neutral names → words SANE backends use for them (lower case, first match wins).
MODE_NAMES = {
    "gray": ("gray", "grayscale", "greyscale", "gray8", "true gray"),
    "color": ("color", "colour", "24bit color", "color24"),
    "lineart": ("lineart", "binary", "black & white", "monochrome", "bw"),
}
SOURCES = ("flatbed", "adf", "duplex")


@dataclass(frozen=True)
class ScanSettings:
    """What to set on the device and how to treat what comes out."""

    device: str
    profile: str
    source: str  # flatbed | adf | duplex (the wire's words)
    device_source: str | None  # the device's own source name; None: no source option
    device_mode: str
    resolution: int
    content_type: str
    width_mm: float | None
    height_mm: float | None
    feeder: bool  # scan until the feeder is empty
    manual_duplex: bool  # odd pages, then even pages in reverse, from a simplex feeder
    threshold: bool  # lineart done on the agent: the device has no lineart mode
    left_mm: float = 0.0  # top-left corner of the scan area (a station's crop)
    top_mm: float = 0.0


def validate(
    device: str,
    caps: Capabilities,
    profile: Profile,
    source: str,
    *,
    manual_duplex: bool = False,
) -> ScanSettings:
    if source not in SOURCES:
        raise _invalid(
            f"unknown source {source!r}",
            f"Sumber '{source}' tidak dikenal; pilih flatbed, adf, atau duplex.",
            f"Unknown source '{source}'; choose flatbed, adf or duplex.",
        )
    device_source, manual = _device_source(caps, source, manual_duplex)
    device_mode, threshold = _device_mode(caps, profile.mode)
    if caps.resolutions and not caps.supports_resolution(profile.resolution):
        offered = _describe_resolutions(caps)
        raise _invalid(
            f"{profile.resolution} dpi not in {offered}",
            f"Resolusi {profile.resolution} dpi (profil {profile.name}) tidak didukung "
            f"pemindai ini. Tersedia: {offered}.",
            f"This scanner cannot scan at {profile.resolution} dpi (profile {profile.name}). "
            f"Available: {offered}.",
        )
    width, height = profile.page_mm
    if caps.scan_area_mm is not None:
        width, height = min(width, caps.scan_area_mm[0]), min(height, caps.scan_area_mm[1])
    return ScanSettings(
        device=device,
        profile=profile.name,
        source=source,
        device_source=device_source,
        device_mode=device_mode,
        resolution=profile.resolution,
        content_type=profile.content_type,
        width_mm=width if caps.scan_area_mm else None,
        height_mm=height if caps.scan_area_mm else None,
        feeder=source in ("adf", "duplex"),
        manual_duplex=manual,
        threshold=threshold,
    )


def _device_source(caps: Capabilities, source: str, manual_duplex: bool) -> tuple[str | None, bool]:
    by_kind = {kind: _find_source(caps.sources, kind) for kind in SOURCES}
    if not caps.sources and source == "flatbed" and not manual_duplex:
        return None, False  # a plain flatbed without a source option
    if source == "duplex" and by_kind["duplex"] and not manual_duplex:
        return by_kind["duplex"], False
    if source == "duplex" or manual_duplex:
        feeder = by_kind["adf"]
        if feeder is None:
            raise _invalid(
                "manual duplex needs a document feeder",
                "Dupleks manual memerlukan pengumpan dokumen (ADF); pemindai ini tidak punya.",
                "Manual duplex needs a document feeder (ADF); this scanner has none.",
            )
        return feeder, True
    found = by_kind[source]
    if found is None:
        offered = ", ".join(caps.sources) or "-"
        raise _invalid(
            f"source {source} not in {offered}",
            f"Pemindai ini tidak punya sumber '{source}'. Tersedia: {offered}.",
            f"This scanner has no '{source}' source. Available: {offered}.",
        )
    return found, False


def _find_source(sources: list[str], kind: str) -> str | None:
    for name in sources:
        low = name.lower()
        is_duplex = "duplex" in low or ("back" in low and "front" in low)
        is_feeder = any(word in low for word in ("adf", "feeder", "automatic"))
        if kind == "duplex" and is_duplex:
            return name
        if kind == "adf" and is_feeder and not is_duplex and "back" not in low:
            return name
        if kind == "flatbed" and ("flatbed" in low or low == "normal"):
            return name
    return None


def _device_mode(caps: Capabilities, mode: str) -> tuple[str, bool]:
    if not caps.modes:
        return "", mode == "lineart"
    lowered = {name.lower(): name for name in caps.modes}
    for word in MODE_NAMES[mode]:
        if word in lowered:
            return lowered[word], False
    if mode == "lineart":  # scan gray, threshold on the agent
        gray, _ = _device_mode(caps, "gray")
        return gray, True
    offered = ", ".join(caps.modes)
    raise _invalid(
        f"mode {mode} not in {offered}",
        f"Pemindai ini tidak punya mode '{mode}'. Tersedia: {offered}.",
        f"This scanner has no '{mode}' mode. Available: {offered}.",
    )


def _describe_resolutions(caps: Capabilities) -> str:
    if isinstance(caps.resolutions, ResolutionRange):
        r = caps.resolutions
        return f"{r.min}-{r.max} dpi" + (f" (step {r.step})" if r.step != 1 else "")
    return ", ".join(str(dpi) for dpi in caps.resolutions) + " dpi"


def _invalid(detail: str, message_id: str, message_en: str) -> InvalidRequestError:
    return InvalidRequestError(detail, message_id=message_id, message_en=message_en)
