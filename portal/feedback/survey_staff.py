"""Staff side of the survey: the IKM report with CSV, and a visit's invitation QR code."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from common.language import in_language
from feedback.errors import SurveyPeriodError
from feedback.models import SurveyInvitation
from feedback.selectors import ikm_report, ikm_report_csv, period_parse
from feedback.services import survey_invitation_issue
from portal.feedback.access import INVITE_SURVEY, VIEW_SURVEY_REPORT, staff_required
from portal.public_urls import public_url
from scanning.coversheet import qr_svg


@staff_required(VIEW_SURVEY_REPORT)
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    text = request.GET.get("periode") or f"{today:%Y-%m}"
    context: dict[str, object] = {"periode": text, "this_month": f"{today:%Y-%m}"}
    context["this_quarter"] = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    try:
        period = period_parse(text)
    except SurveyPeriodError as error:
        context["error"] = in_language(error)
        return render(request, "portal/feedback/survey_report.html", context, status=400)
    context["report"] = ikm_report(period=period)
    return render(request, "portal/feedback/survey_report.html", context)


@staff_required(VIEW_SURVEY_REPORT)
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    try:
        period = period_parse(request.GET.get("periode", ""))
    except SurveyPeriodError as error:
        return HttpResponse(in_language(error), status=400, content_type="text/plain")
    response = HttpResponse(ikm_report_csv(period=period), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ikm-{period.code}.csv"'
    return response


@staff_required(INVITE_SURVEY)
@require_POST
def invite(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Issue (or find) the visit's one-time survey link, then show it as a QR code."""
    visits = SurveyInvitation._meta.get_field("visit").related_model
    if not visits._default_manager.filter(pk=visit_id).exists():  # type: ignore[union-attr]
        raise Http404
    survey_invitation_issue(visit_id=visit_id)
    return redirect("feedback-survey-invitation", visit_id)


@staff_required(INVITE_SURVEY)
@require_GET
def invitation(request: HttpRequest, visit_id: int) -> HttpResponse:
    found = SurveyInvitation.objects.filter(visit_id=visit_id).first()
    if found is None:
        raise Http404
    # The configured public address; unset, the one the desk reached the portal by (the
    # visitor's phone is then on the same network).
    link = public_url(reverse("feedback-survey-visit", args=[found.token]), request)
    return render(
        request,
        "portal/feedback/survey_invitation.html",
        {
            "invitation": found,
            "link": link,
            "qr": mark_safe(qr_svg(link)),  # segno's own SVG of a URL we built
            "answered": hasattr(found, "receipt"),
        },
    )
