"""Production refuses to start with the defaults that are only safe on a developer's desk."""

from __future__ import annotations

from typing import Any

from portal.errors import ConfigurationError

MIN_SECRET_KEY_LENGTH = 50


def insecure_settings(settings: dict[str, Any]) -> list[str]:
    """Return one readable reason for every unsafe production setting (empty when safe)."""
    if not settings.get("IS_PRODUCTION"):
        return []
    problems: list[str] = []
    secret = settings.get("SECRET_KEY") or ""
    if len(secret) < MIN_SECRET_KEY_LENGTH or len(set(secret)) < 5:
        problems.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_LENGTH} characters"
        )
    if settings.get("DEBUG"):
        problems.append("PUSTAKA_DEBUG must be off")
    hosts = settings.get("ALLOWED_HOSTS") or []
    if not hosts or "*" in hosts:
        problems.append("ALLOWED_HOSTS must list the portal's host names (no '*')")
    if not settings.get("MEILISEARCH_API_KEY"):
        problems.append("MEILISEARCH_API_KEY must be set (Meilisearch runs with a master key)")
    if settings.get("STORAGE_BACKEND") not in {"local", "s3"}:
        problems.append("PUSTAKA_STORAGE_BACKEND must be 'local' or 's3'")
    return problems


def refuse_insecure_defaults(settings: dict[str, Any]) -> None:
    problems = insecure_settings(settings)
    if problems:
        raise ConfigurationError(
            "Pustaka refuses to start in production: " + "; ".join(problems) + "."
        )
