"""Code shape check (docs/architecture.md, CONVENTIONS "Code shape"): no product module over
500 lines, no function over 60 lines unless a comment within its first lines says why
(a line containing "long:" — e.g. ``# long: one SQL statement per report column``).

Run by scripts/lint.sh; prints each offender and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "common", "portal", "backups", "catalogue", "visitors", "patrons", "feedback",
    "search", "scanning", "workers", "search_index", "scanner_agent",
)  # fmt: skip
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
REASON_MARK = "long:"
REASON_WINDOW = 5  # the reason stands on the def line or within the next few lines


def _skipped(path: Path) -> bool:
    return "migrations" in path.parts or "tests" in path.parts


def offences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    where = path.relative_to(ROOT)
    found = []
    if len(lines) > MAX_MODULE_LINES:
        found.append(f"{where}: module has {len(lines)} lines (> {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        head = lines[node.lineno - 1 : node.lineno - 1 + REASON_WINDOW + len(node.decorator_list)]
        if not any(REASON_MARK in line for line in head):
            found.append(
                f"{where}:{node.lineno}: {node.name}() has {length} lines "
                f"(> {MAX_FUNCTION_LINES}) and no '# {REASON_MARK} why' comment"
            )
    return found


def main() -> int:
    found = [
        offence
        for package in PACKAGES
        if (ROOT / package).is_dir()
        for path in sorted((ROOT / package).rglob("*.py"))
        if not _skipped(path)
        for offence in offences(path)
    ]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
