"""Referrals: every office a case can be referred to has people who can see it."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_referral_goes_to_an_office_whose_people_can_see_the_case():
    from postcheck.cases.access import REFERRAL_OFFICES, REFERRALS

    assert set(REFERRALS.values()) == {role.value for role in REFERRAL_OFFICES}


@pytest.mark.parametrize("role", ["manager", "values_ethics", "dso_coi", "ombud"])
def test_managers_and_the_referral_offices_have_cases(people, role):
    from postcheck.cases.access import has_cases

    assert has_cases(people[role])


@pytest.mark.parametrize("role", ["employee", "guidance_admin", "auditor"])
def test_the_other_roles_have_no_cases(people, role):
    from postcheck.cases.access import has_cases

    assert not has_cases(people[role])


def test_a_person_assigned_a_case_has_cases_whatever_their_role(people, open_case):
    from postcheck.cases import handling
    from postcheck.cases.access import has_cases

    case = open_case()
    handling.assign(people["manager"], case.pk, people["guidance_admin"], case.version)
    assert has_cases(people["guidance_admin"])


def test_a_visitor_who_is_not_signed_in_has_no_cases():
    from django.contrib.auth.models import AnonymousUser

    from postcheck.cases.access import has_cases

    assert not has_cases(AnonymousUser())
