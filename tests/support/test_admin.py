"""The Django admin gives the guidance administrator what the role needs, and no way
around the separation of duties: not their own roles, not others' passwords, not the
superuser or staff flags, not groups or permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from postcheck.support.models import AuditEntry, Membership, StaffRole

pytestmark = pytest.mark.django_db


def _url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def _user(username):
    return get_user_model().objects.get(username=username)


def _membership_form(membership, **changes):
    data = {
        "user": membership.user_id,
        "organization": membership.organization_id,
        "role": membership.role,
        "manager": membership.manager_id or "",
        "created_at_0": "2026-01-05",
        "created_at_1": "09:00:00",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(signed_in):
    return signed_in("demo-admin")


def test_the_admin_cannot_make_themself_ombud(admin_client):
    own = Membership.objects.get(user__username="demo-admin")
    admin_client.post(
        _url("admin:support_membership_change", own.pk),
        _membership_form(own, role=StaffRole.OMBUD),
    )
    assert Membership.objects.get(pk=own.pk).role == StaffRole.GUIDANCE_ADMIN
    assert not Membership.objects.filter(user=own.user, role=StaffRole.OMBUD).exists()


def test_the_admin_cannot_add_a_role_for_themself(admin_client, demo):
    me = _user("demo-admin")
    admin_client.post(
        _url("admin:support_membership_add"),
        {
            "user": me.pk,
            "organization": demo.pk,
            "role": StaffRole.MANAGER,
            "created_at_0": "2026-01-05",
            "created_at_1": "09:00:00",
        },
    )
    assert not Membership.objects.filter(user=me, role=StaffRole.MANAGER).exists()


def test_the_admin_is_not_offered_their_own_memberships_to_change(admin_client):
    own = Membership.objects.get(user__username="demo-admin")
    page = admin_client.get(_url("admin:support_membership_change", own.pk))
    assert 'name="role"' not in page.content.decode()


def test_the_admin_is_told_why_an_office_holder_cannot_also_be_admin(admin_client, demo):
    ethics = _user("demo-ethics")
    page = admin_client.post(
        _url("admin:support_membership_add"),
        {
            "user": ethics.pk,
            "organization": demo.pk,
            "role": StaffRole.GUIDANCE_ADMIN,
            "created_at_0": "2026-01-05",
            "created_at_1": "09:00:00",
        },
    )
    assert page.status_code == 200
    assert "separation-of-duties" in page.content.decode()
    assert not Membership.objects.filter(user=ethics, role=StaffRole.GUIDANCE_ADMIN).exists()


def test_a_role_granted_in_the_admin_is_audited_with_the_admin_as_who(admin_client, demo):
    employee = _user("demo-employee")
    admin_client.post(
        _url("admin:support_membership_add"),
        {"user": employee.pk, "organization": demo.pk, "role": StaffRole.MANAGER},
    )
    granted = Membership.objects.get(user=employee, role=StaffRole.MANAGER)
    entry = AuditEntry.objects.filter(action="role.grant", object_id=str(granted.pk)).get()
    assert entry.actor == _user("demo-admin")
    assert entry.detail["username"] == "demo-employee"


def test_the_admin_still_changes_whom_an_employee_reports_to(admin_client):
    membership = Membership.objects.get(user__username="demo-employee")
    other_manager = _user("demo-auditor")
    response = admin_client.post(
        _url("admin:support_membership_change", membership.pk),
        {
            "user": membership.user_id,
            "organization": membership.organization_id,
            "role": membership.role,
            "manager": other_manager.pk,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).manager == other_manager


def test_the_admin_cannot_set_another_persons_password(admin_client):
    manager = _user("demo-manager")
    url = f"/en/admin/auth/user/{manager.pk}/password/"
    assert 'name="password1"' not in admin_client.get(url, follow=True).content.decode()
    admin_client.post(url, {"password1": "n3w-Passw0rd-xyz!", "password2": "n3w-Passw0rd-xyz!"})
    manager.refresh_from_db()
    assert not manager.check_password("n3w-Passw0rd-xyz!")


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_the_admin_cannot_grant_superuser_or_staff(admin_client, flag):
    manager = _user("demo-manager")
    admin_client.post(
        _url("admin:auth_user_change", manager.pk),
        {
            "username": manager.username,
            "first_name": manager.first_name,
            "last_name": manager.last_name,
            "email": manager.email,
            "is_active": "on",
            flag: "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    manager.refresh_from_db()
    assert not getattr(manager, flag)


def test_the_admin_offers_no_groups_or_permissions(admin_client):
    manager = _user("demo-manager")
    page = admin_client.get(_url("admin:auth_user_change", manager.pk)).content.decode()
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page
    assert admin_client.get("/en/admin/auth/group/").status_code == 404


def test_the_admin_cannot_remove_their_own_membership_in_a_bulk_delete(admin_client):
    own = Membership.objects.get(user__username="demo-admin")
    other = Membership.objects.get(user__username="demo-auditor")
    admin_client.post(
        _url("admin:support_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )
    assert Membership.objects.filter(pk=own.pk).exists()
