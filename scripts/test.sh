#!/usr/bin/env bash
# The test command: static checks, then the whole pytest suite (unit and integration)
# beside private Redis and Meilisearch on free ports (or those named by REDIS_URL and
# MEILISEARCH_URL), which are stopped afterwards. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/.venv/bin:$PATH"
scripts/lint.sh
exec .venv/bin/python -m tests.testenv -- .venv/bin/pytest "$@"
