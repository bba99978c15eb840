"""The multi-host test bed: one entry point, ``multihost_bed()``, for tests and benchmarks.

Hosts (network namespaces on one lan, see ``network.py``):

- ``server``: PostgreSQL (password), Redis (password), Meilisearch (master key), the
  portal under gunicorn, a Celery worker for the default/assemble/index queues, beat;
- ``worker1``, ``worker2``…: ``celery worker --queues ocr`` only, each with its own
  working folder, scratch and temp folder; no folder is shared with any other host;
- ``scanner``: where the scanner agent runs (SANE ``test`` backend), on demand;
- ``s3``: moto in server mode, a real S3 endpoint; every file Pustaka stores is in its
  bucket, reached through django-storages/boto3 as in production.

Everything the bed made — namespaces, processes, the bucket, temp folders — is removed
on exit, on an exception, and (atexit) when the interpreter ends early; a stale bed of a
dead owner is swept at the next start.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.testbed import hosts
from bench.testbed.network import PREFIX, Lan, pids_in, sweep_stale
from portal.stack import services

SERVER, S3, SCANNER = "server", "s3", "scanner"


@dataclass
class BedConfig:
    workers: int = 2
    worker_concurrency: int = 1
    web_workers: int = 2
    # Extra environment for every Pustaka process (e.g. PUSTAKA_RECONCILE_* bounds).
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Bed:
    config: BedConfig
    root: Path
    lan: Lan = field(default_factory=Lan)
    secrets: hosts.Secrets = field(
        default_factory=lambda: hosts.Secrets(*(secrets.token_hex(16) for _ in range(5)))
    )
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    _s3: Any = None

    # -- addresses and environment -------------------------------------------------------
    @property
    def workers(self) -> list[str]:
        return [f"worker{i}" for i in range(1, self.config.workers + 1)]

    def address(self, host: str) -> str:
        return self.lan.hosts[host]

    @property
    def portal_url(self) -> str:
        return f"http://{self.address(SERVER)}:{hosts.PORTS['portal']}"

    def home(self, host: str) -> Path:
        return self.root / host

    def env(self, host: str) -> dict[str, str]:
        return hosts.pustaka_env(
            home=self.home(host), server=self.address(SERVER), s3=self.address(S3),
            secrets=self.secrets, extra=self.config.env,
        )  # fmt: skip

    @property
    def database_url(self) -> str:
        return self.env(SERVER)["DATABASE_URL"]

    @property
    def redis_url(self) -> str:
        return self.env(SERVER)["REDIS_URL"]

    @staticmethod
    def node(host: str) -> str:
        """The Celery node name of a host's worker (what page rows record)."""
        return f"ocr@{host}" if host.startswith("worker") else f"{host}@{host}"

    # -- processes -------------------------------------------------------------------------
    def spawn(self, host: str, name: str, args: list[str], env: dict[str, str] | None = None
              ) -> subprocess.Popen[bytes]:  # fmt: skip
        log = self.home(host) / "log" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            process = subprocess.Popen(
                [*self.lan.exec_prefix(host), *args], cwd=self.home(host),
                env=env or self.env(host), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.processes[f"{host}/{name}"] = process
        return process

    def run(self, host: str, args: list[str], *, timeout: float = 300,
            env: dict[str, str] | None = None, check: bool = True
            ) -> subprocess.CompletedProcess[str]:  # fmt: skip
        done = subprocess.run(
            [*self.lan.exec_prefix(host), *args], cwd=self.home(host), env=env or self.env(host),
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise RuntimeError(f"{host}: {args[:4]} exited {done.returncode}:\n"
                               f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")  # fmt: skip
        return done

    def pustaka(self, *args: str, host: str = SERVER, timeout: float = 300,
                check: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
        """The ``pustaka`` command line on a host (``shell -c`` for anything else)."""
        return self.run(host, [str(hosts.BIN / "pustaka"), *args], timeout=timeout, check=check)

    def log(self, host: str, name: str) -> str:
        path = self.home(host) / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # -- faults ----------------------------------------------------------------------------
    def remove_host(self, host: str) -> None:
        """The machine is gone: every process in its namespace killed, the namespace deleted."""
        self.lan.remove_host(host)

    def freeze(self, host: str, *, frozen: bool = True) -> None:
        """Stop (SIGSTOP) or resume (SIGCONT) every process of a host: a frozen host
        finishes nothing, so what it holds at that moment is known for certain."""
        for pid in pids_in(self.lan.netns(host)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP if frozen else signal.SIGCONT)

    def link(self, host: str, *, up: bool) -> None:
        self.lan.link(host, up=up)

    def drop_connections(self) -> None:
        """The server ends every client connection of Redis and PostgreSQL (from inside
        the server host, so it works while its link is down): a link that comes back
        after 10 s alone leaves TCP connections alive, clients only notice a stall."""
        address = self.address(SERVER)
        for kind in ("normal", "pubsub"):
            self.run(SERVER, ["redis-cli", "-h", address, "-p", str(hosts.PORTS["redis"]),
                              "--no-auth-warning", "-a", self.secrets.redis,
                              "CLIENT", "KILL", "TYPE", kind], env=dict(os.environ))  # fmt: skip
        sql = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
               " WHERE usename = 'pustaka' AND pid <> pg_backend_pid()")  # fmt: skip
        psql = ["psql", "-h", str(self.home(SERVER) / "pg"), "-p", str(hosts.PORTS["postgres"]),
                "-U", "postgres", "-d", "pustaka", "-Atc", sql]  # fmt: skip
        self.run(SERVER, hosts.as_postgres(psql), env=dict(os.environ))

    # -- work ----------------------------------------------------------------------------------
    def ingest(self, path: Path, title: str) -> int:
        """``pustaka ingest`` on the server (the file is on the server's own disk)."""
        done = self.pustaka("ingest", str(path), "--title", title, "--json")
        return int(json.loads(done.stdout.strip().splitlines()[-1])["job_id"])

    def job(self, job_id: int) -> dict[str, Any]:
        return self.query(
            "SELECT state, pages_total, pages_done, redispatches, softcopy_id, error_en"
            " FROM catalogue_digitisationjob WHERE id = %s", job_id,
        )[0]  # fmt: skip

    def pages(self, job_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT id, state, attempts, redispatches, worker, finished_at"
            " FROM catalogue_jobpage WHERE job_id = %s ORDER BY id", job_id,
        )  # fmt: skip

    def wait_job(self, job_id: int, timeout: float = 180) -> dict[str, Any]:
        """The job once done or failed; polls the database over the network (a query
        that fails while a link is down is tried again)."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(Exception):  # psycopg.OperationalError, link down
                job = self.job(job_id)
                if job["state"] in ("done", "failed"):
                    return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} not finished after {timeout} s")
            time.sleep(0.5)

    def agent(self, *args: str, env: dict[str, str] | None = None, timeout: float = 180
              ) -> subprocess.CompletedProcess[str]:  # fmt: skip
        """The scanner agent on the scanner host: it knows the portal's address and its
        token, nothing of the server's database, broker or storage."""
        home = self.home(SCANNER)
        clean = {k: v for k, v in os.environ.items()
                 if k in ("PATH", "LANG", "LC_ALL", "VIRTUAL_ENV")}  # fmt: skip
        clean.update(HOME=str(home), PYTHONPATH=str(hosts.REPO_ROOT), **(env or {}))
        return self.run(SCANNER, [str(hosts.BIN / "python"), "-m", "scanner_agent", *args],
                        env=clean, timeout=timeout, check=False)  # fmt: skip

    # -- views from outside ------------------------------------------------------------------
    def query(self, sql: str, *params: object) -> list[dict[str, Any]]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.database_url, connect_timeout=5, autocommit=True,
                             row_factory=dict_row) as conn:  # fmt: skip
            return list(conn.execute(sql, params).fetchall())

    def http(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30
             ) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        request = urllib.request.Request(self.portal_url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def s3(self) -> Any:
        if self._s3 is None:
            import boto3

            self._s3 = boto3.client(
                "s3", endpoint_url=f"http://{self.address(S3)}:{hosts.PORTS['s3']}",
                aws_access_key_id=self.secrets.s3_key,
                aws_secret_access_key=self.secrets.s3_secret, region_name="us-east-1",
            )  # fmt: skip
        return self._s3

    def bucket_keys(self) -> list[str]:
        pages = self.s3().get_paginator("list_objects_v2").paginate(Bucket=hosts.BUCKET)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def workers_answering(self, timeout: float = 1.0, attempts: int = 3) -> list[str]:
        """Celery nodes that answer a ping; a pooled connection the server has closed
        (after ``drop_connections``) fails once, so it is asked again."""
        from celery import Celery

        for attempt in range(attempts):
            app = Celery(broker=self.redis_url)
            try:
                replies = app.control.ping(timeout=timeout) or []
                return sorted(name for reply in replies for name in reply)
            except Exception:
                if attempt == attempts - 1:
                    raise
            finally:
                app.close()
        return []


def _wait(name: str, probe: Any, timeout: float, process: subprocess.Popen[bytes] | None,
          bed: Bed, host: str) -> None:  # fmt: skip
    def ready() -> bool:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{host}/{name} exited:\n{bed.log(host, name)[-3000:]}")
        try:
            return bool(probe())
        except Exception:
            return False

    services.wait_until(f"{host}/{name}", ready, timeout)


def _start_services(bed: Bed) -> None:
    """Object store, PostgreSQL, Redis and Meilisearch, started together, then awaited."""
    server, s3 = bed.address(SERVER), bed.address(S3)
    pg_home = bed.home(SERVER) / "pg"
    postgres = hosts.postgres_init(pg_home / "data", bed.secrets.postgres_admin, bed.lan.subnet)
    started = {
        "s3": bed.spawn(S3, "s3", hosts.s3_server(s3)),
        "postgres": bed.spawn(SERVER, "postgres",
                              [*postgres, *hosts.postgres_options(server, pg_home)]),
        "redis": bed.spawn(SERVER, "redis", hosts.redis(
            server, bed.secrets.redis, bed.home(SERVER) / "redis")),
        "meilisearch": bed.spawn(SERVER, "meilisearch", hosts.meilisearch(
            server, bed.secrets.meilisearch, bed.home(SERVER) / "meilisearch")),
    }  # fmt: skip
    _wait("s3", lambda: services.port_open(s3, hosts.PORTS["s3"]), 60, started["s3"], bed, S3)
    bed.s3().create_bucket(Bucket=hosts.BUCKET)
    _wait("redis", lambda: services.redis_reachable(bed.redis_url), 30, started["redis"],
          bed, SERVER)  # fmt: skip
    _wait("meilisearch", lambda: services.meilisearch_ready(f"http://{server}:7700"), 60,
          started["meilisearch"], bed, SERVER)  # fmt: skip
    _wait("postgres", lambda: _create_database(bed), 60, started["postgres"], bed, SERVER)


def _create_database(bed: Bed) -> bool:
    import psycopg

    admin = (f"postgres://postgres:{bed.secrets.postgres_admin}@{bed.address(SERVER)}:"
             f"{hosts.PORTS['postgres']}/postgres")  # fmt: skip
    with psycopg.connect(admin, connect_timeout=2, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE pustaka LOGIN CREATEDB PASSWORD '{bed.secrets.postgres}'")
        conn.execute("CREATE DATABASE pustaka OWNER pustaka")
    return True


def _start_pustaka(bed: Bed) -> None:
    """Migrations, then the portal, beat and every Celery worker; waits until all answer."""
    started = time.monotonic()
    bed.pustaka("migrate", "--noinput", "-v", "0")
    bed.timings["migrate_s"] = round(time.monotonic() - started, 1)
    server = bed.address(SERVER)
    web = bed.spawn(SERVER, "portal", hosts.portal(server, bed.config.web_workers))
    bed.spawn(SERVER, "worker", hosts.celery_worker(
        bed.node(SERVER), hosts.server_queues(), 1))  # fmt: skip
    bed.spawn(SERVER, "beat", hosts.beat(bed.home(SERVER) / "var" / "celerybeat-schedule"))
    for host in bed.workers:
        bed.spawn(host, "worker", hosts.celery_worker(
            bed.node(host), ["ocr"], bed.config.worker_concurrency))  # fmt: skip
    _wait("portal", lambda: bed.http("/healthz", timeout=5)[0] in (200, 503), 90, web, bed,
          SERVER)  # fmt: skip
    nodes = sorted(bed.node(h) for h in [SERVER, *bed.workers])
    _wait("workers", lambda: bed.workers_answering() == nodes, 90, None, bed, SERVER)


def _sweep_stale_folders() -> None:
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}-*"):
        parts = folder.name.split("-")
        if len(parts) >= 3 and parts[2].isdigit() and not _alive(int(parts[2])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _teardown(bed: Bed) -> None:
    with contextlib.suppress(Exception):  # the object store may already be gone
        keys = bed.bucket_keys()
        for start in range(0, len(keys), 1000):
            chunk = [{"Key": key} for key in keys[start : start + 1000]]
            bed.s3().delete_objects(Bucket=hosts.BUCKET, Delete={"Objects": chunk})
        bed.s3().delete_bucket(Bucket=hosts.BUCKET)
    bed.lan.destroy()
    for process in bed.processes.values():
        with contextlib.suppress(Exception):
            process.wait(5)
    shutil.rmtree(bed.root, ignore_errors=True)


@contextlib.contextmanager
def multihost_bed(config: BedConfig | None = None, *, keep_on_failure: bool = False
                  ) -> Iterator[Bed]:  # fmt: skip
    """Start the whole bed; yield it; remove everything it made, whatever happens.

    ``keep_on_failure`` keeps the temp folder (logs) when the body raised; namespaces,
    processes and the bucket go regardless.
    """
    if os.geteuid() != 0:
        raise RuntimeError("the multi-host bed needs root (ip netns)")
    sweep_stale()
    _sweep_stale_folders()
    lan = Lan()
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}-{lan.tag}-{lan.owner}-"))
    root.chmod(0o755)  # the postgres user reaches its data folder through it
    bed = Bed(config=config or BedConfig(), root=root, lan=lan)
    done = False

    def cleanup(failed: bool = False) -> None:
        nonlocal done
        if done:
            return
        done = True
        if failed and keep_on_failure:
            kept = Path(tempfile.gettempdir()) / f"pustaka-multihost-logs-{lan.tag}"
            shutil.copytree(root, kept, ignore=shutil.ignore_patterns("pg", "meilisearch"),
                            dirs_exist_ok=True)  # fmt: skip
            print(f"multihost bed: logs kept in {kept}", flush=True)
        _teardown(bed)

    atexit.register(cleanup)
    failed = True
    try:
        started = time.monotonic()
        lan.create()
        for host in (SERVER, S3, *bed.workers, SCANNER):
            lan.add_host(host)
            bed.home(host).mkdir(parents=True, exist_ok=True)
        _start_services(bed)
        _start_pustaka(bed)
        bed.timings["start_s"] = round(time.monotonic() - started, 1)
        yield bed
        failed = False
    finally:
        cleanup(failed)
        atexit.unregister(cleanup)
