"""The patron profile: what the library keeps about an online member besides credentials.

Credentials live in Django's ``User`` (the email, lower-cased, is the username and the
email); this row holds what the service adds: institution, consent, verification, activity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Patron(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="pengguna",
        on_delete=models.CASCADE,
        related_name="patron",
    )
    institution = models.CharField("instansi", max_length=200, blank=True)
    consent_at = models.DateTimeField("persetujuan privasi")
    consent_version = models.CharField("versi pemberitahuan privasi", max_length=16)
    verified_at = models.DateTimeField("surel terverifikasi", null=True, blank=True)
    last_activity = models.DateTimeField("aktivitas terakhir", null=True, blank=True)
    # When the last account email went out: re-registration and resends wait a while, so
    # the form cannot be used to flood someone's inbox.
    last_mail_at = models.DateTimeField("surel terakhir dikirim", null=True, blank=True)
    # The same for password-reset mails, counted apart (a new member may need one at once).
    last_reset_mail_at = models.DateTimeField(
        "surel atur ulang sandi terakhir", null=True, blank=True
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "anggota daring"
        verbose_name_plural = "anggota daring"

    def __str__(self) -> str:
        return self.user.get_username()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None
