"""Referrals: every office a case can be referred to has people who can see it."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_referral_goes_to_an_office_whose_people_can_see_the_case():
    from postcheck.cases.access import REFERRAL_OFFICES, REFERRALS

    assert set(REFERRALS.values()) == {role.value for role in REFERRAL_OFFICES}
