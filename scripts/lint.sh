#!/usr/bin/env bash
# Static checks: ruff (lint + import order), mypy on the packages, import-linter layers,
# and the code shape (modules <= 500 lines, long functions say why: scripts/check_sizes.py).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "==> ruff";          ruff check .
echo "==> mypy";          mypy
echo "==> import-linter"; lint-imports --no-cache
echo "==> code shape";   python scripts/check_sizes.py
