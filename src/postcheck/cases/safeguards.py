"""Safeguards against surveillance: alerts on many cases about one employee, and the
values and ethics office's overview (counts and alerts, never case content)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from postcheck.support.audit import audit
from postcheck.support.errors import NotAllowed
from postcheck.support.models import Membership, Organization, StaffRole
from postcheck.support.roles import has_role

from . import conf
from .models import Case, SurveillanceAlert
from .notifications import notify_office_of_alert
from .workflow import CaseKind


def check_surveillance(
    organization: Organization,
    employee,  # type: ignore[no-untyped-def]
    now: datetime,
) -> SurveillanceAlert | None:
    """Alert the values and ethics office when one employee becomes the subject of many
    cases: once per crossing of the threshold, not once per case above it.

    The count is of post cases opened about the employee in the last WINDOW_DAYS. It
    crosses when it goes from at most THRESHOLD to more: the first time, or after it
    fell back to at most THRESHOLD since the last alert. While it stays above, further
    cases raise no alert and no e-mail; the office's overview counts them.
    """
    threshold = conf.get("CASES_ALERT_THRESHOLD")
    window = timedelta(days=conf.get("CASES_ALERT_WINDOW_DAYS"))
    # One decision at a time per employee: two cases opened at once see each other.
    list(Membership.objects.select_for_update().filter(organization=organization, user=employee))
    # Support cases (the employee is the one being harassed) do not count.
    about = Case.objects.filter(
        organization=organization, employee=employee, kind=CaseKind.POST.value
    )
    recent = about.filter(created_at__gt=now - window, created_at__lte=now)
    count = recent.count()
    if count <= threshold:
        return None
    last = (
        SurveillanceAlert.objects.filter(organization=organization, employee=employee)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None and not _fell_back_since(about, last.created_at, now, window, threshold):
        return None
    alert = SurveillanceAlert.objects.create(
        organization=organization,
        employee=employee,
        case_count=count,
        window_days=window.days,
        managers=recent.values("opened_by").distinct().count(),
        created_at=now,
    )
    audit("alert.raised", organization_id=organization.pk, obj=alert, at=now, case_count=count)
    notify_office_of_alert(organization)
    return alert


def _fell_back_since(
    cases: QuerySet[Case], since: datetime, now: datetime, window: timedelta, threshold: int
) -> bool:
    """Whether the count in the window was at most ``threshold`` at some moment between
    ``since`` and ``now``. The count only falls when a case leaves the window, so it is
    enough to count at each of those moments."""
    times = sorted(
        cases.filter(created_at__gt=since - window, created_at__lte=now).values_list(
            "created_at", flat=True
        )
    )
    for opened in times:
        leaves = opened + window
        # Just as this case leaves: the cases opened after it, up to that moment.
        if since < leaves <= now and sum(1 for t in times if opened < t <= leaves) <= threshold:
            return True
    return False


def _require_office(user, organization_id: int) -> None:  # type: ignore[no-untyped-def]
    if not has_role(user, organization_id, StaffRole.VALUES_ETHICS):
        raise NotAllowed(_("Only the values and ethics office sees these figures."))


def office_overview(user, organization: Organization) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Counts of cases per manager and per channel, and open alerts. No case content."""
    _require_office(user, organization.pk)
    cases = Case.objects.filter(organization=organization)
    per_manager = list(
        cases.values("opened_by__username")
        .annotate(n=Count("id"))
        .order_by("-n", "opened_by__username")
    )
    per_channel = dict(cases.exclude(channel="").values_list("channel").annotate(n=Count("id")))
    # Nobody sees (or acknowledges) an alert about themself: their colleagues do.
    alerts = (
        SurveillanceAlert.objects.filter(organization=organization)
        .exclude(employee_id=user.pk)
        .select_related("employee")
    )
    audit("office.overview", actor=user, organization_id=organization.pk, obj=organization)
    return {
        "per_manager": per_manager,
        "per_channel": per_channel,
        "alerts": list(alerts),
        "total": cases.count(),
    }


def acknowledge_alert(user, alert_pk: int, now: datetime | None = None) -> SurveillanceAlert:  # type: ignore[no-untyped-def]
    """Mark an alert as seen by the office (raises NotAllowed for anyone else)."""
    now = now or timezone.now()
    alert = SurveillanceAlert.objects.get(pk=alert_pk)
    _require_office(user, alert.organization_id)
    if alert.employee_id == user.pk:
        raise NotAllowed(_("This alert is about you: another person in your office reviews it."))
    SurveillanceAlert.objects.filter(pk=alert.pk).update(acknowledged_by=user, acknowledged_at=now)
    audit("alert.acknowledge", actor=user, organization_id=alert.organization_id, obj=alert, at=now)
    alert.refresh_from_db()
    return alert
