"""Opening a case: channel, who, when and the engine's assessment recorded and audited
without content; what a case needs and who may open it (real database)."""

import pytest

from postcheck.cases import handling
from postcheck.cases.errors import CaseError, InvalidCase
from postcheck.cases.models import Case
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


def test_text_with_a_nul_character_is_refused_before_it_reaches_the_database(open_case, people):
    case = open_case()
    with pytest.raises(InvalidCase, match="NUL"):
        handling.add_note(people["manager"], case.pk, "a\x00b")
    with pytest.raises(InvalidCase, match="NUL"):
        handling.update_details(people["manager"], case.pk, case.version, raised_by="x\x00")
    with pytest.raises(InvalidCase, match="NUL"):
        open_case(post_text="\x00")
