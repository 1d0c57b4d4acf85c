"""Property-based API test: schemathesis finds no 5xx and no response off the schema."""

from __future__ import annotations

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.POSTCHECK_RATE_API = "0/60"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the test's transaction must survive each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
