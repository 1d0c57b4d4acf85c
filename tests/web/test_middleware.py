"""No page or API answer with case or consultation content is kept by a browser or a proxy:
every one sends ``Cache-Control: no-store``.

The walk is derived from the URLconf and the OpenAPI document, so a page or an operation
added later is walked too (its arguments must be added to ``arguments_of``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from postcheck.api.api import api
from postcheck.cases import attachments
from postcheck.cases.models import Case, SurveillanceAlert
from postcheck.support.consultations import open_consultation

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
READERS = ("demo-manager", "demo-ombud", "demo-ethics", "demo-employee", "demo-auditor")


@pytest.fixture
def world(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    case = Case.objects.filter(organization=demo, opened_by=users["demo-manager"]).first()
    attachment = attachments.add_attachment(users["demo-manager"], case.pk, "shot.png", PNG)
    named = open_consultation(
        organization=demo,
        recipient_role="manager",
        question="Can I post this?",
        requester=users["demo-employee"],
    ).consultation
    open_consultation(organization=demo, recipient_role="ombud", question="A question")
    alert = SurveillanceAlert.objects.create(
        organization=demo, employee=users["demo-employee"], case_count=3, window_days=30, managers=1
    )
    return {
        "case": case,
        "attachment": attachment,
        "consultation": named,
        "alert": alert,
        "users": users,
    }


def arguments_of(w):
    """URL name -> its arguments, for every page that takes some."""
    case = w["case"].pk
    return {
        "support:my_consultation": {"pk": w["consultation"].pk},
        "support:inbox_detail": {"pk": w["consultation"].pk},
        "cases:detail": {"pk": case},
        "cases:edit": {"pk": case},
        "cases:step": {"pk": case},
        "cases:outcome": {"pk": case},
        "cases:close": {"pk": case},
        "cases:reopen": {"pk": case},
        "cases:assign": {"pk": case},
        "cases:note_add": {"pk": case},
        "cases:attachment_add": {"pk": case},
        "cases:attachment": {"pk": case, "attachment_pk": w["attachment"].pk},
        "cases:export": {"pk": case},
        "cases:alert_ack": {"pk": w["alert"].pk},
        "cases:practice": {"scenario_id": "s03-policy-opinion-analyst"},
    }


def named_patterns(resolver=None, namespace=""):
    """(namespaced name, pattern) of every named page of the URLconf."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from named_patterns(p, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def page_urls(w) -> list[str]:
    arguments = arguments_of(w)
    urls = []
    for name, pattern in named_patterns():
        if not name.startswith(("support:", "cases:")):
            continue
        takes = set(pattern.pattern.converters)
        if takes:
            assert name in arguments, f"add the arguments of {name} to arguments_of"
        for lang in ("en", "fr"):
            with translation.override(lang):
                urls.append(reverse(name, kwargs=arguments.get(name)))
    return urls


def api_urls(w) -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    fill = {"case_id": w["case"].pk, "attachment_id": w["attachment"].pk}
    return [
        path.format(**fill) for path, operations in paths.items() if "/cases" in path and operations
    ]


def no_store(response) -> bool:
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def test_the_walk_reaches_the_case_and_consultation_pages_and_the_case_api(world):
    pages, operations = page_urls(world), api_urls(world)
    assert f"/en/cases/{world['case'].pk}/" in pages
    assert f"/en/inbox/{world['consultation'].pk}/" in pages
    assert f"/api/v1/cases/{world['case'].pk}" in operations


@pytest.mark.parametrize("username", READERS)
def test_every_page_sends_no_store_to_everyone_who_reads_it(client, world, username):
    client.force_login(world["users"][username])
    served = [(url, client.get(url)) for url in page_urls(world)]
    assert [url for url, r in served if r.status_code >= 500] == []
    assert [url for url, r in served if not no_store(r)] == []


def test_the_case_and_consultation_pages_with_content_send_no_store(client, world):
    client.force_login(world["users"]["demo-manager"])
    for url in (
        reverse("cases:detail", kwargs={"pk": world["case"].pk}),
        reverse("cases:export", kwargs={"pk": world["case"].pk}),
        reverse("support:inbox_detail", kwargs={"pk": world["consultation"].pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200 and no_store(response), url


@pytest.mark.parametrize("username", READERS)
def test_every_case_api_answer_sends_no_store(client, world, username):
    client.force_login(world["users"][username])
    served = [(url, client.get(url)) for url in api_urls(world)]
    assert [url for url, r in served if not no_store(r)] == []


def test_the_case_api_with_content_sends_no_store(client, world):
    client.force_login(world["users"]["demo-manager"])
    response = client.get(f"/api/v1/cases/{world['case'].pk}")
    assert response.status_code == 200 and no_store(response)


def test_pages_signed_out_send_no_store(client, world):
    served = [(url, client.get(url)) for url in page_urls(world)]
    assert [url for url, r in served if not no_store(r)] == []


def test_a_checked_post_is_not_kept_by_the_browser(client, demo):
    with translation.override("en"):
        url = reverse("support:check")
    response = client.post(url, {"text": "Vote Liberal on Monday!", "lang": "en"})
    assert response.status_code == 200 and no_store(response)
