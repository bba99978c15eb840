"""``scanner-agent station``: serve the scanner station page on this PC.

Binds 127.0.0.1 by default; the page is for the librarian at this scanner. Request
logs carry the method and path only (never a query string, a body or a header).
"""

from __future__ import annotations

import argparse
import logging
import socketserver
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from scanner_agent.demo import enable_demo
from scanner_agent.spool import Spool
from scanner_agent.station.config import default_path
from scanner_agent.station.engine import Station
from scanner_agent.station.web import StationApp

DEFAULT_PORT = 8765
log = logging.getLogger("scanner_agent.station")


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """One line per request: method, path (no query string), status."""
        method, _, rest = (self.requestline or "").partition(" ")
        path = rest.split(" ")[0].split("?")[0]
        status = args[1] if len(args) > 1 else ""
        log.info("%s %s %s", method, path, status)


def add_station(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("station", help="serve the scanner station page (a browser UI)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0: any free one)")
    parser.add_argument(
        "--allow-host", action="append", default=[], help="another Host name the page answers to"
    )
    parser.add_argument("--demo", action="store_true", help="SANE's 'test' backend: no scanner")
    parser.add_argument("--config", type=Path, help="settings file (default in ~/.config)")
    parser.add_argument("--profiles", type=Path, help="profiles TOML file")
    parser.add_argument("--spool", type=Path, default=None, help="spool folder")
    parser.set_defaults(handler=run_station)


def run_station(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.demo:
        enable_demo()
    station = Station(
        args.config or default_path(), Spool(args.spool), profiles=args.profiles, demo=args.demo
    )
    server = make_server(
        args.host, args.port, _LazyApp(), server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )  # fmt: skip
    port = server.server_port
    hosts = {f"{args.host}:{port}", f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
    hosts |= {f"{name}:{port}" for name in args.allow_host}
    app = StationApp(station, allowed_hosts=hosts)
    server.set_app(app)
    station.start()
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    print(f"Stasiun pindai / Scanner station: http://{shown}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        station.stop()
        server.server_close()
    return 0


class _LazyApp:
    """Placeholder until the port is known (the allowed Host names depend on it)."""

    def __call__(self, environ: Any, start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]
