"""The cases API validates what it is sent exactly as the pages' forms do: the same limits,
links in http(s) only, unknown fields refused by name; and it hands out the version that a
change must quote."""

from __future__ import annotations

import json

import pytest

from postcheck.cases.models import Case, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(signed_in):
    return signed_in("demo-manager")


@pytest.fixture
def case(demo):
    return Case.objects.filter(organization=demo, opened_by__username="demo-manager").first()


def patch(client, case, **body):
    body.setdefault("version", Case.objects.get(pk=case.pk).version)
    return client.patch(
        f"/api/v1/cases/{case.pk}", data=json.dumps(body), content_type="application/json"
    )


def add_note(client, case, **body):
    return client.post(
        f"/api/v1/cases/{case.pk}/notes", data=json.dumps(body), content_type="application/json"
    )


def refused_fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {d["field"] for d in response.json()["detail"]}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.com/post.txt",
    ],
)
def test_a_link_that_is_not_http_or_https_is_refused(manager, case, url):
    before = Case.objects.get(pk=case.pk).post_url
    assert refused_fields(patch(manager, case, post_url=url)) == {"post_url"}
    assert Case.objects.get(pk=case.pk).post_url == before


def test_an_https_link_is_accepted(manager, case):
    assert patch(manager, case, post_url="https://x.com/someone/status/1").status_code == 200
    assert Case.objects.get(pk=case.pk).post_url == "https://x.com/someone/status/1"


def test_post_text_longer_than_the_form_allows_is_refused(manager, case):
    assert refused_fields(patch(manager, case, post_text="a" * 20_001)) == {"post_text"}


def test_raised_by_longer_than_the_form_allows_is_refused(manager, case):
    assert refused_fields(patch(manager, case, raised_by="b" * 201)) == {"raised_by"}


def test_raised_by_cannot_be_emptied(manager, case):
    assert refused_fields(patch(manager, case, raised_by="")) == {"raised_by"}


def test_an_unknown_field_is_refused_and_named(manager, case):
    response = patch(manager, case, status="closed", employee=1)
    assert refused_fields(response) == {"status", "employee"}
    assert "status" in response.json()["message"]
    assert Case.objects.get(pk=case.pk).status != "closed"


def test_get_returns_the_version_that_patch_requires(manager, case):
    version = manager.get(f"/api/v1/cases/{case.pk}").json()["version"]
    assert version == Case.objects.get(pk=case.pk).version
    assert patch(manager, case, version=version, raised_by="A colleague").status_code == 200
    assert patch(manager, case, version=version, raised_by="Someone else").status_code == 409


def test_a_note_longer_than_the_form_allows_is_refused(manager, case):
    before = Note.objects.filter(case=case).count()
    assert refused_fields(add_note(manager, case, body="n" * 10_001)) == {"body"}
    assert Note.objects.filter(case=case).count() == before


def test_a_note_with_an_unknown_field_is_refused_and_named(manager, case):
    assert refused_fields(add_note(manager, case, body="A note", author="someone")) == {"author"}
