"""The cases forms: the one validation of what a manager records, which the API uses too."""

from __future__ import annotations

import pytest
from django.utils import translation

from postcheck.cases.forms import CaseForm, DetailsForm

pytestmark = pytest.mark.django_db

NOT_HTTP = [
    "javascript:alert(document.domain)//",
    "data:text/html,<script>alert(1)</script>",
    "ftp://files.example.com/post.txt",
]


def case_form(org, people, **over):
    data = {
        "channel": "media_query",
        "raised_by": "A journalist",
        "raised_at": "2026-11-02 10:00",
        "employee": people["employee"].pk,
        "post_text": "Vote Liberal on Monday!",
        "post_lang": "en",
        "role": "manager",
        "followers": "2000",
    }
    data.update(over)
    return CaseForm(data, organization=org, exclude_user=people["manager"])


@pytest.mark.parametrize("url", NOT_HTTP)
def test_the_case_form_accepts_only_http_and_https_links(org, people, url):
    form = case_form(org, people, post_url=url)
    assert not form.is_valid()
    assert "post_url" in form.errors


@pytest.mark.parametrize("url", NOT_HTTP)
def test_the_details_form_accepts_only_http_and_https_links(url):
    form = DetailsForm({"version": 1, "raised_by": "A journalist", "post_url": url})
    assert not form.is_valid()
    assert list(form.errors) == ["post_url"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_link_that_is_not_http_says_so_in_the_readers_language(lang):
    with translation.override(lang):
        form = DetailsForm({"version": 1, "raised_by": "x", "post_url": NOT_HTTP[0]})
        form.is_valid()
        message = " ".join(form.errors["post_url"])
    assert (
        ("http:// or https://" in message) if lang == "en" else ("http:// ou https://" in message)
    )


def test_followers_beyond_a_billion_are_refused_with_a_clear_error(org, people):
    form = case_form(org, people, followers=str(10**30))
    assert not form.is_valid()
    assert list(form.errors) == ["followers"]
    assert "1000000000" in form.errors["followers"][0].replace(" ", "").replace(",", "")


def test_a_billion_followers_are_accepted(org, people):
    assert case_form(org, people, followers="1000000000").is_valid()


def test_the_details_form_checks_only_the_fields_it_is_given():
    form = DetailsForm({"version": 3, "post_text": "New text"}, only={"post_text"})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data) == {"version", "post_text"}
