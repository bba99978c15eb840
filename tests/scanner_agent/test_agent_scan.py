"""``scan`` end to end with a fake scanner at the adapter boundary and a fake portal:
upload order, blank pages, cover sheets, manual duplex, faults, resume, offline."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
import segno
from PIL import Image

from scanner_agent import cli
from scanner_agent.client import AgentClient
from scanner_agent.errors import (
    AuthError,
    DeviceGoneError,
    DuplexCountMismatchError,
    FeederEmptyError,
    PaperJamError,
    ServerUnreachableError,
)
from scanner_agent.scan import ScanOptions, run_scan
from scanner_agent.spool import Spool
from scanner_agent.sync import run_sync
from tests.scanner_agent.conftest import FakeScanner, blank_page, text_page
from tests.scanner_agent.fake_portal import TOKEN, FakePortal


def options(portal_url: str, spool_dir: Path, **changes: object) -> ScanOptions:
    base = ScanOptions(
        server=portal_url,
        token=TOKEN,
        device="fake:0",
        profile="text-gray-300",
        source="adf",
        title="Pariaman Dalam Angka",
        spool=spool_dir,
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def cover_sheet(payload: str) -> Image.Image:
    qr = io.BytesIO()
    segno.make(payload, error="m").save(qr, kind="png", scale=4, border=4)
    page = Image.new("L", (400, 560), 255)
    page.paste(Image.open(qr).convert("L"), (40, 40))
    return page


def pngs(pages: dict[int, tuple[str, bytes, str]]) -> list[int]:
    """Page numbers whose stored body is a PNG whose sha256 matches."""
    return [
        n for n, (sha, body, _) in sorted(pages.items()) if hashlib.sha256(body).hexdigest() == sha
    ]


def test_adf_batch_is_uploaded_in_order_and_closed(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    fake_scanner.append(FakeScanner([[text_page(f"p{i}") for i in range(1, 6)]]))
    outcome = run_scan(options(portal.url, spool_dir), client=client)
    assert outcome.fault is None
    assert outcome.offline is None
    assert not outcome.upload_errors
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 5
    assert pngs(batch.pages) == [1, 2, 3, 4, 5]
    assert batch.request["title"] == "Pariaman Dalam Angka"
    assert (batch.request["source"], batch.request["mode"]) == ("adf", "Gray")
    assert [status for *_, status in portal.state.puts] == ["stored"] * 5
    [spooled] = Spool(spool_dir).batches()
    assert spooled.summary()["pages_uploaded"] == 5
    assert spooled.manifest.closed
    assert fake_scanner[0].closed


def test_blank_pages_are_flagged_not_dropped(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    fake_scanner.append(FakeScanner([[text_page("1"), blank_page(), text_page("3")]]))
    outcome = run_scan(options(portal.url, spool_dir), client=client)
    assert outcome.batches[0].summary()["pages_blank"] == [2]
    assert sorted(next(iter(portal.state.batches.values())).pages) == [1, 2, 3]


def test_cover_sheets_split_the_batch_and_are_not_uploaded(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    stack = [
        cover_sheet("PUSTAKA:T:12"), text_page("a1"), text_page("a2"),
        cover_sheet("PUSTAKA:P:34"), text_page("b1"),
    ]  # fmt: skip
    fake_scanner.append(FakeScanner([stack]))
    outcome = run_scan(options(portal.url, spool_dir, task_id=None), client=client)
    assert outcome.fault is None
    first, second = portal.state.batches.values()
    assert (first.request["scan_task_id"], first.request["publication_id"]) == (12, None)
    assert (second.request["scan_task_id"], second.request["publication_id"]) == (None, 34)
    assert (sorted(first.pages), first.closed_with) == ([1, 2], 2)
    assert (sorted(second.pages), second.closed_with) == ([1], 1)


def test_manual_duplex_collates_odd_and_reversed_even_pages(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    odd = [text_page(f"page {n}") for n in (1, 3, 5)]
    even = [text_page(f"page {n}") for n in (6, 4, 2)]  # the turned stack comes out reversed
    fake_scanner.append(FakeScanner([odd, even]))
    prompts: list[str] = []
    outcome = run_scan(
        options(portal.url, spool_dir, source="duplex", manual_duplex=True),
        client=client,
        prompt=prompts.append,
    )
    assert outcome.fault is None
    assert len(prompts) == 2
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 6
    expected = {n: text_page(f"page {n}").tobytes() for n in range(1, 7)}
    for number, (_, body, _) in batch.pages.items():
        assert Image.open(io.BytesIO(body)).tobytes() == expected[number], number


def test_manual_duplex_refuses_different_counts_and_keeps_every_page(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    fake_scanner.append(FakeScanner([[text_page("1"), text_page("3")], [text_page("2")]]))
    outcome = run_scan(
        options(portal.url, spool_dir, source="duplex", manual_duplex=True),
        client=client,
        prompt=lambda message: None,
    )
    assert isinstance(outcome.fault, DuplexCountMismatchError)
    assert portal.state.batches == {} or all(not b.pages for b in portal.state.batches.values())
    [batch] = Spool(spool_dir).batches()
    assert [p.number for p in batch.manifest.pages] == [1, 3]
    assert all(p.held for p in batch.manifest.pages)
    assert len(list((batch.folder / "even-pass").iterdir())) == 1


def test_paper_jam_keeps_pages_and_resume_continues_the_batch(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    jam = PaperJamError("Document feeder jammed")
    fake_scanner.append(FakeScanner([[text_page("1"), text_page("2"), jam]]))
    outcome = run_scan(options(portal.url, spool_dir), client=client)
    assert outcome.fault is jam
    [batch] = portal.state.batches.values()
    assert sorted(batch.pages) == [1, 2]
    assert batch.closed_with is None
    spooled = outcome.batches[0]
    assert spooled.summary()["interrupted"] == "paper_jam"

    fake_scanner.append(FakeScanner([[text_page("3"), text_page("4")]]))
    resumed = run_scan(options(portal.url, spool_dir, resume=spooled.id[:8]), client=client)
    assert resumed.fault is None
    assert sorted(batch.pages) == [1, 2, 3, 4]
    assert batch.closed_with == 4
    assert len(portal.state.batches) == 1


def test_device_gone_mid_batch_exit_code_and_message(
    portal: FakePortal, fake_scanner: list[FakeScanner], spool_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    fake_scanner.append(FakeScanner([[text_page("1"), DeviceGoneError("test:0 gone")]]))
    code = cli.main(["scan", "--server", portal.url, "--token", TOKEN, "--device", "fake:0",
                     "--source", "adf", "--spool", str(spool_dir)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == DeviceGoneError.exit_code
    assert DeviceGoneError.message_id in err
    assert "--resume" in err
    assert Spool(spool_dir).batches().__next__().summary()["pages_uploaded"] == 1


def test_an_empty_feeder_fails_and_leaves_no_empty_batch(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    fake_scanner.append(FakeScanner([[]]))
    outcome = run_scan(options(portal.url, spool_dir), client=client)
    assert isinstance(outcome.fault, FeederEmptyError)
    assert list(Spool(spool_dir).batches()) == []
    assert portal.state.batches == {}


def test_offline_scan_spools_and_sync_delivers_later(
    portal: FakePortal, dead_url: str, fake_scanner: list[FakeScanner], spool_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    fake_scanner.append(FakeScanner([[text_page(str(i)) for i in range(1, 4)]]))
    code = cli.main(["scan", "--server", dead_url, "--token", TOKEN, "--device", "fake:0",
                     "--source", "adf", "--spool", str(spool_dir)])  # fmt: skip
    assert code == ServerUnreachableError.exit_code == 75
    assert "scanner-agent sync" in capsys.readouterr().err
    [batch] = Spool(spool_dir).batches()
    assert batch.summary()["pages_captured"] == 3
    assert batch.summary()["pages_uploaded"] == 0
    assert batch.manifest.capture_complete

    with AgentClient(portal.url, TOKEN) as client:
        report = run_sync(client, Spool(spool_dir))
    assert report.pages_sent == 3
    assert report.closed == [batch.id]
    [uploaded] = portal.state.batches.values()
    assert sorted(uploaded.pages) == [1, 2, 3]
    assert uploaded.closed_with == 3


def test_a_bad_token_stops_before_scanning(
    portal: FakePortal, fake_scanner: list[FakeScanner], spool_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    scanner = FakeScanner([[text_page("1")]])
    fake_scanner.append(scanner)
    code = cli.main(["scan", "--server", portal.url, "--token", "wrong", "--device", "fake:0",
                     "--source", "adf", "--spool", str(spool_dir)])  # fmt: skip
    assert code == AuthError.exit_code
    assert "ID: bad_token" in capsys.readouterr().err
    assert scanner.configured == []
    assert scanner.closed


def test_task_is_claimed_and_links_the_batch(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    portal.task(9, "Permintaan pindai: Bab 3")
    fake_scanner.append(FakeScanner([[text_page("1")]]))
    run_scan(options(portal.url, spool_dir, task_id=9, title=""), client=client)
    [batch] = portal.state.batches.values()
    assert batch.request["scan_task_id"] == 9
    assert batch.request["title"] == "Permintaan pindai: Bab 3"
    assert batch.request["publication_id"] == 7
    assert portal.state.tasks[0]["claimed_by"] == "meja-1"


def test_a_cover_sheet_as_the_last_sheet_leaves_no_empty_batch(
    portal: FakePortal, client: AgentClient, fake_scanner: list[FakeScanner], spool_dir: Path
) -> None:
    fake_scanner.append(FakeScanner([[text_page("1"), cover_sheet("PUSTAKA:P:5")]]))
    outcome = run_scan(options(portal.url, spool_dir), client=client)
    assert outcome.fault is None
    assert not outcome.upload_errors
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 1
    assert len(list(Spool(spool_dir).batches())) == 1
