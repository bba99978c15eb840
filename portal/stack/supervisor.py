"""A small process supervisor for ``pustaka run``: one crash restarts that part only.

Each part runs in its own process group with its output prefixed on ours. When a part
exits on its own, whatever is left of its group (a Celery worker's pool children) is
killed, the exit is logged, and the part starts again: at once after its first crash
(nothing is gained by waiting: the portal's users wait for the worker), then after a
backoff while it keeps crashing (0.5 s, doubling to 30 s; from scratch once it has stayed
up for 30 s). An exit is seen the moment it happens (a thread waits on each process), not
at the next poll. SIGINT or SIGTERM stops every part,
the broker and search last: SIGTERM to each main process, SIGKILL to what is left of its
group after the grace period. The state of every part (pid, restarts, last exit) is
written to ``var/run/supervisor.json`` for ``/healthz`` and ``pustaka health``. Why not
honcho or supervisord: docs/architecture.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

STATUS_FILE = "supervisor.json"


@dataclass
class Backoff:
    """Restart delays: ``first`` after a crash of a part that had been up
    ``stable_after`` s (or never crashed), then ``initial`` doubling to ``maximum``."""

    first: float = 0.0
    initial: float = 0.5
    maximum: float = 30.0
    stable_after: float = 30.0  # a part up this long starts its next backoff from scratch


@dataclass
class Part:
    name: str
    args: list[str]
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restarts: int = 0
    delay: float | None = None  # the last restart's delay; None: no crash since stable
    next_start: float | None = 0.0  # monotonic time of the next start; None when stopped
    last_exit: int | None = None
    last_restart: str = ""
    readers: list[threading.Thread] = field(default_factory=list)

    def status(self) -> dict[str, Any]:
        running = self.process is not None and self.process.poll() is None
        return {
            "state": "running" if running else "restarting",
            "pid": self.process.pid if running and self.process else None,
            "restarts": self.restarts,
            "last_exit": self.last_exit,
            "last_restart": self.last_restart,
        }


class Supervisor:
    def __init__(
        self,
        parts: dict[str, list[str]],
        *,
        env: dict[str, str],
        run_dir: Path,
        out: IO[str],
        backoff: Backoff | None = None,
        grace: float = 20.0,
        log_file: Path | None = None,
        stop_last: tuple[str, ...] = ("redis", "search"),
    ) -> None:
        self.parts = [Part(name, args) for name, args in parts.items()]
        self.env, self.run_dir, self.out, self.grace = env, run_dir, out, grace
        self.backoff = backoff or Backoff()
        self.log_file, self.stop_last = log_file, stop_last
        self.stopping = threading.Event()
        self._wake = threading.Event()  # a part exited, or a stop was asked for
        self._lock = threading.Lock()
        self._width = max([len(p.name) for p in self.parts] + [10])

    # -- the loop -------------------------------------------------------------------
    def run(self, on_signal: Callable[[], None] | None = None) -> int:
        """Start every part and keep them up until SIGINT/SIGTERM; then stop them all."""

        def stop(signum: int, _frame: object) -> None:
            self.log(f"{signal.Signals(signum).name} received: stopping every part")
            self.stopping.set()
            self._wake.set()
            if on_signal:
                on_signal()

        previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            while not self.stopping.is_set():
                self._wake.clear()
                self._tick()
                self._wake.wait(self._until_next_start())
        finally:
            self._stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return 0

    def _tick(self) -> None:
        now = time.monotonic()
        changed = False
        for part in self.parts:
            if part.process is not None and part.process.poll() is not None:
                self._exited(part, now)
                changed = True
            if part.process is None and part.next_start is not None and now >= part.next_start:
                self._start(part)
                changed = True
        if changed:
            self.write_status()

    def _until_next_start(self, ceiling: float = 1.0) -> float:
        """Seconds the loop may sleep: exits wake it at once, so only a pending
        (backed-off) start needs a timer; ``ceiling`` bounds any missed wake-up."""
        now = time.monotonic()
        pending = [p.next_start - now for p in self.parts if p.next_start is not None]
        return max(0.0, min([ceiling, *pending]))

    def _start(self, part: Part) -> None:
        process = subprocess.Popen(
            part.args,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: Ctrl-C reaches us, we stop it
        )
        part.process, part.started, part.next_start = process, time.monotonic(), None
        self.log(f"started {part.name} (pid {process.pid})")
        reader = threading.Thread(target=self._relay, args=(part.name, process), daemon=True)
        reader.start()
        part.readers = [reader]
        threading.Thread(target=self._await_exit, args=(process,), daemon=True).start()

    def _await_exit(self, process: subprocess.Popen[bytes]) -> None:
        """Wake the loop the moment ``process`` exits (its pool children may keep its
        output open, so the reader's end of file is no signal)."""
        with contextlib.suppress(Exception):
            process.wait()
        self._wake.set()

    def _exited(self, part: Part, now: float) -> None:
        assert part.process is not None
        code = part.process.returncode
        _kill_group(part.process.pid, signal.SIGKILL)  # orphans of the dead main process
        part.process, part.last_exit = None, code
        if now - part.started >= self.backoff.stable_after:
            part.delay = None
        part.delay = self._next_delay(part.delay)
        part.restarts += 1
        part.next_start = now + part.delay
        part.last_restart = datetime.now(UTC).isoformat(timespec="seconds")
        self.log(
            f"{part.name} exited with code {code}; restart {part.restarts} in {part.delay:g} s",
            persist=True,
        )

    def _next_delay(self, last: float | None) -> float:
        if last is None:
            return self.backoff.first
        if last < self.backoff.initial:
            return self.backoff.initial
        return min(self.backoff.maximum, last * 2)

    def _stop_all(self) -> None:
        """Stop the parts, those in ``stop_last`` (the broker, search) after the others."""
        first = [p for p in self.parts if p.name not in self.stop_last]
        self._stop(first)
        self._stop([p for p in self.parts if p.name in self.stop_last])
        (self.run_dir / STATUS_FILE).unlink(missing_ok=True)
        self.log("every part stopped")

    def _stop(self, parts: list[Part]) -> None:
        """SIGTERM to each main process (a Celery worker finishes its page, gunicorn its
        requests), SIGKILL to whatever is left of their groups after the grace period."""
        for part in parts:
            part.next_start = None
            if part.process is not None and part.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    part.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for part in parts:
            if part.process is None:
                continue
            try:
                part.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"{part.name} did not stop within {self.grace:g} s: killing it")
            _kill_group(part.process.pid, signal.SIGKILL)  # stragglers in its group
            with contextlib.suppress(subprocess.TimeoutExpired):
                part.process.wait(5)
            for reader in part.readers:
                reader.join(timeout=2)

    # -- output and status -----------------------------------------------------------
    def _relay(self, name: str, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for raw in iter(process.stdout.readline, b""):
            self._write(name, raw.decode("utf-8", errors="replace").rstrip("\n"))
        process.stdout.close()

    def log(self, message: str, *, persist: bool = False) -> None:
        self._write("supervisor", message)
        if persist and self.log_file is not None:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            with contextlib.suppress(OSError), self.log_file.open("a") as handle:
                handle.write(f"{stamp} {message}\n")

    def _write(self, name: str, line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        with self._lock, contextlib.suppress(ValueError, OSError):
            self.out.write(f"{stamp} {name:<{self._width}} | {line}\n")
            self.out.flush()

    def write_status(self) -> None:
        status = {
            "pid": os.getpid(),
            "parts": {part.name: part.status() for part in self.parts},
        }
        self.run_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.run_dir / f".{STATUS_FILE}.tmp"
        tmp.write_text(json.dumps(status, indent=1))
        tmp.replace(self.run_dir / STATUS_FILE)


def _kill_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def read_status(run_dir: Path) -> dict[str, Any] | None:
    """The running supervisor's view of its parts; None when no ``pustaka run`` is up."""
    try:
        status = json.loads((run_dir / STATUS_FILE).read_text())
        os.kill(int(status["pid"]), 0)  # a file left by a supervisor that was killed
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return status if isinstance(status, dict) else None
