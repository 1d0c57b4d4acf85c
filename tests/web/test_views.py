"""The pages about the whole site: the privacy notice and the accessibility statement, in
both languages, linked from every page's footer, stating what is true of this instance."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PRIVACY = {"en": "/en/privacy/", "fr": "/fr/confidentialite/"}
ACCESSIBILITY = {"en": "/en/accessibility/", "fr": "/fr/accessibilite/"}


def main(response) -> str:
    """The markup of the page's main content."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def text(response) -> str:
    """The page's main content as plain text, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", main(response)).split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_links_to_the_privacy_notice_and_the_accessibility_statement(client, lang):
    page = client.get(f"/{lang}/").content.decode()
    assert f'<a href="{PRIVACY[lang]}">' in page
    assert f'<a href="{ACCESSIBILITY[lang]}">' in page


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Privacy notice"), ("fr", "Avis de confidentialité")]
)
def test_the_privacy_notice_is_there_in_both_languages(client, lang, title):
    response = client.get(PRIVACY[lang])
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_the_privacy_notice_states_the_retention_periods_in_force(client, settings):
    settings.CASES_RETENTION_DAYS = {"case": 1001, "note": 1002, "attachment": 1003}
    page = text(client.get(PRIVACY["en"]))
    assert "1001 days" in page and "1002 days" in page and "1003 days" in page
    assert "730 days" in page  # the alerts keep the default


def test_the_privacy_notice_states_the_consultation_retention_of_ones_organization(signed_in):
    from postcheck.support.models import Organization

    Organization.objects.filter(slug="demo").update(retention_days=321)
    page = text(signed_in("demo-employee").get(PRIVACY["fr"]))
    assert "321 jours" in page and "Ministère des Démonstrations" in page


def test_the_privacy_notice_states_how_long_a_session_lasts(client, settings):
    settings.SESSION_COOKIE_AGE = 5 * 3600
    assert "5 hours" in text(client.get(PRIVACY["en"]))


def test_the_privacy_notice_says_a_check_stores_nothing_about_the_text(client):
    page = text(client.get(PRIVACY["en"]))
    assert "The text you check is not stored" in page
    assert "never searches, scrapes or follows anyone's accounts" in page


def test_the_privacy_notice_says_who_can_read_a_case_and_that_its_employee_cannot(client):
    page = text(client.get(PRIVACY["en"]))
    assert "Ombud-only notes" in page
    assert "The employee a case is about does not see it in postcheck" in page


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Accessibility statement"), ("fr", "Énoncé sur l'accessibilité")]
)
def test_the_accessibility_statement_is_there_in_both_languages(client, lang, title):
    response = client.get(ACCESSIBILITY[lang])
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("lang", "target"), [("en", "WCAG) 2.1, level AA"), ("fr", "WCAG) 2.1, niveau AA")]
)
def test_the_accessibility_statement_names_its_conformance_target(client, lang, target):
    assert target in text(client.get(ACCESSIBILITY[lang]))


@pytest.mark.parametrize(
    ("lang", "feedback"), [("en", "/en/guidance/feedback/"), ("fr", "/fr/orientation/retroaction/")]
)
def test_the_accessibility_statement_says_how_to_report_a_problem(client, lang, feedback):
    assert f'<a href="{feedback}">' in main(client.get(ACCESSIBILITY[lang]))


def test_an_accessibility_problem_can_be_reported_as_such(client):
    from postcheck.support.models import Feedback

    response = client.post(
        "/en/guidance/feedback/",
        {"topic": "accessibility", "message": "The menu button has no visible focus."},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().topic == "accessibility"
