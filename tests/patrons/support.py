"""Helpers for the patron tests: the SMTP mailbox (aiosmtpd handler), a softcopy in
storage, a librarian; the fixtures are in tests/patrons/fixtures.py."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.smtp import SMTP, Envelope, Session
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from fpdf import FPDF

from catalogue.models import Publication, Softcopy

PASSWORD = "Padi-Sawah-2026!"


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.messages.append(email.message_from_bytes(raw))
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def body(message: Message) -> str:
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        return payload.decode(message.get_content_charset() or "utf-8")

    def link(self, address: str, path_part: str) -> str:
        """The one link containing ``path_part`` in the newest email to ``address``."""
        found = re.findall(r"https?://\S+", self.body(self.to(address)[-1]))
        links = [url for url in found if path_part in url]
        assert len(links) == 1, found
        return links[0]


def pdf_bytes(text: str = "Kota Pariaman Dalam Angka 2025") -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def make_softcopy(*, access: str = Softcopy.Access.PATRONS, title: str = "") -> Softcopy:
    publication = Publication.objects.create(
        title=title or "Kota Pariaman Dalam Angka 2025", year=2025
    )
    content = pdf_bytes(publication.title)
    name = default_storage.save("softcopies/kpda-2025.pdf", ContentFile(content))
    return Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file=name,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=1,
        size_bytes=len(content),
        sha256="0" * 64,
        access_level=access,
    )


def make_librarian(username: str = "pustakawan") -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="decide_softcopyrequest"))
    return user
