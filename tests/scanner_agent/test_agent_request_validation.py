"""Scan requests validated against capabilities recorded from real scanners.

``tests/data/sane/*.scanimage-A.txt`` are `scanimage -A` outputs reported by users of a
FUJITSU fi-7260 (flatbed + duplex ADF) and a Canon PIXMA TR8500 (flatbed only, word-list
resolutions); each file names its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner_agent.capabilities import (
    Capabilities,
    ResolutionRange,
    capabilities_from_options,
    options_by_name,
    options_from_scanimage,
)
from scanner_agent.errors import InvalidRequestError, ProfileError
from scanner_agent.profiles import Profile, get_profile, load_profiles
from scanner_agent.scan_request import validate

DATA = Path(__file__).resolve().parents[1] / "data" / "sane"


def recorded(name: str) -> Capabilities:
    text = (DATA / f"{name}.scanimage-A.txt").read_text()
    return capabilities_from_options(options_by_name(options_from_scanimage(text)))


@pytest.fixture(scope="module")
def fujitsu() -> Capabilities:
    return recorded("fujitsu-fi-7260")


@pytest.fixture(scope="module")
def pixma() -> Capabilities:
    return recorded("canon-pixma-tr8500")


def profile(name: str = "text-gray-300", **changes: object) -> Profile:
    base = get_profile(name)
    return Profile(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_recorded_fujitsu_capabilities(fujitsu: Capabilities) -> None:
    assert fujitsu.sources == ["Flatbed", "ADF Front", "ADF Back", "ADF Duplex"]
    assert fujitsu.modes == ["Lineart", "Halftone", "Gray", "Color"]
    assert fujitsu.resolutions == ResolutionRange(50, 600, 1)
    assert fujitsu.scan_area_mm == (227.809, 296.972)


def test_recorded_pixma_capabilities(pixma: Capabilities) -> None:
    assert pixma.sources == []
    assert pixma.resolutions == [75, 100, 150, 200, 300]


def test_9600_dpi_is_refused_with_what_the_device_offers(fujitsu: Capabilities) -> None:
    with pytest.raises(InvalidRequestError) as error:
        validate("fujitsu", fujitsu, profile(resolution=9600), "adf")
    assert "9600 dpi" in error.value.message_id
    assert "50-600 dpi" in error.value.message_id
    assert "cannot scan at 9600 dpi" in error.value.message_en
    assert error.value.exit_code != 0


def test_word_list_resolution_refuses_values_between(pixma: Capabilities) -> None:
    with pytest.raises(InvalidRequestError, match="250 dpi") as error:
        validate("pixma", pixma, profile(resolution=250), "flatbed")
    assert "75, 100, 150, 200, 300 dpi" in error.value.message_en


def test_sources_map_to_the_devices_own_names(fujitsu: Capabilities) -> None:
    assert validate("f", fujitsu, profile(), "flatbed").device_source == "Flatbed"
    adf = validate("f", fujitsu, profile(), "adf")
    assert (adf.device_source, adf.feeder, adf.manual_duplex) == ("ADF Front", True, False)
    duplex = validate("f", fujitsu, profile(), "duplex")
    assert (duplex.device_source, duplex.manual_duplex) == ("ADF Duplex", False)


def test_manual_duplex_uses_the_simplex_feeder(fujitsu: Capabilities) -> None:
    settings = validate("f", fujitsu, profile(), "duplex", manual_duplex=True)
    assert (settings.device_source, settings.manual_duplex) == ("ADF Front", True)


def test_a_flatbed_only_device_has_no_feeder(pixma: Capabilities) -> None:
    assert validate("p", pixma, profile(resolution=300), "flatbed").device_source is None
    for source in ("adf", "duplex"):
        with pytest.raises(InvalidRequestError) as error:
            validate("p", pixma, profile(resolution=300), source)
        assert "ADF" in error.value.message_en or "'adf'" in error.value.message_en


def test_unknown_source_is_refused(fujitsu: Capabilities) -> None:
    with pytest.raises(InvalidRequestError, match="transparency"):
        validate("f", fujitsu, profile(), "transparency")


def test_modes_map_and_lineart_falls_back_to_thresholding(
    fujitsu: Capabilities, pixma: Capabilities
) -> None:
    assert validate("f", fujitsu, profile("bw-400", resolution=400), "adf").device_mode == (
        "Lineart"
    )
    on_pixma = validate("p", pixma, profile("bw-400", resolution=300), "flatbed")
    assert (on_pixma.device_mode, on_pixma.threshold) == ("Gray", True)
    assert validate("f", fujitsu, profile("photo-colour-300"), "adf").device_mode == "Color"


def test_a4_is_clamped_to_the_scan_area(fujitsu: Capabilities) -> None:
    settings = validate("f", fujitsu, profile(), "flatbed")
    assert (settings.width_mm, settings.height_mm) == (210.0, 296.972)


def test_shipped_profiles() -> None:
    shipped = get_profile("text-gray-300")
    assert (shipped.mode, shipped.resolution, shipped.content_type) == ("gray", 300, "image/png")
    assert get_profile("photo-colour-300").content_type == "image/jpeg"
    assert get_profile("bw-400").mode == "lineart"


def test_a_profiles_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(
        '[profiles.text-gray-300]\nmode = "gray"\nresolution = 240\n'
        '[profiles.peta-600]\nmode = "color"\nresolution = 600\nformat = "tiff"\n'
        "width_mm = 297\nheight_mm = 420\n"
    )
    profiles = load_profiles(path)
    assert profiles["text-gray-300"].resolution == 240
    assert profiles["peta-600"].page_mm == (297.0, 420.0)
    assert profiles["peta-600"].content_type == "image/tiff"
    assert "bw-400" in profiles


@pytest.mark.parametrize(
    "body",
    [
        '[profiles.x]\nmode = "sepia"\nresolution = 300\n',
        '[profiles.x]\nmode = "gray"\nresolution = "300"\n',
        '[profiles.x]\nmode = "gray"\nresolution = 300\nformat = "bmp"\n',
        "[profiles.x\n",
    ],
    ids=["mode", "resolution", "format", "toml"],
)
def test_bad_profile_files_are_refused_clearly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(body)
    with pytest.raises(ProfileError) as error:
        load_profiles(path)
    assert str(path) in error.value.detail


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="text-gray-300"):
        get_profile("ultra-9600")
