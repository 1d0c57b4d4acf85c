"""Shared setup of the web tests (pytest-django; settings from pyproject)."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo organization and one user per role, as ``postcheck serve`` loads them."""
    call_command("load_demo", quiet=True)
    from postcheck.support.models import Organization

    return Organization.objects.get(slug="demo")


@pytest.fixture
def signed_in(client, demo):
    """A client signed in as a demo user: ``signed_in("demo-manager")``."""
    from django.contrib.auth import get_user_model

    def _sign_in(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return _sign_in
