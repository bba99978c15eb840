# The two commands of the README. Each installs what it needs first (idempotent, fast
# the second time), so they work on a fresh Debian 12 / Ubuntu machine.
.PHONY: run test install install-dev lint bench clean

run: install
	.venv/bin/pustaka run

test: install-dev
	scripts/test.sh

install:
	scripts/bootstrap.sh

install-dev:
	scripts/bootstrap.sh --dev

lint: install-dev
	scripts/lint.sh

clean:
	rm -rf .venv node_modules .pytest_cache .mypy_cache .ruff_cache
