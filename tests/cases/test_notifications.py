"""E-mails of the cases app: a link to sign in, never case content."""

from datetime import timedelta

import pytest
from django.core import mail

from web_support import assert_every_link_opens

from .conftest import T0

pytestmark = pytest.mark.django_db

SITE = "https://postcheck.example"


def test_every_link_of_the_alert_e_mail_opens_in_both_languages(
    client, settings, open_case, people
):
    settings.SITE_URL = SITE
    for day in range(3):
        open_case(now=T0 + timedelta(days=day))
    (message,) = mail.outbox
    paths = assert_every_link_opens(client, message.body, people["values_ethics"], SITE)
    assert {p.split("/")[1] for p in paths} == {"en", "fr"}
