"""Encrypted model fields: consultation content is never in clear in the database, reads
back in clear, and cannot be searched (no feature needs to)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError

from postcheck.support.consultations import open_consultation, reply
from postcheck.support.models import Consultation, ConsultationMessage
from web_support import dump_database

pytestmark = pytest.mark.django_db

QUESTION = "SECRET-QUESTION may I post about the new policy?"
SHARED = "SECRET-SHARED-POST The minister is wrong about this."
ANSWER = "SECRET-ANSWER Let us talk tomorrow."


@pytest.fixture
def consultation(demo):
    opened = open_consultation(
        organization=demo, recipient_role="ombud", question=QUESTION, shared_text=SHARED
    )
    reply(opened.consultation, ANSWER, from_requester=False)
    return opened.consultation


def test_consultation_messages_and_shared_posts_are_not_stored_in_clear(consultation):
    dump = dump_database()
    assert "SECRET-" not in dump


def test_consultation_content_reads_back_in_clear(consultation):
    stored = Consultation.objects.get(pk=consultation.pk)
    assert stored.shared_text == SHARED
    assert [m.body for m in stored.messages.all()] == [QUESTION, ANSWER]


@pytest.mark.parametrize("lookup", ["body", "body__icontains", "body__startswith"])
def test_encrypted_content_cannot_be_searched(consultation, lookup):
    with pytest.raises(FieldError):
        ConsultationMessage.objects.filter(**{lookup: QUESTION}).exists()
