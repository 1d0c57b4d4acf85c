"""Who reads and changes what: every role against every kind of record, by URL and by API.

The world: one case opened by the manager and assigned to the Ombud, with a note, an
Ombud-only note and a screenshot; consultations addressed to the manager, the values
and ethics office and the Ombud; the audit log. Each row of ALLOWED says which roles
may read a kind of record; every other role must get a refusal (404 for need-to-know
records, as if they did not exist; 403 for the audit log) and never the content.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from postcheck.cases import access, attachments, handling
from postcheck.cases.errors import InvalidCase
from postcheck.cases.models import Case, Note
from postcheck.support.errors import NotAllowed
from postcheck.support.models import Consultation

from .conftest import T0

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
POST_TEXT = "SECRET-POST-TEXT Vote Liberal on Monday!"
CASE_NOTE = "SECRET-CASE-NOTE"
OMBUD_NOTE = "SECRET-OMBUD-NOTE"

ROLES = (
    "employee",
    "manager",
    "manager2",
    "values_ethics",
    "dso_coi",
    "ombud",
    "guidance_admin",
    "auditor",
    "outside_manager",
    "outside_values_ethics",
)

# record kind -> roles that may read it
ALLOWED = {
    "case": {"manager", "ombud"},
    "note": {"manager", "ombud"},
    "ombud_note": {"ombud"},
    "attachment": {"manager", "ombud"},
    "export": {"manager", "ombud"},
    "audit": {"auditor"},
    "consultation_to_ombud": {"ombud"},
    "consultation_to_values_ethics": {"values_ethics"},
    "consultation_to_manager": {"manager"},  # the employee's own manager, not manager2
}
# record kind -> roles that may change it
CHANGE_ALLOWED = {
    "case": {"manager", "ombud"},
    "note": {"manager", "ombud"},
    "attachment": {"manager", "ombud"},
    "consultation_to_ombud": {"ombud"},
}


@pytest.fixture
def world(org, people, open_case):
    case = open_case(post_text=POST_TEXT)
    case = handling.assign(people["manager"], case.pk, people["ombud"], case.version)
    handling.add_note(people["manager"], case.pk, CASE_NOTE)
    handling.add_note(people["ombud"], case.pk, OMBUD_NOTE, visibility="ombud")
    att = attachments.add_attachment(people["manager"], case.pk, "shot.png", PNG)
    consultations = {
        role: Consultation.objects.create(
            organization=org,
            recipient_role=role,
            recipient=people["manager"] if role == "manager" else None,
            requester=people["employee"],
            lang="en",
        )
        for role in ("ombud", "values_ethics", "manager")
    }
    return {"case": case, "attachment": att, "consultations": consultations}


def _url(name, **kw):
    with translation.override("en"):
        return reverse(name, kwargs=kw or None)


def _read_url(kind, w):
    case, att = w["case"], w["attachment"]
    if kind in ("case", "note", "ombud_note"):
        return _url("cases:detail", pk=case.pk)
    if kind == "attachment":
        return _url("cases:attachment", pk=case.pk, attachment_pk=att.pk)
    if kind == "export":
        return _url("cases:export", pk=case.pk)
    if kind == "audit":
        return _url("cases:audit_export")
    if kind.startswith("consultation_to_"):
        role = kind.removeprefix("consultation_to_")
        return _url("support:inbox_detail", pk=w["consultations"][role].pk)
    raise AssertionError(kind)


def _read_api(kind, w):
    case, att = w["case"], w["attachment"]
    base = f"/api/v1/cases/{case.pk}"
    return {
        "case": base,
        "note": f"{base}/notes",
        "ombud_note": f"{base}/notes",
        "attachment": f"{base}/attachments/{att.pk}",
        "export": f"{base}/export",
        "audit": "/api/v1/cases/audit",
    }.get(kind)


SECRET = {"case": POST_TEXT, "note": CASE_NOTE, "ombud_note": OMBUD_NOTE, "export": POST_TEXT}


def _body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("kind", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_reading_by_url(client, people, world, role, kind):
    client.force_login(people[role])
    response = client.get(_read_url(kind, world))
    body = _body(response)
    secret = SECRET.get(kind)
    if role in ALLOWED[kind]:
        assert response.status_code == 200
        if secret:
            assert secret in body
        if kind == "attachment":
            assert response.content == PNG
    else:
        if kind == "ombud_note" and role in ALLOWED["case"]:
            assert response.status_code == 200  # sees the case, never the Ombud's note
        else:
            assert response.status_code in (403, 404)
        if secret:
            assert secret not in body
        assert (
            PNG not in response.getvalue() if not hasattr(response, "streaming_content") else True
        )


@pytest.mark.parametrize("kind", ["case", "note", "ombud_note", "attachment", "export", "audit"])
@pytest.mark.parametrize("role", ROLES)
def test_reading_by_api(client, people, world, role, kind):
    client.force_login(people[role])
    response = client.get(_read_api(kind, world))
    body = response.content.decode(errors="replace")
    secret = SECRET.get(kind)
    if role in ALLOWED[kind]:
        assert response.status_code == 200
        if secret:
            assert secret in body
    else:
        if kind == "ombud_note" and role in ALLOWED["case"]:
            assert response.status_code == 200
        else:
            assert response.status_code in (403, 404)
        if secret:
            assert secret not in body


def test_consultations_have_no_api_route_that_could_leak_them(client, people, world):
    client.force_login(people["manager"])
    for path in (
        "/api/v1/consultations",
        f"/api/v1/consultations/{world['consultations']['ombud'].pk}",
    ):
        assert client.get(path).status_code == 404


def test_the_api_refuses_anyone_signed_out(client, world):
    assert client.get(f"/api/v1/cases/{world['case'].pk}").status_code == 401
    assert client.get("/api/v1/cases/").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_case_by_url(client, people, world, role):
    case = world["case"]
    client.force_login(people[role])
    response = client.post(
        _url("cases:edit", pk=case.pk), {"version": case.version, "raised_by": f"changed by {role}"}
    )
    changed = Case.objects.get(pk=case.pk).raised_by == f"changed by {role}"
    assert changed == (role in CHANGE_ALLOWED["case"])
    if not changed:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_case_by_api(client, people, world, role):
    case = world["case"]
    client.force_login(people[role])
    response = client.patch(
        f"/api/v1/cases/{case.pk}",
        data=json.dumps({"version": case.version, "raised_by": role}),
        content_type="application/json",
    )
    assert (response.status_code == 200) == (role in CHANGE_ALLOWED["case"])
    assert (Case.objects.get(pk=case.pk).raised_by == role) == (role in CHANGE_ALLOWED["case"])


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_note_by_url_and_api(client, people, world, role):
    case = world["case"]
    client.force_login(people[role])
    client.post(_url("cases:note_add", pk=case.pk), {"body": f"url {role}", "visibility": "case"})
    client.post(
        f"/api/v1/cases/{case.pk}/notes",
        data=json.dumps({"body": f"api {role}"}),
        content_type="application/json",
    )
    # notes are encrypted at rest: they are compared here, not searched in the database
    written = {b for b in Note.objects.values_list("body", flat=True) if b.endswith(role)}
    expected = {f"url {role}", f"api {role}"} if role in CHANGE_ALLOWED["note"] else set()
    assert written == expected


@pytest.mark.parametrize("role", ROLES)
def test_adding_an_attachment_by_url(client, people, world, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = world["case"]
    client.force_login(people[role])
    client.post(
        _url("cases:attachment_add", pk=case.pk),
        {"file": SimpleUploadedFile("x.png", PNG, content_type="image/png")},
    )
    assert (case.attachments.count() == 2) == (role in CHANGE_ALLOWED["attachment"])


@pytest.mark.parametrize("role", ROLES)
def test_replying_to_the_ombuds_consultation(client, people, world, role):
    consultation = world["consultations"]["ombud"]
    client.force_login(people[role])
    client.post(_url("support:inbox_detail", pk=consultation.pk), {"body": f"reply {role}"})
    replied = f"reply {role}" in {m.body for m in consultation.messages.all()}
    assert replied == (role in CHANGE_ALLOWED["consultation_to_ombud"])


def test_only_the_ombud_can_write_an_ombud_only_note(people, world):
    with pytest.raises(NotAllowed):
        handling.add_note(people["manager"], world["case"].pk, "x", visibility="ombud")


def test_a_referral_opens_the_case_to_that_office_only(people, world):
    case = world["case"]
    m = people["manager"]
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    handling.record_outcome(m, case.pk, "referral_values_ethics", case.version, now=T0)
    assert access.get_case(people["values_ethics"], case.pk)
    for role in ("dso_coi", "outside_values_ethics", "guidance_admin", "auditor", "manager2"):
        with pytest.raises(Case.DoesNotExist):
            access.get_case(people[role], case.pk)


def test_an_admin_sees_case_content_only_when_assigned(people, world):
    case = world["case"]
    admin = people["guidance_admin"]
    with pytest.raises(Case.DoesNotExist):
        access.get_case(admin, case.pk)
    handling.assign(people["manager"], case.pk, admin, case.version)
    assert access.get_case(admin, case.pk).post_text == POST_TEXT


def test_an_auditor_or_employee_cannot_be_assigned_a_case(people, world):
    for role in ("auditor", "employee"):
        with pytest.raises(InvalidCase):
            handling.assign(
                people["manager"],
                world["case"].pk,
                people[role],
                Case.objects.get(pk=world["case"].pk).version,
            )


def test_a_superuser_admin_sees_case_metadata_but_not_content_in_django_admin(
    client, people, world
):
    admin = people["guidance_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    case = world["case"]
    listing = client.get(_url("admin:cases_case_changelist"))
    assert listing.status_code == 200
    page = client.get(_url("admin:cases_case_change", object_id=case.pk))
    body = page.content.decode()
    assert page.status_code == 200
    for secret in (
        POST_TEXT,
        CASE_NOTE,
        OMBUD_NOTE,
        "raised_by",
        people["employee"].username + "<",
    ):
        assert secret not in body
    for model in ("note", "attachment"):
        assert client.get(f"/en/admin/cases/{model}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_no_one_changes_or_deletes_an_audit_entry_by_url_or_api(client, people, world, role):
    from postcheck.support.models import AuditEntry

    admin = people["guidance_admin"]
    admin.is_staff = admin.is_superuser = True  # the demo's guidance admin is a superuser
    admin.save()
    entry = AuditEntry.objects.filter(action="case.create").first()
    before = (entry.action, entry.object_id, entry.at)
    client.force_login(people[role])
    client.post(_url("admin:support_auditentry_delete", object_id=entry.pk), {"post": "yes"})
    client.post(_url("admin:support_auditentry_change", object_id=entry.pk), {"action": "tampered"})
    client.post(
        _url("admin:support_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    for method in (client.patch, client.delete):
        assert method(f"/api/v1/cases/audit/{entry.pk}").status_code in (404, 405)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.action, entry.object_id, entry.at) == before


# --- the person a case is about ------------------------------------------------------
#
# Whatever role they hold, the person a case is about never reads it, its notes, its
# attachments or its export, and never changes it. Each case below is referred to the
# office the person holds, where there is one, so that their role alone would show it.

SUBJECT_ROLES = (
    "employee",
    "manager",
    "values_ethics",
    "dso_coi",
    "ombud",
    "guidance_admin",
    "auditor",
)
# the office role -> (kind of case, outcome that refers it to that office)
REFERRED_TO_OWN_OFFICE = {
    "values_ethics": ("post", "referral_values_ethics"),
    "dso_coi": ("post", "referral_coi"),
    "ombud": ("support", "referred_ombud"),
}
ABOUT_YOU = "This case is about you"


@pytest.fixture
def about(people, open_case):
    """A case about the person in ``role``, with a note and a screenshot."""

    def make(role):
        opener = people["manager2"] if role == "manager" else people["manager"]
        kind, outcome = REFERRED_TO_OWN_OFFICE.get(role, ("post", "referral_values_ethics"))
        if kind == "support":
            case = open_case(by=opener, employee=people[role], kind="support", channel="")
            first = "check_in_with_employee"
        else:
            case = open_case(by=opener, employee=people[role], post_text=POST_TEXT)
            first = "rights_and_context"
        case = handling.complete_step(opener, case.pk, first, case.version, now=T0)
        case = handling.record_outcome(opener, case.pk, outcome, case.version, now=T0)
        handling.add_note(opener, case.pk, CASE_NOTE)
        att = attachments.add_attachment(opener, case.pk, "shot.png", PNG)
        return Case.objects.get(pk=case.pk), att

    return make


@pytest.mark.parametrize("role", SUBJECT_ROLES)
def test_the_person_a_case_is_about_never_reads_it_by_url(client, people, about, role):
    case, att = about(role)
    client.force_login(people[role])
    for url in (
        _url("cases:detail", pk=case.pk),
        _url("cases:edit", pk=case.pk),
        _url("cases:attachment", pk=case.pk, attachment_pk=att.pk),
        _url("cases:export", pk=case.pk),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        for secret in (POST_TEXT, CASE_NOTE, "shot.png"):
            assert secret not in _body(response), url
        assert PNG not in response.content
    listing = _body(client.get(_url("cases:list")))
    assert _url("cases:detail", pk=case.pk) not in listing


@pytest.mark.parametrize("role", SUBJECT_ROLES)
def test_the_person_a_case_is_about_never_reads_it_by_api(client, people, about, role):
    case, att = about(role)
    client.force_login(people[role])
    base = f"/api/v1/cases/{case.pk}"
    for path in (base, f"{base}/notes", f"{base}/attachments/{att.pk}", f"{base}/export"):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        body = response.content.decode(errors="replace")
        assert POST_TEXT not in body and CASE_NOTE not in body, path
    assert case.pk not in [c["id"] for c in client.get("/api/v1/cases/").json()]


@pytest.mark.parametrize("role", SUBJECT_ROLES)
def test_the_person_a_case_is_about_never_changes_it(client, people, about, role):
    case, _att = about(role)
    client.force_login(people[role])
    client.post(_url("cases:edit", pk=case.pk), {"version": case.version, "raised_by": "me"})
    client.patch(
        f"/api/v1/cases/{case.pk}",
        data=json.dumps({"version": case.version, "raised_by": "me"}),
        content_type="application/json",
    )
    client.post(_url("cases:note_add", pk=case.pk), {"body": "mine", "visibility": "case"})
    client.post(
        f"/api/v1/cases/{case.pk}/notes",
        data=json.dumps({"body": "mine"}),
        content_type="application/json",
    )
    assert Case.objects.get(pk=case.pk).raised_by != "me"
    # note bodies are encrypted at rest: compared in Python, never in a query
    assert "mine" not in [n.body for n in Note.objects.filter(case=case)]
    with pytest.raises((Case.DoesNotExist, NotAllowed)):
        access.get_case(people[role], case.pk)


@pytest.mark.parametrize("role", sorted(REFERRED_TO_OWN_OFFICE))
def test_an_office_member_a_case_is_about_is_told_to_have_someone_else_handle_it(
    client, people, about, role
):
    case, _att = about(role)
    client.force_login(people[role])
    page = client.get(_url("cases:detail", pk=case.pk))
    assert page.status_code == 403
    assert ABOUT_YOU in _body(page)
    assert "someone outside your office" in _body(page)
    listing = _body(client.get(_url("cases:list")))
    assert "referred to your office are about you" in listing
    api = client.get(f"/api/v1/cases/{case.pk}")
    assert api.status_code == 403
    assert ABOUT_YOU in api.json()["message"]


def test_the_message_in_french_tells_the_office_too(client, people, about):
    case, _att = about("values_ethics")
    client.force_login(people["values_ethics"])
    with translation.override("fr"):
        url = reverse("cases:detail", kwargs={"pk": case.pk})
    page = client.get(url)
    assert page.status_code == 403
    assert "Ce dossier vous concerne" in _body(page)


def test_a_person_with_no_role_that_would_show_the_case_gets_no_hint_of_it(client, people, about):
    case, _att = about("employee")
    client.force_login(people["employee"])
    assert client.get(_url("cases:detail", pk=case.pk)).status_code == 404
    assert "referred to your office are about you" not in _body(client.get(_url("cases:list")))


def test_the_rest_of_the_office_still_sees_a_case_about_one_of_its_members(org, people, about):
    from .conftest import _member

    colleague = _member(org, "ve2", "values_ethics")
    case, _att = about("values_ethics")
    assert access.get_case(colleague, case.pk).post_text == POST_TEXT


def test_an_office_member_never_reads_their_own_consultation_in_the_office_inbox(
    client, people, org
):
    advisor = people["values_ethics"]
    own = Consultation.objects.create(
        organization=org, recipient_role="values_ethics", requester=advisor, lang="en"
    )
    client.force_login(advisor)
    assert client.get(_url("support:inbox_detail", pk=own.pk)).status_code == 404
    assert client.get(_url("support:my_consultation", pk=own.pk)).status_code == 200
