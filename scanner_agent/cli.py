"""``scanner-agent``: the scanner PC's command line.

Each subcommand is a ``handler(args) -> exit code`` registered by an ``_add_<name>``
function in :func:`build_parser`. Agent errors become their exit code and a bilingual
message here, at the edge, and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass

from scanner_agent import sane_device
from scanner_agent.capabilities import Capabilities, DeviceInfo, ResolutionRange
from scanner_agent.errors import DeviceNotFoundError, ScannerAgentError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scanner-agent",
        description="Pustaka scanner agent: captures pages through SANE on the scanner PC.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_devices(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (0 on success)."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ScannerAgentError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": exc.as_dict()}, ensure_ascii=False, indent=2))
        _print_error(exc)
        return exc.exit_code


def _print_error(exc: ScannerAgentError) -> None:
    print(exc.bilingual(), file=sys.stderr)
    if exc.detail:
        print(f"({exc.detail})", file=sys.stderr)


# --- devices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceReport:
    """One listed device and either its capabilities or why they could not be read."""

    device: DeviceInfo
    capabilities: Capabilities | None = None
    error: ScannerAgentError | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            **self.device.as_dict(),
            "capabilities": self.capabilities.as_dict() if self.capabilities else None,
            "error": self.error.as_dict() if self.error else None,
        }


def _add_devices(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "devices", help="list the scanners SANE finds, with their capabilities"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=run_devices)


def run_devices(args: argparse.Namespace) -> int:
    """List every device with its capabilities; a device that cannot be probed (busy,
    failing) is still listed, with its error, and makes the exit code non-zero."""
    devices = sane_device.list_devices()
    if not devices:
        raise DeviceNotFoundError("SANE found no devices")
    reports = [_probe_report(device) for device in devices]
    if args.json:
        body = {"devices": [report.as_dict() for report in reports], "error": None}
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(_format_report(report) for report in reports))
    errors = [report.error for report in reports if report.error is not None]
    for error in errors:
        _print_error(error)
    return errors[0].exit_code if errors else 0


def _probe_report(device: DeviceInfo) -> DeviceReport:
    try:
        return DeviceReport(device, capabilities=sane_device.probe(device.name))
    except ScannerAgentError as exc:
        return DeviceReport(device, error=exc)


def _format_report(report: DeviceReport) -> str:
    device = report.device
    rows = [
        ("Perangkat / Device", f"{device.name} ({device.vendor} {device.model}, {device.type})")
    ]
    if report.capabilities is not None:
        rows += _capability_rows(report.capabilities)
    if report.error is not None:
        rows.append(("Kesalahan / Error", report.error.message_id))
        rows.append(("", report.error.message_en))
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}".rstrip() for label, value in rows)


def _capability_rows(caps: Capabilities) -> list[tuple[str, str]]:
    return [
        ("Sumber / Sources", ", ".join(caps.sources) or "-"),
        ("Mode / Modes", ", ".join(caps.modes) or "-"),
        ("Resolusi / Resolution", _format_resolutions(caps.resolutions)),
        ("Area pindai / Scan area", _format_area(caps.scan_area_mm)),
    ]


def _format_resolutions(resolutions: list[int] | ResolutionRange) -> str:
    if isinstance(resolutions, ResolutionRange):
        step = f", step {resolutions.step}" if resolutions.step != 1 else ""
        return f"{resolutions.min}-{resolutions.max} dpi{step}"
    return f"{', '.join(str(dpi) for dpi in resolutions)} dpi" if resolutions else "-"


def _format_area(area: tuple[float, float] | None) -> str:
    if area is None:
        return "-"
    return f"{area[0]:g} x {area[1]:g} mm"
