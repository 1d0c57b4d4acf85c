"""Rate limits: counted in a store every process shares, keyed by account where there is
one, and by the client's real address behind a trusted proxy (never a forged header)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from postcheck.support.errors import RateLimited
from postcheck.support.ratelimits import client_address, client_key, rate_limit

pytestmark = pytest.mark.django_db


def _request(remote: str, forwarded: str | None = None, user=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **extra)
    if user is not None:
        request.user = user
    return request


def test_without_a_trusted_proxy_the_client_is_the_peer_whatever_it_forwards(settings):
    settings.POSTCHECK_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_forwards(settings):
    settings.POSTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("10.0.0.2", "198.51.100.7")) == "198.51.100.7"
    assert client_address(_request("10.0.0.2", "198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_an_address_a_client_adds_before_the_trusted_proxy_is_ignored(settings):
    settings.POSTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    spoofed = _request("10.0.0.2", "6.6.6.6, 198.51.100.7")
    assert client_address(spoofed) == "198.51.100.7"


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings):
    settings.POSTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


def test_a_signed_in_person_is_counted_by_account_from_any_address(settings):
    user = get_user_model().objects.create_user("counted")
    first = client_key(_request("203.0.113.5", user=user))
    assert first == client_key(_request("198.51.100.7", user=user))
    rate_limit("scope", first, "2/60")
    rate_limit("scope", first, "2/60")
    with pytest.raises(RateLimited):
        rate_limit("scope", client_key(_request("198.51.100.7", user=user)), "2/60")


def test_two_people_behind_one_address_are_counted_apart_when_signed_in():
    User = get_user_model()
    one = client_key(_request("203.0.113.5", user=User.objects.create_user("one")))
    two = client_key(_request("203.0.113.5", user=User.objects.create_user("two")))
    assert one != two


def test_a_rate_of_zero_disables_the_limit():
    for _ in range(5):
        rate_limit("scope", "client", "0/60")


_COUNT_ONCE = textwrap.dedent(
    """
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "postcheck.web.settings"
    import django
    django.setup()
    from django.core.management import call_command
    call_command("createcachetable", verbosity=0)
    from postcheck.support.errors import RateLimited
    from postcheck.support.ratelimits import rate_limit
    try:
        rate_limit("shared", "one-client", "2/600")
    except RateLimited:
        print("limited")
    else:
        print("allowed")
    """
)


def _in_another_process(tmp_path) -> str:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"} and not k.startswith("POSTCHECK_")
    }
    env = {**base, "POSTCHECK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", _COUNT_ONCE], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_limits_hold_across_processes_sharing_the_default_store(tmp_path):
    """Three processes, one database (the default store): the third is refused."""
    assert [_in_another_process(tmp_path) for _ in range(3)] == ["allowed", "allowed", "limited"]
