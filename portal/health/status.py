"""Plain data describing a component's health."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    ok: bool
    required: bool = True
    detail: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    warning: str = ""  # up, but something an operator should act on (old backup, disk)

    @property
    def state(self) -> str:
        if not self.ok:
            return "down"
        return "warn" if self.warning else "ok"


@dataclass(frozen=True)
class HealthReport:
    components: list[ComponentStatus]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.components if c.required)

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.components if c.required and not c.ok]

    @property
    def warnings(self) -> list[str]:
        return [c.name for c in self.components if c.ok and c.warning]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "down",
            "failed": self.failed,
            "warnings": self.warnings,
            "components": {
                c.name: {"state": c.state, "required": c.required, **c.detail}
                | ({"error": c.error} if c.error else {})
                | ({"warning": c.warning} if c.warning else {})
                for c in self.components
            },
        }
