"""Feedback on the guidance is stored, and forwarded by e-mail when configured."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_feedback_is_stored_and_forwarded_when_configured(client, mailoutbox, settings):
    from postcheck.support.models import Feedback

    settings.POSTCHECK_FEEDBACK_EMAIL = "guidance-owner@demo.invalid"
    response = client.post(
        "/en/guidance/feedback/", {"topic": "guidance", "message": "PS07 is unclear to me"}
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.message == "PS07 is unclear to me" and feedback.lang == "en"
    assert mailoutbox[-1].to == ["guidance-owner@demo.invalid"]
