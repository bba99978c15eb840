"""What a scanner can do, as plain data built from SANE option descriptors.

No ``sane`` import here: the model is built by a pure function from the descriptors
python-sane reports, so it can be tested with recorded captures and no device.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

# Constants from sane/sane.h (fixed by the SANE 1 ABI), copied so this module needs no `sane`.
TYPE_BOOL, TYPE_INT, TYPE_FIXED, TYPE_STRING, TYPE_BUTTON, TYPE_GROUP = range(6)
UNIT_NONE, UNIT_PIXEL, UNIT_BIT, UNIT_MM, UNIT_DPI, UNIT_PERCENT, UNIT_MICROSECOND = range(7)
CAP_INACTIVE = 32

# A range is (min, max, quant); a word or string list is a list; None means unconstrained.
Constraint = tuple[float, float, float] | list[Any] | None


class SaneOption(NamedTuple):
    """One option descriptor, field for field as python-sane's ``get_options()`` gives it."""

    number: int
    name: str
    title: str
    desc: str
    type: int
    unit: int
    size: int
    cap: int
    constraint: Constraint

    @property
    def active(self) -> bool:
        """Inactive options are not usable in the device's current state."""
        return not self.cap & CAP_INACTIVE


@dataclass(frozen=True)
class DeviceInfo:
    """A device as SANE discovery lists it; ``name`` is what ``sane.open`` takes."""

    name: str
    vendor: str
    model: str
    type: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class ResolutionRange:
    """Resolutions from ``min`` to ``max`` dpi in steps of ``step``."""

    min: int
    max: int
    step: int

    def includes(self, dpi: int) -> bool:
        return self.min <= dpi <= self.max and (dpi - self.min) % self.step == 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Capabilities:
    """The choices a device offers; an empty list means the device offers no choice.

    ``scan_area_mm`` is (width, height), or None when the device does not report its
    geometry in millimetres.
    """

    sources: list[str]
    modes: list[str]
    resolutions: list[int] | ResolutionRange
    scan_area_mm: tuple[float, float] | None

    def supports_resolution(self, dpi: int) -> bool:
        if isinstance(self.resolutions, ResolutionRange):
            return self.resolutions.includes(dpi)
        return dpi in self.resolutions

    def fits(self, width_mm: float, height_mm: float) -> bool:
        """Whether a page of this size fits the scan area (False when the area is unknown)."""
        if self.scan_area_mm is None:
            return False
        width, height = self.scan_area_mm
        return width_mm <= width and height_mm <= height

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: a range becomes {min, max, step}, the area {width, height}."""
        resolutions: list[int] | dict[str, int] = (
            self.resolutions.as_dict()
            if isinstance(self.resolutions, ResolutionRange)
            else list(self.resolutions)
        )
        area = None
        if self.scan_area_mm is not None:
            area = {"width": self.scan_area_mm[0], "height": self.scan_area_mm[1]}
        return {
            "sources": list(self.sources),
            "modes": list(self.modes),
            "resolutions": resolutions,
            "scan_area_mm": area,
        }


def options_by_name(raw: Iterable[Sequence[Any]]) -> dict[str, SaneOption]:
    """Index python-sane option tuples by name, dropping groups and the unnamed count."""
    options = (SaneOption(*item) for item in raw)
    return {opt.name: opt for opt in options if opt.name and opt.type != TYPE_GROUP}


def capabilities_from_options(options: Mapping[str, SaneOption]) -> Capabilities:
    """Build the capability model from SANE's well-known options.

    Reads ``source``, ``mode``, ``resolution`` and the ``br-x``/``br-y`` ranges. The
    descriptors describe the device's state when they were read; backends may change
    some of them (e.g. the geometry) when another source is selected.
    """
    return Capabilities(
        sources=_string_choices(options.get("source")),
        modes=_string_choices(options.get("mode")),
        resolutions=_resolutions(options.get("resolution")),
        scan_area_mm=_scan_area(options.get("br-x"), options.get("br-y")),
    )


def _usable(opt: SaneOption | None) -> SaneOption | None:
    return opt if opt is not None and opt.active else None


def _string_choices(opt: SaneOption | None) -> list[str]:
    opt = _usable(opt)
    if opt is None or not isinstance(opt.constraint, list):
        return []
    return [str(choice) for choice in opt.constraint]


def _resolutions(opt: SaneOption | None) -> list[int] | ResolutionRange:
    """Resolution as a word list or a range; TYPE_FIXED backends report floats."""
    opt = _usable(opt)
    if opt is None:
        return []
    if isinstance(opt.constraint, list):
        return sorted({round(value) for value in opt.constraint})
    if isinstance(opt.constraint, tuple):
        low, high, quant = opt.constraint
        # quant 0 means "any value": for whole dpi that is a step of 1.
        return ResolutionRange(math.ceil(low), math.floor(high), max(1, round(quant)))
    return []


def _scan_area(br_x: SaneOption | None, br_y: SaneOption | None) -> tuple[float, float] | None:
    width, height = _max_mm(br_x), _max_mm(br_y)
    if width is None or height is None:
        return None
    return (width, height)


def _max_mm(opt: SaneOption | None) -> float | None:
    """The largest value a geometry option accepts, when it is given in millimetres."""
    opt = _usable(opt)
    if opt is None or opt.unit != UNIT_MM:
        return None
    if isinstance(opt.constraint, tuple):
        return float(opt.constraint[1])
    if isinstance(opt.constraint, list) and opt.constraint:
        return float(max(opt.constraint))
    return None


def options_to_json(raw: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Descriptors in a JSON form for recorded captures; a range keeps its kind as
    {"range": [min, max, quant]} so it is not mistaken for a word list."""
    records = []
    for item in raw:
        record = SaneOption(*item)._asdict()
        if isinstance(record["constraint"], tuple):
            record["constraint"] = {"range": list(record["constraint"])}
        records.append(record)
    return records


def options_from_json(records: Iterable[Mapping[str, Any]]) -> list[SaneOption]:
    """The inverse of :func:`options_to_json`: descriptors as python-sane gives them."""
    options = []
    for record in records:
        fields = dict(record)
        if isinstance(fields["constraint"], dict):
            fields["constraint"] = tuple(fields["constraint"]["range"])
        options.append(SaneOption(**fields))
    return options


# `scanimage -A` text → descriptors, so a user's report of a real scanner can drive the
# same validation as a live device. Short geometry flags are scanimage's aliases.
_SHORT_FLAGS = {"-l": "tl-x", "-t": "tl-y", "-x": "br-x", "-y": "br-y"}
_UNITS = {"dpi": UNIT_DPI, "mm": UNIT_MM, "pel": UNIT_PIXEL, "bit": UNIT_BIT, "%": UNIT_PERCENT}


def options_from_scanimage(text: str) -> list[SaneOption]:
    """Parse the option lines of ``scanimage -A`` (``--name CONSTRAINT [value]``).

    Ranges ``a..b<unit> (in steps of q)`` become range constraints, ``a|b|c`` word or
    string lists; ``[inactive]`` sets CAP_INACTIVE. Help lines are ignored.
    """
    options: list[SaneOption] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("-") or line.startswith("#"):
            continue
        flag, _, rest = stripped.partition(" ")
        name = _SHORT_FLAGS.get(flag, flag.lstrip("-").split("[")[0])
        inactive = "[inactive]" in rest
        spec = rest.split(" [")[0].strip() if rest else ""
        kind, unit, constraint = _parse_constraint(spec)
        cap = 5 | (CAP_INACTIVE if inactive else 0)
        options.append(SaneOption(len(options) + 1, name, name, "", kind, unit, 4, cap, constraint))
    return options


def _parse_constraint(spec: str) -> tuple[int, int, Constraint]:
    unit = UNIT_NONE
    for suffix, code in _UNITS.items():
        head = spec.split(" (")[0]
        if head.endswith(suffix):
            unit = code
            spec = head[: -len(suffix)] + spec[len(head) :]
            break
    if ".." in spec:
        low, _, high = spec.split(" (")[0].partition("..")
        quant = 0.0
        if "(in steps of" in spec:
            quant = float(spec.split("(in steps of")[1].strip(" )"))
        return TYPE_FIXED, unit, (float(low), float(high), quant)
    if "|" in spec:
        choices = spec.split("|")
        try:
            return TYPE_INT, unit, [float(choice) for choice in choices]
        except ValueError:
            return TYPE_STRING, unit, choices
    return TYPE_BOOL if spec.startswith("[=") or not spec else TYPE_STRING, unit, None
