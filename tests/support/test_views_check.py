"""Check a post on the web: the form, the result, and nothing about the text kept."""

from __future__ import annotations

import logging
import re
import uuid

import pytest
from django.test import override_settings

from postcheck.engine import Context, Post, default_engine
from postcheck.support.models import CheckTally, OrganizationContact
from web_support import dump_database

pytestmark = pytest.mark.django_db

PARTISAN = "Vote NDP on Monday! #VoteNDP"


def post_check(client, text, lang="en", **extra):
    data = {"text": text, "lang": "auto", "platform": "", "role": "employee", "followers": "0"}
    data.update(extra)
    path = "/en/check/" if lang == "en" else "/fr/verifier/"
    return client.post(path, data)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/check/", "Check a post"),
        ("/fr/verifier/", "Vérifier une publication"),
    ],
)
def test_check_page_offers_the_text_and_every_context_question(client, path, heading):
    html = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html
    for name in (
        "text",
        "lang",
        "platform",
        "role",
        "followers",
        "identifiable",
        "about_own_work",
        "authorized",
        "election_period",
    ):
        assert f'name="{name}"' in html, name


def test_french_check_page_also_answers_at_fr_check(client):
    response = client.get("/fr/check/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/verifier/"


def test_partisan_post_is_flagged_with_its_words_marked(client, demo):
    response = post_check(client, PARTISAN, identifiable="on", election_period="on")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="result"' in html
    assert "PS01" in html
    assert re.search(r"<mark[^>]*>[^<]*NDP[^<]*</mark>", html)
    assert "Why it matters:" in html
    assert "Questions to reflect on:" in html


def test_result_lists_contacts_as_this_organization_reaches_them(client, demo):
    assessment = default_engine().assess(Post(PARTISAN, lang="en"), Context())
    html = post_check(client, PARTISAN).content.decode()
    overrides = OrganizationContact.objects.filter(
        organization=demo, contact_id__in=[c.id for c in assessment.contacts]
    )
    assert overrides, "the demo organization should override at least one routed contact"
    for contact in overrides:
        assert contact.how_en.replace("'", "&#x27;") in html


def test_result_suggests_courses_with_links(client, demo):
    assessment = default_engine().assess(Post(PARTISAN, lang="en"), Context())
    html = post_check(client, PARTISAN).content.decode()
    for course in assessment.courses:
        assert course.code in html
        assert f'href="{course.url}"' in html


def test_result_is_in_the_page_language(client, demo):
    html = post_check(client, PARTISAN, lang="fr").content.decode()
    assert "Pourquoi c'est important" in html
    assert "Why it matters" not in html


def test_empty_post_gets_a_form_error_not_a_result(client):
    html = post_check(client, "   ").content.decode()
    assert 'id="result"' not in html
    assert "Paste the text you want to check." in html


def test_result_page_is_not_cached_by_the_browser(client):
    response = post_check(client, PARTISAN)
    assert "no-store" in response["Cache-Control"]


def test_a_check_counts_in_the_weekly_tally_without_text(client):
    post_check(client, PARTISAN)
    levels = CheckTally.objects.filter(kind="level")
    assert sum(t.count for t in levels) == 1


def test_post_text_is_never_stored_or_logged(client, demo, caplog, capfd):
    marker = f"zq{uuid.uuid4().hex}zq"
    text = f"Vote NDP on Monday! {marker} #VoteNDP"
    caplog.set_level(logging.DEBUG)
    page = post_check(client, text)
    assert marker in page.content.decode()  # it was really checked and shown back...
    api = client.post(
        "/api/v1/check", {"text": text, "lang": "en"}, content_type="application/json"
    )
    assert api.status_code == 200
    assert CheckTally.objects.exists()  # ...something was written (the counts)...
    assert marker not in dump_database()  # ...but not the text
    out, err = capfd.readouterr()
    assert marker not in caplog.text
    assert marker not in out + err


@override_settings(POSTCHECK_RATE_CHECK="2/60")
def test_checks_are_rate_limited_per_client(client):
    assert post_check(client, "hello").status_code == 200
    assert post_check(client, "hello").status_code == 200
    response = post_check(client, "hello")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_result_names_the_signed_in_persons_own_manager(client, demo):
    from django.contrib.auth import get_user_model

    from postcheck.support.models import Membership, StaffRole

    User = get_user_model()
    boss = User.objects.create_user("boss", first_name="Robin", last_name="Boss")
    Membership.objects.create(user=boss, organization=demo, role=StaffRole.MANAGER)
    employee = User.objects.create_user("report")
    Membership.objects.create(
        user=employee, organization=demo, role=StaffRole.EMPLOYEE, manager=boss
    )
    client.force_login(employee)
    html = post_check(client, PARTISAN).content.decode()
    assert "Robin Boss" in html
    assert "Morgan Manager" not in html


def test_result_names_no_manager_for_an_anonymous_visitor(client, demo):
    html = post_check(client, PARTISAN).content.decode()
    assert "Morgan Manager" not in html
