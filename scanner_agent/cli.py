"""``scanner-agent``: the scanner PC's command line.

Each subcommand is a ``handler(args) -> exit code`` registered by an ``_add_<name>``
function in :func:`build_parser`. Agent errors become their exit code and a bilingual
message here, at the edge, and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scanner_agent import sane_device
from scanner_agent.capabilities import Capabilities, DeviceInfo, ResolutionRange
from scanner_agent.client import AgentClient
from scanner_agent.demo import enable_demo
from scanner_agent.errors import (
    PAGES_WAIT_HINT,
    InvalidRequestError,
    NoScannerError,
    ScannerAgentError,
    ServerUnreachableError,
)
from scanner_agent.scan import ScanOptions, ScanOutcome, run_scan
from scanner_agent.spool import Spool
from scanner_agent.station.cli import add_station
from scanner_agent.sync import run_sync, spool_status
from scanner_agent.watch import WatchReport, watch

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scanner-agent",
        description="Pustaka scanner agent: captures pages through SANE on the scanner PC.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_devices(commands)
    _add_scan(commands)
    _add_queue(commands)
    _add_status(commands)
    _add_sync(commands)
    _add_watch(commands)
    add_station(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (0 on success)."""
    args = build_parser().parse_args(_join_token(sys.argv[1:] if argv is None else argv))
    handler: Handler = args.handler
    try:
        return handler(args)
    except ScannerAgentError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": exc.as_dict()}, ensure_ascii=False, indent=2))
        _print_error(exc)
        return exc.exit_code


def _join_token(argv: list[str]) -> list[str]:
    """``--token T`` → ``--token=T``: a URL-safe token may start with '-', which argparse
    would otherwise take for an option."""
    joined: list[str] = []
    pending = False
    for arg in argv:
        if pending:
            joined[-1] = f"--token={arg}"
            pending = False
        else:
            joined.append(arg)
            pending = arg == "--token"
    return joined


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
    parser.add_argument(
        "--demo", action="store_true", help="no scanner needed: SANE's 'test' backend only"
    )
    parser.set_defaults(handler=run_devices)


def run_devices(args: argparse.Namespace) -> int:
    """List every device with its capabilities; a device that cannot be probed (busy,
    failing) is still listed, with its error, and makes the exit code non-zero."""
    if args.demo:
        enable_demo()
    devices = sane_device.list_devices()
    if not devices:
        raise NoScannerError("SANE found no devices")
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


# --- shared options ----------------------------------------------------------------------


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server",
        default=os.environ.get("PUSTAKA_AGENT_SERVER"),
        help="portal URL, e.g. https://pustaka.example (env PUSTAKA_AGENT_SERVER)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("PUSTAKA_AGENT_TOKEN"),
        help="this station's token (env PUSTAKA_AGENT_TOKEN)",
    )


def _spool_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spool",
        type=Path,
        default=None,
        help="spool folder (env PUSTAKA_AGENT_SPOOL; default ~/.local/share/pustaka-agent/spool)",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _client(args: argparse.Namespace) -> AgentClient:
    if not args.server or not args.token:
        raise InvalidRequestError(
            "--server and --token are required",
            message_id="Alamat server (--server) dan token (--token) wajib diisi.",
            message_en="The server address (--server) and token (--token) are required.",
        )
    return AgentClient(args.server, args.token)


# --- scan --------------------------------------------------------------------------------


def _add_scan(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("scan", help="scan a batch and upload it page by page")
    _server_options(parser)
    parser.add_argument("--device", required=True, help="SANE device name (see 'devices')")
    parser.add_argument("--profile", default="text-gray-300", help="scan profile name")
    parser.add_argument("--profiles", type=Path, help="profiles TOML file")
    parser.add_argument("--source", choices=["flatbed", "adf", "duplex"], default="flatbed")
    parser.add_argument("--pages", type=_positive, help="stop after N pages")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--publication", type=int, help="publication id to scan into")
    target.add_argument(
        "--task",
        "--request",
        dest="task",
        type=int,
        help="scan task (a digitisation task or a visitor's scan request) to claim and scan into",
    )
    target.add_argument("--resume", metavar="BATCH", help="continue an interrupted batch")
    parser.add_argument("--title", default="", help="batch title")
    parser.add_argument(
        "--manual-duplex", action="store_true", help="odd pages, then the stack turned over"
    )
    parser.add_argument(
        "--no-cover-sheets", action="store_true", help="do not look for cover-sheet QR codes"
    )
    _spool_option(parser)
    parser.set_defaults(handler=run_scan_command)


def run_scan_command(args: argparse.Namespace) -> int:
    options = ScanOptions(
        server=args.server or "",
        token=args.token or "",
        device=args.device,
        profile=args.profile,
        source=args.source,
        pages=args.pages,
        publication_id=args.publication,
        task_id=args.task,
        title=args.title,
        spool=args.spool,
        profiles=args.profiles,
        manual_duplex=args.manual_duplex,
        resume=args.resume,
        covers=not args.no_cover_sheets,
    )
    with _client(args) as client:
        outcome = run_scan(options, client=client)
    return _report_scan(outcome)


def _report_scan(outcome: ScanOutcome) -> int:
    for batch in outcome.batches:
        info = batch.summary()
        blank = info["pages_blank"]
        print(
            f"Batch {info['client_batch_id']} (server {info['server_batch_id'] or '-'}): "
            f"{info['pages_captured']} halaman/pages, {info['pages_uploaded']} terkirim/uploaded"
            + (", ditutup/closed" if info["closed"] else "")
            + (f"; periksa halaman kosong / check blank pages: {blank}" if blank else "")
        )
    for error in outcome.upload_errors:
        _print_error(error)
    if outcome.fault is not None:
        _print_error(outcome.fault)
        if outcome.batches:
            print(
                f"Lanjutkan / Continue: scanner-agent scan --resume "
                f"{outcome.batches[-1].id[:8]} ...  atau/or  scanner-agent sync",
                file=sys.stderr,
            )
        return outcome.fault.exit_code
    if outcome.offline is not None:
        _print_error(outcome.offline)
        print(PAGES_WAIT_HINT, file=sys.stderr)
        return outcome.offline.exit_code
    if outcome.upload_errors:
        return outcome.upload_errors[0].exit_code
    return 0


# --- queue, status, sync -----------------------------------------------------------------


def _add_queue(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("queue", help="pending scan tasks on the server")
    _server_options(parser)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_queue)


KIND_LABELS = {"digitise": "digitasi/digitise", "scan_to_email": "pindai-ke-email/scan-to-email"}


def run_queue(args: argparse.Namespace) -> int:
    with _client(args) as client:
        tasks = client.scan_tasks()
    if args.json:
        print(json.dumps({"tasks": tasks, "error": None}, ensure_ascii=False, indent=2))
        return 0
    if not tasks:
        print("Tidak ada tugas pindai. / No scan tasks.")
    for task in tasks:
        kind = KIND_LABELS.get(task["kind"], task["kind"])
        pages = task["pages"] or "semua/all"
        print(
            f"#{task['id']:<5} {task['state']:<9} {kind:<30} {task['title']} "
            f"[hal./pages {pages}]" + (f" ({task['claimed_by']})" if task["claimed_by"] else "")
        )
    return 0


def _add_status(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("status", help="what the local spool holds")
    parser.add_argument("--json", action="store_true")
    _spool_option(parser)
    parser.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace) -> int:
    status = spool_status(Spool(args.spool))
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0
    print(f"Spool: {status['spool']}")
    for b in status["batches"]:
        state = (
            "ditutup/closed"
            if b["closed"]
            else ("selesai dipindai/captured" if b["capture_complete"] else "terputus/interrupted")
        )
        print(
            f"{b['client_batch_id'][:8]}  server {b['server_batch_id'] or '-':<5} "
            f"{b['pages_uploaded']}/{b['pages_captured']} terkirim/uploaded  {state}"
            f"  {b['title']}"
        )
    print(f"Menunggu unggah / Pending upload: {status['pages_pending']} halaman/pages")
    return 0


def _add_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sync", help="upload what the spool still holds")
    _server_options(parser)
    _spool_option(parser)
    parser.add_argument(
        "--close-interrupted",
        action="store_true",
        help="close interrupted batches with the pages they have",
    )
    parser.set_defaults(handler=run_sync_command)


def run_sync_command(args: argparse.Namespace) -> int:
    with _client(args) as client:
        report = run_sync(client, Spool(args.spool), close_interrupted=args.close_interrupted)
    print(
        f"Terkirim / Uploaded: {report.pages_sent} halaman/pages; "
        f"ditutup / closed: {len(report.closed)} batch; terbuka / open: {len(report.left_open)}"
    )
    for batch_id, error in report.errors:
        print(f"Batch {batch_id}:", file=sys.stderr)
        _print_error(error)
    if report.offline is not None:
        _print_error(report.offline)
        print(PAGES_WAIT_HINT, file=sys.stderr)
        return report.offline.exit_code
    return report.errors[0][1].exit_code if report.errors else 0


# --- watch -------------------------------------------------------------------------------


def _add_watch(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("watch", help="upload images a network scanner saves")
    parser.add_argument("folder", type=Path)
    _server_options(parser)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds a file must rest")
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.set_defaults(handler=run_watch)


def run_watch(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir() or folder.is_symlink():
        raise InvalidRequestError(
            f"{folder} is not a folder",
            message_id=f"Folder {folder} tidak ada.",
            message_en=f"Folder {folder} does not exist.",
        )
    last = WatchReport()

    def show(report: WatchReport) -> None:
        nonlocal last
        last = report
        for name in report.done:
            print(f"terkirim / uploaded: {name}")
        for name, reason in report.failed:
            print(f"gagal / failed: {name}: {reason.splitlines()[0]}", file=sys.stderr)
        if report.offline is not None:
            _print_error(report.offline)

    with _client(args) as client:
        try:
            watch(folder, client, interval=args.interval, once=args.once, on_report=show)
        except KeyboardInterrupt:
            return 0
    if last.offline is not None:
        return ServerUnreachableError.exit_code
    return 1 if last.failed else 0
