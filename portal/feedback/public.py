"""The public pages: the complaint/suggestion form and the satisfaction survey (no login)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.language import in_language
from feedback.errors import FeedbackError, SurveyAlreadyAnsweredError, SurveyLinkError
from feedback.models.choices import Channel
from feedback.services import complaint_submit, survey_invitation_check, survey_submit
from portal.feedback.forms import ComplaintPublicForm, SurveyForm

_REFERENCE_KEY = "feedback_reference"


def _form_error(form: ComplaintPublicForm | SurveyForm, error: FeedbackError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, in_language(error))


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    form = ComplaintPublicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Look like success, store nothing: a bot learns nothing to adapt to.
            return redirect("feedback-complaint-thanks")
        data = form.cleaned_data
        try:
            complaint = complaint_submit(
                kind=data["kind"],
                channel=Channel.WEBSITE,
                subject=data["subject"],
                text=data["text"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
            )
        except FeedbackError as error:
            _form_error(form, error)
        else:
            request.session[_REFERENCE_KEY] = complaint.reference
            return redirect("feedback-complaint-thanks")
    status = 400 if form.is_bound else 200
    context = {"form": form, "retention_days": settings.FEEDBACK_CONTACT_RETENTION_DAYS}
    return render(request, "portal/feedback/complaint_form.html", context, status=status)


def complaint_thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_REFERENCE_KEY, "")
    return render(request, "portal/feedback/complaint_thanks.html", {"reference": reference})


def _survey_page(
    request: HttpRequest, form: SurveyForm, *, token: str | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/feedback/survey_form.html",
        {"form": form, "token": token, "from_visit": token is not None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """The general link (``/layanan/survei/``) or a visit's one-time link (``…/k/<token>/``)."""
    if token is not None:
        try:
            survey_invitation_check(token=token)
        except (SurveyLinkError, SurveyAlreadyAnsweredError) as error:
            return render(
                request,
                "portal/feedback/survey_closed.html",
                {"message": in_language(error), "code": error.code},
                status=error.http_status,
            )
    form = SurveyForm(request.POST or None)
    if request.method != "POST":
        return _survey_page(request, form, token=token)
    if not form.is_valid():
        return _survey_page(request, form, token=token, status=400)
    if form.is_bot():
        return redirect("feedback-survey-thanks")
    data = form.cleaned_data
    try:
        survey_submit(
            ratings={code: data[code] for code in data if code.startswith("u")},
            comment=data["comment"],
            token=token,
        )
    except SurveyAlreadyAnsweredError as error:
        return render(
            request,
            "portal/feedback/survey_closed.html",
            {"message": in_language(error), "code": error.code},
            status=error.http_status,
        )
    except FeedbackError as error:
        _form_error(form, error)
        return _survey_page(request, form, token=token, status=400)
    return redirect("feedback-survey-thanks")


def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/feedback/survey_thanks.html")
