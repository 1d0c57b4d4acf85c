"""The demo data: load_demo brings two demo cases, once."""

import pytest
from django.core.management import call_command

from postcheck.cases.models import Case

pytestmark = pytest.mark.django_db


def test_load_demo_adds_two_demo_cases_once(cases_settings):
    call_command("load_demo", quiet=True)
    call_command("load_demo", quiet=True)
    cases = Case.objects.filter(organization__slug="demo")
    assert sorted(cases.values_list("kind", flat=True)) == ["post", "support"]
    assert all(c.opened_by.username == "demo-manager" for c in cases)
