"""Separation of duties: who may hold which staff roles, who may grant them, and the audit
of every grant or change, wherever it happens (Django admin, a command, code)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from postcheck.support.duties import CONFIDENTIAL_OFFICES, acting_as
from postcheck.support.errors import SeparationOfDuties
from postcheck.support.models import AuditEntry, Membership, Organization, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org():
    return Organization.objects.create(slug="dept", name_en="Department", name_fr="Ministère")


@pytest.fixture
def other_org():
    return Organization.objects.create(slug="agency", name_en="Agency", name_fr="Agence")


def _user(username, **flags):
    return get_user_model().objects.create_user(username=username, password="x", **flags)


@pytest.fixture
def admin_user(org):
    user = _user("gail", is_staff=True, is_superuser=True)
    Membership.objects.create(user=user, organization=org, role=StaffRole.GUIDANCE_ADMIN)
    return user


@pytest.fixture
def advisor(org):
    user = _user("val")
    Membership.objects.create(user=user, organization=org, role=StaffRole.VALUES_ETHICS)
    return user


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_nobody_grants_a_role_to_themself(org, admin_user):
    with acting_as(admin_user), pytest.raises(SeparationOfDuties):
        Membership.objects.create(user=admin_user, organization=org, role=StaffRole.MANAGER)
    assert not Membership.objects.filter(user=admin_user, role=StaffRole.MANAGER).exists()


def test_nobody_changes_their_own_role(org, admin_user):
    membership = Membership.objects.get(user=admin_user)
    membership.role = StaffRole.AUDITOR
    with acting_as(admin_user), pytest.raises(SeparationOfDuties):
        membership.save()
    assert Membership.objects.get(pk=membership.pk).role == StaffRole.GUIDANCE_ADMIN


def test_nobody_changes_whom_they_report_to(org, advisor):
    manager = _user("morgan")
    membership = Membership.objects.get(user=advisor)
    membership.manager = manager
    with acting_as(advisor), pytest.raises(SeparationOfDuties):
        membership.save()


def test_nobody_revokes_their_own_role(org, admin_user):
    with acting_as(admin_user), pytest.raises(SeparationOfDuties), transaction.atomic():
        Membership.objects.get(user=admin_user).delete()
    assert Membership.objects.filter(user=admin_user).exists()


@pytest.mark.parametrize("office", sorted(CONFIDENTIAL_OFFICES))
def test_the_guidance_admin_never_also_holds_an_office_that_reads_confidential_content(org, office):
    user = _user("both")
    Membership.objects.create(user=user, organization=org, role=StaffRole.GUIDANCE_ADMIN)
    with pytest.raises(SeparationOfDuties):
        Membership.objects.create(user=user, organization=org, role=office)


@pytest.mark.parametrize("office", sorted(CONFIDENTIAL_OFFICES))
def test_an_office_that_reads_confidential_content_never_becomes_the_guidance_admin(org, office):
    user = _user("both")
    Membership.objects.create(user=user, organization=org, role=office)
    with pytest.raises(SeparationOfDuties):
        Membership.objects.create(user=user, organization=org, role=StaffRole.GUIDANCE_ADMIN)


def test_the_two_sides_stay_apart_across_organizations(org, other_org, advisor):
    with pytest.raises(SeparationOfDuties):
        Membership.objects.create(
            user=advisor, organization=other_org, role=StaffRole.GUIDANCE_ADMIN
        )


def test_changing_a_role_into_a_conflicting_one_is_refused(org, advisor):
    Membership.objects.create(user=advisor, organization=org, role=StaffRole.MANAGER)
    membership = Membership.objects.get(user=advisor, role=StaffRole.MANAGER)
    membership.role = StaffRole.GUIDANCE_ADMIN
    with pytest.raises(SeparationOfDuties):
        membership.save()


@pytest.mark.parametrize("office", sorted(CONFIDENTIAL_OFFICES))
def test_a_superuser_never_holds_an_office_that_reads_confidential_content(org, office):
    root = _user("root", is_staff=True, is_superuser=True)
    with pytest.raises(SeparationOfDuties):
        Membership.objects.create(user=root, organization=org, role=office)


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_an_office_holder_is_never_made_staff_or_superuser(advisor, flag):
    setattr(advisor, flag, True)
    with pytest.raises(SeparationOfDuties):
        advisor.save()
    advisor.refresh_from_db()
    assert not getattr(advisor, flag)


def test_nobody_makes_themself_superuser(org):
    user = _user("manny")
    Membership.objects.create(user=user, organization=org, role=StaffRole.MANAGER)
    user.is_superuser = True
    with acting_as(user), pytest.raises(SeparationOfDuties):
        user.save()


def test_a_conflicting_save_by_a_superuser_is_refused_too(org, admin_user, advisor):
    with acting_as(admin_user), pytest.raises(SeparationOfDuties):
        Membership.objects.create(user=advisor, organization=org, role=StaffRole.GUIDANCE_ADMIN)


def test_a_grant_is_audited_with_who_whom_what_and_when(org, admin_user):
    employee = _user("emery")
    with acting_as(admin_user):
        membership = Membership.objects.create(
            user=employee, organization=org, role=StaffRole.MANAGER
        )
    (entry,) = _entries("role.grant")[-1:]
    assert entry.actor == admin_user
    assert entry.organization_id == org.pk
    assert (entry.object_type, entry.object_id) == ("Membership", str(membership.pk))
    assert entry.detail["user"] == employee.pk
    assert entry.detail["username"] == "emery"
    assert entry.detail["role"] == StaffRole.MANAGER
    assert entry.at is not None


def test_a_change_of_role_is_audited_with_the_role_before_and_after(org, admin_user):
    employee = _user("emery")
    membership = Membership.objects.create(user=employee, organization=org, role=StaffRole.EMPLOYEE)
    membership.role = StaffRole.MANAGER
    with acting_as(admin_user):
        membership.save()
    entry = _entries("role.change")[-1]
    assert entry.actor == admin_user
    assert entry.detail["role"] == StaffRole.MANAGER
    assert entry.detail["previous_role"] == StaffRole.EMPLOYEE


def test_a_revocation_is_audited(org, admin_user):
    employee = _user("emery")
    membership = Membership.objects.create(user=employee, organization=org, role=StaffRole.MANAGER)
    pk = membership.pk
    with acting_as(admin_user):
        membership.delete()
    entry = _entries("role.revoke")[-1]
    assert (entry.actor, entry.object_id, entry.detail["role"]) == (
        admin_user,
        str(pk),
        StaffRole.MANAGER,
    )


def test_a_grant_from_code_with_no_one_signed_in_is_audited_as_the_system(org):
    employee = _user("emery")
    with acting_as(None, via="load_demo"):
        Membership.objects.create(user=employee, organization=org, role=StaffRole.EMPLOYEE)
    entry = _entries("role.grant")[-1]
    assert entry.actor is None
    assert entry.detail["via"] == "load_demo"


def test_making_someone_staff_or_superuser_is_audited(admin_user):
    other = _user("newadmin")
    other.is_staff = other.is_superuser = True
    with acting_as(admin_user):
        other.save()
    entry = _entries("account.flags")[-1]
    assert entry.actor == admin_user
    assert entry.detail["user"] == other.pk
    assert entry.detail["is_superuser"] is True
    assert entry.detail["previous"] == {"is_staff": False, "is_superuser": False}


def test_a_role_cannot_be_changed_by_a_bulk_update_that_skips_the_rules(org, advisor):
    with pytest.raises(SeparationOfDuties):
        Membership.objects.filter(user=advisor).update(role=StaffRole.GUIDANCE_ADMIN)
    assert Membership.objects.get(user=advisor).role == StaffRole.VALUES_ETHICS
