"""The fixed vocabularies of the register and the survey (stored codes, Indonesian labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    SUGGESTION = "suggestion", _("Saran")
    COMPLIMENT = "compliment", _("Apresiasi")
    QUESTION = "question", _("Pertanyaan")


class Channel(models.TextChoices):
    """The channels of SK 038A/2023, plus a word spoken at the desk."""

    BOX = "box", _("Kotak saran")
    WEBSITE = "website", _("Situs web")
    EMAIL = "email", _("Surel")
    PHONE = "phone", _("Telepon")
    LAPOR = "lapor", "LAPOR!"
    IN_PERSON = "in_person", _("Langsung di meja layanan")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_PROGRESS = "in_progress", _("Diproses")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")


class ComplaintAction(models.TextChoices):
    CREATE = "create", _("Dicatat")
    START = "start", _("Mulai diproses")
    ANSWER = "answer", _("Dijawab")
    CLOSE = "close", _("Ditutup")
    PURGE_CONTACT = "purge_contact", _("Kontak dihapus (masa simpan)")


class SurveySource(models.TextChoices):
    VISIT = "visit", _("Undangan kunjungan")
    PUBLIC = "public", _("Tautan umum")
