"""A private, throw-away PostgreSQL cluster for tests that must hold on a real server DB.

Uses the Debian server binaries (``/usr/lib/postgresql/<v>/bin``); as root it runs them
as the ``postgres`` user, since initdb refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from portal.errors import StackError
from portal.stack import services


def server_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _as_service_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    if runuser is None:
        raise StackError("running as root needs runuser to start PostgreSQL as 'postgres'")
    return [runuser, "-u", "postgres", "--", *args]


@contextlib.contextmanager
def private_postgres() -> Iterator[str]:
    """Start a trust-auth cluster on a free loopback port; yield its URL; stop and remove it."""
    bindir = server_bindir()
    if bindir is None:
        raise StackError("PostgreSQL server binaries not found (Debian package postgresql)")
    with tempfile.TemporaryDirectory(prefix="pustaka-pg-") as folder:
        yield from _cluster(bindir, Path(folder))


def _cluster(bindir: Path, workdir: Path) -> Iterator[str]:
    data, sockets = workdir / "pgdata", workdir / "pgsock"
    sockets.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for folder in (workdir, sockets):
            os.chown(folder, user.pw_uid, user.pw_gid)
    port = services.free_port()
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    _run([*initdb, "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
    server_options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-w"]
    _run([*pg_ctl, "-l", str(workdir / "postgres.log"), "-o", server_options, "start"])
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        _run([*pg_ctl, "-m", "fast", "stop"], check=False)


def _run(args: list[str], *, check: bool = True) -> None:
    subprocess.run(_as_service_user(args), check=check, capture_output=True, timeout=120)
