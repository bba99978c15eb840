"""``python -m scanner_agent``: the same as the ``scanner-agent`` command."""

from __future__ import annotations

from scanner_agent.cli import main

raise SystemExit(main())
