"""The officer puts a waiting visitor in the priority lane (or takes them out of it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.language import in_language
from portal.visitors.access import desk_required, officer_of
from portal.visitors.reads import visit_get
from visitors.errors import VisitorError
from visitors.services.priority import visit_set_priority


@desk_required
@require_POST
def set_priority(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = visit_get(visit_id)
    try:
        visit_set_priority(
            visit=visit, priority=request.POST.get("priority", ""), officer=officer_of(request)
        )
    except VisitorError as error:
        messages.error(request, in_language(error))
    else:
        messages.success(
            request, _("Prioritas antrean %(label)s disimpan.") % {"label": visit.queue_label}
        )
    return redirect("desk-queue")
