"""Pages of the cases app, under /en/cases/ and /fr/cases/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_new, name="new"),
    path("cases/support/new/", views.support_new, name="support_new"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/step/", views.case_step, name="step"),
    path("cases/<int:pk>/outcome/", views.case_outcome, name="outcome"),
    path("cases/<int:pk>/close/", views.case_transition, {"action": "close"}, name="close"),
    path("cases/<int:pk>/reopen/", views.case_transition, {"action": "reopen"}, name="reopen"),
    path("cases/<int:pk>/assign/", views.case_assign, name="assign"),
    path("cases/<int:pk>/notes/", views.note_add, name="note_add"),
    path("cases/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("cases/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download,
         name="attachment"),
    path("cases/<int:pk>/export/", views.case_export, name="export"),
    path("cases/office/", views.office, name="office"),
    path("cases/office/alerts/<int:pk>/acknowledge/", views.alert_ack, name="alert_ack"),
    path("cases/audit/", views.audit_log, name="audit"),
    path("cases/audit/export.csv", views.audit_export, name="audit_export"),
    path("cases/retention/", views.retention, name="retention"),
    path("cases/practice/", views.practice_list, name="practice_list"),
    path("cases/practice/<slug:scenario_id>/", views.practice, name="practice"),
    path("cases/readiness/", views.readiness, name="readiness"),
]
