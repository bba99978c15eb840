"""``pustaka health``: print each component's state; exit 1 when a required one is down."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.health.checks import health_report


class Command(BaseCommand):
    help = "Report the health of every Pustaka component (exit 1 when a required one is down)."
    # An operator's everyday command: start fast. Django's system checks import every
    # URL module (about 1 s of CPU); they run with `pustaka check` and in the tests.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the /healthz JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        report = health_report()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            for component in report.components:
                self.stdout.write(
                    self._line(
                        component.name,
                        component.state,
                        component.detail,
                        component.error or component.warning,
                        component.required,
                    )
                )
            verdict = "OK" if report.ok else "DOWN: " + ", ".join(report.failed)
            if report.warnings:
                verdict += " (warnings: " + ", ".join(report.warnings) + ")"
            self.stdout.write(f"overall: {verdict}")
        if not report.ok:
            raise SystemExit(1)

    def _line(
        self, name: str, state: str, detail: dict[str, Any], error: str, required: bool
    ) -> str:
        style = {"ok": self.style.SUCCESS, "warn": self.style.WARNING}.get(state, self.style.ERROR)
        facts = ", ".join(f"{k}={_short(v)}" for k, v in detail.items())
        text = f"{name:<9} {style(state):<4} {facts}"
        if error:
            text += f"  [{error}]"
        if not required:
            text += "  (optional)"
        return text


def _short(value: object) -> str:
    if isinstance(value, list):
        return "/".join(str(v) for v in value)
    if isinstance(value, dict):  # e.g. restarts per part: worker:1/beat:0
        return "/".join(f"{k}:{v}" for k, v in value.items())
    return str(value)
