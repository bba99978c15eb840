"""The public address of the site, for links that leave it (QR codes, emails).

One rule everywhere: the configured ``PUSTAKA_PUBLIC_URL`` (``settings.PUBLIC_URL``)
when set; else the address the current request came to; else the local default
(``settings.PUBLIC_BASE_URL``). Setting it matters behind a proxy, and for mail sent
from a worker, which has no request. Layers below the portal do not import this: the
portal passes them the base, or they read ``settings.PUBLIC_BASE_URL`` (the same
variable, with the default).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def public_base(request: HttpRequest | None = None) -> str:
    """The site's public root, without a trailing slash."""
    configured = settings.PUBLIC_URL.rstrip("/")
    if configured:
        return configured
    if request is not None:
        # Django has already checked the host against ALLOWED_HOSTS.
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.PUBLIC_BASE_URL).rstrip("/")


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """An absolute link to ``path`` (a ``reverse()`` result, starting with "/")."""
    return public_base(request) + path
