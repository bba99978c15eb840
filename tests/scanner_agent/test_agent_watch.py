"""``watch``: a hot folder, with the fake portal. Stability, symlinks, PDFs, sub-folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from scanner_agent import cli
from scanner_agent.client import AgentClient
from scanner_agent.watch import HotFolder, WatchReport
from tests.scanner_agent.conftest import text_page
from tests.scanner_agent.fake_portal import TOKEN, FakePortal


def png(path: Path, label: str = "x") -> Path:
    text_page(label).save(path, dpi=(200, 200))
    return path


def two_looks(hot: HotFolder) -> WatchReport:
    """Two passes: the first only records signatures, the second takes what is stable."""
    hot.pass_once(WatchReport())
    report = WatchReport()
    hot.pass_once(report)
    return report


def test_stable_files_are_uploaded_one_batch_each_and_moved_to_done(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    png(tmp_path / "scan-001.png")
    frames = [text_page("t1"), text_page("t2")]
    frames[0].save(tmp_path / "scan-002.tif", save_all=True, append_images=frames[1:])
    report = two_looks(HotFolder(tmp_path, client))
    assert sorted(report.done) == ["scan-001.png", "scan-002.tif"]
    first, second = portal.state.batches.values()
    assert (first.closed_with, first.request["resolution"]) == (1, 200)
    assert second.closed_with == 2  # a multi-page TIFF: one page per frame
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == [
        "scan-001.png",
        "scan-002.tif",
    ]


def test_a_subfolder_is_one_batch_in_name_order(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    folder = tmp_path / "buku-1"
    folder.mkdir()
    for number in (2, 1, 3):
        png(folder / f"hal-{number}.png", f"page {number}")
    report = two_looks(HotFolder(tmp_path, client))
    assert report.done == ["buku-1"]
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 3
    bodies = [batch.pages[n][1] for n in (1, 2, 3)]
    assert bodies == [
        (folder.parent / "done" / "buku-1" / f"hal-{n}.png").read_bytes() for n in (1, 2, 3)
    ]


def test_a_growing_file_waits(portal: FakePortal, client: AgentClient, tmp_path: Path) -> None:
    hot = HotFolder(tmp_path, client)
    path = png(tmp_path / "slow.png")
    hot.pass_once(WatchReport())
    with path.open("ab") as out:
        out.write(b"\0" * 10)  # still being written by the scanner
    report = WatchReport()
    hot.pass_once(report)
    assert report.waiting == ["slow.png"]
    assert portal.state.batches == {}


def pdf(path: Path, pages: int = 3) -> Path:
    frames = [text_page(f"p{n}") for n in range(pages)]
    frames[0].save(path, "PDF", resolution=100, save_all=True, append_images=frames[1:])
    return path


def test_a_pdf_is_one_batch_with_the_whole_file_as_part_1(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    content = pdf(tmp_path / "laporan.pdf").read_bytes()
    report = two_looks(HotFolder(tmp_path, client))
    assert report.done == ["laporan.pdf"]
    assert report.failed == []
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 1  # one part: the server expands the document
    assert batch.pages[1][1:] == (content, "application/pdf")
    assert (batch.request["title"], batch.request["mode"]) == ("laporan", "")
    assert (tmp_path / "done" / "laporan.pdf").read_bytes() == content


def test_a_subfolder_mixes_pdfs_and_images_as_parts_in_name_order(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    folder = tmp_path / "buku-2"
    folder.mkdir()
    png(folder / "a-sampul.png")
    pdf(folder / "b-isi.pdf", pages=2)
    assert two_looks(HotFolder(tmp_path, client)).done == ["buku-2"]
    [batch] = portal.state.batches.values()
    assert batch.closed_with == 2
    assert [batch.pages[n][2] for n in (1, 2)] == ["image/png", "application/pdf"]


def test_fake_pdfs_and_broken_files_fail_with_a_reason_beside_them(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    (tmp_path / "laporan.pdf").write_bytes(b"<html>not a pdf</html>\n")
    (tmp_path / "rusak.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    report = two_looks(HotFolder(tmp_path, client))
    assert sorted(name for name, _ in report.failed) == ["laporan.pdf", "rusak.png"]
    failed = tmp_path / "failed"
    reason = (failed / "laporan.pdf.error.txt").read_text()
    assert "bukan berkas PDF" in reason
    assert "not a PDF" in reason
    assert (failed / "laporan.pdf").read_bytes() == b"<html>not a pdf</html>\n"  # kept
    assert "unreadable" in (failed / "rusak.png.error.txt").read_text()
    assert portal.state.batches == {}


def test_symlinks_are_never_followed(
    portal: FakePortal, client: AgentClient, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = png(outside / "secret.png")
    hot_dir = tmp_path / "hot"
    hot_dir.mkdir()
    (hot_dir / "link.png").symlink_to(secret)
    (hot_dir / "linked-dir").symlink_to(outside)
    report = two_looks(HotFolder(hot_dir, client))
    assert report.done == []
    assert report.failed == []
    assert portal.state.batches == {}
    assert secret.exists()


def test_offline_leaves_files_in_place_and_a_retry_does_not_duplicate(
    portal: FakePortal, dead_url: str, tmp_path: Path
) -> None:
    png(tmp_path / "a.png")
    with AgentClient(dead_url, TOKEN) as offline_client:
        offline_client.retry.attempts = 1
        report = two_looks(HotFolder(tmp_path, offline_client))
    assert report.offline is not None
    assert (tmp_path / "a.png").exists()
    with AgentClient(portal.url, TOKEN) as client:
        assert two_looks(HotFolder(tmp_path, client)).done == ["a.png"]
    assert len(portal.state.batches) == 1


def test_watch_once_command(
    portal: FakePortal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Image.new("L", (50, 50), 0).save(tmp_path / "x.jpg")
    args = ["watch", str(tmp_path), "--server", portal.url, "--token", TOKEN]
    assert cli.main([*args, "--once", "--interval", "0.05"]) == 0
    assert "x.jpg" in capsys.readouterr().out
    [batch] = portal.state.batches.values()
    assert batch.pages[1][2] == "image/jpeg"


def test_status_and_sync_commands(
    portal: FakePortal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scanner_agent.spool import Spool
    from tests.scanner_agent.test_agent_client import batch_request

    spool_dir = tmp_path / "spool"
    batch = Spool(spool_dir).create_batch(batch_request())
    batch.add_page(1, b"\x89PNG\r\n\x1a\n1", "image/png")
    batch.add_page(2, b"\x89PNG\r\n\x1a\n2", "image/png")
    batch.update(capture_complete=True)
    assert cli.main(["status", "--json", "--spool", str(spool_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pages_pending"] == 2
    assert status["batches"][0]["pages_captured"] == 2
    sync = ["sync", "--server", portal.url, "--token", TOKEN, "--spool", str(spool_dir)]
    assert cli.main(sync) == 0
    assert "2 halaman/pages" in capsys.readouterr().out
    assert cli.main(["status", "--spool", str(spool_dir)]) == 0
    assert "2/2 terkirim/uploaded  ditutup/closed" in capsys.readouterr().out
    [uploaded] = portal.state.batches.values()
    assert uploaded.closed_with == 2


def test_queue_lists_tasks(portal: FakePortal, capsys: pytest.CaptureFixture[str]) -> None:
    portal.task(4, "Indikator Kesejahteraan Rakyat", kind="scan_to_email", pages="1-5,9")
    assert cli.main(["queue", "--server", portal.url, "--token", TOKEN]) == 0
    out = capsys.readouterr().out
    assert "#4" in out
    assert "pindai-ke-email/scan-to-email" in out
    assert "1-5,9" in out
    assert cli.main(["queue", "--json", "--server", portal.url, "--token", TOKEN]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"][0]["id"] == 4
