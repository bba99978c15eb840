"""Decide what the local stack runs: which services are private, on which ports.

``plan_stack`` reads the environment and the machine and returns a plain plan;
``pustaka run`` prints it and hands its processes to ``portal.stack.supervisor``.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from portal.config import read_or_create_secret
from portal.stack import services

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
PRIVATE_REDIS_PORT = 6380
PRIVATE_MEILISEARCH_PORT = 7700


@dataclass
class StackPlan:
    var_dir: Path
    host: str
    port: int
    redis_url: str
    meilisearch_url: str
    meilisearch_key: str
    processes: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def portal_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings",
            PUSTAKA_VAR_DIR=str(self.var_dir),
            REDIS_URL=self.redis_url,
            MEILISEARCH_URL=self.meilisearch_url,
            MEILISEARCH_API_KEY=self.meilisearch_key,
            OMP_THREAD_LIMIT="1",
            PYTHONUNBUFFERED="1",
        )
        return env

    def shell_commands(self) -> dict[str, str]:
        """Honcho runs shell strings; ``exec`` and quoting keep them argument lists."""
        return {name: "exec " + shlex.join(args) for name, args in self.processes.items()}


def plan_stack(
    *, var_dir: Path, host: str, port: int, concurrency: int, web_workers: int
) -> StackPlan:
    for sub in ("run", "redis", "meilisearch", "meilisearch-dumps", "storage", "log"):
        (var_dir / sub).mkdir(parents=True, exist_ok=True)
    plan = StackPlan(
        var_dir=var_dir, host=host, port=port, redis_url="", meilisearch_url="", meilisearch_key=""
    )
    _plan_redis(plan)
    _plan_meilisearch(plan)
    _plan_python_processes(plan, concurrency=concurrency, web_workers=web_workers)
    return plan


def _plan_redis(plan: StackPlan) -> None:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    if services.redis_reachable(url):
        plan.redis_url = url
        plan.notes.append(f"Redis: using the server at {url}")
        return
    port = services.free_port(PRIVATE_REDIS_PORT)
    plan.redis_url = f"redis://127.0.0.1:{port}/0"
    plan.processes["redis"] = services.redis_command(
        port=port, data_dir=plan.var_dir / "redis", persistent=True
    )
    plan.notes.append(f"Redis: {url} not reachable; starting a private one on port {port}")


def _plan_meilisearch(plan: StackPlan) -> None:
    external = os.environ.get("MEILISEARCH_URL")
    if external:
        plan.meilisearch_url = external
        plan.meilisearch_key = os.environ.get("MEILISEARCH_API_KEY", "")
        plan.notes.append(f"Meilisearch: using the server at {external}")
        return
    port = services.free_port(PRIVATE_MEILISEARCH_PORT)
    key = read_or_create_secret(plan.var_dir / "meilisearch" / "master_key")
    plan.meilisearch_url = f"http://127.0.0.1:{port}"
    plan.meilisearch_key = key
    plan.processes["search"] = services.meilisearch_command(
        port=port,
        db_path=plan.var_dir / "meilisearch" / "data.ms",
        master_key=key,
        dump_dir=plan.var_dir / "meilisearch-dumps",
    )
    plan.notes.append(f"Meilisearch: private instance on port {port}")


def _plan_python_processes(plan: StackPlan, *, concurrency: int, web_workers: int) -> None:
    bindir = Path(sys.executable).parent
    plan.processes["worker"] = services.celery_worker_command(
        concurrency=concurrency, hostname="pustaka@%h"
    )
    plan.processes["beat"] = [
        str(bindir / "celery"),
        "-A",
        "workers.celery",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(plan.var_dir / "run" / "celerybeat-schedule"),
    ]
    plan.processes["web"] = [
        str(bindir / "gunicorn"),
        "portal.wsgi:application",
        "--bind",
        f"{plan.host}:{plan.port}",
        "--workers",
        str(web_workers),
        "--threads",
        "4",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
    ]
