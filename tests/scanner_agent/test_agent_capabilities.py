"""The capability model, built from a recorded capture of SANE's `test` backend.

``data/test_backend_options.json`` is ``options_to_json(sane_device.read_options("test:0"))``
taken with ``SANE_CONFIG_DIR=tests/sane`` (geometry_max 300). Re-record it the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner_agent import capabilities as caps_module
from scanner_agent.capabilities import (
    Capabilities,
    Constraint,
    ResolutionRange,
    SaneOption,
    capabilities_from_options,
    options_by_name,
    options_from_json,
    options_to_json,
)

CAPTURE = Path(__file__).parent / "data" / "test_backend_options.json"
A4_MM = (210, 297)


@pytest.fixture(scope="module")
def recorded() -> list[SaneOption]:
    return options_from_json(json.loads(CAPTURE.read_text()))


@pytest.fixture(scope="module")
def caps(recorded: list[SaneOption]) -> Capabilities:
    return capabilities_from_options(options_by_name(recorded))


def test_sources_include_flatbed_and_a_feeder(caps: Capabilities) -> None:
    assert "Flatbed" in caps.sources
    assert any("Document Feeder" in source for source in caps.sources)


def test_modes_include_gray_and_color(caps: Capabilities) -> None:
    assert {"Gray", "Color"} <= set(caps.modes)


def test_resolution_is_a_whole_dpi_range(caps: Capabilities) -> None:
    # The test backend reports resolution as TYPE_FIXED: (1.0, 1200.0, 1.0).
    assert caps.resolutions == ResolutionRange(min=1, max=1200, step=1)
    assert caps.supports_resolution(300)
    assert not caps.supports_resolution(2400)


def test_a4_fits_the_scan_area_with_geometry_max_300(caps: Capabilities) -> None:
    assert caps.scan_area_mm == (300.0, 300.0)
    assert caps.fits(*A4_MM)


def test_as_dict_is_json_ready(caps: Capabilities) -> None:
    data = json.loads(json.dumps(caps.as_dict()))
    assert data["resolutions"] == {"min": 1, "max": 1200, "step": 1}
    assert data["scan_area_mm"] == {"width": 300.0, "height": 300.0}


def test_groups_and_the_option_count_are_not_indexed(recorded: list[SaneOption]) -> None:
    names = options_by_name(recorded)
    assert "" not in names
    assert all(opt.type != caps_module.TYPE_GROUP for opt in names.values())


def test_json_form_round_trips_and_keeps_ranges_apart_from_lists(
    recorded: list[SaneOption],
) -> None:
    assert options_from_json(json.loads(json.dumps(options_to_json(recorded)))) == recorded
    by_name = options_by_name(recorded)
    assert isinstance(by_name["resolution"].constraint, tuple)
    assert by_name["depth"].constraint == [1, 8, 16]


def _option(
    name: str,
    constraint: Constraint,
    *,
    kind: int = caps_module.TYPE_FIXED,
    unit: int = caps_module.UNIT_NONE,
    cap: int = 5,
) -> SaneOption:
    """A descriptor as python-sane would report it (cap 5: soft select, soft detect)."""
    return SaneOption(0, name, name, "", kind, unit, 4, cap, constraint)


def test_resolution_word_list_of_fixed_values() -> None:
    options = {"resolution": _option("resolution", [300.0, 75.0, 150.0, 600.0])}
    caps = capabilities_from_options(options)
    assert caps.resolutions == [75, 150, 300, 600]
    assert caps.supports_resolution(300)
    assert not caps.supports_resolution(200)


def test_resolution_range_without_quantisation_steps_by_one() -> None:
    caps = capabilities_from_options({"resolution": _option("resolution", (50.0, 600.5, 0.0))})
    assert caps.resolutions == ResolutionRange(min=50, max=600, step=1)


def test_inactive_and_missing_options_give_no_choice() -> None:
    inactive = _option(
        "source", ["Flatbed", "ADF"], kind=caps_module.TYPE_STRING, cap=5 | caps_module.CAP_INACTIVE
    )
    caps = capabilities_from_options({"source": inactive})
    assert caps == Capabilities(sources=[], modes=[], resolutions=[], scan_area_mm=None)
    assert not caps.fits(*A4_MM)


def test_geometry_in_pixels_is_not_taken_for_millimetres() -> None:
    pixels = caps_module.UNIT_PIXEL
    options = {
        "br-x": _option("br-x", (0, 2550, 1), unit=pixels),
        "br-y": _option("br-y", (0, 3508, 1), unit=pixels),
    }
    assert capabilities_from_options(options).scan_area_mm is None


def test_sane_constants_match_python_sane() -> None:
    _sane = pytest.importorskip("_sane")  # importing does not start SANE
    copied = [name for name in dir(caps_module) if name.startswith(("TYPE_", "UNIT_", "CAP_"))]
    assert len(copied) == 14
    for name in copied:
        assert getattr(caps_module, name) == getattr(_sane, name), name
