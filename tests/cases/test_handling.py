"""Handling an open case: guided steps to an outcome and closure, referrals, stale versions
refused (real database)."""

from datetime import timedelta

import pytest

from postcheck.cases import access, handling
from postcheck.cases.errors import EditConflict, InvalidTransition
from postcheck.cases.models import Case, CaseStatusChange
from postcheck.cases.workflow import Action
from postcheck.support.models import AuditEntry

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_the_guided_steps_lead_to_an_outcome_and_closure_with_status_history(open_case, people):
    case = open_case()
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.complete_step(
        m,
        case.pk,
        "talk_with_employee",
        case.version,
        note="We talked; she will remove it.",
        now=T0,
    )
    case = handling.record_outcome(m, case.pk, "advice_edit_remove", case.version, now=T0)
    case = handling.close_case(m, case.pk, case.version, now=T0)
    assert case.status == "closed" and case.outcome == "advice_edit_remove"
    assert list(CaseStatusChange.objects.filter(case=case).values_list("status", flat=True)) == [
        "open",
        "in_progress",
        "outcome_recorded",
        "closed",
    ]
    assert case.notes.get().step == "talk_with_employee"


def test_a_referral_outcome_hands_the_case_to_that_office(open_case, people):
    case = open_case()
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "referral_coi", case.version, now=T0)
    assert case.referred_to == "dso_coi"
    assert access.get_case(people["dso_coi"], case.pk).pk == case.pk


def test_a_stale_version_is_refused_with_a_clear_conflict_message(open_case, people):
    case = open_case()
    v = case.version
    handling.update_details(people["manager"], case.pk, v, raised_by="A reporter")
    with pytest.raises(EditConflict, match="Someone else changed this case"):
        handling.update_details(people["manager"], case.pk, v, raised_by="Someone else")
    assert Case.objects.get(pk=case.pk).raised_by == "A reporter"


def _closed_with(outcome, open_case, people):
    case = open_case()
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, outcome, case.version, now=T0)
    return handling.close_case(m, case.pk, case.version, now=T0)


def test_reopening_keeps_the_outcome_who_recorded_it_and_when_in_the_history(open_case, people):
    case = _closed_with("referral_values_ethics", open_case, people)
    later = T0 + timedelta(days=3)
    case = handling.reopen_case(people["values_ethics"], case.pk, case.version, now=later)
    assert case.status == "in_progress" and case.outcome == ""
    history = list(
        CaseStatusChange.objects.filter(case=case).values_list("status", "outcome", "by", "at")
    )
    assert history[-3:] == [
        ("outcome_recorded", "referral_values_ethics", people["manager"].pk, T0),
        ("closed", "referral_values_ethics", people["manager"].pk, T0),
        ("in_progress", "", people["values_ethics"].pk, later),
    ]
    assert CaseStatusChange.objects.filter(case=case).last().reopened


def test_changing_the_outcome_before_closing_keeps_the_first_one_in_the_history(open_case, people):
    case = open_case()
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "no_action", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "referral_values_ethics", case.version, now=T0)
    assert list(
        CaseStatusChange.objects.filter(case=case, status="outcome_recorded").values_list(
            "outcome", flat=True
        )
    ) == ["no_action", "referral_values_ethics"]


def test_the_audit_log_names_the_outcome_and_the_outcome_a_reopening_set_aside(open_case, people):
    case = _closed_with("no_action", open_case, people)
    handling.reopen_case(people["manager"], case.pk, case.version, now=T0)
    entries = AuditEntry.objects.filter(object_type="Case", object_id=str(case.pk))
    assert entries.get(action="case.outcome").detail["outcome"] == "no_action"
    assert entries.get(action="case.reopen").detail["outcome_set_aside"] == "no_action"


def test_a_case_with_an_outcome_cannot_be_reopened_only_closed(open_case, people):
    case = open_case()
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "no_action", case.version, now=T0)
    with pytest.raises(InvalidTransition):
        handling.reopen_case(m, case.pk, case.version, now=T0)
    assert Case.objects.get(pk=case.pk).outcome == "no_action"
    assert handling.allowed_actions(case) == {Action.OUTCOME, Action.CLOSE}
