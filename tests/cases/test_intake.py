"""Opening and handling a case (intake, handling and safeguards, real database)."""

from datetime import timedelta

import pytest
from django.core import mail

from postcheck.cases import access, handling, safeguards
from postcheck.cases.errors import CaseError, EditConflict, InvalidCase
from postcheck.cases.models import Case, CaseStatusChange, SurveillanceAlert
from postcheck.support.errors import NotAllowed
from postcheck.support.models import AuditEntry

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_opening_a_case_records_channel_who_when_and_the_engine_assessment(open_case, people):
    case = open_case()
    assert case.channel == "public_comment"
    assert case.raised_by.startswith("A member of the public")
    assert case.raised_at == T0
    assert case.employee == people["employee"]
    assert case.opened_by == people["manager"]
    assert case.level == "high" and "PS01" in case.codes


def test_opening_a_case_is_audited_without_its_content(open_case):
    case = open_case()
    entry = AuditEntry.objects.get(action="case.create", object_id=str(case.pk))
    assert "Liberal" not in str(entry.detail)
    assert entry.actor.username == "manager"


def test_a_post_case_without_one_of_the_five_channels_is_refused(open_case, org):
    with pytest.raises(CaseError, match="monitor"):
        open_case(channel="found_while_browsing")
    with pytest.raises(CaseError, match="how the post reached you"):
        open_case(channel="")
    assert not Case.objects.filter(organization=org).exists()


def test_a_case_needs_the_post_link_text_or_a_screenshot(open_case):
    with pytest.raises(InvalidCase, match="link, its text, or a screenshot"):
        open_case(post_text="", post_url="")


def test_only_a_manager_can_open_a_case(open_case, people):
    for role in ("employee", "values_ethics", "guidance_admin", "auditor", "ombud"):
        with pytest.raises(NotAllowed):
            open_case(by=people[role], employee=people["employee2"])


def test_the_employee_concerned_must_belong_to_the_organization(open_case, people):
    with pytest.raises(InvalidCase, match="belong to your organization"):
        open_case(employee=people["outside_manager"])


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


def test_more_than_n_cases_about_one_employee_alerts_values_and_ethics_without_content(
    open_case, people
):
    open_case(now=T0)
    open_case(by=people["manager2"], now=T0 + timedelta(days=1))
    assert not mail.outbox
    open_case(now=T0 + timedelta(days=2))
    alert = SurveillanceAlert.objects.get()
    assert alert.case_count == 3 and alert.managers == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["values_ethics@example.gc.ca"]
    for secret in ("Liberal", people["employee"].email, "public_comment", "manager2"):
        assert secret not in message.body and secret not in message.subject


def test_cases_outside_the_window_do_not_count_towards_an_alert(open_case):
    open_case(now=T0)
    open_case(now=T0 + timedelta(days=31))
    open_case(now=T0 + timedelta(days=62))
    assert not SurveillanceAlert.objects.exists()


def test_the_office_sees_counts_per_manager_and_channel(open_case, people):
    open_case()
    open_case(channel="media_query")
    open_case(by=people["manager2"], employee=people["employee2"])
    overview = safeguards.office_overview(
        people["values_ethics"], people["manager"].memberships.first().organization
    )
    assert overview["per_channel"] == {"public_comment": 2, "media_query": 1}
    assert {r["opened_by__username"]: r["n"] for r in overview["per_manager"]} == {
        "manager": 2,
        "manager2": 1,
    }


def test_a_manager_cannot_see_the_office_figures(org, people):
    with pytest.raises(NotAllowed):
        safeguards.office_overview(people["manager"], org)


def test_support_cases_do_not_count_towards_a_surveillance_alert(open_case):
    for day in range(4):
        open_case(kind="support", channel="", now=T0 + timedelta(days=day))
    assert not SurveillanceAlert.objects.exists()


def test_text_with_a_nul_character_is_refused_before_it_reaches_the_database(open_case, people):
    case = open_case()
    with pytest.raises(InvalidCase, match="NUL"):
        handling.add_note(people["manager"], case.pk, "a\x00b")
    with pytest.raises(InvalidCase, match="NUL"):
        handling.update_details(people["manager"], case.pk, case.version, raised_by="x\x00")
    with pytest.raises(InvalidCase, match="NUL"):
        open_case(post_text="\x00")


def test_every_referral_goes_to_an_office_whose_people_can_see_the_case():
    from postcheck.cases.access import REFERRAL_OFFICES, REFERRALS

    assert set(REFERRALS.values()) == {role.value for role in REFERRAL_OFFICES}
