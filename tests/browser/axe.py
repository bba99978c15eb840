"""axe-core (pinned in package.json, from node_modules) run inside the page under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def serious_violations(page: Any) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page as it is now.

    The script is evaluated through the DevTools protocol, which a page's
    Content-Security-Policy does not govern, so the check runs on strict pages too.
    """
    assert AXE.exists(), f"{AXE} is missing: npm ci (scripts/bootstrap.sh) installs it"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
