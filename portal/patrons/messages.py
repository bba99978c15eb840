"""A patrons error as text in the active language (Indonesian unless English is chosen)."""

from __future__ import annotations

from django.utils.translation import get_language

from patrons.errors import PatronError


def error_text(error: PatronError) -> str:
    return error.message_en if (get_language() or "id").startswith("en") else error.message_id
