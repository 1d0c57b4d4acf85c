"""Sign-in: one password tried across many usernames is refused, from any address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

SPRAYED = "Winter-2026-password"


def _sign_in(username: str, password: str, address: str = "198.51.100.1"):
    client = Client(REMOTE_ADDR=address)
    return client, client.post("/en/sign-in/", {"username": username, "password": password})


def test_one_password_tried_across_many_usernames_is_refused(demo, settings):
    settings.POSTCHECK_RATE_SIGN_IN_PASSWORD = "3/3600"
    victim = get_user_model().objects.create_user("victim", password=SPRAYED)
    for n in range(3):
        _sign_in(f"someone-{n}", SPRAYED, address=f"198.51.100.{n + 1}")
    client, response = _sign_in(victim.username, SPRAYED, address="203.0.113.9")
    assert "_auth_user_id" not in client.session
    assert "Too many sign-ins failed with this password" in response.content.decode()


def test_other_passwords_still_sign_in_while_one_is_refused(demo, settings):
    settings.POSTCHECK_RATE_SIGN_IN_PASSWORD = "3/3600"
    for n in range(4):
        _sign_in(f"someone-{n}", SPRAYED)
    client, response = _sign_in("demo-employee", "demo-employee-pass-2026")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_refusal_is_in_french_on_the_french_page(demo, settings):
    settings.POSTCHECK_RATE_SIGN_IN_PASSWORD = "1/3600"
    for n in range(2):
        _sign_in(f"someone-{n}", SPRAYED)
    response = Client().post("/fr/connexion/", {"username": "x", "password": SPRAYED})
    assert "Trop de connexions ont échoué avec ce mot de passe" in response.content.decode()
