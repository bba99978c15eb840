"""The staff screens of the complaints register: list with filters, entry, response workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.language import in_language
from feedback.errors import FeedbackError
from feedback.models import Complaint
from feedback.selectors import complaint_get, complaints_list
from feedback.services import complaint_answer, complaint_close, complaint_start, complaint_submit
from portal.feedback.access import (
    ADD_COMPLAINT,
    CHANGE_COMPLAINT,
    VIEW_REGISTER,
    staff_required,
)
from portal.feedback.forms import AnswerForm, ComplaintStaffForm, RegisterFilterForm

PAGE_SIZE = 50


def _officer(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _get(pk: int) -> Complaint:
    try:
        return complaint_get(pk)
    except Complaint.DoesNotExist as missing:
        raise Http404 from missing


@staff_required(VIEW_REGISTER)
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = complaints_list(
        state=filters.get("status", ""),
        kind=filters.get("jenis", ""),
        channel=filters.get("saluran", ""),
        query=filters.get("q", "").strip(),
    )
    answered = [c.response_days for c in rows if c.response_days is not None]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "portal/feedback/register.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "open_count": rows.exclude(state__in=["answered", "closed"]).count(),
            "mean_response_days": sum(answered) / len(answered) if answered else None,
            "query": query.urlencode(),
        },
    )


@staff_required(ADD_COMPLAINT)
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest) -> HttpResponse:
    """Record what came by suggestion box, email, phone, LAPOR! or in person."""
    form = ComplaintStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaint_submit(
                kind=data["kind"],
                channel=data["channel"],
                received_at=data["received_at"],
                subject=data["subject"],
                text=data["text"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                lapor_ticket=data["lapor_ticket"],
                visit_id=data["visit_id"],
                officer=_officer(request),
            )
        except FeedbackError as error:
            form.add_error(error.field if error.field in form.fields else None, in_language(error))
        else:
            messages.success(
                request, gettext("Tercatat dengan nomor %(ref)s.") % {"ref": complaint.reference}
            )
            return redirect("feedback-detail", complaint.pk)
    status = 400 if form.is_bound else 200
    return render(request, "portal/feedback/entry.html", {"form": form}, status=status)


@staff_required(VIEW_REGISTER)
@require_GET
def detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _get(complaint_id)
    return render(request, "portal/feedback/detail.html", _detail_context(complaint, AnswerForm()))


def _detail_context(complaint: Complaint, answer_form: AnswerForm) -> dict[str, Any]:
    return {
        "complaint": complaint,
        "events": complaint.events.select_related("actor"),
        "answer_form": answer_form,
    }


@staff_required(CHANGE_COMPLAINT)
@require_POST
def step(request: HttpRequest, complaint_id: int, action: str) -> HttpResponse:
    complaint = _get(complaint_id)
    officer = _officer(request)
    try:
        if action == "start":
            complaint_start(complaint=complaint, officer=officer)
        elif action == "answer":
            complaint_answer(
                complaint=complaint, officer=officer, response=request.POST.get("response", "")
            )
        else:
            complaint_close(complaint=complaint, officer=officer)
    except FeedbackError as error:
        if action == "answer" and error.field == "response":
            form = AnswerForm(request.POST)
            form.is_valid()
            form.add_error("response", in_language(error))
            context = _detail_context(complaint, form)
            return render(request, "portal/feedback/detail.html", context, status=400)
        messages.error(request, in_language(error))
    else:
        messages.success(
            request, gettext("Status %(ref)s diperbarui.") % {"ref": complaint.reference}
        )
    return redirect("feedback-detail", complaint.pk)
