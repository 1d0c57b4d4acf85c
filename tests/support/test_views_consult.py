"""The consultation page: who "my manager" is for the sender, said before sending."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from postcheck.support.models import Consultation, Membership, StaffRole

pytestmark = pytest.mark.django_db

User = get_user_model()


def _employee_without_manager(demo):
    user = User.objects.create_user("no-manager", first_name="Noa", last_name="Alone")
    Membership.objects.create(user=user, organization=demo, role=StaffRole.EMPLOYEE)
    return user


def _offered(html: str) -> set[str]:
    return {
        value
        for value in ("manager", "values_ethics", "dso_coi", "ombud")
        if f'name="recipient_role" value="{value}"' in html
    }


@pytest.mark.parametrize(
    ("lang", "path"), [("en", "/en/consultation/"), ("fr", "/fr/consultation/")]
)
def test_page_names_the_senders_own_manager(signed_in, lang, path):
    html = signed_in("demo-employee").get(path).content.decode()
    assert "Morgan Manager" in html
    assert _offered(html) == {"manager", "values_ethics", "dso_coi", "ombud"}


def test_page_tells_a_sender_without_a_manager_and_offers_the_other_recipients(client, demo):
    client.force_login(_employee_without_manager(demo))
    html = client.get("/en/consultation/").content.decode()
    assert "No manager is on record for you" in html
    assert _offered(html) == {"values_ethics", "dso_coi", "ombud"}


def test_page_tells_a_sender_without_a_manager_in_french(client, demo):
    client.force_login(_employee_without_manager(demo))
    html = client.get("/fr/consultation/").content.decode()
    assert "Aucun gestionnaire n&#x27;est inscrit pour vous" in html


def test_page_tells_a_signed_out_visitor_that_their_manager_needs_their_name(client, demo):
    html = client.get("/en/consultation/").content.decode()
    assert "To ask your manager, sign in" in html
    assert _offered(html) == {"values_ethics", "dso_coi", "ombud"}


def test_sending_anonymously_to_my_manager_is_refused_with_the_reason(signed_in, demo):
    response = signed_in("demo-employee").post(
        "/en/consultation/",
        {
            "organization": demo.pk,
            "recipient_role": "manager",
            "question": "q",
            "anonymous": "on",
        },
    )
    assert response.status_code == 200
    assert "can only reach your manager under your name" in response.content.decode()
    assert not Consultation.objects.exists()


def test_sending_to_my_manager_without_one_on_record_is_refused_with_the_reason(client, demo):
    client.force_login(_employee_without_manager(demo))
    response = client.post(
        "/en/consultation/",
        {"organization": demo.pk, "recipient_role": "manager", "question": "q"},
    )
    assert "No manager is on record for you" in response.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("path", "level", "shown", "raw"),
    [
        ("/en/consultation/", "high", "Attached: level high, considerations PS01.", None),
        ("/fr/consultation/", "high", "Joint : niveau élevé, considérations PS01.", "high"),
        (
            "/fr/consultation/",
            "moderate",
            "Joint : niveau modéré, considérations PS01.",
            "moderate",
        ),
        ("/fr/consultation/", "low", "Joint : niveau faible, considérations PS01.", "low"),
        (
            "/fr/consultation/",
            "unchecked",
            "Joint : non vérifié, considérations PS01.",
            "unchecked",
        ),
    ],
)
def test_the_attached_check_result_names_the_level_in_the_page_s_language(
    signed_in, path, level, shown, raw
):
    """Arriving from a check result, the summary reads in the page's language: a French
    page never shows the level's code ("high") in place of its name."""
    html = (
        signed_in("demo-employee")
        .post(path, {"from_result": "1", "result_level": level, "result_codes": "PS01"})
        .content.decode()
    )
    assert shown in html.replace("&#x27;", "'")
    if raw is not None:
        assert f"niveau {raw}" not in html
