"""The multi-host bed (bench/testbed) for the tests of this folder: one per module.

Recovery bounds are shortened so a vanished worker's page comes back within seconds
(the reconciler runs every 3 s; a page ``processing`` on a silent worker is sent again
after 18 s, above the 15 s hard time limit: no attempt can still be running then). A
test page takes about a second of OCR.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.testbed.bed import Bed, BedConfig, multihost_bed

BOUNDS = {
    "PUSTAKA_OCR_SOFT_TIME_LIMIT": "12",
    "PUSTAKA_OCR_TIME_LIMIT": "15",
    "PUSTAKA_RECONCILE_INTERVAL": "3",
    "PUSTAKA_RECONCILE_QUEUED_AFTER": "10",
    "PUSTAKA_RECONCILE_PROCESSING_AFTER": "18",
    "PUSTAKA_RECONCILE_ASSEMBLING_AFTER": "30",
    # Patrons find words inside pages without signing in (the test searches anonymously).
    "PUSTAKA_SEARCH_FULLTEXT_REQUIRES_LOGIN": "0",
}


@pytest.fixture(scope="module")
def bed() -> Iterator[Bed]:
    with multihost_bed(BedConfig(workers=2, env=BOUNDS), keep_on_failure=True) as started:
        yield started
