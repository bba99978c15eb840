"""Thin staff views of the intake inbox: the list, one proposal to confirm, page images.

Guarded by a named permission (editing publications; making a new record also needs
adding them), not by ``is_staff``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catalogue.errors import CatalogueError, DuplicatePublicationError, InvalidFieldError
from catalogue.models import Publication, Softcopy
from catalogue.selectors.intake import (
    INBOX_PERMISSION,
    Match,
    NotInInboxError,
    inbox_get,
    inbox_list,
    proposal_pages,
    publication_matches,
    softcopy_proposal,
)
from catalogue.selectors.page_images import softcopy_page_jpeg
from catalogue.services.intake import softcopy_attach, softcopy_catalogue
from portal.intake.forms import LABELS, NEW, ConfirmForm, initial_for
from portal.intake.pages import page_views
from scanning.selectors.stations import station_names_by_job

CREATE_PERMISSION = "catalogue.add_publication"
KINDS = {str(value): str(label) for value, label in Publication.Kind.choices}
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def inbox_required(view: View) -> View:
    """Signed-in staff who may edit the catalogue (attach softcopies to publications)."""
    return login_required(permission_required(INBOX_PERMISSION, raise_exception=True)(view))


def _message(error: CatalogueError) -> str:
    text = error.user_message()
    return text["en"] if (get_language() or "id").startswith("en") else text["id"]


@inbox_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    items = inbox_list()
    stations = station_names_by_job(item.job.pk for item in items if item.job)
    rows = [
        {"item": item, "station": stations.get(item.job.pk) if item.job else None} for item in items
    ]
    return render(request, "portal/intake/inbox.html", {"rows": rows})


@inbox_required
@require_http_methods(["GET", "POST"])
def inbox_item(request: HttpRequest, softcopy_id: int) -> HttpResponse:
    try:
        softcopy = inbox_get(softcopy_id=softcopy_id)
    except Softcopy.DoesNotExist as exc:
        raise Http404 from exc
    except NotInInboxError:
        attached = Softcopy.objects.get(pk=softcopy_id)
        messages.info(request, _("Salinan digital ini sudah dikatalogkan."))
        return redirect("publication-detail", publication_id=attached.publication_id)
    proposal = softcopy_proposal(softcopy=softcopy)
    matches = publication_matches(values=proposal.as_values())
    if request.method == "POST":
        # What the screen offered, and what the corrected values match now.
        shown = {m.publication.pk for m in matches}
        corrected = publication_matches(values=_posted(request.POST))
        matches += [m for m in corrected if m.publication.pk not in shown]
        form = ConfirmForm(request.POST, matches=matches)
        if form.is_valid():
            done = _confirm(request, softcopy, form)
            if done is not None:
                return done
    else:
        form = ConfirmForm(initial=initial_for(proposal, matches), matches=matches)
    return _item_page(request, softcopy, proposal, form, matches)


def _posted(data: Any) -> dict[str, str]:
    return {name: data.get(name, "") for name in LABELS}


def _confirm(request: HttpRequest, softcopy: Softcopy, form: ConfirmForm) -> HttpResponse | None:
    target = form.cleaned_data["target"]
    try:
        if target == NEW:
            if not request.user.has_perm(CREATE_PERMISSION):
                raise PermissionDenied
            publication = softcopy_catalogue(softcopy=softcopy, values=form.values())
        else:
            publication = Publication.objects.live().get(pk=int(target))
            softcopy_attach(softcopy=softcopy, publication=publication)
    except InvalidFieldError as exc:
        name = {"subtitle": "title_en", "issn_print": "issn"}.get(exc.field, exc.field)
        form.add_error(name if name in form.fields else None, _message(exc))
        return None
    except DuplicatePublicationError as exc:
        form.add_error("target", _message(exc) + " " + exc.detail)
        return None
    except CatalogueError as exc:
        form.add_error(None, _message(exc))
        return None
    messages.success(
        request,
        _("Salinan digital menjadi bagian dari publikasi #%(id)s.") % {"id": publication.pk},
    )
    return redirect("publication-detail", publication_id=publication.pk)


def _item_page(
    request: HttpRequest,
    softcopy: Softcopy,
    proposal: Any,
    form: ConfirmForm,
    matches: list[Match],
) -> HttpResponse:
    labels = {name: str(label) for name, label in LABELS.items()}
    pages = page_views(softcopy.pk, proposal_pages(softcopy=softcopy), proposal, labels)
    rows = [
        {
            "name": name,
            "input": field,
            "reject": reject,
            "proposed": proposal.get(name),
            "shown": KINDS.get(proposal.value(name), proposal.value(name))
            if name == "kind"
            else proposal.value(name),
            "confidence": round(proposal.get(name).confidence * 100),
        }
        for name, field, reject in form.rows()
    ]
    context = {
        "softcopy": softcopy,
        "job": softcopy.job,
        "form": form,
        "rows": rows,
        "pages": pages,
        "matches": matches,
    }
    status = 400 if form.is_bound else 200
    return render(request, "portal/intake/item.html", context, status=status)


@inbox_required
@require_GET
def page_image(request: HttpRequest, softcopy_id: int, number: int) -> HttpResponse:
    softcopy = Softcopy.objects.filter(pk=softcopy_id).first()
    if softcopy is None:
        raise Http404
    data = softcopy_page_jpeg(softcopy=softcopy, number=number, width=800)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response
