"""Manager readiness: practice answers to scenarios, and the counts the offices see."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from postcheck.support.models import Membership, Organization, StaffRole

from .models import ScenarioAttempt
from .scenarios import Grade, Scenario, grade, load_scenarios, scenario


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


def _grades(attempts: QuerySet[ScenarioAttempt]) -> list[Grade]:
    """Each stored answer graded against its scenario's current reference; an answer to
    a scenario since withdrawn has nothing to compare with."""
    known = {s.id: s for s in load_scenarios()}
    return [
        grade(known[a.scenario_id], a.level, a.codes, a.outcome)
        for a in attempts.only("scenario_id", "level", "codes", "outcome")
        if a.scenario_id in known
    ]


def readiness_figures(organization: Organization) -> dict[str, int]:
    """Readiness figures for an organization, as counts only (no names, no answers):
    how many answers agree with the reference, and how many share each of its parts."""
    managers = Membership.objects.filter(organization=organization, role=StaffRole.MANAGER)
    attempts = ScenarioAttempt.objects.filter(organization=organization)
    practised = attempts.values("user").distinct().count()
    grades = _grades(attempts)
    return {
        "managers": managers.values("user").distinct().count(),
        "managers_practised": practised,
        "attempts": attempts.count(),
        "scenarios_completed": attempts.values("user", "scenario_id").distinct().count(),
        "answers_agreeing": sum(g.agrees for g in grades),
        "answers_with_the_level": sum(g.level_matches for g in grades),
        "answers_with_the_considerations": sum(g.codes_match for g in grades),
        "answers_with_the_action": sum(g.outcome_matches for g in grades),
    }
