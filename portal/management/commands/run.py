"""``pustaka run``: the whole local stack under one supervisor, stopped by Ctrl-C or SIGTERM.

Applies migrations, creates the first admin account, starts Redis (unless one is
reachable), Meilisearch, the Celery worker, beat and gunicorn under Pustaka's own
supervisor (``portal.stack.supervisor``: a crashed part is restarted with backoff, the
others keep running), and prints the URLs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from portal.stack.plan import StackPlan, plan_stack
from portal.stack.supervisor import Supervisor
from portal.stackenv import remove_stack_env, write_stack_env


class Command(BaseCommand):
    help = "Run the whole Pustaka stack in the foreground (Ctrl-C stops everything)."
    requires_system_checks = []  # the checks run in the web process; start fast here

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("PUSTAKA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PUSTAKA_PORT", "8000")))
        parser.add_argument(
            "--concurrency",
            type=int,
            default=int(os.environ.get("PUSTAKA_WORKER_CONCURRENCY", "0")) or (os.cpu_count() or 1),
            help="Celery worker processes (default: one per core)",
        )
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("PUSTAKA_WEB_WORKERS", "2"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_stack(
            var_dir=settings.VAR_DIR,
            host=options["host"],
            port=options["port"],
            concurrency=options["concurrency"],
            web_workers=options["web_workers"],
        )
        call_command("migrate", interactive=False, verbosity=0)
        _collect_static()
        self._ensure_admin()
        write_stack_env(
            plan.var_dir,
            {
                "REDIS_URL": plan.redis_url,
                "MEILISEARCH_URL": plan.meilisearch_url,
                "MEILISEARCH_API_KEY": plan.meilisearch_key,
            },
        )
        try:
            returncode = self._supervise(plan)
        finally:
            remove_stack_env(plan.var_dir)
        raise SystemExit(returncode)

    def _supervise(self, plan: StackPlan) -> int:
        supervisor = Supervisor(
            plan.processes,
            env=plan.child_env(),
            run_dir=plan.var_dir / "run",
            out=sys.stdout,
            log_file=plan.var_dir / "log" / "supervisor.log",
        )
        for note in plan.notes:
            self.stdout.write(note)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nPustaka is starting:\n"
                f"  portal     {plan.portal_url}/\n"
                f"  admin      {plan.portal_url}/admin/\n"
                f"  health     {plan.portal_url}/healthz\n"
                f"  search     {plan.meilisearch_url}\n"
                f"Press Ctrl-C to stop everything.\n"
            )
        )
        self.stdout.flush()
        return supervisor.run()

    def _ensure_admin(self) -> None:
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("PUSTAKA_ADMIN_USERNAME", "admin")
        password = os.environ.get("PUSTAKA_ADMIN_PASSWORD")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account '{username}' with password: {password}\n"
                    "This password is shown only once: write it down or change it now."
                )
            )
        else:
            self.stdout.write(
                f"Created admin account '{username}' (password from PUSTAKA_ADMIN_PASSWORD)."
            )


STATIC_MARK = ".pustaka-static-sources"


def _collect_static() -> None:
    """``collectstatic``, only when the static sources changed since it last ran: it
    re-compresses every file even when none changed (about 2.6 s of CPU on each start,
    the time a restart after a power cut keeps the portal away)."""
    mark = Path(settings.STATIC_ROOT) / STATIC_MARK
    sources = _static_sources()
    if mark.is_file() and mark.read_text() == sources:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    mark.write_text(sources)


def _static_sources() -> str:
    """A digest of every static source file's name, size and modification time, and of
    the storage that writes them."""
    digest = hashlib.sha256(str(settings.STORAGES["staticfiles"]).encode())
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            info = os.stat(storage.path(name))
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
