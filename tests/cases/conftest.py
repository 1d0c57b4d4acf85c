"""Fixtures for the cases app: one organization with a person in every role, a second
organization, and a helper that opens a case the way a manager would."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config, items) -> None:
    """PostgreSQL-only tests of this app are deselected (not skipped) on SQLite.

    CI runs the suite on SQLite and again on PostgreSQL with POSTCHECK_STRICT_SKIPS=1,
    where any skip fails the run; these tests belong to the PostgreSQL run only.
    """
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    here = str(Path(__file__).parent)
    drop = [i for i in items if i.get_closest_marker("postgres") and str(i.path).startswith(here)]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [i for i in items if i not in drop]


T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
ROLES = ("employee", "manager", "values_ethics", "dso_coi", "ombud", "guidance_admin", "auditor")


@pytest.fixture
def cases_settings(settings):
    """Test settings: a fresh key first in the ring, a small alert threshold, mail kept in
    memory. The keys before it stay, so that data loaded earlier in the session still reads."""
    from cryptography.fernet import Fernet

    from postcheck.support.encryption import configured_keys

    settings.POSTCHECK_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *configured_keys()]
    settings.CASES_ALERT_THRESHOLD = 2
    settings.CASES_ALERT_WINDOW_DAYS = 30
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def _member(org, username, role, email=""):
    from django.contrib.auth import get_user_model

    from postcheck.support.models import Membership

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email or f"{username}@example.gc.ca"}
    )
    user.set_password("correct horse battery staple")
    user.save()
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def org(db, cases_settings):
    from postcheck.support.models import Organization

    return Organization.objects.create(slug="dept", name_en="Department", name_fr="Ministère")


@pytest.fixture
def other_org(db):
    from postcheck.support.models import Organization

    return Organization.objects.create(slug="agency", name_en="Agency", name_fr="Agence")


@pytest.fixture
def people(org, other_org):
    """One person per role in ``org``, plus a second manager, a second employee, and a
    manager and values and ethics advisor of the other organization."""
    p = {role: _member(org, role, role) for role in ROLES}
    p["manager2"] = _member(org, "manager2", "manager")
    p["employee2"] = _member(org, "employee2", "employee")
    p["outside_manager"] = _member(other_org, "outside_manager", "manager")
    p["outside_values_ethics"] = _member(other_org, "outside_ve", "values_ethics")
    return p


@pytest.fixture
def open_case(org, people):
    from postcheck.cases import intake

    def make(by=None, employee=None, **kw):
        fields = dict(
            kind="post",
            channel="public_comment",
            raised_by="A member of the public, by e-mail",
            raised_at=T0,
            post_text="Vote Liberal on Monday, we can't afford four more years!",
            post_lang="en",
            context={
                "role": "manager",
                "followers": 2400,
                "identifiable": True,
                "election_period": True,
            },
            now=T0,
        )
        fields.update(kw)
        return intake.open_case(
            by or people["manager"], org, employee=employee or people["employee"], **fields
        )

    return make
