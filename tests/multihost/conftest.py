"""The multi-host bed (bench/testbed) for the tests of this folder: one per module.

Recovery bounds are shortened so a vanished worker's page comes back within seconds
(the reconciler runs every 5 s; a page ``processing`` on a silent worker is sent again
after 25 s, above the 20 s hard time limit: no attempt can still be running then).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.testbed.bed import Bed, BedConfig, multihost_bed

BOUNDS = {
    "PUSTAKA_OCR_SOFT_TIME_LIMIT": "15",
    "PUSTAKA_OCR_TIME_LIMIT": "20",
    "PUSTAKA_RECONCILE_INTERVAL": "5",
    "PUSTAKA_RECONCILE_QUEUED_AFTER": "10",
    "PUSTAKA_RECONCILE_PROCESSING_AFTER": "25",
    "PUSTAKA_RECONCILE_ASSEMBLING_AFTER": "30",
    # Patrons find words inside pages without signing in (the test searches anonymously).
    "PUSTAKA_SEARCH_FULLTEXT_REQUIRES_LOGIN": "0",
}


@pytest.fixture(scope="module")
def bed() -> Iterator[Bed]:
    with multihost_bed(BedConfig(workers=2, env=BOUNDS), keep_on_failure=True) as started:
        yield started
