"""Anonymity by time: nothing stored about an anonymous question is finer than its day,
so it cannot be matched to who signed in, or was active, at that minute."""

from __future__ import annotations

from datetime import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from postcheck.support import consultations
from postcheck.support.models import AuditEntry, Consultation
from postcheck.support.receipts import consultation_by_receipt

pytestmark = pytest.mark.django_db

User = get_user_model()


def _is_a_day(moment) -> bool:
    return timezone.localtime(moment).time() == time(0)


def _times_stored_by_the_anonymous_side(consultation: Consultation) -> list:
    anonymous_side = AuditEntry.objects.filter(
        object_type="Consultation", object_id=str(consultation.pk), actor=None
    )
    return [
        consultation.created_at,
        consultation.updated_at,
        *consultation.messages.values_list("created_at", flat=True),
        *anonymous_side.values_list("at", flat=True),
    ]


def test_an_anonymous_question_stores_only_the_day(demo):
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role="ombud",
        question="q",
        requester=User.objects.get(username="demo-employee"),
        anonymous=True,
    )
    stored = _times_stored_by_the_anonymous_side(opened.consultation)
    assert len(stored) >= 4
    assert all(_is_a_day(t) for t in stored), stored


def test_replies_and_receipt_reads_of_an_anonymous_question_store_only_the_day(demo):
    opened = consultations.open_consultation(
        organization=demo, recipient_role="values_ethics", question="q", anonymous=True
    )
    ethics = User.objects.get(username="demo-ethics")
    consultations.reply(opened.consultation, "answer", author=ethics, from_requester=False)
    consultation = consultation_by_receipt(opened.receipt)
    consultations.reply(consultation, "thanks", from_requester=True)
    consultation.refresh_from_db()
    stored = _times_stored_by_the_anonymous_side(consultation)
    assert all(_is_a_day(t) for t in stored), stored
    assert list(consultation.messages.values_list("body", flat=True)) == [
        "q",
        "answer",
        "thanks",
    ]


def test_asking_anonymously_while_signed_in_leaves_the_session_and_last_login_alone(
    signed_in, demo
):
    client = signed_in("demo-employee")
    employee = User.objects.get(username="demo-employee")
    session = Session.objects.get(session_key=client.session.session_key)
    client.post(
        "/en/consultation/",
        {
            "organization": demo.pk,
            "recipient_role": "ombud",
            "question": "anonymous question",
            "anonymous": "on",
        },
    )
    assert Consultation.objects.get().anonymous
    after = Session.objects.get(session_key=session.session_key)
    assert after.expire_date == session.expire_date
    employee_after = User.objects.get(pk=employee.pk)
    assert employee_after.last_login == employee.last_login


def test_the_thread_shows_an_anonymous_question_by_its_day(client, demo, signed_in):
    opened = consultations.open_consultation(
        organization=demo, recipient_role="ombud", question="q", anonymous=True
    )
    html = signed_in("demo-ombud").get(f"/en/inbox/{opened.consultation.pk}/").content.decode()
    assert "00:00" not in html
