"""Manager readiness: practice answers to scenarios, and the counts the offices see."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from postcheck.support.models import Membership, Organization, StaffRole

from .models import ScenarioAttempt
from .scenarios import Grade, Scenario, grade, scenario


def record_attempt(
    user,  # type: ignore[no-untyped-def]
    organization: Organization,
    scenario_id: str,
    level: str,
    codes: list[str],
    outcome: str,
    now: datetime | None = None,
) -> tuple[Scenario, Grade]:
    """Record a practice answer; return (scenario, grade)."""
    s = scenario(scenario_id)
    g = grade(s, level, codes, outcome)
    ScenarioAttempt.objects.create(
        organization=organization,
        user=user,
        scenario_id=s.id,
        level=level,
        codes=sorted(codes),
        outcome=outcome,
        agrees=g.agrees,
        completed_at=now or timezone.now(),
    )
    return s, g


def readiness_figures(organization: Organization) -> dict[str, int]:
    """Readiness figures for an organization, as counts only (no names, no answers)."""
    managers = Membership.objects.filter(organization=organization, role=StaffRole.MANAGER)
    attempts = ScenarioAttempt.objects.filter(organization=organization)
    practised = attempts.values("user").distinct().count()
    return {
        "managers": managers.values("user").distinct().count(),
        "managers_practised": practised,
        "attempts": attempts.count(),
        "scenarios_completed": attempts.values("user", "scenario_id").distinct().count(),
        "answers_agreeing": attempts.filter(agrees=True).count(),
    }
