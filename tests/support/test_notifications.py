"""E-mail notifications go through a real SMTP server and carry a link, never content."""

from __future__ import annotations

import socket
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model

from postcheck.support import consultations
from web_support import assert_every_link_opens

pytestmark = pytest.mark.django_db


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://postcheck.example"
    yield inbox
    controller.stop()


def _wait_for(inbox: _Inbox, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_new_consultation_mails_the_recipients_a_link_without_content(
    demo, smtp, django_capture_on_commit_callbacks
):
    secret = f"my-question-{uuid.uuid4().hex}"
    with django_capture_on_commit_callbacks(execute=True):
        opened = consultations.open_consultation(
            organization=demo,
            recipient_role="values_ethics",
            question=secret,
            anonymous=True,
            shared_text=f"post {secret}",
        )
    _wait_for(smtp, 1)
    assert smtp.messages, "an e-mail should have been sent"
    recipients, content = smtp.messages[0]
    assert "demo-ethics@demo.invalid" in recipients
    assert f"https://postcheck.example/en/inbox/{opened.consultation.pk}/" in content
    assert secret not in content


def test_reply_mails_a_named_requester_a_link_without_content(
    demo, smtp, django_capture_on_commit_callbacks
):
    User = get_user_model()
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role="dso_coi",
        question="q",
        requester=User.objects.get(username="demo-employee"),
    )
    answer = f"answer-{uuid.uuid4().hex}"
    with django_capture_on_commit_callbacks(execute=True):
        consultations.reply(
            opened.consultation,
            answer,
            author=User.objects.get(username="demo-coi"),
            from_requester=False,
        )
    _wait_for(smtp, 1)
    recipients, content = smtp.messages[-1]
    assert recipients == ["demo-employee@demo.invalid"]
    assert f"/en/consultation/mine/{opened.consultation.pk}/" in content
    assert answer not in content


SITE = "https://postcheck.example"


def _languages(paths: list[str]) -> set[str]:
    return {p.split("/")[1] for p in paths}


def test_every_link_of_the_new_message_e_mail_opens_in_both_languages(
    demo, client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        consultations.open_consultation(
            organization=demo, recipient_role="values_ethics", question="q", anonymous=True
        )
    (message,) = mailoutbox
    advisor = get_user_model().objects.get(username="demo-ethics")
    paths = assert_every_link_opens(client, message.body, advisor, SITE)
    assert _languages(paths) == {"en", "fr"}


def test_every_link_of_the_reply_e_mail_opens_in_both_languages(
    demo, client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    User = get_user_model()
    employee = User.objects.get(username="demo-employee")
    opened = consultations.open_consultation(
        organization=demo, recipient_role="dso_coi", question="q", requester=employee
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consultations.reply(
            opened.consultation,
            "a",
            author=User.objects.get(username="demo-coi"),
            from_requester=False,
        )
    (message,) = mailoutbox
    paths = assert_every_link_opens(client, message.body, employee, SITE)
    assert _languages(paths) == {"en", "fr"}


def test_question_to_a_manager_no_one_named_mails_no_manager(demo):
    """Rows from before "my manager" was always resolved: no manager is told of them."""
    from postcheck.support.models import Consultation
    from postcheck.support.notifications import recipient_addresses

    legacy = Consultation.objects.create(
        organization=demo, recipient_role="manager", anonymous=True
    )
    assert recipient_addresses(legacy) == []


def test_question_to_my_manager_mails_that_manager_only(demo):
    from postcheck.support.models import Membership, StaffRole
    from postcheck.support.notifications import recipient_addresses

    User = get_user_model()
    other = User.objects.create_user("other-manager", email="other-manager@demo.invalid")
    Membership.objects.create(user=other, organization=demo, role=StaffRole.MANAGER)
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role="manager",
        question="q",
        requester=User.objects.get(username="demo-employee"),
    )
    assert recipient_addresses(opened.consultation) == ["demo-manager@demo.invalid"]
