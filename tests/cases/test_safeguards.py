"""Safeguards: attachments checked and encrypted, no way to follow an employee's posts,
support cases without discipline, readiness shown as counts only, both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import get_resolver

from postcheck.cases import attachments, readiness
from postcheck.cases.errors import InvalidCase
from postcheck.cases.forms import SupportCaseForm
from postcheck.cases.models import Case

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str = "en") -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"cases:{name}")


SAMPLES = {
    "image/png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 8,
    "image/jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 8,
    "application/pdf": b"%PDF-1.7\n" + b"\x00" * 8,
    "image/webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
}


@pytest.mark.parametrize("content_type", sorted(SAMPLES))
def test_accepted_types_are_recognised_by_their_magic_bytes(content_type, cases_settings):
    assert attachments.check(SAMPLES[content_type]) == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a......",
        b"<svg xmlns=...>",
        b"MZ\x90\x00",
        b"PK\x03\x04zip",
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
    ],
)
def test_other_files_are_refused_whatever_their_name(data, cases_settings):
    with pytest.raises(attachments.AttachmentRejected):
        attachments.check(data)


def test_files_over_the_size_limit_and_empty_files_are_refused(cases_settings):
    cases_settings.CASES_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(attachments.AttachmentRejected, match="largest accepted"):
        attachments.check(SAMPLES["image/png"] + b"\x00" * 200)
    with pytest.raises(attachments.AttachmentRejected, match="empty"):
        attachments.check(b"")


def test_attachments_are_encrypted_with_the_configured_key(cases_settings):
    from cryptography.fernet import Fernet

    token = attachments.encrypt(SAMPLES["image/png"])
    assert SAMPLES["image/png"] not in token
    assert Fernet(cases_settings.CASES_FERNET_KEY.encode()).decrypt(token) == SAMPLES["image/png"]
    cases_settings.CASES_FERNET_KEY = Fernet.generate_key().decode()
    with pytest.raises(attachments.AttachmentRejected, match="current key"):
        attachments.decrypt(token)


def test_no_attachment_key_is_committed():
    root = Path(__file__).resolve().parents[2]
    tracked = [
        p
        for p in (root / "src").rglob("*")
        if p.is_file() and p.suffix in {".py", ".yaml", ".toml", ".key"}
    ]
    fernet_key = re.compile(rb"\b[A-Za-z0-9_-]{43}=")
    assert not [
        p for p in tracked if "attachment_key" in p.name or fernet_key.search(p.read_bytes())
    ]


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


def test_readiness_is_shown_as_counts_only(client, org, people):
    readiness.record_attempt(
        people["manager"], org, "s22-negative-weekend-hike-fr", "low", [], "no_action"
    )
    readiness.record_attempt(
        people["manager2"], org, "s01-partisan-election-manager", "low", [], "no_action"
    )
    assert readiness.readiness_figures(org) == {
        "managers": 2,
        "managers_practised": 2,
        "attempts": 2,
        "scenarios_completed": 2,
        "answers_agreeing": 1,
    }
    client.force_login(people["values_ethics"])
    page = client.get("/en/cases/readiness/").content.decode()
    assert "manager2" not in page and "s01" not in page
    client.force_login(people["manager"])
    assert client.get("/en/cases/readiness/").status_code == 403


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


def test_every_french_message_of_the_cases_app_is_translated():
    po = (Path(attachments.__file__).parent / "locale/fr/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in po


def test_cases_cannot_be_opened_about_oneself(open_case, people, org):
    with pytest.raises(InvalidCase):
        open_case(employee=people["manager"])
    assert not Case.objects.filter(organization=org).exists()
