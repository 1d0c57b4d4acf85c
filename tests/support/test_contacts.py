"""Who can help, as the reader's organization reaches them: "your manager" is the reader's own."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from postcheck.support.contacts import organization_contacts
from postcheck.support.management.commands.load_demo import DEMO_CONTACTS, DEMO_USERS
from postcheck.support.models import Membership, StaffRole

pytestmark = pytest.mark.django_db

User = get_user_model()


def _manager_contact(demo, viewer, lang="en"):
    (contact,) = organization_contacts(demo, ["manager"], lang, viewer=viewer)
    return contact


def test_manager_contact_names_the_readers_own_manager(demo):
    boss = User.objects.create_user("boss", first_name="Robin", last_name="Boss")
    Membership.objects.create(user=boss, organization=demo, role=StaffRole.MANAGER)
    employee = User.objects.create_user("report")
    Membership.objects.create(
        user=employee, organization=demo, role=StaffRole.EMPLOYEE, manager=boss
    )
    contact = _manager_contact(demo, employee)
    assert "Robin Boss" in contact.how
    assert "Morgan" not in contact.how


def test_manager_contact_names_the_readers_own_manager_in_french(demo):
    employee = User.objects.get(username="demo-employee")
    assert "Morgan Manager" in _manager_contact(demo, employee, "fr").how


def test_manager_contact_says_when_no_manager_is_on_record(demo):
    loner = User.objects.create_user("loner")
    Membership.objects.create(user=loner, organization=demo, role=StaffRole.EMPLOYEE)
    how = _manager_contact(demo, loner).how
    assert "No manager is on record for you" in how
    assert "Morgan" not in how


@pytest.mark.parametrize("viewer", [None, AnonymousUser()])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_manager_contact_names_no_one_for_an_anonymous_visitor(demo, viewer, lang):
    how = _manager_contact(demo, viewer, lang).how
    assert all(name.split()[0] not in how for _u, _r, name in DEMO_USERS)


def test_demo_contacts_name_no_person():
    for how_en, how_fr, _email in DEMO_CONTACTS.values():
        for _username, _role, name in DEMO_USERS:
            assert name not in how_en and name not in how_fr
