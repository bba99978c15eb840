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

    @property
    def state(self) -> str:
        return "ok" if self.ok else "down"


@dataclass(frozen=True)
class HealthReport:
    components: list[ComponentStatus]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.components if c.required)

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.components if c.required and not c.ok]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "down",
            "failed": self.failed,
            "components": {
                c.name: {"state": c.state, "required": c.required, **c.detail}
                | ({"error": c.error} if c.error else {})
                for c in self.components
            },
        }
