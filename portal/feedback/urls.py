"""``/layanan/…``: public complaint form and survey; ``/layanan/staf/…``: the staff screens."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from portal.feedback import public, staff, survey_staff

urlpatterns: list[URLPattern | URLResolver] = [
    path("pengaduan/", public.complaint_form, name="feedback-complaint"),
    path("pengaduan/terima-kasih/", public.complaint_thanks, name="feedback-complaint-thanks"),
    path("survei/", public.survey, name="feedback-survey"),
    path("survei/k/<str:token>/", public.survey, name="feedback-survey-visit"),
    path("survei/terima-kasih/", public.survey_thanks, name="feedback-survey-thanks"),
    path("staf/pengaduan/", staff.register, name="feedback-register"),
    path("staf/pengaduan/baru/", staff.entry, name="feedback-entry"),
    path("staf/pengaduan/<int:complaint_id>/", staff.detail, name="feedback-detail"),
    path(
        "staf/pengaduan/<int:complaint_id>/proses/",
        staff.step,
        {"action": "start"},
        name="feedback-start",
    ),
    path(
        "staf/pengaduan/<int:complaint_id>/jawab/",
        staff.step,
        {"action": "answer"},
        name="feedback-answer",
    ),
    path(
        "staf/pengaduan/<int:complaint_id>/tutup/",
        staff.step,
        {"action": "close"},
        name="feedback-close",
    ),
    path("staf/survei/", survey_staff.report, name="feedback-survey-report"),
    path("staf/survei/csv/", survey_staff.report_csv, name="feedback-survey-csv"),
    path(
        "staf/survei/kunjungan/<int:visit_id>/undang/",
        survey_staff.invite,
        name="feedback-survey-invite",
    ),
    path(
        "staf/survei/kunjungan/<int:visit_id>/",
        survey_staff.invitation,
        name="feedback-survey-invitation",
    ),
]
