"""Running the scanner station for tests: the real ``scanner-agent station --demo`` as a
subprocess (SANE's `test` backend through python-sane), and a TCP relay in front of the
portal that a test can cut and restore (the portal "stopped" as the station sees it)."""

from __future__ import annotations

import contextlib
import os
import re
import select
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# 50 dpi keeps pages tiny (A4 = 413 x 585 pixels): capture, upload and OCR stay fast.
PROFILES = (
    '[profiles.uji-50]\ndescription = "Uji 50 dpi / Test 50 dpi"\n'
    'mode = "gray"\nresolution = 50\nformat = "png"\n'
)


@dataclass
class RunningStation:
    url: str
    process: subprocess.Popen[str]
    config: Path
    spool: Path
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_station(folder: Path) -> RunningStation:
    """``scanner-agent station --demo`` on a free port, its files all under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    profiles = folder / "profiles.toml"
    profiles.write_text(PROFILES)
    config, spool, log = (
        folder / "config" / "station.json",
        folder / "spool",
        folder / "station.log",
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    env.pop("SANE_CONFIG_DIR", None)
    args = [
        sys.executable, "-m", "scanner_agent", "station", "--demo", "--port", "0",
        "--config", str(config), "--spool", str(spool), "--profiles", str(profiles),
    ]  # fmt: skip
    with log.open("w") as err:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True
        )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    line = process.stdout.readline() if ready else ""
    found = re.search(r"http://\S+", line)
    if found is None:
        process.kill()
        raise AssertionError(f"station did not start: {line!r} {log.read_text()}")
    return RunningStation(found.group(0), process, config, spool, log)


class Relay:
    """Forwards a local port to the portal; ``cut()`` refuses connections (and drops open
    ones) like a stopped server, ``restore()`` listens on the same port again."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._open = self._open, []
        if listener is not None:  # shutdown first: close alone leaves accept() running
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
