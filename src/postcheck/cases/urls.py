"""Pages of the cases app. Paths are translated: /en/cases/ is /fr/dossiers/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import views

if TYPE_CHECKING:  # the stubs name the type of gettext_lazy strings
    from django.utils.functional import _StrPromise

app_name = "cases"


def r(suffix: str | _StrPromise = "") -> str | _StrPromise:
    """A path under the cases prefix (``cases/`` in English, ``dossiers/`` in French)."""
    return format_lazy("{}{}", _("cases/"), suffix)


urlpatterns = [
    path(r(), views.case_list, name="list"),
    path(r(_("new/")), views.case_new, name="new"),
    path(r(_("support/new/")), views.support_new, name="support_new"),
    path(r("<int:pk>/"), views.case_detail, name="detail"),
    path(r(format_lazy("<int:pk>/{}", _("edit/"))), views.case_edit, name="edit"),
    path(r("<int:pk>/step/"), views.case_step, name="step"),
    path(r("<int:pk>/outcome/"), views.case_outcome, name="outcome"),
    path(r("<int:pk>/close/"), views.case_transition, {"action": "close"}, name="close"),
    path(r("<int:pk>/reopen/"), views.case_transition, {"action": "reopen"}, name="reopen"),
    path(r("<int:pk>/assign/"), views.case_assign, name="assign"),
    path(r("<int:pk>/notes/"), views.note_add, name="note_add"),
    path(r("<int:pk>/attachments/"), views.attachment_add, name="attachment_add"),
    path(
        r("<int:pk>/attachments/<int:attachment_pk>/"), views.attachment_download, name="attachment"
    ),
    path(r(format_lazy("<int:pk>/{}", _("export/"))), views.case_export, name="export"),
    path(r(_("office/")), views.office, name="office"),
    path(
        r(format_lazy("{}<int:pk>/acknowledge/", _("office/alerts/"))),
        views.alert_ack,
        name="alert_ack",
    ),
    path(r("audit/"), views.audit_log, name="audit"),
    path(r("audit/export.csv"), views.audit_export, name="audit_export"),
    path(r(_("retention/")), views.retention, name="retention"),
    path(r(_("practice/")), views.practice_list, name="practice_list"),
    path(r(format_lazy("{}<slug:scenario_id>/", _("practice/"))), views.practice, name="practice"),
    path(r(_("readiness/")), views.readiness, name="readiness"),
]
