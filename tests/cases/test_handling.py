"""Handling an open case: guided steps to an outcome and closure, referrals, stale versions
refused (real database)."""

import pytest

from postcheck.cases import access, handling
from postcheck.cases.errors import EditConflict
from postcheck.cases.models import Case, CaseStatusChange

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
