"""A small library with one of everything the routes name, and one user per role.

The authorization matrix (test_route_matrix.py) fills each route's URL parameters from
``World.kwargs`` by parameter name; a new route with a new parameter name needs it here.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from catalogue.models import (
    DigitisationJob,
    Holding,
    JobInput,
    JobPage,
    Page,
    PageTable,
    Publication,
    Softcopy,
)
from feedback.services.complaints import complaint_submit
from patrons.models import Patron, SoftcopyRequest
from patrons.services.links import DOWNLOAD_SALT, make_token
from portal.roles import ADMIN_GROUP, LIBRARIAN_GROUP, OFFICER_GROUP, staff_roles_apply
from portal.visitors.kiosk_views import TICKET_SALT
from scanning.models import ScanRequest
from scanning.services.batches import BatchSpec, batch_open
from scanning.services.delivery import download_token
from scanning.services.stations import station_add
from tests.patrons.support import pdf_bytes
from visitors.models import PhotocopyRequest, ReadingRecord
from visitors.services.guestbook import guestbook_submit

# Every role the matrix asks about, in the order its tables are written.
ROLES = (
    "anonymous",
    "unverified",  # an online patron who has not opened the verification link
    "patron",  # a verified online patron
    "officer",  # Petugas Layanan
    "librarian",  # Pustakawan
    "admin",  # a member of the Admin group, not a superuser
    "superuser",
    "station",  # a scanner station's valid token (no session)
    "revoked",  # a revoked station's token (no session)
)
STAFF_GROUPS = {"officer": OFFICER_GROUP, "librarian": LIBRARIAN_GROUP, "admin": ADMIN_GROUP}


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 60), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


def make_softcopy(publication: Publication | None, *, access: str, title: str) -> Softcopy:
    content = pdf_bytes(title)
    name = default_storage.save(f"softcopies/{uuid.uuid4().hex}.pdf", ContentFile(content))
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=title,
        file=name,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=1,
        size_bytes=len(content),
        sha256=uuid.uuid4().hex * 2,
        access_level=access,
    )
    thumb = default_storage.save(f"thumbnails/{uuid.uuid4().hex}.jpg", ContentFile(jpeg_bytes()))
    Page.objects.create(softcopy=softcopy, number=1, text=title, thumbnail=thumb)
    return softcopy


def make_user(role: str) -> User | None:
    """The signed-in user of a role (None for the roles without a session)."""
    if role in ("anonymous", "station", "revoked"):
        return None
    if role in ("unverified", "patron"):
        email = f"{role}@contoh.id"
        user = User.objects.create_user(email, email=email)  # force_login: no hashing
        Patron.objects.create(
            user=user,
            verified_at=timezone.now() if role == "patron" else None,
            consent_at=timezone.now(),
            consent_version="1",
        )
        return user
    if role == "superuser":
        return User.objects.create_superuser("super", password=None)
    user = User.objects.create_user(role, is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
    return user


@dataclass
class World:
    users: dict[str, User | None]
    tokens: dict[str, str]
    objects: dict[str, Any] = field(default_factory=dict)
    kwargs: dict[str, Any] = field(default_factory=dict)


def _desk_objects(holding: Holding, publication: Publication) -> dict[str, Any]:
    visit = guestbook_submit(
        name="Rina Marlina", phone="081200000001", email="", birth_year=1998, sex="female",
        education="bachelor", occupation="student", institution="",
        institution_category="education_research", purpose="thesis", service="library",
        id_type="ktp",
    )  # fmt: skip
    reading = ReadingRecord.objects.create(visit=visit, holding=holding, started_at=timezone.now())
    photocopy = PhotocopyRequest.objects.create(
        visit=visit,
        publication=publication,
        pages="1-2",
        page_count=2,
        year=2026,
        number=1,
        issued_at=timezone.now(),
    )
    return {"visit": visit, "reading": reading, "photocopy": photocopy}


def build_world() -> World:
    """Everything the routes need; the staff groups exactly as ``portal/roles.py`` says."""
    from django.apps import apps

    staff_roles_apply(apps)
    users = {role: make_user(role) for role in ROLES}
    publication = Publication.objects.create(title="Kota Pariaman Dalam Angka 2025", year=2025)
    publication.cover = default_storage.save("covers/kpda.jpg", ContentFile(jpeg_bytes()))
    publication.save(update_fields=["cover"])
    holding = Holding.objects.create(publication=publication, barcode="PST-0001")
    spare = Holding.objects.create(publication=publication, barcode="PST-0002")
    softcopy = make_softcopy(publication, access=Softcopy.Access.PUBLIC, title=publication.title)
    table = PageTable.objects.create(
        softcopy=softcopy, page=1, number="1.1", title="Penduduk",
        data={"columns": 2, "column_names": ["Kecamatan", "Jumlah"],
              "rows": [["Pariaman Tengah", "1.234"]]},
    )  # fmt: skip
    job = DigitisationJob.objects.create(
        title="Pindaian", state=DigitisationJob.JobState.FAILED, softcopy=softcopy
    )
    job_input = JobInput.objects.create(
        job=job, position=1, kind=JobInput.Kind.IMAGE, filename="p1.png", stored_name="x",
        sha256="0" * 64,
    )  # fmt: skip
    job_page = JobPage.objects.create(
        job=job, input=job_input, index=1, kind=JobPage.Kind.IMAGE, state="failed"
    )
    station = station_add(name="Pemindai 1")
    revoked = station_add(name="Pemindai lama")
    revoked.station.active = False
    revoked.station.save(update_fields=["active"])
    task = ScanRequest.objects.create(
        kind=ScanRequest.Kind.DIGITISE, publication=publication, holding=spare
    )
    batch = batch_open(
        station=station.station, spec=BatchSpec(client_batch_id=str(uuid.uuid4()))
    ).batch
    complaint = complaint_submit(kind="complaint", channel="website", subject="AC", text="Panas")
    patron = users["patron"]
    approved = SoftcopyRequest.objects.create(
        patron=patron, publication=publication, purpose="research", softcopy=softcopy,
        status=SoftcopyRequest.Status.APPROVED, decided_at=timezone.now(),
        link_expires_at=timezone.now() + timezone.timedelta(days=7),
    )  # fmt: skip
    pending = SoftcopyRequest.objects.create(
        patron=patron, publication=publication, purpose="research"
    )
    desk = _desk_objects(holding, publication)
    tokens = {
        "station": station.token,
        "revoked": revoked.token,
        "kiosk": signing.dumps({"q": "A001", "d": False}, salt=TICKET_SALT),
        "scan_download": download_token(task.pk),
        "softcopy_download": make_token({"r": approved.pk}, salt=DOWNLOAD_SALT),
    }
    objects = {
        "publication": publication, "holding": holding, "softcopy": softcopy, "job": job,
        "task": task, "batch": batch, "complaint": complaint, "approved": approved,
        "pending": pending, "station": station.station, **desk,
    }  # fmt: skip
    kwargs = {
        "job_id": job.pk,
        "page_id": job_page.pk,
        "table_id": table.pk,
        "task_id": task.pk,
        "publication_id": publication.pk,
        "softcopy_id": softcopy.pk,
        "number": 1,
        "visit_id": desk["visit"].pk,
        "record_id": desk["reading"].pk,
        "request_id": pending.pk,
        "complaint_id": complaint.pk,
        "batch_id": batch.pk,
        "token": "tidak-sah",  # routes with a real token say so in their rule
        "uidb64": "MQ",
    }
    return World(users=users, tokens=tokens, objects=objects, kwargs=kwargs)
