"""File edges of the publication pages: the softcopy PDF, page thumbnails and the cover.

Each view checks the one access rule (``catalogue.selectors.access``) before a byte
leaves storage, and a read or download of a softcopy is written to the access log.
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from catalogue.errors import InvalidFieldError
from catalogue.models import AccessLog, Publication, Softcopy
from catalogue.services.access import access_log_record
from catalogue.services.covers import content_type, cover_rendition
from portal.publications import queries
from portal.publications.ranges import stored_file_response
from portal.sign_in import patron_sign_in, sign_in_url

DAY = 24 * 3600


def download_filename(softcopy: Softcopy) -> str:
    """``kota-pariaman-dalam-angka-2024-v1.pdf``: readable, safe, tells versions apart."""
    publication = softcopy.publication
    base = slugify(softcopy.title or (publication.title if publication else "")) or "salinan"
    year = publication.year if publication and publication.year else None
    if year and str(year) not in base:
        base = f"{base}-{year}"
    return f"{base[:120]}-v{softcopy.version}.pdf"


@require_GET
@xframe_options_sameorigin  # a viewer on this site may embed the PDF
def softcopy_file(request: HttpRequest, softcopy_id: int) -> HttpResponseBase:
    """The PDF inline (``?unduh=1``: as an attachment), whole or one byte range."""
    try:
        softcopy = queries.readable_softcopy(request.user, softcopy_id)
    except queries.NotReadable as refusal:
        return _refused(request, refusal.status)
    name = softcopy.file.name
    if not name or not default_storage.exists(name):
        raise Http404
    download = request.GET.get("unduh") == "1"
    response = stored_file_response(
        request,
        name,
        etag=f'"{softcopy.sha256}"',
        filename=download_filename(softcopy),
        download=download,
        on_opening=lambda: _log(request, softcopy, download=download),
    )
    if response.status_code not in (200, 206):
        return response
    response["Cache-Control"] = _cache_control(softcopy)
    return response


def _cache_control(softcopy: Softcopy) -> str:
    if softcopy.access_level == Softcopy.Access.PUBLIC:
        return "public, max-age=3600"  # an access change reaches caches within the hour
    return "private, no-store"  # a signed-in reader's file must stay out of shared caches


def _refused(request: HttpRequest, status: int) -> HttpResponseBase:
    if status == 404:
        raise Http404
    if status == 401 and "text/html" in request.headers.get("Accept", ""):
        return patron_sign_in(request)
    login_url = sign_in_url(request)
    body = render_to_string(
        "portal/publications/refused.html",
        {"status": status, "login_url": login_url},
        request=request,
    )
    response = HttpResponse(body, status=status)
    if status == 401:
        # Not HTTP authentication: the sign-in form is where a patron gets in.
        response["WWW-Authenticate"] = 'FormBased realm="Pustaka"'
    return response


def _log(request: HttpRequest, softcopy: Softcopy, *, download: bool) -> None:
    action = AccessLog.Action.DOWNLOAD if download else AccessLog.Action.READ
    address = request.META.get("REMOTE_ADDR") or None
    try:
        access_log_record(softcopy=softcopy, action=action, user=request.user, ip_address=address)
    except InvalidFieldError:  # e.g. a Unix socket peer: the read still counts
        access_log_record(softcopy=softcopy, action=action, user=request.user)


@require_GET
def page_thumbnail(request: HttpRequest, softcopy_id: int, number: int) -> HttpResponseBase:
    """A page's small picture: shows content, so the softcopy's access rule applies."""
    try:
        softcopy = queries.readable_softcopy(request.user, softcopy_id)
    except queries.NotReadable as refusal:
        return _refused(request, refusal.status)
    page = softcopy.pages.filter(number=number).exclude(thumbnail="").first()
    if page is None or not default_storage.exists(page.thumbnail):
        raise Http404
    response = FileResponse(default_storage.open(page.thumbnail, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = _cache_control(softcopy)
    return response


@require_GET
def publication_cover(request: HttpRequest, publication_id: int) -> HttpResponseBase:
    """The cover, resized once and kept; WebP when the browser takes it, else JPEG."""
    publication = queries.publication_for_page(request.user, publication_id)
    fmt = "webp" if "image/webp" in request.headers.get("Accept", "") else "jpeg"
    name = cover_rendition(publication=publication, fmt=fmt)
    public = (
        publication.visibility == Publication.Visibility.PUBLIC and publication.deleted_at is None
    )
    cache = f"public, max-age={DAY}" if public else "private, max-age=300"
    if name is None:
        response: HttpResponseBase = HttpResponse(PLACEHOLDER_SVG, content_type="image/svg+xml")
        etag = '"placeholder-1"'
    else:
        etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:20] + '"'
        if etag in request.headers.get("If-None-Match", ""):
            return HttpResponseNotModified(headers={"ETag": etag, "Vary": "Accept"})
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type(fmt))
    response["ETag"] = etag
    response["Cache-Control"] = cache
    response["Vary"] = "Accept"
    return response


# A neutral book outline at the covers' 1:1.41 (A4) ratio, in the page's muted colours.
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 339" role="img" '
    'aria-label="Sampul belum tersedia / No cover yet">'
    '<rect width="240" height="339" fill="#eef1f5"/>'
    '<rect x="70" y="110" width="100" height="120" rx="6" fill="none" '
    'stroke="#9aa6b2" stroke-width="6"/>'
    '<line x1="86" y1="140" x2="154" y2="140" stroke="#9aa6b2" stroke-width="6"/>'
    '<line x1="86" y1="162" x2="140" y2="162" stroke="#9aa6b2" stroke-width="6"/>'
    "</svg>"
)
