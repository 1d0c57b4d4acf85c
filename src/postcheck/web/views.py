"""The pages about the whole site: the privacy notice and the accessibility statement.

They sit in the project, not in an app, because they speak for every app: the privacy
notice states the retention periods in force, read from the settings each app keeps.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from postcheck.support.i18n import current_lang
from postcheck.support.roles import organization_of


def _case_retention_days() -> dict[str, int]:
    if not apps.is_installed("postcheck.cases"):
        return {}
    from postcheck.cases.retention import retention_days

    return retention_days()


def privacy(request: HttpRequest) -> HttpResponse:
    """What postcheck stores, for how long, and who sees it."""
    org = organization_of(request.user)
    return render(
        request,
        "site/privacy.html",
        {
            "organization_name": org.name(current_lang()) if org else "",
            "consultation_days": org.retention_days if org else None,
            "case_days": _case_retention_days(),
            "session_hours": round(settings.SESSION_COOKIE_AGE / 3600),
            "figures_minimum": settings.POSTCHECK_FIGURES_MIN_COUNT,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The conformance target, how it is tested, known limitations, how to report a problem."""
    return render(request, "site/accessibility.html")
