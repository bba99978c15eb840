"""Account and request emails: plain text, Indonesian then English, through Django's
``EmailMessage`` (SMTP in production, files under var/mail locally).

Each template's first line is the subject; the rest is the body.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

log = logging.getLogger(__name__)


def public_url(name: str, *args: Any, base: str | None = None) -> str:
    """An absolute link for an email: the public address plus the route's path.

    ``base`` is the site's public root as the portal judged it (configured, else the
    request's address); without one, the configured address or its local default.
    """
    return (base or settings.PUBLIC_BASE_URL).rstrip("/") + reverse(name, args=args)


def patron_mail_send(*, to: str, template: str, context: dict[str, Any]) -> bool:
    """Send one email; False (and a log line) when the mail server refused or is down.

    Callers decide what a failure means; none of them lets it reach the visitor as an
    error page, since the answer must not reveal whether an address has an account.
    """
    text = render_to_string(f"patrons/mail/{template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[to])
    try:
        message.send()
    except OSError:  # smtplib.SMTPException is an OSError; so are refused connections
        log.warning("patron mail %s to %s failed", template, to.split("@")[-1], exc_info=True)
        return False
    return True
