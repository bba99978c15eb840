"""Form-value checks every domain makes the same way; each raises the caller's own
field-error classes (``common.errors.FieldError`` subclasses with the domain's labels)."""

from __future__ import annotations

from django.db import models

from common.errors import FieldError


def clean_choice(
    field: str,
    raw: str,
    choices: type[models.TextChoices],
    *,
    required: type[FieldError],
    invalid: type[FieldError],
) -> str:
    """One of ``choices``' values, trimmed; empty raises ``required``, anything else
    ``invalid``."""
    value = (raw or "").strip()
    if not value:
        raise required(field)
    if value not in choices.values:
        raise invalid(field, "not one of the offered choices")
    return value
