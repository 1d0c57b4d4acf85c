"""The project runs: pages in both languages, the root redirect, the demo data."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from postcheck.support.models import Membership, StaffRole

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/en/", "/fr/")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_home_page_is_served_in_each_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_load_demo_is_idempotent_and_covers_every_role(demo):
    from django.core.management import call_command

    call_command("load_demo", quiet=True)
    roles = set(Membership.objects.filter(organization=demo).values_list("role", flat=True))
    assert roles == set(StaffRole.values)
    assert get_user_model().objects.filter(username__startswith="demo-").count() == len(
        StaffRole.values
    )
