"""The demo data: load_demo is idempotent and brings a user in every role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from postcheck.support.models import Membership, StaffRole

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_covers_every_role(demo):
    from django.core.management import call_command

    call_command("load_demo", quiet=True)
    roles = set(Membership.objects.filter(organization=demo).values_list("role", flat=True))
    assert roles == set(StaffRole.values)
    assert get_user_model().objects.filter(username__startswith="demo-").count() == len(
        StaffRole.values
    )


def test_the_demo_roles_are_granted_by_the_system_and_audited_as_load_demo(demo):
    from postcheck.support.models import AuditEntry

    grants = AuditEntry.objects.filter(action="role.grant")
    assert grants.count() == len(StaffRole.values)
    assert {(g.actor, g.detail["via"]) for g in grants} == {(None, "load_demo")}
