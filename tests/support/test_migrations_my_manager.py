"""Migration 0003: questions to "my manager" from before name the requester's own manager."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from postcheck.support.models import Consultation

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "postcheck.support.migrations.0003_consultations_to_my_manager_name_the_manager"
)


def test_a_named_question_to_no_one_gets_the_requesters_own_manager(demo):
    employee = get_user_model().objects.get(username="demo-employee")
    old = Consultation.objects.create(
        organization=demo, recipient_role="manager", requester=employee
    )
    migration.name_the_manager(apps, None)
    old.refresh_from_db()
    assert old.recipient.username == "demo-manager"


def test_an_anonymous_question_to_no_one_stays_unaddressed(demo):
    old = Consultation.objects.create(organization=demo, recipient_role="manager", anonymous=True)
    migration.name_the_manager(apps, None)
    old.refresh_from_db()
    assert old.recipient is None
