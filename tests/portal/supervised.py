"""Run the stack supervisor on the parts given as JSON (for tests/portal/test_supervisor.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from portal.stack.supervisor import Backoff, Supervisor

if __name__ == "__main__":
    parts, run_dir = json.loads(sys.argv[1]), Path(sys.argv[2])
    stable_after = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    supervisor = Supervisor(
        parts,
        env={"PATH": "/usr/bin:/bin"},
        run_dir=run_dir,
        out=sys.stdout,
        backoff=Backoff(initial=0.2, maximum=0.8, stable_after=stable_after),
        grace=3.0,
        log_file=run_dir / "supervisor.log",
    )
    raise SystemExit(supervisor.run())
