"""A generated month for the report tests: visits with waits, surveys, complaints, jobs, searches.

Deterministic (fixed seed); visits go through the guestbook service, the rest through
their services or, where a service would need a whole workflow, as the rows it writes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from catalogue.models import DigitisationJob, JobInput, JobPage, Publication
from feedback.models import ELEMENT_CODES, SurveyResponse
from feedback.services.complaints import complaint_submit
from search.query_log import search_query_record
from visitors.models import Visit
from visitors.services.guestbook import guestbook_submit

WIB = ZoneInfo("Asia/Jakarta")
SERVICES = ["library", "consultation", "product_purchase", "recommendation"]
PURPOSES = ["assignment", "thesis", "research", "planning", "evaluation", "other"]
NAMES = ["Rina", "Budi", "Sari", "Andi", "Dewi", "Yusuf", "Lina"]
CATEGORIES = ["education_research", "local_government", "private", "other", "ministry"]


def generate_month(year: int, month: int, *, seed: int = 14) -> dict[str, int]:
    rng = random.Random(seed)
    visits = 0
    for day in range(1, 29):
        when = date(year, month, day)
        for n in range(rng.randint(0, 4)):
            at = datetime.combine(when, time(8 + n, rng.randint(0, 50)), WIB)
            visit = guestbook_submit(
                name=f"Pengunjung {NAMES[(day + n) % len(NAMES)]} {NAMES[n]}",
                phone=f"0813{day:02d}{n:02d}{rng.randint(1000, 9999)}",
                birth_year=1990,
                sex=rng.choice(["male", "female"]),
                education="bachelor",
                occupation="student",
                institution_category=rng.choice(CATEGORIES),
                purpose=rng.choice(PURPOSES),
                service=rng.choice(SERVICES),
                id_type="ktp",
                now=at,
            )
            wait = timedelta(seconds=rng.choice([40, 150, 280, 330, 700, 1200]))
            Visit.objects.filter(pk=visit.pk).update(
                service_started_at=at + wait, state="in_service"
            )
            visits += 1
    for n in range(12):
        SurveyResponse.objects.create(
            submitted_on=date(year, month, 1 + n * 2),
            source="public",
            **{code: rng.randint(2, 4) for code in ELEMENT_CODES},
        )
    for n, channel in enumerate(["box", "website", "website", "email", "lapor", "in_person"]):
        complaint_submit(
            kind="complaint",
            channel=channel,
            subject=f"Keluhan {n}",
            text="Ruang baca terlalu dingin.",
            lapor_ticket="LAPOR-1377" if channel == "lapor" else "",
            received_at=datetime.combine(date(year, month, 3 + n), time(10), WIB),
            now=datetime.combine(date(year, month, 3 + n), time(10), WIB),
        )
    publication = Publication.objects.create(title="Kota Pariaman Dalam Angka", year=year)
    Publication.objects.create(title="Statistik Daerah", year=year)
    job = DigitisationJob.objects.create(
        title="Dalam Angka", state="done", publication=publication, pages_total=7, pages_done=6
    )
    source = JobInput.objects.create(
        job=job, position=1, kind="image", filename="a.tif", stored_name="x", sha256="0"
    )
    for index in range(1, 8):
        finished = datetime.combine(date(year, month, 10), time(9, index), WIB)
        JobPage.objects.create(
            job=job,
            input=source,
            index=index,
            kind="image",
            state="done" if index < 7 else "failed",
            ocr=index % 2 == 0,
            finished_at=finished,
            error_code="" if index < 7 else "ocr_failed",
            error_id="" if index < 7 else "a.tif (halaman/page 7): OCR gagal",
        )
    for query, hits in [("inflasi", 3), ("inflasi", 2), ("PDRB  Pariaman", 0), ("ipm", 0)]:
        search_query_record(query=query, hits=hits, day=date(year, month, 5))
    search_query_record(query="=HYPERLINK(1)", hits=0, day=date(year, month, 6))
    return {"visits": visits}
