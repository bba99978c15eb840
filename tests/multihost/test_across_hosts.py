"""Pustaka across hosts (issue 16): a server, two OCR-only worker hosts, a scanner PC and
an S3 object store, each its own network namespace, talking only over the network
(bench/testbed). Files live only in the bucket, reached through django-storages/boto3.

One bed serves the module; the tests run in file order and the last one removes a
worker host for good.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from bench.testbed import hosts
from bench.testbed.bed import SCANNER, SERVER, Bed
from bench.testbed.pages import page_word, scanned_pdf, small_page, write_png
from tests.scanner_agent.conftest import sane_config

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PROFILES = '[profiles.grid-100]\nmode = "gray"\nresolution = 100\nformat = "png"\n'
SETUP = """
import json
from django.core.files import File
from catalogue.services.publications import publication_create
from scanning.services.stations import station_add
with open({cover!r}, "rb") as handle:
    publication = publication_create(
        title="Statistik Daerah Kota Pariaman 2024", cover=File(handle, name="sampul.png")
    )
print(json.dumps({{"publication": publication.pk,
                  "token": station_add(name="Meja Pindai Jaringan").token}}))
"""
ATTACH = """
from catalogue.models import Publication, Softcopy
from catalogue.services.intake import softcopy_attach
softcopy_attach(softcopy=Softcopy.objects.get(pk={softcopy}),
                publication=Publication.objects.get(pk={publication}))
"""

RESTORE_FILES = """
import json
from pathlib import Path
from backups.layout import folder_of
from backups.objects import copy_out
snapshot = Path({snapshot!r})
for name, entry in json.loads((snapshot / "manifest.json").read_text())["files"].items():
    copy_out(folder_of(snapshot), entry["sha256"], name)
"""


def _workers_of(bed: Bed, job_id: int) -> set[str]:
    return {page["worker"] for page in bed.pages(job_id)}


def _exactly_once(bed: Bed, job: dict[str, Any], expected: int) -> None:
    """Every page done once: the counter, the page rows and the softcopy's pages agree."""
    assert job["state"] == "done", job
    assert (job["pages_total"], job["pages_done"]) == (expected, expected), job
    pages = bed.query(
        "SELECT number FROM catalogue_page WHERE softcopy_id = %s ORDER BY number",
        job["softcopy_id"],
    )
    assert [p["number"] for p in pages] == list(range(1, expected + 1))


def _batch_jobs(bed: Bed) -> list[dict[str, Any]]:
    return bed.query("SELECT id, job_id, source, page_count, state FROM scanning_scanbatch"
                     " ORDER BY id")  # fmt: skip


def _search(bed: Bed, query: str) -> dict[str, Any]:
    status, _, body = bed.http(f"/api/v1/search?q={quote(query)}&per_page=20")
    assert status == 200, body[:300]
    return dict(json.loads(body))


def _wait_search_hit(bed: Bed, word: str, publication: int, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while True:
        for found in _search(bed, word).get("publications", []):
            if found["id"] == publication and found.get("pages"):
                return [page["page"] for page in found["pages"]]
        if time.monotonic() > deadline:
            raise AssertionError(f"{word!r} not found in publication {publication}")
        time.sleep(1)


def _wait_keys(bed: Bed, prefix: str, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while not (keys := [k for k in bed.bucket_keys() if k.startswith(prefix)]):
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing under {prefix} in the bucket: {bed.bucket_keys()}")
        time.sleep(0.5)
    return keys


def _no_local_files(bed: Bed) -> None:
    """No host keeps a stored file: every PDF or image is in the bucket only. A host's
    input cache holds copies of originals (workers/inputs.py), each one in the bucket."""
    originals = {Path(k).stem for k in bed.bucket_keys() if k.startswith("originals/")}
    for host in [SERVER, *bed.workers]:
        home = bed.home(host)
        cache = home / "scratch" / "pustaka-inputs"
        strays = [p for p in home.rglob("*")
                  if p.suffix in (".pdf", ".png", ".jpg", ".webp", ".hocr")
                  and p.relative_to(home).parts[0] != "in" and cache not in p.parents]  # fmt: skip
        assert not strays, f"{host} keeps stored files locally: {strays[:5]}"
        assert not (home / "no-local-storage").exists()
        cached = {p.stem for p in cache.iterdir()} if cache.exists() else set()
        assert cached <= originals, f"{host} caches files that are no originals"
        if host != SERVER:
            assert cached, f"{host} read its pages' originals from somewhere else"
            leftovers = [p for p in (home / "scratch").iterdir() if p != cache]
            assert not leftovers, f"{host} left scratch folders: {leftovers}"


def test_scanner_batch_is_ocred_on_worker_hosts_searchable_and_served_from_s3(
    bed: Bed,
) -> None:
    cover = write_png(small_page(0, topic="Sampul"), bed.home(SERVER) / "in" / "sampul.png")
    made = json.loads(bed.pustaka("shell", "-c", SETUP.format(cover=str(cover))).stdout
                      .strip().splitlines()[-1])  # fmt: skip
    publication, token = made["publication"], made["token"]
    scanner = bed.home(SCANNER)
    (scanner / "profiles.toml").write_text(PROFILES)
    sane = sane_config(scanner / "sane", **{"test-picture": '"Grid"'})
    # 1. The SANE test backend's feeder, three pages, into the record.
    scanned = bed.agent(
        "scan", "--server", bed.portal_url, "--token", token, "--spool", str(scanner / "spool"),
        "--device", "test:0", "--profile", "grid-100", "--profiles", str(scanner / "profiles.toml"),
        "--source", "adf", "--pages", "3", "--publication", str(publication),
        "--title", "Umpan dokumen", env={"SANE_CONFIG_DIR": str(sane)},
    )  # fmt: skip
    assert scanned.returncode == 0, scanned.stderr[-2000:]
    # 2. A network scanner's hot folder: four printed pages, one batch.
    hot = scanner / "hot" / "statistik"
    for number in range(1, 5):
        write_png(small_page(number), hot / f"{number:03d}.png")
    watched = bed.agent("watch", "--server", bed.portal_url, "--token", token,
                        "--once", "--interval", "0.2", str(scanner / "hot"))  # fmt: skip
    assert watched.returncode == 0, watched.stderr[-2000:]
    batches = _batch_jobs(bed)
    assert [(b["page_count"], b["state"]) for b in batches] == [(3, "closed"), (4, "closed")]
    jobs = [bed.wait_job(b["job_id"]) for b in batches]
    for job, batch in zip(jobs, batches, strict=True):
        _exactly_once(bed, job, batch["page_count"])
        assert _workers_of(bed, batch["job_id"]) <= {"ocr@worker1", "ocr@worker2"}
    grid, printed = jobs
    bed.pustaka("shell", "-c", ATTACH.format(softcopy=printed["softcopy_id"],
                                             publication=publication))  # fmt: skip
    assert _wait_search_hit(bed, page_word(3), publication)[0] == 3  # best hit (typo tolerance)
    _download_with_range(bed, printed["softcopy_id"])
    _thumbnail_and_cover(bed, grid["softcopy_id"], publication)
    prefixes = {key.split("/")[0] for key in bed.bucket_keys()}
    assert {"originals", "jobs", "softcopies", "thumbnails", "covers"} <= prefixes, prefixes
    _no_local_files(bed)
    _backup_covers_the_bucket(bed)


def _download_with_range(bed: Bed, softcopy_id: int) -> None:
    row = bed.query("SELECT file, sha256, size_bytes FROM catalogue_softcopy WHERE id = %s",
                    softcopy_id)[0]  # fmt: skip
    stored = bed.s3().get_object(Bucket=hosts.BUCKET, Key=row["file"])["Body"].read()
    url = f"/publikasi/salinan/{softcopy_id}/berkas"
    status, headers, body = bed.http(url, {"Range": "bytes=100-1123"})
    assert status == 206, body[:300]
    assert headers["Content-Range"] == f"bytes 100-1123/{len(stored)}"
    assert body == stored[100:1124]
    status, headers, body = bed.http(url, {"Range": "bytes=-64"})
    assert (status, body) == (206, stored[-64:])
    status, headers, body = bed.http(url + "?unduh=1")
    assert status == 200
    assert headers["Accept-Ranges"] == "bytes"
    assert "attachment" in headers["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == row["sha256"]
    assert len(body) == row["size_bytes"]


def _thumbnail_and_cover(bed: Bed, softcopy_id: int, publication: int) -> None:
    _wait_keys(bed, "thumbnails/")
    status, headers, body = bed.http(f"/publikasi/salinan/{softcopy_id}/halaman/1/gambar")
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")
    assert body[:2] == b"\xff\xd8"
    status, headers, body = bed.http(f"/publikasi/{publication}/sampul",
                                     {"Accept": "image/webp"})  # fmt: skip
    assert (status, headers["Content-Type"]) == (200, "image/webp"), body[:200]
    assert len(_wait_keys(bed, "covers/")) == 2  # the uploaded cover and its rendition


def _backup_covers_the_bucket(bed: Bed) -> None:
    """``pustaka backup`` on the server copies every stored file the database names out
    of the bucket (hash-checked), and ``--verify`` accepts the snapshot."""
    made = bed.pustaka("backup", str(bed.home(SERVER) / "backups"), timeout=300)
    snapshot = Path(made.stdout.strip().splitlines()[-1].strip())
    bed.pustaka("backup", "--verify", str(snapshot), timeout=300)
    files = json.loads((snapshot / "manifest.json").read_text())["files"]
    named = bed.query(
        "SELECT file AS name FROM catalogue_softcopy UNION SELECT stored_name FROM"
        " catalogue_jobinput UNION SELECT thumbnail FROM catalogue_page WHERE thumbnail <> ''"
        " UNION SELECT cover FROM catalogue_publication WHERE cover <> ''"
    )
    assert {row["name"] for row in named} <= set(files)
    for name in [row["name"] for row in named][:10]:
        body = bed.s3().get_object(Bucket=hosts.BUCKET, Key=name)["Body"].read()
        assert files[name]["sha256"] == hashlib.sha256(body).hexdigest()
    # The files go back into an empty bucket by restore's own step (backups.objects.
    # copy_out, hash-checked as they stream); the database part of `pustaka restore`
    # is the same on any storage and is tested in tests/backups.
    bed.s3().create_bucket(Bucket="pustaka-restored")
    env = {**bed.env(SERVER), "S3_BUCKET": "pustaka-restored"}
    bed.run(SERVER, [str(hosts.BIN / "pustaka"), "shell", "-c", RESTORE_FILES.format(
        snapshot=str(snapshot))], env=env)  # fmt: skip
    for name, entry in files.items():
        body = bed.s3().get_object(Bucket="pustaka-restored", Key=name)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], name
    for key in bed.s3().list_objects_v2(Bucket="pustaka-restored").get("Contents", []):
        bed.s3().delete_object(Bucket="pustaka-restored", Key=key["Key"])
    bed.s3().delete_bucket(Bucket="pustaka-restored")


def test_sixty_pages_fan_out_over_both_worker_hosts_each_page_once(bed: Bed) -> None:
    pdf = scanned_pdf(bed.home(SERVER) / "in" / "enam-puluh.pdf", 60)
    job_id = bed.ingest(pdf, "Statistik Pariaman enam puluh halaman")
    job = bed.wait_job(job_id, timeout=240)
    _exactly_once(bed, job, 60)
    pages = bed.pages(job_id)
    assert {p["worker"] for p in pages} == {"ocr@worker1", "ocr@worker2"}
    assert all(p["state"] == "done" and p["attempts"] == 1 for p in pages)
    assert job["redispatches"] == 0


def test_server_links_down_for_ten_seconds_workers_reconnect_nothing_lost(bed: Bed) -> None:
    pdf = scanned_pdf(bed.home(SERVER) / "in" / "putus.pdf", 16, topic="Putus")
    job_id = bed.ingest(pdf, "Jaringan putus")
    _wait_until(lambda: sum(p["state"] == "done" for p in bed.pages(job_id)) >= 2, 60)
    bed.link(SERVER, up=False)  # Redis, PostgreSQL, everything of the server: unreachable
    try:
        bed.drop_connections()  # and the server forgets every client connection meanwhile
        time.sleep(10)
    finally:
        bed.link(SERVER, up=True)
    back = time.time()
    job = bed.wait_job(job_id, timeout=180)
    _exactly_once(bed, job, 16)
    after = [p for p in bed.pages(job_id) if p["finished_at"].timestamp() > back]
    assert {p["worker"] for p in after} == {"ocr@worker1", "ocr@worker2"}, (
        "both workers must have done pages after the link came back"
    )
    assert bed.workers_answering() == ["ocr@worker1", "ocr@worker2", "server@server"]
    for host in bed.workers:  # they did lose the broker, and came back
        assert "Connection to broker lost" in bed.log(host, "worker"), host


def test_a_worker_host_torn_down_mid_job_the_other_finishes_it(bed: Bed) -> None:
    pdf = scanned_pdf(bed.home(SERVER) / "in" / "hilang.pdf", 16, topic="Hilang")
    job_id = bed.ingest(pdf, "Satu mesin hilang")
    held: list[int] = []
    while not held:  # frozen while it holds a page, so that page is surely unfinished
        _wait_until(lambda: any(p["state"] == "processing" and p["worker"] == "ocr@worker2"
                                for p in bed.pages(job_id)), 60)  # fmt: skip
        bed.freeze("worker2")
        held = [p["id"] for p in bed.pages(job_id)
                if p["state"] == "processing" and p["worker"] == "ocr@worker2"]  # fmt: skip
        if not held:
            bed.freeze("worker2", frozen=False)
    bed.remove_host("worker2")  # its processes killed, its namespace gone
    assert not (Path("/run/netns") / bed.lan.netns("worker2")).exists()
    job = bed.wait_job(job_id, timeout=180)
    _exactly_once(bed, job, 16)
    pages = {p["id"]: p for p in bed.pages(job_id)}
    for page_id in held:  # sent again by the reconciler and done on the other host
        assert pages[page_id]["redispatches"] >= 1, pages[page_id]
        assert pages[page_id]["worker"] == "ocr@worker1", pages[page_id]
    assert job["redispatches"] >= len(held)
    assert bed.workers_answering() == ["ocr@worker1", "server@server"]


def _wait_until(probe: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.2)
