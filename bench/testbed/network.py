"""Linux network namespaces joined by veth links to one bridge: hosts on one machine.

Each "host" is a namespace with its own loopback and one interface (``eth0``) on a
private /24. The bridge lives in a namespace of its own (the "lan"), so the machine's
firewall rules never see the traffic and deleting the lan removes the bridge and every
link. The machine itself (where the test or benchmark runs) joins the lan through one
more veth, as an operator's laptop would.

Every name carries the prefix ``pkmh``, a short random tag and the owner's pid, so a
sweep at start removes exactly the beds whose owner has died, never a live one.
Needs root (``ip netns``).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field

PREFIX = "pkmh"
_NAME = re.compile(rf"^{PREFIX}-([0-9a-f]{{4}})-(\d+)-([a-z0-9]+)$")


class NetworkError(RuntimeError):
    """The kernel refused a namespace or link change (not root? no iproute2?)."""


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=False)
    if check and done.returncode != 0:
        raise NetworkError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done


def namespaces() -> list[str]:
    listed = ip("netns", "list", check=False).stdout
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def pids_in(netns: str) -> list[int]:
    listed = ip("netns", "pids", netns, check=False).stdout
    return [int(p) for p in listed.split() if p.isdigit()]


def kill_namespace(*names: str, grace: float = 3.0) -> None:
    """SIGTERM, then SIGKILL, every process in these namespaces (all at once, so a bed
    stops in one grace period); then delete them."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in [pid for netns in names for pid in pids_in(netns)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while any(pids_in(netns) for netns in names) and time.monotonic() < deadline:
            time.sleep(0.05)
    for netns in names:
        ip("netns", "del", netns, check=False)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale() -> list[str]:
    """Remove the namespaces of beds whose owning process is gone (ours only)."""
    removed = []
    for name in namespaces():
        found = _NAME.match(name)
        if found and not _alive(int(found.group(2))):
            kill_namespace(name, grace=1.0)
            removed.append(name)
    return removed


def _free_subnet() -> str:
    """A 10.231.N.0/24 that no route on this machine uses yet."""
    routes = ip("-4", "route", "show", check=False).stdout
    for n in range(16, 250):
        base = f"10.231.{n}"
        if f"{base}." not in routes:
            return base
    raise NetworkError("no free 10.231.N.0/24 subnet")


@dataclass
class Lan:
    """The bridge namespace and the hosts attached to it."""

    tag: str = field(default_factory=lambda: secrets.token_hex(2))
    owner: int = field(default_factory=os.getpid)
    subnet: str = ""
    hosts: dict[str, str] = field(default_factory=dict)  # host name → address
    _next: int = 10

    def netns(self, host: str) -> str:
        return f"{PREFIX}-{self.tag}-{self.owner}-{host}"

    @property
    def lan_ns(self) -> str:
        return self.netns("lan")

    def _link(self, host: str) -> str:
        return f"{PREFIX}{self.tag}{host[:6]}"  # ≤ 15 characters, unique in the lan

    def create(self) -> None:
        self.subnet = _free_subnet()
        ip("netns", "add", self.lan_ns)
        ip("-n", self.lan_ns, "link", "set", "lo", "up")
        ip("-n", self.lan_ns, "link", "add", "br0", "type", "bridge")
        ip("-n", self.lan_ns, "link", "set", "br0", "up")
        # The machine itself joins the lan at .1 (the test driver, the benchmark).
        mine = self._link("op")
        ip("link", "add", mine, "type", "veth", "peer", "name", "op", "netns", self.lan_ns)
        ip("-n", self.lan_ns, "link", "set", "op", "master", "br0", "up")
        ip("addr", "add", f"{self.subnet}.1/24", "dev", mine)
        ip("link", "set", mine, "up")

    def add_host(self, host: str) -> str:
        """A new namespace with ``eth0`` on the lan; returns its address."""
        netns, address = self.netns(host), f"{self.subnet}.{self._next}"
        self._next += 1
        ip("netns", "add", netns)
        ip("-n", netns, "link", "set", "lo", "up")
        ip("-n", netns, "link", "add", "eth0", "type", "veth", "peer", "name", host[:15],
           "netns", self.lan_ns)  # fmt: skip
        ip("-n", self.lan_ns, "link", "set", host[:15], "master", "br0", "up")
        ip("-n", netns, "addr", "add", f"{address}/24", "dev", "eth0")
        ip("-n", netns, "link", "set", "eth0", "up")
        self.hosts[host] = address
        return address

    def link(self, host: str, *, up: bool) -> None:
        """Pull (or plug back) the host's cable: its switch port goes down."""
        ip("-n", self.lan_ns, "link", "set", host[:15], "up" if up else "down")

    def exec_prefix(self, host: str) -> list[str]:
        return ["ip", "netns", "exec", self.netns(host)]

    def remove_host(self, host: str) -> None:
        """The host disappears: every process in it killed, its namespace deleted."""
        kill_namespace(self.netns(host), grace=1.0)
        self.hosts.pop(host, None)

    def destroy(self) -> None:
        kill_namespace(*(self.netns(h) for h in self.hosts), self.lan_ns, grace=1.0)
        self.hosts.clear()
        ip("link", "del", self._link("op"), check=False)  # gone with the lan, normally
