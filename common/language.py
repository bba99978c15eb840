"""The Indonesian or English text of a bilingual message, as the active language asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from django.utils.translation import get_language


class Bilingual(Protocol):
    message_id: str
    message_en: str


def english_active() -> bool:
    """Indonesian unless the request (or command) asked for English."""
    return (get_language() or "id").startswith("en")


def in_language(message: Bilingual | type[Bilingual] | Mapping[str, str] | None) -> str:
    """An error (or error class) or a ``{"id": …, "en": …}`` message in the active language;
    when one language is missing, the other is shown rather than nothing."""
    if message is None:
        return ""
    if isinstance(message, Mapping):
        id_text, en_text = message.get("id", ""), message.get("en", "")
    else:
        id_text, en_text = message.message_id, message.message_en
    return (en_text or id_text) if english_active() else (id_text or en_text)
