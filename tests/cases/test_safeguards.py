"""Safeguards against surveillance: no way to follow an employee's posts, an alert to values
and ethics when many cases concern one employee, the office's overview as counts only,
support cases without discipline, and no case about oneself."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import get_resolver

from postcheck.cases import safeguards
from postcheck.cases.errors import InvalidCase
from postcheck.cases.forms import SupportCaseForm
from postcheck.cases.models import Case, SurveillanceAlert
from postcheck.support.errors import NotAllowed

from .conftest import T0

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str = "en") -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"cases:{name}")


def test_no_page_or_api_route_searches_or_lists_an_employees_posts():
    patterns = []

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                walk(p, prefix + str(p.pattern))
            else:
                patterns.append(prefix + str(p.pattern))

    walk(get_resolver())
    case_routes = [p for p in patterns if "cases" in p]
    assert case_routes
    assert not [p for p in case_routes if re.search(r"employee|search|posts|monitor|follow", p)]


def test_the_case_list_has_no_employee_filter(client, people, open_case):
    open_case()
    open_case(employee=people["employee2"])
    client.force_login(people["manager"])

    def listed(path):
        return re.findall(r'href="/en/cases/(\d+)/"', client.get(path).content.decode())

    everything = listed("/en/cases/")
    assert len(everything) == 2
    assert listed(f"/en/cases/?employee={people['employee'].pk}&q=Liberal") == everything
    assert b"Liberal" not in client.get("/en/cases/").content  # the list shows no post content


def test_a_support_case_has_no_disciplinary_fields_and_names_the_resources(client, people):
    form = SupportCaseForm(organization=None)
    assert not {"role", "followers", "identifiable", "about_own_work", "election_period"} & set(
        form.fields
    )
    client.force_login(people["manager"])
    for lang, words in (
        ("en", ("Ombud", "employee assistance program", "Departmental security")),
        ("fr", ("ombudsman", "programme d'aide aux employés", "sécurité ministérielle")),
    ):
        page = client.get(_url("support_new", lang)).content.decode()
        for word in words:
            assert word.replace("'", "&#x27;") in page or word in page


def test_a_support_case_records_no_assessment_of_the_employee(open_case):
    case = open_case(kind="support", channel="", post_text="Threat posted about the employee")
    assert case.level == "" and case.codes == [] and case.channel == ""
    assert case.kind == "support"


def test_the_office_overview_page_shows_counts_and_no_content(client, people, open_case):
    open_case()
    client.force_login(people["values_ethics"])
    page = client.get(_url("office", "fr")).content.decode()
    assert "Liberal" not in page
    assert (
        "Commentaire d&#x27;un membre du public" in page
        or "Commentaire d'un membre du public" in page
    )
    client.force_login(people["manager"])
    assert client.get("/en/cases/office/").status_code == 403


def test_cases_cannot_be_opened_about_oneself(open_case, people, org):
    with pytest.raises(InvalidCase):
        open_case(employee=people["manager"])
    assert not Case.objects.filter(organization=org).exists()


def test_more_than_n_cases_about_one_employee_alerts_values_and_ethics_without_content(
    open_case, people
):
    open_case(now=T0)
    open_case(by=people["manager2"], now=T0 + timedelta(days=1))
    assert not mail.outbox
    open_case(now=T0 + timedelta(days=2))
    alert = SurveillanceAlert.objects.get()
    assert alert.case_count == 3 and alert.managers == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["values_ethics@example.gc.ca"]
    for secret in ("Liberal", people["employee"].email, "public_comment", "manager2"):
        assert secret not in message.body and secret not in message.subject


def test_cases_outside_the_window_do_not_count_towards_an_alert(open_case):
    open_case(now=T0)
    open_case(now=T0 + timedelta(days=31))
    open_case(now=T0 + timedelta(days=62))
    assert not SurveillanceAlert.objects.exists()


def test_the_office_sees_counts_per_manager_and_channel(open_case, people):
    open_case()
    open_case(channel="media_query")
    open_case(by=people["manager2"], employee=people["employee2"])
    overview = safeguards.office_overview(
        people["values_ethics"], people["manager"].memberships.first().organization
    )
    assert overview["per_channel"] == {"public_comment": 2, "media_query": 1}
    assert {r["opened_by__username"]: r["n"] for r in overview["per_manager"]} == {
        "manager": 2,
        "manager2": 1,
    }


def test_a_manager_cannot_see_the_office_figures(org, people):
    with pytest.raises(NotAllowed):
        safeguards.office_overview(people["manager"], org)


def test_support_cases_do_not_count_towards_a_surveillance_alert(open_case):
    for day in range(4):
        open_case(kind="support", channel="", now=T0 + timedelta(days=day))
    assert not SurveillanceAlert.objects.exists()


def _alert_about_the_advisor(open_case, people):
    for day in range(3):
        open_case(employee=people["values_ethics"], now=T0 + timedelta(days=day))
    return SurveillanceAlert.objects.get(employee=people["values_ethics"])


def test_an_advisor_never_sees_an_alert_about_themself(open_case, people, org):
    _alert_about_the_advisor(open_case, people)
    assert safeguards.office_overview(people["values_ethics"], org)["alerts"] == []


def test_an_advisor_never_acknowledges_an_alert_about_themself(open_case, people):
    alert = _alert_about_the_advisor(open_case, people)
    with pytest.raises(NotAllowed):
        safeguards.acknowledge_alert(people["values_ethics"], alert.pk)
    alert.refresh_from_db()
    assert alert.acknowledged_by is None


def test_the_rest_of_the_office_sees_an_alert_about_one_of_its_advisors(open_case, people, org):
    from .conftest import _member

    colleague = _member(org, "ve2", "values_ethics")
    alert = _alert_about_the_advisor(open_case, people)
    assert safeguards.office_overview(colleague, org)["alerts"] == [alert]


def test_many_cases_in_a_minute_raise_one_alert_and_one_e_mail(open_case):
    for second in range(0, 60, 12):
        open_case(now=T0 + timedelta(seconds=second))
    alert = SurveillanceAlert.objects.get()
    assert alert.case_count == 3
    assert len(mail.outbox) == 1


def test_a_count_that_stays_above_the_threshold_is_one_crossing(open_case):
    for day in range(0, 100, 9):
        open_case(now=T0 + timedelta(days=day))
    assert SurveillanceAlert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_count_that_fell_back_and_crosses_again_raises_a_new_alert(open_case):
    for day in (0, 1, 2, 3, 40, 41, 42):
        open_case(now=T0 + timedelta(days=day))
    assert list(SurveillanceAlert.objects.order_by("created_at").values_list("created_at")) == [
        (T0 + timedelta(days=2),),
        (T0 + timedelta(days=42),),
    ]
    assert len(mail.outbox) == 2
