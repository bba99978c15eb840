from __future__ import annotations

from django.urls import path

from portal.visitors import at_desk, pages, priority, views

urlpatterns = [
    path("", views.queue, name="desk-queue"),
    path("antrean.json", views.queue_json, name="desk-queue-json"),
    path("di-meja/", at_desk.at_desk_section, name="desk-at-desk"),
    path("kunjungan/<int:visit_id>/mulai/", views.visit_step, {"step": "start"}, name="desk-start"),
    path(
        "kunjungan/<int:visit_id>/selesai/",
        views.visit_step,
        {"step": "finish"},
        name="desk-finish",
    ),
    path("kunjungan/<int:visit_id>/loker/", views.locker_assign_view, name="desk-locker"),
    path(
        "kunjungan/<int:visit_id>/kembalikan/",
        views.visit_step,
        {"step": "release"},
        name="desk-release",
    ),
    path(
        "kunjungan/<int:visit_id>/pulang/",
        views.visit_step,
        {"step": "check_out"},
        name="desk-check-out",
    ),
    path("kunjungan/<int:visit_id>/prioritas/", priority.set_priority, name="desk-priority"),
    path("kunjungan/<int:visit_id>/baca/", views.reading, name="desk-reading"),
    path("kunjungan/<int:visit_id>/fotokopi/", views.photocopy, name="desk-photocopy"),
    path("baca/<int:record_id>/kembali/", views.reading_return_view, name="desk-reading-return"),
    path("fotokopi/<int:request_id>/cetak/", pages.photocopy_print, name="desk-photocopy-print"),
    path(
        "fotokopi/<int:request_id>/selesai/",
        views.photocopy_done_view,
        name="desk-photocopy-done",
    ),
    path("loker/", pages.locker_board, name="desk-lockers"),
    path("tutup/", pages.closing_time, name="desk-closing"),
    path("laporan/", pages.report, name="desk-report"),
    path("laporan/csv/", pages.report_csv, name="desk-report-csv"),
]
