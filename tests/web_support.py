"""What the tests of the web apps share (pytest-django; settings from pyproject): the demo
organization loaded once, a signed-in client, no rate limit or tally carried over between
tests, a dump of the database, and a check that every link of an e-mail opens. The conftest.py of tests/support, tests/api and
tests/web import the fixtures below to use them."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _tallies_written_at_once(settings):
    settings.POSTCHECK_TALLY_FLUSH_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_rate_limits(django_db_setup, django_db_blocker):
    """Rate-limit counters live in the cache (the test database's): start every test
    with none."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once (hashing seven passwords with Argon2 takes a while)."""
    with django_db_blocker.unblock():
        call_command("load_demo", quiet=True)


@pytest.fixture
def demo(db):
    """The demo organization and one user per role, as ``postcheck serve`` loads them."""
    call_command("load_demo", quiet=True)  # idempotent; reloads after a flushing test
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


def dump_database() -> str:
    """Every row of every table, as text: for asserting what is (not) stored."""
    from django.db import connection

    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                chunks.append(" ".join(_text(v) for v in row))
    return "\n".join(chunks)


def _text(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_LINK = re.compile(r"https?://[^\s<>\"]+")


def assert_every_link_opens(client, body: str, recipient, site: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Follow every link of an e-mail ``body``, as the web would: signed out, a link leads
    to the sign-in page (200); signed in as ``recipient``, it opens (200). Returns the
    links' paths, so that a test can check the languages they are in."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    links = _LINK.findall(body)
    assert links, "the e-mail has no link"
    paths = []
    for link in links:
        assert link.startswith(site + "/"), f"{link} is not on the site {site}"
        path = link.removeprefix(site)
        client.logout()
        response = client.get(path)
        lang = path.split("/")[1]
        with translation.override(lang):
            sign_in = reverse(settings.LOGIN_URL)
        assert response.status_code == 302 and response.url.startswith(sign_in), (
            f"{path} signed out: {response.status_code} {response.get('Location')}"
        )
        assert client.get(response.url).status_code == 200, f"sign-in page for {path}"
        client.force_login(recipient)
        assert client.get(path).status_code == 200, f"{path} signed in as the recipient"
        paths.append(path)
    return paths
