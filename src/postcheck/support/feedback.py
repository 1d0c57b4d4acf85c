"""Feedback on the guidance and its tools, for the guidance administrator."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from postcheck.engine import default_engine

from .errors import EmptyMessage
from .models import Feedback


def submit_feedback(
    *, message: str, topic: str = "", email: str = "", lang: str = "en"
) -> Feedback:
    """Store feedback on the guidance; forward it when an address is configured."""
    if not message.strip():
        raise EmptyMessage("the feedback is empty")
    feedback = Feedback.objects.create(
        guidance_version=default_engine().guidance.version,
        lang=lang,
        topic=topic,
        message=message.strip(),
        email=email,
    )
    if settings.POSTCHECK_FEEDBACK_EMAIL:
        send_mail(
            f"postcheck feedback ({topic or 'general'}, {lang})",
            f"{feedback.message}\n\nGuidance version {feedback.guidance_version}."
            + (f"\nReply to: {email}" if email else ""),
            settings.DEFAULT_FROM_EMAIL,
            [settings.POSTCHECK_FEEDBACK_EMAIL],
            fail_silently=True,
        )
    return feedback
