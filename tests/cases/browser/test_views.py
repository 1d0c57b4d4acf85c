"""The manager, values-and-ethics and Ombud flows in a real browser, in both languages,
with zero axe-core violations on every page visited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from postcheck.cases import handling, readiness
from postcheck.cases.models import Case, CaseStatus, SurveillanceAlert

from ..conftest import T0

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = ["en", "fr"]


def u(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"cases:{name}", kwargs=kwargs or None)


WORDS = {
    "en": {
        "no_monitoring": "Support, not surveillance",
        "own_design": "postcheck's own design",
        "reference": "The reference answer",
    },
    "fr": {
        "no_monitoring": "Du soutien, pas de la surveillance",
        "own_design": "conception de postcheck",
        "reference": "La réponse de référence",
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_manager_opens_and_handles_a_case(sign_in, live_server, org, people, accessible, lang):
    page = sign_in(people["manager"])
    page.goto(live_server.url + u(lang, "list"))
    accessible(page)
    page.goto(live_server.url + u(lang, "new"))
    assert WORDS[lang]["no_monitoring"] in page.inner_text("main")
    accessible(page)
    page.check("input[name=channel][value=media_query]")
    page.fill("#id_raised_by", "A journalist")
    page.fill("#id_raised_at", "2026-11-02T10:00")
    page.select_option("#id_employee", label="employee")
    page.fill("#id_post_text", "Vote Liberal on Monday, we can't afford four more years!")
    page.select_option("#id_role", "manager")
    page.fill("#id_followers", "2400")
    page.check("#id_identifiable")
    page.check("#id_election_period")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("#case-status")
    assert "PS01" in page.inner_text("main")
    assert WORDS[lang]["own_design"] in page.inner_text("main")
    accessible(page)
    page.click("#step-rights_and_context button[type=submit]")
    page.wait_for_selector("#step-record_outcome")
    page.check("#step-record_outcome input[name=outcome][value=no_action]")
    page.click("#step-record_outcome button[type=submit]")
    page.wait_for_selector("#case-outcome")
    page.click("form[action$='/close/'] button")
    page.wait_for_selector("#case-status")
    with translation.override(lang):
        assert page.inner_text("#case-status") == str(CaseStatus.CLOSED.label)
    accessible(page)
    assert Case.objects.get(organization=org).status == "closed"


@pytest.mark.parametrize("lang", LANGS)
def test_values_and_ethics_sees_counts_and_an_alert_without_content(
    sign_in, live_server, org, people, open_case, accessible, lang
):
    for day in range(3):
        open_case(post_text=f"SECRET post {day}", now=T0 + timedelta(days=day))
    page = sign_in(people["values_ethics"])
    page.goto(live_server.url + u(lang, "office"))
    text = page.inner_text("main")
    assert "SECRET" not in text
    assert "3" in text
    accessible(page)
    page.click("form[action$='/acknowledge/'] button")
    page.wait_for_load_state()
    assert SurveillanceAlert.objects.get(organization=org).acknowledged_at is not None
    accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_ombud_writes_a_note_management_never_sees(
    sign_in, live_server, people, open_case, accessible, lang
):
    case = open_case(
        kind="support",
        channel="public_comment",
        post_text="This is the CRA clown who froze my account.",
    )
    handling.assign(people["manager"], case.pk, people["ombud"], case.version)
    page = sign_in(people["ombud"])
    page.goto(live_server.url + u(lang, "detail", pk=case.pk))
    accessible(page)
    page.fill("#id_body", "OMBUD-ONLY the employee asked for confidentiality")
    page.check("input[name=visibility][value=ombud]")
    page.click("form[action$='/notes/'] button[type=submit]")
    page.wait_for_selector("text=OMBUD-ONLY")
    accessible(page)
    page = sign_in(people["manager"])
    page.goto(live_server.url + u(lang, "detail", pk=case.pk))
    assert "OMBUD-ONLY" not in page.inner_text("main")


@pytest.mark.parametrize("lang", LANGS)
def test_a_manager_practises_a_scenario_and_sees_the_reference(
    sign_in, live_server, people, accessible, lang
):
    page = sign_in(people["manager"])
    page.goto(live_server.url + u(lang, "practice_list"))
    accessible(page)
    page.goto(live_server.url + u(lang, "practice", scenario_id="s22-negative-weekend-hike-fr"))
    accessible(page)
    page.check("input[name=level][value=low]")
    page.check("input[name=outcome][value=no_action]")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("#reference-title")
    assert page.inner_text("#reference-title") == WORDS[lang]["reference"]
    accessible(page)
    assert (
        readiness.readiness_figures(people["manager"].memberships.first().organization)[
            "answers_agreeing"
        ]
        == 1
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_other_cases_page_has_no_accessibility_violations(
    sign_in, live_server, people, open_case, accessible, lang
):
    case = open_case()
    visits = [
        ("manager", "support_new", {}),
        ("manager", "edit", {"pk": case.pk}),
        ("manager", "retention", {}),
        ("values_ethics", "readiness", {}),
        ("auditor", "audit", {}),
    ]
    for role, name, kwargs in visits:
        page = sign_in(people[role])
        response = page.goto(live_server.url + u(lang, name, **kwargs))
        assert response.status == 200, name
        accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_new_case_form_with_errors_stays_accessible(
    sign_in, live_server, people, accessible, lang
):
    page = sign_in(people["manager"])
    page.goto(live_server.url + u(lang, "new"))
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector(".pc-errorlist")
    accessible(page)
    assert not Case.objects.filter(opened_by=people["manager"]).exists()


@pytest.mark.parametrize("lang", LANGS)
def test_an_advisor_told_a_case_is_about_them_gets_an_accessible_message(
    sign_in, live_server, people, open_case, accessible, lang
):
    manager, advisor = people["manager"], people["values_ethics"]
    case = open_case(employee=advisor)
    case = handling.complete_step(manager, case.pk, "rights_and_context", case.version, now=T0)
    handling.record_outcome(manager, case.pk, "referral_values_ethics", case.version, now=T0)
    page = sign_in(advisor)
    response = page.goto(live_server.url + u(lang, "detail", pk=case.pk))
    assert response.status == 403
    accessible(page)
    page.goto(live_server.url + u(lang, "list"))
    assert page.locator("#about-you-title").is_visible()
    accessible(page)
