"""Model field shapes every domain uses the same way."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def optional_link(to: Any, verbose_name: str, *, related_name: str | None = None) -> Any:
    """A link that may be empty and outlives what it points to: deleting the target
    empties the link (``SET_NULL``) instead of deleting the row that holds it — records
    (jobs, requests, audit rows) must survive the deletion of what they mention."""
    options: dict[str, Any] = {"related_name": related_name} if related_name else {}
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=models.SET_NULL, **options
    )


def officer_link(verbose_name: str) -> Any:
    """The staff member who did something: kept as a record when the account is deleted."""
    return optional_link(settings.AUTH_USER_MODEL, verbose_name, related_name="+")
